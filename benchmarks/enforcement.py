"""The ``benchmark_enforcement`` command's work, on PostgreSQL: many running clocks, a few of them
due, and one timed sweep.

The rows are made by ``INSERT … SELECT … generate_series`` copies of one ticket, assignment and clock
created through the ORM, so a column another app adds later is copied rather than forgotten. Each
assignment carries many cycles of clocks (the unique key is assignment, kind, cycle), which keeps
the tickets and assignments few while the clock table — the one the sweep reads — is full size."""

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership, Role, User
from benchmarks.reference import reference_rows_create
from dispatch.enforcement.run import batch_query, clocks_enforce
from dispatch.enforcement.thresholds import BREACH, WARNING
from dispatch.models import Assignment, Clock, ClockAlert
from hotline.models import Ticket
from notifications.models import Notification
from units.models import Unit

CYCLES_PER_ASSIGNMENT = 34  # × 3 kinds ≈ 100 clocks per assignment: 1,000,000 clocks on ~10,000 tickets
STREETS = 10
TEMPLATE_CYCLE = 32767  # the template clock's cycle, above any generated one


@dataclass
class BenchmarkData:
    tag: str
    now: datetime
    policy_id: int = 0
    request_type_id: int = 0
    category_id: int = 0
    unit_ids: list[int] = field(default_factory=list)  # children before parents
    user_ids: list[int] = field(default_factory=list)
    ticket_ids: list[int] = field(default_factory=list)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _copy_rows(model, *, overrides: dict[str, str], source: str, params: list | dict) -> None:
    """INSERT INTO model's table every column of ``tpl`` (a row of the same table in ``source``),
    with some columns replaced by SQL expressions."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    values = [overrides.get(column, f"tpl.{_q(column)}") for column in columns]
    sql = (
        f"INSERT INTO {_q(model._meta.db_table)} ({', '.join(map(_q, columns))}) "
        f"SELECT {', '.join(values)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _people(data: BenchmarkData) -> list[Unit]:
    """A district with streets, two officials per street, a supervisor and three dispatchers: the
    sweep's notices have someone to reach, as in real life."""
    district = Unit.objects.create(code=f"{data.tag}-d", name=f"{data.tag}区", kind=Unit.Kind.DISTRICT)
    hotline = Unit.objects.create(code=f"{data.tag}-h", name=f"{data.tag}热线", kind=Unit.Kind.HOTLINE)
    streets = Unit.objects.bulk_create(
        Unit(code=f"{data.tag}-s{i}", name=f"{data.tag}街道{i}", kind=Unit.Kind.STREET, parent=district)
        for i in range(STREETS)
    )
    data.unit_ids = [street.pk for street in streets] + [district.pk, hotline.pk]
    staff = [(street, Role.STREET_OFFICIAL) for street in streets for _ in range(2)]
    staff += [(district, Role.DISTRICT_SUPERVISOR)] + [(hotline, Role.DISPATCHER)] * 3
    users = User.objects.bulk_create(
        User(username=f"{data.tag}-{i}", password=make_password(None)) for i in range(len(staff))
    )
    data.user_ids = [user.pk for user in users]
    Membership.objects.bulk_create(
        Membership(user=user, unit=unit, role=role) for user, (unit, role) in zip(users, staff, strict=True)
    )
    return streets


