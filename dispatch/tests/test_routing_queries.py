"""One routing task in a fixed number of queries, however many people the order reaches and
however many departments assist: counted here, timed by ``benchmark_routing``."""

import pytest

from accounts.models import Role
from dispatch.models import ResponsibilityEntry
from dispatch.routing.reference import routing_reference
from dispatch.services import ticket_route
from dispatch.tests.test_routing_service import file_call
from hotline.models import Category
from notifications.models import Notification
from units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_routing")]

STREET = "110105013"  # 团结湖街道, 朝阳区
# Reading the ticket (its category and request type from the process's copy); whether it was routed
# (after the lock); the decision (the places found: rules, responsibility list and departments come
# from the process's copy); storing it; the transition with its event; assignments; clocks (policy
# and calendar from the process's copy); the units' people (their districts from the copy of the
# unit tree) and the notices.
STREET_ORDER_QUERIES = 16
DEPARTMENT_ORDER_QUERIES = 16


@pytest.fixture
def street(beijing, make_user):
    street = Unit.objects.get(code=STREET)
    make_user(Role.DISTRICT_SUPERVISOR, unit=street.parent)
    # The first routing builds this process's gazetteer; the one counted uses it, as a worker does.
    ticket_route(ticket_id=file_call("朝阳区团结湖街道团结湖北里1号楼").pk)
    return street


def routed(ticket, django_assert_num_queries, expected: int):
    with django_assert_num_queries(expected):
        decision = ticket_route(ticket_id=ticket.pk)
    assert decision.applied, decision.as_dict()
    return decision


@pytest.mark.parametrize("officials", [1, 4])
def test_a_street_order_takes_the_same_queries_for_any_number_of_officials(
    street, make_user, django_assert_num_queries, officials
):
    for _ in range(officials):
        make_user(Role.STREET_OFFICIAL, unit=street)
    ticket = file_call("朝阳区团结湖街道团结湖北里3号楼")

    decision = routed(ticket, django_assert_num_queries, STREET_ORDER_QUERIES)

    assert decision.lead_unit == street
    assert Notification.objects.filter(ticket=ticket, kind="dispatched").count() == officials
    assert Notification.objects.filter(ticket=ticket, kind="dispatched_copy").count() == 1
    assert ticket.assignments.get().clocks.count() == 3


@pytest.mark.parametrize("assisting", [0, 1, 3])
def test_a_department_order_takes_the_same_queries_for_any_number_of_assisting_departments(
    street, django_assert_num_queries, assisting
):
    category = Category.objects.filter(level=3, matter=Category.Matter.DEPARTMENTAL).first()
    entry = ResponsibilityEntry.objects.get(category=category, district__isnull=True)
    city_kinds = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, parent__kind=Unit.Kind.CITY)
    entry.assisting_kinds.set(
        city_kinds.exclude(department_kind_id=entry.lead_kind_id)
        .values_list("department_kind_id", flat=True)
        .distinct()[:assisting]
    )
    routing_reference()  # the edit dropped the process's copy: rebuilt once, as the next routing would
    ticket = file_call("朝阳区团结湖街道团结湖北里5号楼", category=category.name)

    # Assisting units add one insert (the decision's links to them), whatever their number.
    decision = routed(ticket, django_assert_num_queries, DEPARTMENT_ORDER_QUERIES + bool(assisting))

    assert decision.assisting_units.count() == assisting
    assert ticket.assignments.count() == 1 + assisting
    assert sum(assignment.clocks.count() for assignment in ticket.assignments.all()) == 3 + 2 * assisting
