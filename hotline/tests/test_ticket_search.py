"""Ticket search (hotline.selectors.search through the ticket API's filters) as a role matrix:
each role finds only what it may see, only the hotline searches by phone, bad input answers 400
with the field's message; and the caller history the console shows."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.models import Tag
from hotline.tests.factories import CategoryFactory, TicketFactory
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db
ROLES = [Role.OPERATOR, Role.DISPATCHER, Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF, Role.LEADER]


def at(day: str):
    return timezone.make_aware(datetime.fromisoformat(f"{day}T10:00"))


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world(make_user):
    """Street A's ticket about a lamp, street B's about noise, a department's about water, one
    queued: each with its own caller, address, date and category."""
    district = DistrictFactory()
    street_a, street_b = StreetFactory(parent=district), StreetFactory(parent=district)
    department = DepartmentFactory(parent=district)
    dispatcher = make_user(Role.DISPATCHER)
    lamp_category = CategoryFactory(code="010101")
    lamp = TicketFactory(
        number="20260801-000001",
        received_at=at("2026-08-01"),
        caller_phone="13800000001",
        address="朝阳区团结湖路1号",
        content="小区路灯不亮已经三天",
        category=lamp_category,
    )
    lamp.tags.add(Tag.objects.create(name="每月一题"))
    noise = TicketFactory(
        number="20260802-000001",
        received_at=at("2026-08-02"),
        caller_phone="13800000002",
        address="海淀区中关村大街5号",
        content="夜间施工噪音扰民",
    )
    water = TicketFactory(
        number="20260815-000001",
        received_at=at("2026-08-15"),
        caller_phone="13800000001",
        address="朝阳区望京街道",
        content="停水没有通知",
    )
    queued = TicketFactory(number="20260820-000001", received_at=at("2026-08-20"), content="咨询社保")
    ticket_dispatch(ticket=lamp, lead_unit=street_a, actor=dispatcher)
    ticket_dispatch(ticket=noise, lead_unit=street_b, actor=dispatcher)
    ticket_dispatch(ticket=water, lead_unit=department, actor=dispatcher)
    users = {
        Role.OPERATOR: make_user(Role.OPERATOR),
        Role.DISPATCHER: dispatcher,
        Role.STREET_OFFICIAL: make_user(Role.STREET_OFFICIAL, unit=street_a),
        Role.DEPARTMENT_STAFF: make_user(Role.DEPARTMENT_STAFF, unit=department),
        Role.LEADER: make_user(Role.LEADER),
    }
    return {
        "tickets": {"lamp": lamp, "noise": noise, "water": water, "queued": queued},
        "units": {"street_a": street_a, "street_b": street_b, "department": department},
        "users": users,
    }


ALL = {"lamp", "noise", "water", "queued"}
VISIBLE = {
    Role.OPERATOR: ALL,
    Role.DISPATCHER: ALL,
    Role.LEADER: ALL,
    Role.STREET_OFFICIAL: {"lamp"},
    Role.DEPARTMENT_STAFF: {"water"},
}
# query → the tickets it matches among all four
SEARCHES = {
    "number=20260801": {"lamp"},
    "number=20260801-000001": {"lamp"},
    "number=2026080": {"lamp", "noise"},
    "address=朝阳区": ALL - {"noise"},  # the queued one has the factory's 朝阳区 address
    "address=朝阳区 团结湖": {"lamp", "queued"},
    "content=路灯不亮": {"lamp"},
    "content=没有通知": {"water"},
    "received_from=2026-08-02&received_to=2026-08-15": {"noise", "water"},
    "received_from=2026-08-02&received_to=2026-08-03&content=施工": {"noise"},
    "status=dispatched": {"lamp", "noise", "water"},
    "status=pending": {"queued"},
    "category=010101": {"lamp"},
    "tag=每月一题": {"lamp"},
}


def names(world, response):
    assert response.status_code == 200, response.content
    numbers = {row["number"] for row in response.json()["results"]}
    return {name for name, ticket in world["tickets"].items() if ticket.number in numbers}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("query", SEARCHES)
def test_search_finds_the_matches_the_role_may_see(api, world, role, query):
    api.force_authenticate(world["users"][role])
    found = names(world, api.get(f"/api/v1/tickets/?{query}"))
    assert found == SEARCHES[query] & VISIBLE[role]


@pytest.mark.parametrize("role", ROLES)
def test_unit_filter_stays_inside_what_the_role_sees(api, world, role):
    api.force_authenticate(world["users"][role])
    for unit, expected in (("street_a", {"lamp"}), ("street_b", {"noise"}), ("department", {"water"})):
        code = world["units"][unit].code
        assert names(world, api.get(f"/api/v1/tickets/?unit={code}")) == expected & VISIBLE[role]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DISPATCHER])
def test_hotline_searches_by_full_phone_in_any_spelling(api, world, role):
    api.force_authenticate(world["users"][role])
    assert names(world, api.get("/api/v1/tickets/?phone=138 0000 0001")) == {"lamp", "water"}
    assert names(world, api.get("/api/v1/tickets/?phone=%2B8613800000002")) == {"noise"}


@pytest.mark.parametrize("role", [Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF, Role.LEADER])
def test_phone_search_refused_for_roles_that_may_not_see_phones(api, world, role):
    api.force_authenticate(world["users"][role])
    response = api.get("/api/v1/tickets/?phone=13800000001")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"phone"}


@pytest.mark.parametrize(
    "query, field",
    [
        ("received_from=2026-13-01", "received_from"),
        ("received_to=yesterday", "received_to"),
        ("received_from=2026-08-10&received_to=2026-08-01", "received_to"),
        ("received_from=0001-01-01", "received_from"),
        ("status=lost", "status"),
        ("ordering=caller_phone", "ordering"),
        ("phone=12345", "phone"),
        ("content=路灯", "content"),  # two characters without a date range
        ("address=朝阳&received_from=2026-01-01&received_to=2026-08-01", "address"),  # range too long
        ("number=" + "9" * 30, "number"),
    ],
)
def test_bad_input_answers_400_naming_the_field(api, world, query, field):
    api.force_authenticate(world["users"][Role.OPERATOR])
    response = api.get(f"/api/v1/tickets/?{query}")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {field}


def test_short_word_runs_inside_a_short_date_range(api, world):
    api.force_authenticate(world["users"][Role.OPERATOR])
    query = "content=路灯&received_from=2026-08-01&received_to=2026-08-20"
    assert names(world, api.get(f"/api/v1/tickets/?{query}")) == {"lamp"}


@pytest.mark.parametrize("ordering", ["number", "-number", "received_at", "-received_at"])
def test_sorted_in_numbered_and_keyset_pages(api, world, ordering):
    api.force_authenticate(world["users"][Role.OPERATOR])
    expected = sorted((t.number for t in world["tickets"].values()), reverse=ordering.startswith("-"))
    numbered = api.get(f"/api/v1/tickets/?ordering={ordering}").json()["results"]
    assert [row["number"] for row in numbered] == expected
    first = api.get(f"/api/v1/tickets/?ordering={ordering}&cursor=&page_size=2").json()
    second = api.get(first["next"]).json()
    assert [row["number"] for row in first["results"] + second["results"]] == expected


def test_numbered_pages_count_up_to_the_cap_only(api, world, settings):
    settings.LIST_COUNT_CAP = 2
    api.force_authenticate(world["users"][Role.OPERATOR])
    body = api.get("/api/v1/tickets/?page_size=1").json()
    assert body["count"] == 3 and body["count_capped"] is True


# ---- caller history ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DISPATCHER])
def test_caller_history_lists_the_callers_tickets_newest_first(api, world, role):
    api.force_authenticate(world["users"][role])
    response = api.get("/api/v1/tickets/caller-history/?phone=138-0000-0001")
    assert response.status_code == 200
    rows = response.json()
    assert [row["number"] for row in rows] == ["20260815-000001", "20260801-000001"]
    assert rows[1]["summary"] == "小区路灯不亮已经三天"
    assert set(rows[0]) >= {"received_at", "category_path", "status", "status_label"}


def test_caller_history_is_capped_and_empty_for_a_new_caller(api, world):
    api.force_authenticate(world["users"][Role.OPERATOR])
    for n in range(12):
        TicketFactory(caller_phone="13900000009", received_at=at("2026-07-01") + timedelta(hours=n))
    assert len(api.get("/api/v1/tickets/caller-history/?phone=13900000009").json()) == 10
    assert api.get("/api/v1/tickets/caller-history/?phone=13700000000").json() == []
    assert api.get("/api/v1/tickets/caller-history/?phone=匿名").json() == []


def test_caller_history_bad_phone_is_400(api, world):
    api.force_authenticate(world["users"][Role.OPERATOR])
    response = api.get("/api/v1/tickets/caller-history/?phone=123")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"phone"}


@pytest.mark.parametrize("role", [Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF, Role.LEADER])
def test_caller_history_refused_outside_the_hotline(api, world, role):
    api.force_authenticate(world["users"][role])
    assert api.get("/api/v1/tickets/caller-history/?phone=13800000001").status_code == 403


def test_caller_history_needs_sign_in(api, world):
    assert api.get("/api/v1/tickets/caller-history/?phone=13800000001").status_code in (401, 403)
