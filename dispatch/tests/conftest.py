import pytest
from django.core.management import call_command

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.services.reference import categories_load, request_types_load
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory


@pytest.fixture
def beijing(db):
    """Beijing's divisions, departments, request types, categories and the default responsibility list."""
    call_command("load_divisions")
    call_command("load_departments")
    request_types_load()
    categories_load()
    call_command("load_responsibilities")


@pytest.fixture
def order(make_user):
    """A T3 ticket dispatched to a street, with the street's official and a dispatcher."""
    call_command("load_deadline_policies")
    street = StreetFactory()
    dispatcher = make_user(Role.DISPATCHER)
    ticket = TicketFactory(tier="T3")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    return {
        "ticket": ticket,
        "assignment": ticket.assignments.get(),
        "official": make_user(Role.STREET_OFFICIAL, unit=street),
        "dispatcher": dispatcher,
        "operator": make_user(Role.OPERATOR),
    }
