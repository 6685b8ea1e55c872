"""The assignment API and inbox as a role × action × own/other matrix."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    call_command("load_deadline_policies")
    district = DistrictFactory()
    street, other_street = StreetFactory(parent=district), StreetFactory()
    department = DepartmentFactory(parent=district)
    dispatcher = make_user(Role.DISPATCHER)
    ticket = TicketFactory()
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    return {
        "assignment": ticket.assignments.get(),
        "users": {
            "own street official": make_user(Role.STREET_OFFICIAL, unit=street),
            "other street official": make_user(Role.STREET_OFFICIAL, unit=other_street),
            "department staff": make_user(Role.DEPARTMENT_STAFF, unit=department),
            "district supervisor": make_user(Role.DISTRICT_SUPERVISOR, unit=district),
            "operator": make_user(Role.OPERATOR),
            "dispatcher": dispatcher,
            "leader": make_user(Role.LEADER),
        },
    }


# Who sees the assignment (else 404) and who may sign for it (else 403).
SEES = {"own street official", "district supervisor", "operator", "dispatcher", "leader"}
SIGNS = {"own street official"}


@pytest.mark.parametrize(
    "who",
    [
        "own street official",
        "other street official",
        "department staff",
        "district supervisor",
        "operator",
        "dispatcher",
        "leader",
    ],
)
def test_list_detail_and_sign_matrix(world, who):
    api = APIClient()
    api.force_authenticate(world["users"][who])
    assignment = world["assignment"]

    listed = [row["id"] for row in api.get("/api/v1/assignments/").json()["results"]]
    detail = api.get(f"/api/v1/assignments/{assignment.pk}/")
    sign = api.post(f"/api/v1/assignments/{assignment.pk}/sign/")

    assert listed == ([assignment.pk] if who in SEES else [])
    assert detail.status_code == (200 if who in SEES else 404)
    expected = 200 if who in SIGNS else (403 if who in SEES else 404)
    assert sign.status_code == expected, sign.content
    if who in SEES:
        assert ("sign" in detail.json()["actions"]) is (who in SIGNS)


def test_illegal_step_is_409_and_bad_input_400(world):
    api = APIClient()
    api.force_authenticate(world["users"]["own street official"])
    url = f"/api/v1/assignments/{world['assignment'].pk}"
    reply_too_early = api.post(f"{url}/reply/", {"text": "已处理"}, format="json")
    assert reply_too_early.status_code == 409 and "已派单" in reply_too_early.json()["error"]["message"]
    api.post(f"{url}/sign/")
    bad = api.post(f"{url}/contact/", {"contacted_at": "yesterday", "method": "pigeon"}, format="json")
    assert bad.status_code == 400 and {"contacted_at", "method"} <= set(bad.json()["error"]["fields"])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("own street official", 200),
        ("other street official", 200),
        ("operator", 200),
        ("department staff", 200),
    ],
)
def test_inbox_page_shows_only_own_orders(client, world, who, status):
    client.force_login(world["users"][who])
    response = client.get("/inbox/")
    assert response.status_code == status
    shown = world["assignment"].ticket.number in response.content.decode()
    assert shown is (who in SEES)


def test_only_the_hotline_decides_requests(world):
    api = APIClient()
    official = world["users"]["own street official"]
    api.force_authenticate(official)
    url = f"/api/v1/assignments/{world['assignment'].pk}"
    assert api.post(f"{url}/request-return/", {"reason": "非本街道"}, format="json").status_code == 200
    request_id = api.get("/api/v1/unit-requests/").json()["results"][0]["id"]
    assert (
        api.post(f"/api/v1/unit-requests/{request_id}/decide/", {"approve": False}, format="json").status_code
        == 403
    )
    api.force_authenticate(world["users"]["dispatcher"])
    assert (
        api.post(f"/api/v1/unit-requests/{request_id}/decide/", {"approve": False}, format="json").status_code
        == 200
    )
