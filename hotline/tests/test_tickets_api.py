"""The ticket API as role matrices: who may create, see, act; how the caller appears to each."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.models import PhoneReveal, Ticket
from hotline.tests.factories import CategoryFactory, ReportTypeFactory, RequestTypeFactory, TicketFactory
from units.tests.factories import CommunityFactory, DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db
HOTLINE = {Role.OPERATOR, Role.DISPATCHER}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world(make_user):
    """Two districts; a ticket dispatched to a street of the first, one to a department of the
    second, one still queued, and a confidential report dispatched to the first street."""
    district, other_district = DistrictFactory(), DistrictFactory()
    street = StreetFactory(parent=district)
    StreetFactory(parent=other_district)
    department = DepartmentFactory(parent=other_district)
    dispatcher = make_user(Role.DISPATCHER)
    own = TicketFactory(caller_phone="13812345678")
    ticket_dispatch(ticket=own, lead_unit=street, actor=dispatcher)
    other = TicketFactory(caller_phone="13912345678")
    ticket_dispatch(ticket=other, lead_unit=department, actor=dispatcher)
    queued = TicketFactory()
    secret = TicketFactory(request_type=ReportTypeFactory(), confidential=True, caller_name="举报人")
    ticket_dispatch(ticket=secret, lead_unit=street, actor=dispatcher)
    users = {
        Role.OPERATOR: make_user(Role.OPERATOR),
        Role.DISPATCHER: dispatcher,
        Role.STREET_OFFICIAL: make_user(Role.STREET_OFFICIAL, unit=street),
        Role.DISTRICT_SUPERVISOR: make_user(Role.DISTRICT_SUPERVISOR, unit=district),
        Role.DEPARTMENT_STAFF: make_user(Role.DEPARTMENT_STAFF, unit=department),
        Role.LEADER: make_user(Role.LEADER),
        Role.ADMINISTRATOR: make_user(Role.ADMINISTRATOR),
        # People of a community of the first street: nothing of the street's reaches them unless
        # it is handed down to them.
        Role.SUB_UNIT_STAFF: make_user(Role.SUB_UNIT_STAFF, unit=CommunityFactory(parent=street)),
        Role.GRID_WORKER: make_user(Role.GRID_WORKER, unit=CommunityFactory(parent=street)),
    }
    return {"own": own, "other": other, "queued": queued, "secret": secret, "users": users}


VISIBLE = {
    Role.OPERATOR: {"own", "other", "queued", "secret"},
    Role.DISPATCHER: {"own", "other", "queued", "secret"},
    Role.ADMINISTRATOR: {"own", "other", "queued", "secret"},
    Role.LEADER: {"own", "other", "queued", "secret"},
    Role.STREET_OFFICIAL: {"own", "secret"},
    Role.DISTRICT_SUPERVISOR: {"own", "secret"},
    Role.DEPARTMENT_STAFF: {"other"},
    Role.SUB_UNIT_STAFF: set(),
    Role.GRID_WORKER: set(),
}


@pytest.mark.parametrize("role", list(Role))
def test_list_and_detail_show_exactly_the_visible_tickets(api, world, role):
    api.force_authenticate(world["users"][role])
    listed = {row["number"] for row in api.get("/api/v1/tickets/").json()["results"]}
    expected = {world[name].number for name in VISIBLE[role]}
    assert listed == expected
    for name in ("own", "other", "queued", "secret"):
        status = api.get(f"/api/v1/tickets/{world[name].pk}/").status_code
        assert status == (200 if name in VISIBLE[role] else 404), name


def test_anonymous_cannot_list(api, world):
    assert api.get("/api/v1/tickets/").status_code in (401, 403)


@pytest.fixture
def handed_down(world):
    """The first street signs for "own" and "secret" and hands both down to the community whose
    staff the world holds; its grid worker's community is handed nothing."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from dispatch.lifecycle import sub_orders, unit_actions

    call_command("load_deadline_policies")
    users = world["users"]
    official = users[Role.STREET_OFFICIAL]
    community = users[Role.SUB_UNIT_STAFF].memberships.get().unit
    for name in ("own", "secret"):
        assignment = unit_actions.assignment_sign(assignment=world[name].assignments.get(), actor=official)
        sub_orders.sub_order_issue(
            assignment=assignment,
            actor=official,
            sub_unit=community,
            note="请社区核实",
            deadline=timezone.now() + timedelta(hours=1),
        )
    return world


