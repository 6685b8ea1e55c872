"""The whole routing of a ticket as the ``route_ticket`` task does it (``ticket_route``: the
decision, the dispatch with its event, assignments, clocks and notices, and the commit), timed per
ticket on the database in use. The ``benchmark_routing`` command prints it beside the decision alone.

The tickets are generated like the decision benchmark's calls, written in one bulk insert (filing
them is intake's benchmark, not this one) and deleted afterwards with everything routing wrote. So
that a dispatch tells someone, as in real life, every street and department gets two officials and
every district a supervisor for the duration (removed afterwards too)."""

import random
import uuid

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Role, User
from benchmarks.timing import Timing, seconds
from dispatch.services import ticket_route
from hotline.models import Category, RequestType, Ticket
from notifications.models import Notification
from units.models import Unit

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


def _people_create(*, tag: str) -> list[int]:
    roles = {
        Unit.Kind.STREET: [Role.STREET_OFFICIAL] * 2,
        Unit.Kind.DEPARTMENT: [Role.DEPARTMENT_STAFF] * 2,
        Unit.Kind.ENTERPRISE: [Role.DEPARTMENT_STAFF] * 2,
        Unit.Kind.DISTRICT: [Role.DISTRICT_SUPERVISOR],
    }
    units = Unit.objects.filter(kind__in=roles, is_active=True).values_list("pk", "kind")
    staff = [(unit_id, role) for unit_id, kind in units for role in roles[kind]]
    password = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"{tag}-{i}", password=password) for i in range(len(staff))
    )
    Membership.objects.bulk_create(
        Membership(user=user, unit_id=unit_id, role=role)
        for user, (unit_id, role) in zip(users, staff, strict=True)
    )
    return [user.pk for user in users]


def _delete(*, ticket_ids: list[int], user_ids: list[int]) -> None:
    with transaction.atomic():
        Notification.objects.filter(ticket_id__in=ticket_ids).delete()
        Ticket.objects.filter(pk__in=ticket_ids).delete()
        Membership.objects.filter(user_id__in=user_ids).delete()
        User.objects.filter(pk__in=user_ids).delete()


def task_benchmark(calls: list[dict]) -> Timing:
    """Route one generated ticket per call with ``ticket_route``, each in its own transaction as
    the task runs it. ``queries`` is the number of queries of the last routing."""
    tag = f"RB{uuid.uuid4().hex[:6]}"
    user_ids = _people_create(tag=tag)
    ticket_ids = _tickets_create(calls, tag=tag)
    try:
        ticket_route(ticket_id=ticket_ids[0])  # the first call loads what the process keeps
        samples = [1000 * seconds(lambda pk=pk: ticket_route(ticket_id=pk)) for pk in ticket_ids[1:-1]]
        reset_queries()  # with DEBUG on, a full query log would make the count below read 0
        with CaptureQueriesContext(connection) as captured:
            samples.append(1000 * seconds(lambda: ticket_route(ticket_id=ticket_ids[-1])))
    finally:
        _delete(ticket_ids=ticket_ids, user_ids=user_ids)
    return Timing("task", tuple(samples), queries=len(captured.captured_queries))
