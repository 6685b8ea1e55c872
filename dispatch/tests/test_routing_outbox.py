"""No ticket left behind: routing goes through the outbox and its drain (core.outbox.drain), so a
broker that is down at intake, a routing that hits a deadlock, or a drain that dies with its worker
still ends with the ticket routed exactly once."""

from datetime import timedelta
from unittest import mock

import kombu.exceptions
import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from config.celery import app
from core.outbox.drain import outbox_claim
from core.outbox.models import OutboxTask
from core.outbox.services import outbox_relay
from core.outbox.tasks import drain_outbox
from dispatch.models import RoutingDecision
from dispatch.services import ticket_route
from dispatch.stranded import routing_outbox_key, unrouted_tickets
from dispatch.tasks import route_ticket
from hotline.models import Ticket
from hotline.tests.factories import CategoryFactory, RequestTypeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_routing")]


@pytest.fixture
def call(db):
    RequestTypeFactory(code="help", name="求助")
    CategoryFactory(code="010101")
    return {
        "request_type": "help",
        "category": "010101",
        "content": "路灯不亮",
        "caller_phone": "13812345678",
    }


@pytest.fixture
def operator_api(make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.OPERATOR))
    return api


def broker_down():
    return mock.patch.object(
        drain_outbox, "apply_async", side_effect=kombu.exceptions.OperationalError("Error 111 connecting")
    )


def test_intake_answers_201_with_the_broker_down_and_the_relay_routes_the_ticket_later(
    operator_api, call, django_capture_on_commit_callbacks
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = operator_api.post("/api/v1/tickets/", call, format="json")

    assert response.status_code == 201
    ticket = Ticket.objects.get(number=response.json()["number"])
    row = OutboxTask.objects.get(dedupe_key=routing_outbox_key(ticket.pk))
    assert row.done_at is None and row.due_at <= timezone.now()  # due at once, for the relay
    assert list(unrouted_tickets()) == [ticket]

    with broker_down():
        outbox_relay()  # the broker is still away: nothing is lost, nothing routed
    assert list(unrouted_tickets()) == [ticket]

    outbox_relay()
    outbox_relay()

    assert RoutingDecision.objects.filter(ticket=ticket).count() == 1
    assert not unrouted_tickets().exists()
    row.refresh_from_db()
    assert row.done_at is not None


def test_a_retried_intake_after_a_broker_outage_does_not_record_the_routing_twice(
    operator_api, call, django_capture_on_commit_callbacks
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        first = operator_api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="k1")
        again = operator_api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert OutboxTask.objects.count() == 1

    outbox_relay()
    assert RoutingDecision.objects.count() == 1


def test_a_routing_that_meets_a_deadlock_is_retried_and_its_row_done(
    operator_api, call, settings, django_capture_on_commit_callbacks
):
    # The drain records the failure, makes the row due again after the retry delay and asks for a
    # drain to come back then: with no delay, that drain runs at once (eager tasks).
    settings.OUTBOX_DRAIN_RETRY_SECONDS = 0
    app.conf.task_eager_propagates = False  # as a worker: a retry is retried, not raised to the caller
    attempts = []

    def deadlock_once(*, ticket_id):
        attempts.append(ticket_id)
        if len(attempts) == 1:
            raise OperationalError("deadlock detected")
        return ticket_route(ticket_id=ticket_id)

    try:
        with (
            mock.patch("dispatch.tasks.ticket_route", side_effect=deadlock_once),
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = operator_api.post("/api/v1/tickets/", call, format="json")
    finally:
        app.conf.task_eager_propagates = True

    ticket = Ticket.objects.get(number=response.json()["number"])
    assert attempts == [ticket.pk, ticket.pk]
    assert RoutingDecision.objects.filter(ticket=ticket).count() == 1
    assert OutboxTask.objects.get().done_at is not None


def test_a_routing_drain_lost_with_its_worker_is_woken_again_after_the_lease(
    operator_api, call, settings, django_capture_on_commit_callbacks
):
    def claim_then_die(*args, **kwargs):  # a drain that claimed the row, then its worker was killed
        outbox_claim(task_name=route_ticket.name, limit=10)

    with (
        mock.patch.object(drain_outbox, "apply_async", side_effect=claim_then_die),
        django_capture_on_commit_callbacks(execute=True),
    ):
        operator_api.post("/api/v1/tickets/", call, format="json")
    cache.clear()  # the wake-up key expires
    assert outbox_relay()["drains_woken"] == 0 and unrouted_tickets().count() == 1  # held: not due

    after_lease = timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=after_lease):
        outbox_relay()

    assert RoutingDecision.objects.count() == 1 and not unrouted_tickets().exists()