# Once handed down: the community's staff see those tickets, and nobody else sees more than before.
VISIBLE_HANDED_DOWN = {**VISIBLE, Role.SUB_UNIT_STAFF: {"own", "secret"}}


@pytest.mark.parametrize("role", list(Role))
def test_handed_down_tickets_are_seen_by_the_sub_unit_masked_and_nothing_else(api, handed_down, role):
    world = handed_down
    api.force_authenticate(world["users"][role])
    listed = {row["number"] for row in api.get("/api/v1/tickets/").json()["results"]}
    assert listed == {world[name].number for name in VISIBLE_HANDED_DOWN[role]}
    for name in ("own", "other", "queued", "secret"):
        response = api.get(f"/api/v1/tickets/{world[name].pk}/")
        assert response.status_code == (200 if name in VISIBLE_HANDED_DOWN[role] else 404), name
    if role == Role.SUB_UNIT_STAFF:
        own = api.get(f"/api/v1/tickets/{world['own'].pk}/").json()["caller"]
        assert own["phone"] == "138****5678" and own["can_reveal"] is False
        secret = api.get(f"/api/v1/tickets/{world['secret'].pk}/")
        assert secret.json()["caller"]["hidden"] is True and "举报人" not in secret.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_phone_is_masked_for_every_role_in_list_and_detail(api, world, role):
    api.force_authenticate(world["users"][role])
    rows = api.get("/api/v1/tickets/").json()["results"]
    detail = api.get(f"/api/v1/tickets/{world['own'].pk}/")
    phones = [row["caller"]["phone"] for row in rows if not row["caller"]["hidden"]]
    if not VISIBLE[role]:
        assert rows == [] and detail.status_code == 404
        return
    assert phones and all("****" in phone for phone in phones)
    assert "13812345678" not in str(rows) and "13812345678" not in detail.content.decode()
    if detail.status_code == 200:
        assert detail.json()["caller"]["phone"] == "138****5678"
        assert detail.json()["caller"]["can_reveal"] is (role in HOTLINE)


@pytest.mark.parametrize("role", list(Role))
def test_confidential_caller_is_hidden_from_everyone_outside_the_hotline(api, world, role):
    api.force_authenticate(world["users"][role])
    response = api.get(f"/api/v1/tickets/{world['secret'].pk}/")
    if role not in VISIBLE or "secret" not in VISIBLE[role]:
        assert response.status_code == 404
        return
    caller = response.json()["caller"]
    if role in HOTLINE:
        assert caller["name"] == "举报人" and not caller["hidden"]
    else:
        assert caller == {"name": "", "phone": "", "anonymous": False, "hidden": True, "can_reveal": False}
        assert "举报人" not in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_revealing_the_number_is_for_the_hotline_and_logged(api, world, role):
    user = world["users"][role]
    api.force_authenticate(user)
    response = api.post(f"/api/v1/tickets/{world['own'].pk}/reveal-phone/")
    if role in HOTLINE:
        assert response.status_code == 200 and response.json() == {"phone": "13812345678"}
        log = PhoneReveal.objects.get()
        assert (log.user, log.ticket) == (user, world["own"])
    else:
        assert response.status_code in (403, 404)
        assert not PhoneReveal.objects.exists()


@pytest.fixture
def call_data():
    RequestTypeFactory(code="help", name="求助")
    return {
        "request_type": "help",
        "category": CategoryFactory(code="010101", default_tier="T3").code,
        "content": "小区门口路灯不亮",
        "caller_phone": "13812345678",
        "caller_name": "张三",
    }


@pytest.mark.parametrize("role", list(Role))
def test_only_hotline_roles_create_tickets(api, make_user, call_data, role):
    api.force_authenticate(make_user(role))
    response = api.post("/api/v1/tickets/", call_data, format="json")
    assert response.status_code == (201 if role in HOTLINE else 403)
    assert Ticket.objects.count() == (1 if role in HOTLINE else 0)


