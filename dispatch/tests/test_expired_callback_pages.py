"""Callback on expiry through the API and the pages: the queue's own section, the ticket page's
form, and who may record it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.models import Clock
from dispatch.services import ticket_dispatch
from hotline.models import TicketEvent
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db
ANSWER = {"solved": "not_solved", "satisfaction": "dissatisfied", "comment": "一直没人联系"}


@pytest.fixture
def world(make_user):
    call_command("load_deadline_policies")
    street = StreetFactory()
    dispatcher = make_user(Role.DISPATCHER)
    overdue, on_time = TicketFactory(tier="T3"), TicketFactory(tier="T3")
    for ticket in (overdue, on_time):
        ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    lead = overdue.assignments.get()
    Clock.objects.filter(assignment=lead, kind="reply").update(due_at=timezone.now() - timedelta(hours=3))
    return {
        "overdue": overdue,
        "on_time": on_time,
        "lead": lead,
        "dispatcher": dispatcher,
        "official": make_user(Role.STREET_OFFICIAL, unit=street),
    }


def test_the_queue_lists_expired_orders_in_their_own_section(client, world):
    client.force_login(world["dispatcher"])
    page = client.get("/hotline/queue/").content.decode()
    section = page[page.index('id="expired-unreplied"') :]
    assert world["overdue"].number in section and world["on_time"].number not in section


@pytest.mark.parametrize(("ticket", "shown"), [("overdue", True), ("on_time", False)])
def test_the_ticket_page_offers_the_callback_on_expiry_only_past_the_deadline(client, world, ticket, shown):
    client.force_login(world["dispatcher"])
    page = client.get(f"/hotline/tickets/{world[ticket].pk}/").content.decode()
    assert ('id="expired-callback-form"' in page) is shown


def test_the_api_records_it_for_the_hotline_only(world):
    url = f"/api/v1/assignments/{world['lead'].pk}/callback-expired/"
    unit = APIClient()
    unit.force_authenticate(world["official"])
    assert unit.post(url, ANSWER, format="json").status_code == 403

    hotline = APIClient()
    hotline.force_authenticate(world["dispatcher"])
    listed = hotline.get(f"/api/v1/assignments/{world['lead'].pk}/").json()
    assert "callback_expired" in listed["actions"]
    assert hotline.post(url, {"satisfaction": "很好"}, format="json").status_code == 400
    response = hotline.post(url, ANSWER, format="json")
    assert response.status_code == 200 and response.json()["status"] == "called_back"
    assert TicketEvent.objects.get(action="callback").payload["on_expiry"] is True
    assert hotline.post(url, ANSWER, format="json").status_code == 409


def test_the_api_refuses_it_before_the_deadline(world):
    on_time = world["on_time"].assignments.get()
    hotline = APIClient()
    hotline.force_authenticate(world["dispatcher"])
    assert "callback_expired" not in hotline.get(f"/api/v1/assignments/{on_time.pk}/").json()["actions"]
    response = hotline.post(f"/api/v1/assignments/{on_time.pk}/callback-expired/", ANSWER, format="json")
    assert response.status_code == 400 and "反馈期限" in str(response.json())
    assert not TicketEvent.objects.filter(action="callback").exists()


def test_the_reply_api_takes_the_citizens_part(world):
    on_time = world["on_time"].assignments.get()
    unit = APIClient()
    unit.force_authenticate(world["official"])
    base = f"/api/v1/assignments/{on_time.pk}"
    unit.post(f"{base}/sign/")
    unit.post(
        f"{base}/contact/", {"contacted_at": timezone.now().isoformat(), "method": "phone"}, format="json"
    )
    too_long = unit.post(f"{base}/reply/", {"text": "已处理", "citizen_text": "字" * 2001}, format="json")
    assert too_long.status_code == 400 and "citizen_text" in str(too_long.json())
    response = unit.post(f"{base}/reply/", {"text": "已处理", "citizen_text": "井盖已更换"}, format="json")
    assert response.status_code == 200
    assert TicketEvent.objects.get(action="reply").payload == {"citizen_text": "井盖已更换"}
