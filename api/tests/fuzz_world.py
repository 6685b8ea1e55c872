"""A small world for fuzzing the API as a dispatcher and as a street official: the hotline, a
district with a street and a department, tickets (one dispatched to the street, with a return
request), a whistle with its summonses, a knowledge article and a calendar day. ``known_ids`` maps
each path parameter of the schema to an object the role can see, so that part of the generated
calls reach real objects rather than 404."""

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from accounts.models import Role
from dispatch.deadlines.services import calendar_day_set
from dispatch.lifecycle.unit_actions import assignment_request_return
from dispatch.models import Assignment, DeadlinePolicy
from dispatch.services import ticket_dispatch
from hotline.tests.factories import CategoryFactory, RequestTypeFactory, TicketFactory
from knowledge.tests.factories import ArticleFactory
from streets.models import WhistleDomain
from streets.services import whistle_blow
from units.tests.factories import DepartmentFactory, DistrictFactory, HotlineFactory, StreetFactory


def fuzz_world(make_user) -> SimpleNamespace:
    district = DistrictFactory(name="朝阳区", code="110105")
    street = StreetFactory(name="团结湖街道", code="110105011", parent=district)
    department = DepartmentFactory(parent=district)
    dispatcher = make_user(Role.DISPATCHER, unit=HotlineFactory())
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    official.user_permissions.add(
        Permission.objects.get(codename="blow_whistle", content_type__app_label="streets")
    )
    RequestTypeFactory(code="help", name="求助")
    category = CategoryFactory(code="010101")
    TicketFactory.create_batch(2, category=category)
    ticket = ticket_dispatch(ticket=TicketFactory(category=category), lead_unit=street, actor=dispatcher)
    assignment = Assignment.objects.get(ticket=ticket)
    unit_request = assignment_request_return(assignment=assignment, actor=official, reason="不归我们管")
    whistle = whistle_blow(
        actor=official,
        street=street,
        domain=WhistleDomain.objects.get(code="joint_enforcement"),
        urgency="urgent",
        address="团结湖北里3号楼",
        description="楼顶违建",
        departments=[department],
    )
    calendar_day_set(actor=dispatcher, day=date(2026, 10, 8), is_workday=True, note="调休")
    known = {
        "tickets": ticket.pk,
        "assignments": assignment.pk,
        "unit-requests": unit_request.pk,
        "whistles": whistle.pk,
        "summonses": whistle.summonses.first().pk,
        "units": street.pk,
        "articles": ArticleFactory().pk,
        "deadline-policies": DeadlinePolicy.objects.first().pk,
        "categories": category.code,
        "request-types": "help",
        "calendar-days": "2026-10-08",
    }
    return SimpleNamespace(
        tokens={
            "dispatcher": Token.objects.create(user=dispatcher).key,
            "street_official": Token.objects.create(user=official).key,
        },
        known=known,
    )


def known_path_parameters(path: str, known: dict) -> dict | None:
    """``{"id": 7}`` for ``/api/v1/tickets/{id}/…`` when the world holds a ticket, else None."""
    parts = [part for part in path.split("/") if part]
    for index, part in enumerate(parts[:-1]):
        following = parts[index + 1]
        if part in known and following.startswith("{"):
            return {following.strip("{}"): known[part]}
    return None
