"""Dispatchers see tickets whose routing failed or is late, on the queue page and in the API."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from core.outbox.models import OutboxTask
from dispatch.models import RoutingDecision
from dispatch.stranded import routing_outbox_key
from hotline.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(settings):
    """One stranded ticket (its routing failed), one filed a moment ago, one the router decided on,
    one already dispatched."""
    now = timezone.now()
    long_ago = now - timedelta(seconds=settings.ROUTING_LATE_AFTER_SECONDS + 60)
    stranded = TicketFactory(received_at=long_ago)
    OutboxTask.objects.create(
        task="dispatch.tasks.route_ticket",
        kwargs={"ticket_id": stranded.pk},
        dedupe_key=routing_outbox_key(stranded.pk),
        due_at=now,
        attempts=3,
        last_error="OperationalError: deadlock detected",
    )
    fresh = TicketFactory(received_at=now - timedelta(seconds=10))
    decided = TicketFactory(received_at=long_ago)
    RoutingDecision.objects.create(ticket=decided, status=RoutingDecision.Status.QUEUED, rule="none")
    done = TicketFactory(received_at=long_ago, status="dispatched")
    return {"stranded": stranded, "fresh": fresh, "decided": decided, "done": done}


def test_the_queue_page_shows_a_stranded_ticket_with_its_error(client, make_user, tickets):
    client.force_login(make_user(Role.DISPATCHER))
    page = client.get("/hotline/queue/").content.decode()

    section = page[page.index('id="stranded"') : page.index("</section>", page.index('id="stranded"'))]
    assert "分派失败或超时的工单" in section
    assert tickets["stranded"].number in section and "deadlock detected" in section
    for other in ("fresh", "decided", "done"):
        assert tickets[other].number not in section
    assert "持续失败的后台任务" in section  # the failing outbox row itself


def test_the_queue_page_has_no_such_section_when_nothing_is_stranded(client, make_user):
    TicketFactory(received_at=timezone.now())
    client.force_login(make_user(Role.DISPATCHER))
    assert 'id="stranded"' not in client.get("/hotline/queue/").content.decode()


def test_the_api_lists_stranded_tickets_and_failing_work_for_the_hotline_only(make_user, tickets):
    api = APIClient()
    api.force_authenticate(make_user(Role.DISPATCHER))
    stranded = api.get("/api/v1/routing/stranded/").json()["results"]
    assert [(t["number"], t["routing_attempts"]) for t in stranded] == [(tickets["stranded"].number, 3)]
    assert "deadlock" in stranded[0]["routing_error"]
    failing = api.get("/api/v1/routing/failing-tasks/").json()["results"]
    assert [row["dedupe_key"] for row in failing] == [routing_outbox_key(tickets["stranded"].pk)]

    api.force_authenticate(make_user(Role.STREET_OFFICIAL))
    assert api.get("/api/v1/routing/stranded/").status_code == 403
    assert api.get("/api/v1/routing/failing-tasks/").status_code == 403


def test_a_late_ticket_whose_routing_never_started_is_stranded_too(make_user, settings):
    """The process died between commit and publish: a row with no error, no publish yet."""
    late = TicketFactory(
        received_at=timezone.now() - timedelta(seconds=settings.ROUTING_LATE_AFTER_SECONDS + 1)
    )
    api = APIClient()
    api.force_authenticate(make_user(Role.DISPATCHER))
    stranded = api.get("/api/v1/routing/stranded/").json()["results"]
    assert [(t["number"], t["routing_attempts"], t["routing_error"]) for t in stranded] == [
        (late.number, None, None)
    ]
