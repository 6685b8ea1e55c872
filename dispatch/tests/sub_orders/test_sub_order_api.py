"""The sub-order API as role × action × own/other matrices: who may hand down (the assignment's
unit's people only), who may sign for and report (the sub-unit's staff only), who accepts (the
unit); refused writes change nothing; what a user may not see answers 404; bad input 400."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from dispatch.lifecycle import sub_orders
from dispatch.models import Clock, SubOrder
from dispatch.tests.sub_orders.conftest import in_hours
from hotline.models import TicketEvent

pytestmark = pytest.mark.django_db
PEOPLE = [
    "official",
    "other_official",
    "operator",
    "dispatcher",
    "supervisor",
    "community_staff",
    "section_staff",
    "other_community_staff",
]


def as_user(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def snapshot():
    return (
        list(SubOrder.objects.order_by("pk").values_list("pk", "status", "deadline")),
        TicketEvent.objects.count(),
    )


# Who gets what when handing the street's order down to its community.
HAND_DOWN = {
    "official": 201,
    "other_official": 404,
    "operator": 403,
    "dispatcher": 403,
    "supervisor": 403,
    "community_staff": 404,
    "section_staff": 404,
    "other_community_staff": 404,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_who_may_hand_down(handed, who):
    before = snapshot()
    response = as_user(handed[who]).post(
        f"/api/v1/assignments/{handed['assignment'].pk}/hand-down/",
        {"sub_unit": handed["community"].code, "note": "请社区核实", "deadline": in_hours(2).isoformat()},
        format="json",
    )
    assert response.status_code == HAND_DOWN[who], response.content
    if response.status_code == 201:
        assert response.json()["status"] == "issued" and response.json()["actions"] == ["withdraw"]
        assert SubOrder.objects.get().sub_unit == handed["community"]
    else:
        assert snapshot() == before


# (action, the state the order is put in first) → who may take it; everyone else who sees the order
# gets 403, who does not sees 404.
SEES = {"official", "operator", "dispatcher", "supervisor", "community_staff"}
STEPS = {
    ("sign", "issued"): {"community_staff"},
    ("report", "signed"): {"community_staff"},
    ("accept", "reported"): {"official"},
    ("send-back", "reported"): {"official"},
    ("withdraw", "signed"): {"official"},
}
BODIES = {"report": {"text": "已处理"}, "send-back": {"reason": "照片不清"}}


def put_in(handed, status):
    sub = sub_orders.sub_order_issue(
        assignment=handed["assignment"],
        actor=handed["official"],
        sub_unit=handed["community"],
        note="请处理",
        deadline=in_hours(2),
    )
    if status in {"signed", "reported"}:
        sub = sub_orders.sub_order_sign(sub_order=sub, actor=handed["community_staff"])
    if status == "reported":
        sub = sub_orders.sub_order_report(sub_order=sub, actor=handed["community_staff"], text="已处理")
    return sub


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("action", "status"), list(STEPS))
def test_sub_order_steps_matrix(handed, who, action, status):
    sub = put_in(handed, status)
    before = snapshot()
    api = as_user(handed[who])
    listed = {row["id"] for row in api.get("/api/v1/sub-orders/").json()["results"]}
    assert listed == ({sub.pk} if who in SEES else set())
    response = api.post(f"/api/v1/sub-orders/{sub.pk}/{action}/", BODIES.get(action, {}), format="json")
    expected = 200 if who in STEPS[(action, status)] else 403 if who in SEES else 404
    assert response.status_code == expected, response.content
    if expected != 200:
        assert snapshot() == before


def test_the_sub_unit_staff_see_the_ticket_but_not_the_assignment_and_no_phone(handed):
    api = as_user(handed["community_staff"])
    ticket = handed["ticket"]
    assert api.get(f"/api/v1/tickets/{ticket.pk}/").status_code == 404
    put_in(handed, "issued")
    detail = api.get(f"/api/v1/tickets/{ticket.pk}/")
    assert detail.status_code == 200
    assert "13812345678" not in detail.content.decode()
    assert api.get(f"/api/v1/assignments/{handed['assignment'].pk}/").status_code == 404
    assert api.post(f"/api/v1/tickets/{ticket.pk}/reveal-phone/").status_code in {403, 404}
    # The section of the same street, handed nothing, sees nothing.
    assert as_user(handed["section_staff"]).get(f"/api/v1/tickets/{ticket.pk}/").status_code == 404


def hand_down(handed, **body):
    data = {"sub_unit": handed["community"].code, "note": "请处理", "deadline": in_hours(2).isoformat()}
    return as_user(handed["official"]).post(
        f"/api/v1/assignments/{handed['assignment'].pk}/hand-down/", {**data, **body}, format="json"
    )


def test_an_inner_deadline_later_than_the_order_s_own_is_400_with_a_field_message(handed):
    due = Clock.objects.get(assignment=handed["assignment"], kind="reply").due_at
    response = hand_down(handed, deadline=(due + timedelta(minutes=1)).isoformat())
    assert response.status_code == 400
    assert "内部时限不能晚于" in response.json()["error"]["fields"]["deadline"][0]
    assert hand_down(handed, deadline=(timezone.now() - timedelta(hours=1)).isoformat()).status_code == 400
    assert hand_down(handed, deadline=due.isoformat()).status_code == 201


def test_a_unit_that_is_not_a_sub_unit_of_the_order_s_unit_is_400(handed):
    for code in (handed["other_community"].code, handed["street"].code, "no-such-unit"):
        response = hand_down(handed, sub_unit=code)
        assert response.status_code == 400
        assert "sub_unit" in response.json()["error"]["fields"]
    assert not SubOrder.objects.exists() and not TicketEvent.objects.filter(action="hand_down").exists()


def test_the_hotline_still_cannot_dispatch_to_a_community(handed):
    ticket = handed["ticket"]
    response = as_user(handed["dispatcher"]).post(
        f"/api/v1/tickets/{ticket.pk}/dispatch/", {"lead_unit": handed["community"].code}, format="json"
    )
    assert response.status_code in {400, 409}
    assert not ticket.assignments.filter(unit=handed["community"]).exists()


def test_pages_for_the_unit_and_the_sub_unit(client, handed):
    sub = put_in(handed, "issued")
    SubOrder.objects.filter(pk=sub.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(handed["community_staff"])
    inbox = client.get("/sub-orders/")
    assert inbox.status_code == 200
    page = inbox.content.decode()
    assert f'data-sub-order="{sub.pk}"' in page and f"/api/v1/sub-orders/{sub.pk}/sign/" in page
    client.force_login(handed["official"])
    assert client.get("/sub-orders/").status_code == 403
    page = client.get("/inbox/").content.decode()
    assert 'id="sub-unit-workload"' in page and handed["community"].name in page
    page = client.get(f"/hotline/tickets/{handed['ticket'].pk}/").content.decode()
    assert f"/api/v1/assignments/{handed['assignment'].pk}/hand-down/" in page
    assert handed["section"].name in page  # a sub-unit to pick
