"""Filing and routing side by side, each thread on its own database connection (PostgreSQL): the
routing transaction locks only the ticket, so intake and routing never deadlock, and duplicate
routings (the outbox relay publishing again) route each ticket once."""

import itertools
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.outbox.models import OutboxTask
from core.outbox.services import outbox_relay
from dispatch.models import RoutingDecision
from dispatch.services import ticket_route
from dispatch.stranded import unrouted_tickets
from dispatch.tests.test_routing_service import file_call
from hotline.models import Ticket
from tests.threads import run_at_once

THREADS = 8
TICKETS_PER_THREAD = 6

pytestmark = [
    pytest.mark.usefixtures("fresh_routing"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite takes no row locks (FOR UPDATE) and lets one writer in at a "
        "time, so there is neither the lock to check nor a deadlock to provoke",
    ),
]


@pytest.mark.django_db
def test_routing_locks_the_ticket_row_and_nothing_else(beijing):
    ticket = file_call("朝阳区团结湖街道团结湖北里3号楼")
    with CaptureQueriesContext(connection) as queries:
        decision = ticket_route(ticket_id=ticket.pk)
    assert decision.applied  # the whole routing ran, dispatch included

    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1
    assert locking[0].endswith(f'FOR UPDATE OF "{Ticket._meta.db_table}"')


@pytest.mark.django_db(transaction=True)
def test_filing_and_routing_from_many_threads_deadlocks_nothing_and_routes_each_ticket_once(
    beijing,
):
    """Every thread files tickets of one category (each routed inline once committed, as eager
    tasks run) and between filings relays everything not done yet, as if the leases had run out,
    so the same tickets are routed from several threads at once."""
    addresses = itertools.cycle(["朝阳区团结湖街道团结湖北里3号楼", "东城区东华门街道南池子大街", "我家楼下"])
    pick = threading.Lock()
    far_ahead = timezone.now() + timedelta(days=1)

    def file_and_relay():
        filed = []
        for _ in range(TICKETS_PER_THREAD):
            with pick:
                address = next(addresses)
            filed.append(file_call(address).pk)
            outbox_relay(now=far_ahead)
        return filed

    filed = [pk for batch in run_at_once(file_and_relay, THREADS) for pk in batch]

    assert len(filed) == THREADS * TICKETS_PER_THREAD
    decisions = RoutingDecision.objects.filter(ticket_id__in=filed)
    assert decisions.count() == len(filed)
    assert decisions.values("ticket_id").distinct().count() == len(filed)
    assert not unrouted_tickets().exists()
    assert list(OutboxTask.objects.exclude(last_error="").values_list("last_error", flat=True)) == []
    assert not OutboxTask.objects.filter(done_at__isnull=True).exists()
    assert Ticket.objects.filter(status="dispatched").count() > 0  # sure decisions were dispatched
