"""Making and removing the month of orders ``benchmark_metrics`` times (PostgreSQL), from the plan
and the copies of ``benchmarks.metrics_plan``."""

import io
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction

from accounts.models import User
from benchmarks.metrics_plan import (
    PLAN,
    STREET,
    BenchmarkData,
    clocks_copy,
    events_copy,
    plan_create,
    rows_copy,
    statuses,
    table_name,
)
from benchmarks.reference import reference_rows_create
from dispatch.models import Assignment, Clock, DeadlinePolicy, UnitRequest
from hotline.models import Category, RequestType, Ticket, TicketEvent
from metrics.models import Exclusion, RankingRow, RankingSnapshot, ReasonCode, ScopeEvent
from units.models import Unit


def _streets(data: BenchmarkData, out) -> None:
    """The active streets/townships; the shipped divisions are loaded first if there are none."""
    if not Unit.objects.filter(kind=STREET).exists():
        out("no streets in the database: loading the shipped divisions (load_divisions)")
        call_command("load_divisions", stdout=io.StringIO())
        data.divisions_loaded = True
    data.street_ids = tuple(
        Unit.objects.filter(kind=STREET, is_active=True).order_by("code").values_list("pk", flat=True)
    )


@transaction.atomic
def benchmark_data_create(*, tickets: int, month: date, now: datetime, out) -> BenchmarkData:
    data = BenchmarkData(tag=f"bm{uuid.uuid4().hex[:6]}", month=month, now=now)
    _streets(data, out)
    data.user_id = User.objects.create(username=f"{data.tag}-hotline", password=make_password(None)).pk
    data.request_type_id, data.category_id, data.policy_id = reference_rows_create(data.tag)
    ticket = Ticket.objects.create(
        number=f"{data.tag}-template",
        channel="phone",
        request_type_id=data.request_type_id,
        category_id=data.category_id,
        content="基准测试工单",
        tier="T3",
    )
    assignment = Assignment.objects.create(
        ticket=ticket, unit_id=data.street_ids[0], role=Assignment.Role.LEAD
    )
    clock = Clock.objects.create(
        assignment=assignment,
        kind=Clock.Kind.SIGN,
        cycle=1,
        policy_id=data.policy_id,
        started_at=now,
        due_at=now,
        warn_at=now,
    )
    event = TicketEvent.objects.create(ticket=ticket, action="receive", at=now)
    unit_request = UnitRequest.objects.create(
        assignment=assignment,
        kind=UnitRequest.Kind.RETURN,
        reason="benchmark",
        requested_by_id=data.user_id,
        decision=UnitRequest.Decision.APPROVED,
        decided_by_id=data.user_id,
    )
    exclusion = Exclusion.objects.create(
        assignment=assignment, reason=ReasonCode.REPEAT, note="benchmark", excluded_by_id=data.user_id
    )
    scope_event = ScopeEvent.objects.create(
        assignment=assignment,
        action=ScopeEvent.Action.EXCLUDED,
        reason=ReasonCode.REPEAT,
        note="benchmark",
        actor_id=data.user_id,
    )

    started = time.perf_counter()
    plan_create(data, tickets=tickets)
    out(f"  plan of {tickets:,} tickets drawn in {time.perf_counter() - started:.1f} s")
    assignment_status, ticket_status = statuses()
    plan_tpl = f"FROM {PLAN} p CROSS JOIN {{table}} tpl WHERE tpl.id = %(template)s"  # noqa: S608
    rows = data.rows

    def insert(name: str, work: Callable[[], int]) -> None:
        started = time.perf_counter()
        rows[name] = work()
        out(f"  {name}: {rows[name]:,} rows in {time.perf_counter() - started:.1f} s")

    insert(
        "tickets",
        lambda: rows_copy(
            Ticket,
            overrides={
                "id": "p.ticket_id",
                "number": "%(tag)s || lpad(p.g::text, 8, '0')",
                "received_at": "p.received_at",
                "status": ticket_status,
                "status_changed_at": "coalesce(p.closed_at, p.assigned_at)",
            },
            source=plan_tpl.format(table=table_name(Ticket)),
            params={"tag": f"{data.tag}-", "template": ticket.pk},
        ),
    )
    insert(
        "assignments",
        lambda: rows_copy(
            Assignment,
            overrides={
                "id": "p.assignment_id",
                "ticket_id": "p.ticket_id",
                "unit_id": "p.unit_id",
                "status": assignment_status,
                "status_changed_at": "coalesce(p.closed_at, p.replied_at, p.contacted_at, p.returned_at, p.signed_at)",
                "cycle": "CASE WHEN p.redo_at IS NULL THEN 1 ELSE 2 END",
                "assigned_at": "p.assigned_at",
            },
            source=plan_tpl.format(table=table_name(Assignment)),
            params={"template": assignment.pk},
        ),
    )
    insert("clocks", lambda: clocks_copy(clock, data))
    insert("events", lambda: events_copy(event))
    insert(
        "return requests",
        lambda: rows_copy(
            UnitRequest,
            overrides={
                "assignment_id": "p.assignment_id",
                "requested_at": "p.returned_at - interval '1 hour'",
                "decided_at": "p.returned_at",
            },
            source=f"{plan_tpl} AND p.returned_at IS NOT NULL".format(table=table_name(UnitRequest)),
            params={"template": unit_request.pk},
        ),
    )
    excluded = f"{plan_tpl} AND p.excluded_reason IS NOT NULL"
    insert(
        "exclusions",
        lambda: rows_copy(
            Exclusion,
            overrides={
                "assignment_id": "p.assignment_id",
                "reason": "p.excluded_reason",
                "excluded_at": "p.received_at + interval '20 days'",
            },
            source=excluded.format(table=table_name(Exclusion)),
            params={"template": exclusion.pk},
        ),
    )
    insert(
        "scope events",
        lambda: rows_copy(
            ScopeEvent,
            overrides={
                "assignment_id": "p.assignment_id",
                "reason": "p.excluded_reason",
                "at": "p.received_at + interval '20 days'",
            },
            source=excluded.format(table=table_name(ScopeEvent)),
            params={"template": scope_event.pk},
        ),
    )
    # The templates go with their ticket (cascade); the rows copied from them stay.
    Ticket.objects.filter(pk=ticket.pk).delete()
    return data


