"""One reach rule (``accounts.selectors.units_in_reach``) behind tickets, assignments, whistles and
drillable figures: for every role, over two districts with work dispatched at every level (the
district, its streets and departments, a community), what a user sees of one agrees with the others."""

from types import SimpleNamespace

import pytest

from accounts.models import Role
from accounts.selectors import units_in_reach
from dispatch.models import Assignment
from dispatch.selectors import assignment_reach, visible_assignments
from dispatch.tests.enforcement.factories import AssignmentFactory
from hotline.selectors.tickets import visible_tickets
from hotline.tests.factories import TicketFactory
from metrics.access import drillable_units
from streets.models import WhistleDomain
from streets.selectors import visible_whistles
from streets.services import whistle_blow
from streets.tests.conftest import grant_whistle
from units.models import Unit
from units.tests.factories import DepartmentFactory, DepartmentKindFactory, DistrictFactory, StreetFactory


def _district(code: str, name: str, kind_code: str):
    district = DistrictFactory(code=code, name=name)
    street = StreetFactory(parent=district, code=f"{code}001")
    community = Unit.objects.create(
        code=f"{code}001001", name=f"{name}社区", kind=Unit.Kind.COMMUNITY, parent=street
    )
    department = DepartmentFactory(
        parent=district, department_kind=DepartmentKindFactory(code=kind_code, name=kind_code)
    )
    return SimpleNamespace(district=district, street=street, community=community, department=department)


@pytest.fixture
def world(db, make_user):
    a = _district("110105", "朝阳区", "cgzf")
    b = _district("110106", "丰台区", "sw")
    tickets = {}
    for side, units in (("a", a), ("b", b)):
        for level in ("district", "street", "community", "department"):
            ticket = TicketFactory()
            AssignmentFactory(ticket=ticket, unit=getattr(units, level))
            tickets[f"{side}_{level}"] = ticket
    # A ticket led by district A's street and assisted by district B's department.
    shared = TicketFactory()
    AssignmentFactory(ticket=shared, unit=a.street)
    AssignmentFactory(ticket=shared, unit=b.department, role=Assignment.Role.ASSIST)
    tickets["shared"] = shared

    people = {
        "no_role": make_user(),
        "operator": make_user(Role.OPERATOR),
        "dispatcher": make_user(Role.DISPATCHER),
        "administrator": make_user(Role.ADMINISTRATOR),
        "city_leader": make_user(Role.LEADER),
        "district_leader_a": make_user(Role.LEADER, unit=a.district),
        "supervisor_a": make_user(Role.DISTRICT_SUPERVISOR, unit=a.district),
        "supervisor_b": make_user(Role.DISTRICT_SUPERVISOR, unit=b.district),
        "official_a": grant_whistle(make_user(Role.STREET_OFFICIAL, unit=a.street)),
        "official_b": grant_whistle(make_user(Role.STREET_OFFICIAL, unit=b.street)),
        "staff_a": make_user(Role.DEPARTMENT_STAFF, unit=a.department),
        "staff_b": make_user(Role.DEPARTMENT_STAFF, unit=b.department),
    }
    domain = WhistleDomain.objects.get(code="joint_enforcement")

    def blow(official, units, summoned, linked):
        return whistle_blow(
            actor=official,
            street=units.street,
            domain=domain,
            urgency="urgent",
            address="某地",
            description="楼顶违建",
            departments=summoned,
            tickets=linked,
        )

    whistles = {
        # District A's street links its tickets and summons both districts' departments.
        "a": blow(people["official_a"], a, [a.department, b.department], [tickets["a_street"], shared]),
        "b": blow(people["official_b"], b, [b.department], [tickets["b_street"]]),
    }
    return SimpleNamespace(a=a, b=b, tickets=tickets, people=people, whistles=whistles)


ROLES = [
    "no_role",
    "operator",
    "dispatcher",
    "administrator",
    "city_leader",
    "district_leader_a",
    "supervisor_a",
    "supervisor_b",
    "official_a",
    "official_b",
    "staff_a",
    "staff_b",
]


@pytest.mark.parametrize("who", ROLES)
def test_assignments_seen_are_those_of_the_tickets_seen(world, who):
    user = world.people[who]
    tickets = set(visible_tickets(user).values_list("pk", flat=True))
    assignments = set(visible_assignments(user).values_list("pk", "ticket_id"))
    # The tickets behind the assignments seen are exactly the tickets seen…
    assert {ticket for _pk, ticket in assignments} == tickets
    # …and every assignment seen is one of a ticket seen: none of another ticket.
    of_seen_tickets = set(Assignment.objects.filter(ticket_id__in=tickets).values_list("pk", "ticket_id"))
    assert assignments <= of_seen_tickets
    # Outside the city-wide roles, the units whose orders are seen and those whose figures can be
    # drilled into are the same: the user's reach.
    reach = assignment_reach(user)
    if reach is not None:
        assert set(visible_assignments(user).values_list("unit_id", flat=True)) <= set(reach)
        assert set(drillable_units(user).values_list("pk", flat=True)) == set(units_in_reach(user))


@pytest.mark.parametrize("who", ROLES)
def test_whistles_linked_tickets_are_tickets_seen(world, who):
    """Whoever sees a whistle through its street (the street's officials, the district above it,
    the whole city) sees the tickets the street linked; a department summoned from elsewhere sees
    the whistle only, its linked tickets staying hidden (the page shows them unlinked)."""
    user = world.people[who]
    tickets = set(visible_tickets(user).values_list("pk", flat=True))
    drillable = set(drillable_units(user).values_list("pk", flat=True))
    for whistle in visible_whistles(user):
        linked = set(whistle.tickets.values_list("pk", flat=True))
        if whistle.street_id in drillable:
            assert linked <= tickets, (who, whistle.street.name)
        else:
            assert whistle.summonses.filter(department_id__in=drillable).exists()


def test_a_district_supervisor_sees_the_whole_district_and_nothing_of_another(world):
    user = world.people["supervisor_a"]
    a, b, tickets = world.a, world.b, world.tickets
    seen = set(visible_tickets(user))
    assert seen == {tickets[f"a_{level}"] for level in ("district", "street", "community", "department")} | {
        tickets["shared"]
    }
    units = set(visible_assignments(user).values_list("unit_id", flat=True))
    assert units == {a.district.pk, a.street.pk, a.community.pk, a.department.pk}
    assert set(drillable_units(user)) == {a.district, a.street, a.community, a.department}
    whistles = set(visible_whistles(user))
    assert whistles == {world.whistles["a"]}
    b_units = {b.district.pk, b.street.pk, b.community.pk, b.department.pk}
    assert not units & b_units
    assert (
        not visible_tickets(user)
        .filter(
            pk__in=[tickets[f"b_{level}"].pk for level in ("district", "street", "community", "department")]
        )
        .exists()
    )
    # The other district's supervisor sees district A's whistle only through its summoned department.
    assert set(visible_whistles(world.people["supervisor_b"])) == set(world.whistles.values())
