from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from dispatch.lifecycle import unit_actions
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from units.tests.factories import CommunityFactory, DistrictFactory, SectionFactory, StreetFactory


@pytest.fixture
def handed(make_user):
    """A T3 ticket dispatched to a street and signed for, the street's community and section, a
    sibling street with its own community, and the people of each."""
    call_command("load_deadline_policies")
    district = DistrictFactory()
    street, other_street = StreetFactory(parent=district), StreetFactory(parent=district)
    community, section = CommunityFactory(parent=street), SectionFactory(parent=street)
    other_community = CommunityFactory(parent=other_street)
    dispatcher = make_user(Role.DISPATCHER)
    ticket = TicketFactory(tier="T3", caller_phone="13812345678")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    assignment = unit_actions.assignment_sign(assignment=ticket.assignments.get(), actor=official)
    return {
        "ticket": ticket,
        "assignment": assignment,
        "street": street,
        "community": community,
        "section": section,
        "other_community": other_community,
        "official": official,
        "dispatcher": dispatcher,
        "operator": make_user(Role.OPERATOR),
        "community_staff": make_user(Role.SUB_UNIT_STAFF, unit=community),
        "section_staff": make_user(Role.SUB_UNIT_STAFF, unit=section),
        "other_official": make_user(Role.STREET_OFFICIAL, unit=other_street),
        "other_community_staff": make_user(Role.SUB_UNIT_STAFF, unit=other_community),
        "supervisor": make_user(Role.DISTRICT_SUPERVISOR, unit=district),
    }


def in_hours(hours: float):
    return timezone.now() + timedelta(hours=hours)