@pytest.mark.parametrize("role", list(Role))
def test_hotline_actions_are_refused_to_units(api, world, role):
    api.force_authenticate(world["users"][role])
    response = api.post(
        f"/api/v1/tickets/{world['queued'].pk}/dispose/",
        {"disposition": "repeat", "reason": "重复"},
        format="json",
    )
    if role in HOTLINE:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
        assert Ticket.objects.get(pk=world["queued"].pk).status == "pending"


def test_illegal_action_answers_409_naming_the_state(api, world):
    api.force_authenticate(world["users"][Role.OPERATOR])
    response = api.post(
        f"/api/v1/tickets/{world['own'].pk}/dispose/", {"disposition": "repeat", "reason": "x"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "已派单" in response.json()["error"]["message"]


def test_dispatch_from_the_queue(api, world):
    street = StreetFactory()
    api.force_authenticate(world["users"][Role.DISPATCHER])
    response = api.post(
        f"/api/v1/tickets/{world['queued'].pk}/dispatch/", {"lead_unit": street.code}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "dispatched"
    assert list(world["queued"].assignments.values_list("unit__code", "role")) == [(street.code, "lead")]


def test_merge_through_the_api(api, world, call_data):
    api.force_authenticate(world["users"][Role.OPERATOR])
    child = api.post("/api/v1/tickets/", call_data, format="json").json()
    response = api.post(
        f"/api/v1/tickets/{child['id']}/merge/", {"master": world["queued"].number}, format="json"
    )
    assert response.status_code == 200 and response.json()["master"] == world["queued"].number
    assert Ticket.objects.get(pk=world["queued"].pk).caller_count == 2


def test_callback_recorded_by_an_operator(api, world):
    api.force_authenticate(world["users"][Role.OPERATOR])
    closed = TicketFactory(status="disposed")
    response = api.post(
        f"/api/v1/tickets/{closed.pk}/callback/", {"solved": "solved", "satisfaction": "basic"}, format="json"
    )
    assert response.status_code == 200
    assert closed.callbacks.get().satisfaction == "basic"
    missing = api.post(f"/api/v1/tickets/{closed.pk}/callback/", {"satisfaction": "basic"}, format="json")
    assert missing.status_code == 400 and "solved" in missing.json()["error"]["fields"]
    dispatched = api.post(
        f"/api/v1/tickets/{world['own'].pk}/callback/",
        {"solved": "solved", "satisfaction": "basic"},
        format="json",
    )
    assert dispatched.status_code == 400  # its callback follows the unit's reply, on the assignment


REQUEST_TYPES = [
    ("consult", "咨询"),
    ("help", "求助"),
    ("complaint", "投诉"),
    ("report", "举报"),
    ("suggestion", "建议"),
    ("praise", "表扬"),
]


@pytest.mark.parametrize(("code", "name"), REQUEST_TYPES)
def test_each_request_type_is_filed(api, make_user, code, name):
    from hotline.services.reference import request_types_load

    request_types_load()
    CategoryFactory(code="010101")
    api.force_authenticate(make_user(Role.OPERATOR))
    data = {
        "request_type": code,
        "category": "010101",
        "content": f"{name}：测试",
        "caller_phone": "13812345678",
    }
    response = api.post("/api/v1/tickets/", data, format="json")
    assert response.status_code == 201
    ticket = Ticket.objects.get(number=response.json()["number"])
    assert ticket.request_type.name == name
    assert ticket.confidential is (code == "report")
    assert [e.action for e in ticket.events.all()] == ["receive"]


DISPOSITIONS = ["emergency", "legal_channel", "repeat", "secrets", "outside_duties", "unlawful"]


@pytest.mark.parametrize("disposition", DISPOSITIONS)
def test_each_disposition_through_the_api(api, world, disposition):
    api.force_authenticate(world["users"][Role.OPERATOR])
    body = {
        "disposition": disposition,
        "reason": "依规处置",
        "target": "119" if disposition == "emergency" else "",
    }
    response = api.post(f"/api/v1/tickets/{world['queued'].pk}/dispose/", body, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["disposition"]) == ("disposed", disposition)


def test_consultation_answered_through_the_api_with_a_valid_article(api, make_user):
    from hotline.tests.factories import ConsultTypeFactory
    from knowledge.tests.factories import ArticleFactory

    article = ArticleFactory(title="居住证办理")
    ticket = TicketFactory(request_type=ConsultTypeFactory())
    api.force_authenticate(make_user(Role.OPERATOR))
    unknown = api.post(f"/api/v1/tickets/{ticket.pk}/answer/", {"article": 999999}, format="json")
    assert unknown.status_code == 400 and "article" in unknown.json()["error"]["fields"]
    response = api.post(
        f"/api/v1/tickets/{ticket.pk}/answer/", {"article": article.pk, "note": "已告知"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "answered"
    complaint = TicketFactory()
    refused = api.post(f"/api/v1/tickets/{complaint.pk}/answer/", {"article": article.pk}, format="json")
    assert refused.status_code == 400 and "request_type" in refused.json()["error"]["fields"]


def test_an_expired_article_cannot_be_cited(api, make_user):
    from datetime import date

    from hotline.tests.factories import ConsultTypeFactory
    from knowledge.tests.factories import ArticleFactory

    expired = ArticleFactory(title="旧政策", valid_from=date(2020, 1, 1), valid_to=date(2021, 1, 1))
    ticket = TicketFactory(request_type=ConsultTypeFactory())
    api.force_authenticate(make_user(Role.OPERATOR))
    response = api.post(f"/api/v1/tickets/{ticket.pk}/answer/", {"article": expired.pk}, format="json")
    assert response.status_code == 400 and Ticket.objects.get(pk=ticket.pk).status == "pending"


def test_the_list_count_stops_at_the_cap_and_next_leads_past_it(api, make_user, settings):
    settings.LIST_COUNT_CAP = 3
    TicketFactory.create_batch(5)
    api.force_authenticate(make_user(Role.DISPATCHER))
    first = api.get("/api/v1/tickets/", {"page_size": 2}).json()
    assert first["count"] == 4 and first["count_capped"] is True
    third = api.get(first["next"].replace("page=2", "page=3")).json()
    assert len(third["results"]) == 1 and third["next"] is None and third["previous"]
    numbers = {
        row["number"]
        for page in (1, 2, 3)
        for row in api.get("/api/v1/tickets/", {"page_size": 2, "page": page}).json()["results"]
    }
    assert len(numbers) == 5
    small = api.get("/api/v1/tickets/", {"status": "closed"}).json()
    assert small["count"] == 0 and small["count_capped"] is False


def test_cursor_pages_walk_the_list_newest_first_without_a_count(api, make_user):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    tickets = [TicketFactory(received_at=now - timedelta(minutes=n // 2)) for n in range(7)]  # ties too
    expected = [t.number for t in sorted(tickets, key=lambda t: (t.received_at, t.pk), reverse=True)]
    api.force_authenticate(make_user(Role.DISPATCHER))
    body = api.get("/api/v1/tickets/", {"cursor": "", "page_size": 3}).json()
    assert "count" not in body and body["previous"] is None
    walked, pages = [row["number"] for row in body["results"]], [body]
    while body["next"]:
        body = api.get(body["next"]).json()
        walked += [row["number"] for row in body["results"]]
        pages.append(body)
    assert walked == expected and len(pages) == 3
    back = api.get(pages[-1]["previous"]).json()
    assert [row["number"] for row in back["results"]] == expected[3:6]


def test_a_forged_cursor_answers_404(api, make_user):
    api.force_authenticate(make_user(Role.DISPATCHER))
    assert api.get("/api/v1/tickets/", {"cursor": "not-a-cursor"}).status_code == 404


def test_the_schema_documents_both_ways_of_paging_the_ticket_list(client, make_user):
    client.force_login(make_user(Role.DISPATCHER))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    listing = schema["paths"]["/api/v1/tickets/"]["get"]
    assert {"page", "page_size", "cursor"} <= {p["name"] for p in listing["parameters"]}
    page_schema = schema["components"]["schemas"][
        listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    ]
    assert page_schema["required"] == ["results"] and "count_capped" in page_schema["properties"]