@transaction.atomic
def benchmark_data_create(*, clocks: int, due: int, now: datetime) -> BenchmarkData:
    """``clocks`` running clocks, exactly ``due`` of them past their warning point and deadline
    (spread through the table, not bunched at its end); the rest due in the coming month."""
    data = BenchmarkData(tag=f"bm{uuid.uuid4().hex[:6]}", now=now)
    streets = _people(data)
    data.request_type_id, data.category_id, data.policy_id = reference_rows_create(data.tag)

    per_assignment = 3 * CYCLES_PER_ASSIGNMENT
    assignments = -(-clocks // per_assignment)
    ticket = Ticket.objects.create(
        number=f"{data.tag}-0000000",
        channel="phone",
        request_type_id=data.request_type_id,
        category_id=data.category_id,
        content="benchmark",
        tier="T3",
    )
    _copy_rows(
        Ticket,
        overrides={"number": "%s || lpad(g::text, 7, '0')"},
        source=f"FROM {_q(Ticket._meta.db_table)} tpl CROSS JOIN generate_series(1, %s) g WHERE tpl.id = %s",
        params=[f"{data.tag}-", assignments - 1, ticket.pk],
    )
    data.ticket_ids = list(
        Ticket.objects.filter(number__startswith=f"{data.tag}-").order_by("pk").values_list("pk", flat=True)
    )

    assignment = Assignment.objects.create(ticket=ticket, unit=streets[0], role=Assignment.Role.LEAD)
    _copy_rows(
        Assignment,
        overrides={"ticket_id": "t.id", "unit_id": "(%s::bigint[])[1 + t.id %% %s]"},
        source=(
            f"FROM {_q(Assignment._meta.db_table)} tpl JOIN {_q(Ticket._meta.db_table)} t "
            "ON t.id = ANY(%s) AND t.id <> %s WHERE tpl.id = %s"
        ),
        params=[[s.pk for s in streets], len(streets), data.ticket_ids, ticket.pk, assignment.pk],
    )

    template = Clock.objects.create(
        assignment=assignment,
        kind=Clock.Kind.REPLY,
        cycle=TEMPLATE_CYCLE,
        policy_id=data.policy_id,
        started_at=now,
        due_at=now,
        warn_at=now,
    )
    # Integers from the command line go into the SQL as literals; "%%" is the modulo operator.
    step = clocks // due if due else clocks + 1
    is_due = f"(g %% {step} = 0 AND g / {step} < {due})"
    due_at = (
        f"CASE WHEN {is_due} THEN %(now)s - interval '1 minute' - (g %% 3600) * interval '1 second' "
        "ELSE %(now)s + interval '1 day' + (g %% 2592000) * interval '1 second' END"
    )
    _copy_rows(
        Clock,
        overrides={
            "assignment_id": "a.id",
            "kind": "(ARRAY['sign', 'contact', 'reply'])[1 + g %% 3]",
            "cycle": f"(g %% {per_assignment}) / 3 + 1",
            "started_at": "%(now)s - interval '2 days'",
            "due_at": due_at,
            "warn_at": f"({due_at}) - interval '12 hours'",
            "stopped_at": "NULL",
            "warned": "false",
            "breached": "false",
        },
        source=(
            "FROM generate_series(0, %(last)s) g JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n "  # noqa: S608 - names, ints
            f"FROM {_q(Assignment._meta.db_table)} WHERE ticket_id = ANY(%(tickets)s)) a "
            f"ON a.n = g / {per_assignment} "
            f"CROSS JOIN {_q(Clock._meta.db_table)} tpl WHERE tpl.id = %(template)s"
        ),
        params={"now": now, "last": clocks - 1, "tickets": data.ticket_ids, "template": template.pk},
    )
    template.delete()
    return data


def benchmark_data_delete(data: BenchmarkData) -> None:
    """Remove what ``benchmark_data_create`` made and what the sweep wrote about it, children first
    (raw deletes: Django's cascade would load a million clocks)."""
    statements = [
        ("DELETE FROM notifications_notification WHERE ticket_id = ANY(%s)", [data.ticket_ids]),
        (
            "DELETE FROM dispatch_clockalert WHERE clock_id IN (SELECT id FROM dispatch_clock WHERE policy_id = %s)",
            [data.policy_id],
        ),
        ("DELETE FROM dispatch_clock WHERE policy_id = %s", [data.policy_id]),
        ("DELETE FROM dispatch_assignment WHERE ticket_id = ANY(%s)", [data.ticket_ids]),
        ("DELETE FROM hotline_ticket WHERE id = ANY(%s)", [data.ticket_ids]),
        ("DELETE FROM notifications_notification WHERE user_id = ANY(%s)", [data.user_ids]),
        ("DELETE FROM accounts_membership WHERE user_id = ANY(%s)", [data.user_ids]),
        ("DELETE FROM accounts_user WHERE id = ANY(%s)", [data.user_ids]),
    ]
    statements += [("DELETE FROM units_unit WHERE id = %s", [unit_id]) for unit_id in data.unit_ids]
    statements += [
        ("DELETE FROM hotline_category WHERE id = %s", [data.category_id]),
        ("DELETE FROM hotline_requesttype WHERE id = %s", [data.request_type_id]),
        ("DELETE FROM dispatch_deadlinepolicy WHERE id = %s", [data.policy_id]),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def analyze(*, vacuum: bool = False) -> None:
    """Fresh statistics; with ``vacuum``, also the space of the rows just deleted made free again,
    so that the next run does not time autovacuum working through this run's million dead rows
    (VACUUM cannot run inside a transaction, such as a test's)."""
    command = "VACUUM ANALYZE" if vacuum and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        for model in (Ticket, Assignment, Clock, ClockAlert, Notification):
            cursor.execute(f"{command} {_q(model._meta.db_table)}")


def sweep_query_plan(threshold, *, now: datetime, batch_size: int = 1000) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the query a sweep batch issues, as it issues it. It locks the
    rows it reads, so it runs in a transaction of its own (changing nothing)."""
    with transaction.atomic():
        return batch_query(threshold, now=now, batch_size=batch_size).explain(analyze=True, buffers=True)


def benchmark(*, clocks: int, due: int, keep: bool, out) -> dict:
    now = timezone.now()
    started = time.perf_counter()
    data = benchmark_data_create(clocks=clocks, due=due, now=now)
    analyze()
    created_s = time.perf_counter() - started
    try:
        running = Clock.objects.filter(stopped_at__isnull=True).count()
        out(
            f"data: {clocks:,} clocks ({running:,} running in the database), {due:,} due; made in {created_s:.1f} s"
        )
        for threshold in (BREACH, WARNING):
            out(f"\nplan of the {threshold.alert} batch query (EXPLAIN ANALYZE, BUFFERS):")
            out(sweep_query_plan(threshold, now=now))

        started = time.perf_counter()
        report = clocks_enforce(now=now)
        run_s = time.perf_counter() - started
        started = time.perf_counter()
        again = clocks_enforce(now=now)
        rerun_s = time.perf_counter() - started
        result = {
            "clocks": clocks,
            "due": due,
            "run_seconds": round(run_s, 3),
            "warnings": report.warnings,
            "breaches": report.breaches,
            "batches": report.batches,
            "notifications": Notification.objects.filter(ticket_id__in=data.ticket_ids).count(),
            "overdue_assignments": Assignment.objects.filter(
                ticket_id__in=data.ticket_ids, is_overdue=True
            ).count(),
            "rerun_seconds": round(rerun_s, 3),
            "rerun_alerts": again.warnings + again.breaches,
        }
        out("\n" + " ".join(f"{key}={value}" for key, value in result.items()))
        return result
    finally:
        if keep:
            out(f"kept: units, users and tickets named {data.tag}-…, policy id {data.policy_id}")
        else:
            benchmark_data_delete(data)
            analyze(vacuum=True)
