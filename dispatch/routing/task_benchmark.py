"""The whole routing of a ticket as the ``route_ticket`` task does it (``ticket_route``: the
decision, the dispatch with its event, assignments, clocks and notices, and the commit), timed per
ticket on the database in use. The ``benchmark_routing`` command prints it beside the decision alone.

The tickets are generated like the decision benchmark's calls, written in one bulk insert (filing
them is intake's benchmark, not this one) and deleted afterwards with everything routing wrote."""

import random
import uuid

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from benchmarks.timing import Timing, seconds
from dispatch.services import ticket_route
from hotline.models import Category, RequestType, Ticket
from notifications.models import Notification

SEED = 54321


def _tickets_create(calls: list[dict], *, tag: str) -> list[int]:
    rng = random.Random(SEED)
    categories = list(Category.objects.filter(level=3, is_active=True))
    request_type = RequestType.objects.order_by("pk").first()
    if not categories or request_type is None:
        raise ValueError("no categories or request types: run manage.py load_hotline_reference first")
    tickets = Ticket.objects.bulk_create(
        Ticket(
            number=f"{tag}{index:07d}",
            channel="phone",
            request_type=request_type,
            category=(category := rng.choice(categories)),
            tier=category.default_tier,
            address=call["address"],
            content=call["address"],
            longitude=call.get("longitude"),
            latitude=call.get("latitude"),
        )
        for index, call in enumerate(calls)
    )
    return [ticket.pk for ticket in tickets]


def _tickets_delete(ticket_ids: list[int]) -> None:
    with transaction.atomic():
        # Notices point at the ticket without a database cascade behind them on every backend.
        Notification.objects.filter(ticket_id__in=ticket_ids).delete()
        Ticket.objects.filter(pk__in=ticket_ids).delete()


def task_benchmark(calls: list[dict]) -> Timing:
    """Route one generated ticket per call with ``ticket_route``, each in its own transaction as
    the task runs it. ``queries`` is the number of queries of the last routing."""
    ticket_ids = _tickets_create(calls, tag=f"RB{uuid.uuid4().hex[:6]}")
    try:
        ticket_route(ticket_id=ticket_ids[0])  # the first call loads what the process keeps
        samples = [1000 * seconds(lambda pk=pk: ticket_route(ticket_id=pk)) for pk in ticket_ids[1:-1]]
        with CaptureQueriesContext(connection) as captured:
            samples.append(1000 * seconds(lambda: ticket_route(ticket_id=ticket_ids[-1])))
    finally:
        _tickets_delete(ticket_ids)
    return Timing("task", tuple(samples), queries=len(captured.captured_queries))