def tables_analyze(*, vacuum: bool) -> str:
    """Fresh statistics for the planner. With ``vacuum`` and outside a transaction,
    ``VACUUM (ANALYZE)``: what autovacuum soon does to freshly inserted rows, and what sets the
    visibility map that index-only scans need; otherwise (inside one, as in the tests, where VACUUM
    cannot run, or after the clean-up, whose dead rows autovacuum reclaims) ``ANALYZE``."""
    command = "VACUUM (ANALYZE)" if vacuum and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        for model in (Unit, Ticket, Assignment, Clock, TicketEvent, UnitRequest, Exclusion, ScopeEvent):
            cursor.execute(f"{command} {table_name(model)}")
    return command


def benchmark_data_delete(data: BenchmarkData) -> dict[str, float]:
    """Remove what ``benchmark_data_create`` and the freezing made, children first (raw deletes:
    Django's cascade would load millions of rows; snapshots refuse ``delete()``). Divisions loaded
    for the run stay: they are the city's reference data. Returns the seconds each table took."""
    assignment_ids = f"IN (SELECT assignment_id FROM {PLAN})"  # noqa: S608 - a constant
    ticket_ids = f"IN (SELECT ticket_id FROM {PLAN})"  # noqa: S608 - a constant
    deletes = []
    if data.snapshot_id is not None:
        deletes += [
            (RankingRow, "snapshot_id = %s", [data.snapshot_id]),
            (RankingSnapshot, "id = %s", [data.snapshot_id]),
        ]
    deletes += [
        (ScopeEvent, f"assignment_id {assignment_ids}", []),
        (Exclusion, f"assignment_id {assignment_ids}", []),
        (TicketEvent, f"ticket_id {ticket_ids}", []),
        (UnitRequest, f"assignment_id {assignment_ids}", []),
        (Clock, "policy_id = %s", [data.policy_id]),
        (Assignment, f"id {assignment_ids}", []),
        (Ticket, f"id {ticket_ids}", []),
        (User, "id = %s", [data.user_id]),
        (Category, "id = %s", [data.category_id]),
        (RequestType, "id = %s", [data.request_type_id]),
        (DeadlinePolicy, "id = %s", [data.policy_id]),
    ]
    spent = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for model, condition, params in deletes:
            started = time.perf_counter()
            cursor.execute(f"DELETE FROM {table_name(model)} WHERE {condition}", params)  # noqa: S608 - constants
            spent[model._meta.db_table] = time.perf_counter() - started
        cursor.execute(f"DROP TABLE {PLAN}")
    return spent
