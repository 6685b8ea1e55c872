"""The ``benchmark_metrics`` command's work, on PostgreSQL: one month of a city's orders across its
streets, then the monthly computation, its freezing and the dashboard's read of the frozen snapshot,
timed, with the plans of the computation's queries.

Every ticket has one lead assignment to a street and the rows its lifecycle leaves behind: cycle-1
sign-for, first-contact and reply clocks and the events (receive, dispatch, sign, contact, reply,
callback, close); a few are returned (with the unit's approved return request), left uncontacted,
replied late, never replied (their reply deadline passed: "not replied"), never called back,
redone (cycle-2 clocks, a second callback) or excluded from assessment (with the scope event). Each
ticket's outcomes are drawn once into a temporary plan table (seeded, so a run is repeatable), and
every target table is then filled from it by one ``INSERT … SELECT`` copying a template row made
through the ORM, so a column another app adds later is copied rather than forgotten. The ids of
tickets and assignments are drawn from the tables' own sequences into the plan, so the copies need
no lookup back. Streets get unequal shares (the busiest about three times the quietest); the shares
below are illustrative, not official figures."""

import io
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import User
from dispatch.models import Assignment, Clock, DeadlinePolicy, UnitRequest
from hotline.models import Category, RequestType, Ticket, TicketEvent
from metrics.computation import unit_counts
from metrics.formulas import Counts
from metrics.models import Exclusion, RankingRow, RankingSnapshot, ReasonCode, ScopeEvent
from metrics.periods import month_bounds
from metrics.ranking import ranking_compute
from metrics.selectors import snapshot_in_force, snapshot_rows
from metrics.services import snapshot_freeze
from units.models import Unit

PLAN = "metrics_benchmark_plan"  # the temporary table of drawn outcomes, one row per ticket
STREET = Unit.Kind.STREET
SEED = 0.2026
COMPUTE_RUNS = 3

# Limits of the benchmark's deadline policy (tier T3); the reply limit is 7 working days, drawn
# here as 10 natural days.
SIGN_LIMIT, CONTACT_LIMIT, REPLY_LIMIT = "interval '2 hours'", "interval '24 hours'", "interval '10 days'"
WARNING_RATIO = 0.75

# Shares of the month's orders; what is not listed is the rest (signed, contacted, replied in time).
SIGN_LATE = {"missed": 0.04}
CONTACT = {"returned": 0.015, "running": 0.005, "missed": 0.07}  # running: never contacted
REPLY_LATE = 0.05
NEVER_REPLIED = 0.02  # contacted, then silent past the reply deadline (drawn at the top of u_reply)
NOT_CALLED_BACK = 0.04  # replied, callback still to come
SATISFACTION = {"basic": 0.15, "dissatisfied": 0.09, "unreachable": 0.08}  # the rest satisfied
SOLVED_WHEN_DISSATISFIED = {"not_solved": 0.7, "partly": 0.2}  # the rest solved
SOLVED_OTHERWISE = {"": 0.02, "partly": 0.1, "not_solved": 0.04}  # "": no answer to "solved?"
REDONE = 0.3  # of the dissatisfied or not solved: redo, second cycle, second callback
SECOND_SATISFACTION = {"basic": 0.3, "dissatisfied": 0.2}
EXCLUDED = 0.005


@dataclass
class BenchmarkData:
    tag: str
    month: date
    now: datetime
    divisions_loaded: bool = False
    street_ids: tuple[int, ...] = ()
    user_id: int = 0
    policy_id: int = 0
    request_type_id: int = 0
    category_id: int = 0
    snapshot_id: int | None = None
    rows: dict[str, int] = field(default_factory=dict)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


def _pick(draw: str, shares: dict[str, float], rest: str) -> str:
    """SQL choosing a value by a uniform draw: each value of ``shares`` with its share, else ``rest``."""
    whens, upto = [], 0.0
    for value, share in shares.items():
        upto += share
        whens.append(f"WHEN {draw} < {upto!r} THEN '{value}'")
    return f"CASE {' '.join(whens)} ELSE '{rest}' END"


def _copy_rows(model, *, overrides: dict[str, str], source: str, params: dict) -> int:
    """INSERT INTO model's table every column of ``tpl`` (a row of the same table in ``source``),
    some replaced by SQL expressions; the primary key only if ``overrides`` gives it."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key or f.column in overrides]
    values = [overrides.get(column, f"tpl.{_q(column)}") for column in columns]
    sql = f"INSERT INTO {_table(model)} ({', '.join(map(_q, columns))}) SELECT {', '.join(values)} {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _streets(data: BenchmarkData, out) -> None:
    """The active streets/townships; the shipped divisions are loaded first if there are none."""
    if not Unit.objects.filter(kind=STREET).exists():
        out("no streets in the database: loading the shipped divisions (load_divisions)")
        call_command("load_divisions", stdout=io.StringIO())
        data.divisions_loaded = True
    data.street_ids = tuple(
        Unit.objects.filter(kind=STREET, is_active=True).order_by("code").values_list("pk", flat=True)
    )


def _plan_create(data: BenchmarkData, *, tickets: int) -> None:
    start, end = month_bounds(data.month)
    solved = (
        f"CASE WHEN satisfaction = 'unreachable' THEN '' "
        f"WHEN satisfaction = 'dissatisfied' THEN {_pick('u_solved', SOLVED_WHEN_DISSATISFIED, 'solved')} "
        f"ELSE {_pick('u_solved', SOLVED_OTHERWISE, 'solved')} END"
    )
    reasons = "ARRAY[" + ", ".join(f"'{code}'" for code in ReasonCode.values) + "]"
    sql = f"""
        CREATE TEMPORARY TABLE {PLAN} AS
        WITH draw AS (
            SELECT g, random() AS u_street, random() AS u_time, random() AS u_delay, random() AS u_sign,
                   random() AS u_contact, random() AS u_reply, random() AS u_wait, random() AS u_callback,
                   random() AS u_satisfaction, random() AS u_solved, random() AS u_redo,
                   random() AS u_second, random() AS u_scope
            FROM generate_series(0, %(last)s) AS g
        ), outcome AS (
            SELECT draw.*,
                %(start)s + (g + u_time) * %(step)s * interval '1 second' AS received_at,
                {_pick("u_sign", SIGN_LATE, "met")} AS sign,
                {_pick("u_contact", CONTACT, "met")} AS contact,
                u_reply < {REPLY_LATE!r} AS reply_late,
                u_callback >= {NOT_CALLED_BACK!r} AS called_back,
                {_pick("u_satisfaction", SATISFACTION, "satisfied")} AS satisfaction,
                {_pick("u_second", SECOND_SATISFACTION, "satisfied")} AS second_satisfaction
            FROM draw
        ), answered AS (
            SELECT outcome.*, {solved} AS solved,
                received_at + interval '5 minutes' + u_delay * interval '55 minutes' AS assigned_at
            FROM outcome
        ), timeline AS (
            SELECT answered.*,
                assigned_at + CASE sign WHEN 'met' THEN interval '5 minutes' + u_delay * interval '110 minutes'
                    ELSE interval '125 minutes' + u_delay * interval '5 hours' END AS signed_at,
                CASE contact
                    WHEN 'met' THEN assigned_at + interval '3 hours' + u_wait * interval '20 hours'
                    WHEN 'missed' THEN assigned_at + interval '25 hours' + u_wait * interval '30 hours'
                END AS contacted_at,
                CASE WHEN contact = 'returned' THEN assigned_at + interval '3 hours' END AS returned_at,
                satisfaction <> 'unreachable' AND (satisfaction = 'dissatisfied' OR solved = 'not_solved')
                    AND u_redo < {REDONE!r} AS redone
            FROM answered
        ), replied AS (
            SELECT timeline.*,
                CASE WHEN contacted_at IS NOT NULL AND u_reply < {1 - NEVER_REPLIED!r} THEN
                    CASE WHEN reply_late THEN assigned_at + {REPLY_LIMIT} + u_reply * interval '60 days'
                    ELSE contacted_at + interval '12 hours' + u_reply * interval '7 days' END
                END AS replied_at
            FROM timeline
        ), called AS (
            SELECT replied.*,
                CASE WHEN called_back THEN replied_at + interval '2 hours' + u_callback * interval '2 days'
                END AS called_back_at
            FROM replied
        )
        SELECT g,
            nextval(pg_get_serial_sequence(%(ticket_table)s, 'id')) AS ticket_id,
            nextval(pg_get_serial_sequence(%(assignment_table)s, 'id')) AS assignment_id,
            (%(streets)s::bigint[])[1 + floor(%(n_streets)s * (u_street + u_street * u_street) / 2)::int]
                AS unit_id,
            received_at, assigned_at, sign, signed_at, contact, contacted_at, returned_at, replied_at,
            called_back_at, satisfaction, solved,
            CASE WHEN called_back_at IS NOT NULL AND redone THEN called_back_at + interval '2 hours' END
                AS redo_at,
            CASE WHEN called_back_at IS NOT NULL AND redone THEN called_back_at + interval '5 days' END
                AS recalled_at,
            second_satisfaction,
            CASE second_satisfaction WHEN 'dissatisfied' THEN 'not_solved' WHEN 'basic' THEN 'partly'
                ELSE 'solved' END AS second_solved,
            CASE WHEN called_back_at IS NOT NULL THEN
                CASE WHEN redone THEN called_back_at + interval '5 days 1 hour'
                ELSE called_back_at + interval '1 hour' END
            END AS closed_at,
            CASE WHEN u_scope < {EXCLUDED!r} THEN
                ({reasons})[1 + floor(u_scope / {EXCLUDED!r} * {len(ReasonCode.values)})::int]
            END AS excluded_reason
        FROM called
    """  # noqa: S608 - the interpolations are this module's constants and SQL it builds
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PLAN}")
        cursor.execute("SELECT setseed(%s)", [SEED])
        cursor.execute(
            sql,
            {
                "last": tickets - 1,
                "start": start,
                "step": (end - start).total_seconds() / tickets,
                "ticket_table": Ticket._meta.db_table,
                "assignment_table": Assignment._meta.db_table,
                "streets": list(data.street_ids),
                "n_streets": len(data.street_ids),
            },
        )


def _statuses() -> tuple[str, str]:
    """SQL of an assignment's and its ticket's status at the end, from the plan row ``p``."""
    assignment = (
        "CASE WHEN p.closed_at IS NOT NULL THEN 'closed' WHEN p.returned_at IS NOT NULL THEN 'returned' "
        "WHEN p.replied_at IS NOT NULL THEN 'replied' WHEN p.contacted_at IS NOT NULL THEN 'contacted' "
        "ELSE 'signed' END"
    )
    ticket = "CASE WHEN p.closed_at IS NOT NULL THEN 'closed' ELSE 'dispatched' END"
    return assignment, ticket


def _clocks_copy(template: Clock, data: BenchmarkData) -> int:
    """Cycle-1 sign, contact and reply clocks of every assignment, and cycle-2 ones after a redo."""
    stopped = """CASE
        WHEN k.cycle = 2 THEN p.redo_at + CASE k.kind WHEN 'sign' THEN interval '1 hour'
            WHEN 'contact' THEN interval '3 hours' ELSE interval '3 days' END
        WHEN k.kind = 'sign' THEN p.signed_at
        WHEN k.kind = 'contact' THEN coalesce(p.contacted_at, p.returned_at)
        ELSE coalesce(p.replied_at, p.returned_at) END"""
    result = f"""CASE
        WHEN k.cycle = 2 THEN 'met'
        WHEN k.kind = 'sign' THEN p.sign
        WHEN p.returned_at IS NOT NULL THEN 'cancelled'
        WHEN k.kind = 'contact' THEN CASE WHEN p.contacted_at IS NULL THEN '' ELSE p.contact END
        WHEN p.replied_at IS NULL THEN ''
        WHEN p.replied_at <= p.assigned_at + {REPLY_LIMIT} THEN 'met' ELSE 'missed' END"""
    return _copy_rows(
        Clock,
        overrides={
            "assignment_id": "p.assignment_id",
            "kind": "k.kind",
            "cycle": "k.cycle",
            "started_at": "k.started_at",
            "due_at": "k.started_at + k.limit_",
            "warn_at": f"k.started_at + k.limit_ * {WARNING_RATIO!r}",
            "stopped_at": "k.stopped_at",
            "result": "k.result",
            "warned": f"coalesce(k.stopped_at, %(now)s) > k.started_at + k.limit_ * {WARNING_RATIO!r}",
            "breached": "coalesce(k.stopped_at, %(now)s) > k.started_at + k.limit_ AND k.result <> 'cancelled'",
        },
        source=f"""
            FROM {PLAN} p
            CROSS JOIN LATERAL (
                SELECT k.kind, k.cycle, k.limit_, k.started_at, {stopped} AS stopped_at, {result} AS result
                FROM (VALUES ('sign', 1, {SIGN_LIMIT}, p.assigned_at),
                             ('contact', 1, {CONTACT_LIMIT}, p.assigned_at),
                             ('reply', 1, {REPLY_LIMIT}, p.assigned_at),
                             ('sign', 2, {SIGN_LIMIT}, p.redo_at),
                             ('contact', 2, {CONTACT_LIMIT}, p.redo_at),
                             ('reply', 2, {REPLY_LIMIT}, p.redo_at)) AS k (kind, cycle, limit_, started_at)
                WHERE k.started_at IS NOT NULL
            ) k
            CROSS JOIN {_table(Clock)} tpl WHERE tpl.id = %(template)s""",  # noqa: S608 - names and constants
        params={"now": data.now, "template": template.pk},
    )


def _events_copy(template: TicketEvent) -> int:
    """The events the lifecycle services write, in order; a step that did not happen is left out."""
    answers = "jsonb_build_object('solved', {0}, 'satisfaction', {1})"
    steps = [
        # action, at, on the assignment, unit, from, to, payload, public
        ("receive", "p.received_at", False, False, "''", "'pending'", '\'{"channel": "phone"}\'', True),
        ("dispatch", "p.assigned_at", False, True, "'pending'", "'dispatched'", "'{}'", True),
        ("sign", "p.signed_at", True, True, "'dispatched'", "'signed'", "'{}'", False),
        (
            "request_return",
            "p.returned_at - interval '1 hour'",
            True,
            True,
            "'signed'",
            "'returning'",
            "'{}'",
            False,
        ),
        ("approve_return", "p.returned_at", True, True, "'returning'", "'returned'", "'{}'", False),
        (
            "contact",
            "p.contacted_at",
            True,
            True,
            "'signed'",
            "'contacted'",
            '\'{"method": "phone"}\'',
            False,
        ),
        ("reply", "p.replied_at", True, True, "'contacted'", "'replied'", "'{}'", True),
        (
            "callback",
            "p.called_back_at",
            True,
            True,
            "'replied'",
            "'called_back'",
            answers.format("p.solved", "p.satisfaction"),
            True,
        ),
        ("redo", "p.redo_at", True, True, "'called_back'", "'dispatched'", "'{}'", True),
        ("sign", "p.redo_at + interval '1 hour'", True, True, "'dispatched'", "'signed'", "'{}'", False),
        ("contact", "p.redo_at + interval '3 hours'", True, True, "'signed'", "'contacted'", "'{}'", False),
        ("reply", "p.redo_at + interval '3 days'", True, True, "'contacted'", "'replied'", "'{}'", True),
        (
            "callback",
            "p.recalled_at",
            True,
            True,
            "'replied'",
            "'called_back'",
            answers.format("p.second_solved", "p.second_satisfaction"),
            True,
        ),
        ("close", "p.closed_at", True, True, "'called_back'", "'closed'", "'{}'", True),
        ("close", "p.closed_at", False, False, "'dispatched'", "'closed'", "'{}'", True),
    ]
    rows = ",\n".join(
        f"('{action}', ({at})::timestamptz, {'p.assignment_id' if on_assignment else 'NULL::bigint'}, "
        f"{'p.unit_id' if unit else 'NULL::bigint'}, {from_}, {to}, ({payload})::jsonb, {public})"
        for action, at, on_assignment, unit, from_, to, payload, public in steps
    )
    return _copy_rows(
        TicketEvent,
        overrides={
            "ticket_id": "p.ticket_id",
            "action": "e.action",
            "from_status": "e.from_status",
            "to_status": "e.to_status",
            "assignment_id": "e.assignment_id",
            "unit_id": "e.unit_id",
            "at": "e.at",
            "payload": "e.payload",
            "is_public": "e.is_public",
        },
        source=f"""
            FROM {PLAN} p
            CROSS JOIN LATERAL (VALUES {rows})
                AS e (action, at, assignment_id, unit_id, from_status, to_status, payload, is_public)
            CROSS JOIN {_table(TicketEvent)} tpl
            WHERE tpl.id = %(template)s AND e.at IS NOT NULL""",  # noqa: S608 - names and constants
        params={"template": template.pk},
    )


@transaction.atomic
def benchmark_data_create(*, tickets: int, month: date, now: datetime, out) -> BenchmarkData:
    data = BenchmarkData(tag=f"bm{uuid.uuid4().hex[:6]}", month=month, now=now)
    _streets(data, out)
    data.user_id = User.objects.create(username=f"{data.tag}-hotline", password=make_password(None)).pk
    data.request_type_id = RequestType.objects.create(code=data.tag, name=data.tag).pk
    data.category_id = Category.objects.create(code=data.tag, name=data.tag, level=3, path=data.tag).pk
    data.policy_id = DeadlinePolicy.objects.create(
        tier="T3",
        # A start no real policy has (the unique key is tier and start), decades before any.
        effective_from=datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=int(data.tag[2:], 16)),
        sign_minutes=120,
        contact_minutes=1440,
        reply_amount=7,
        reply_unit=DeadlinePolicy.Unit.WORKING_DAYS,
        note=f"benchmark {data.tag}",
    ).pk
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
    _plan_create(data, tickets=tickets)
    out(f"  plan of {tickets:,} tickets drawn in {time.perf_counter() - started:.1f} s")
    assignment_status, ticket_status = _statuses()
    plan_tpl = f"FROM {PLAN} p CROSS JOIN {{table}} tpl WHERE tpl.id = %(template)s"  # noqa: S608
    rows = data.rows

    def insert(name: str, work: Callable[[], int]) -> None:
        started = time.perf_counter()
        rows[name] = work()
        out(f"  {name}: {rows[name]:,} rows in {time.perf_counter() - started:.1f} s")

    insert(
        "tickets",
        lambda: _copy_rows(
            Ticket,
            overrides={
                "id": "p.ticket_id",
                "number": "%(tag)s || lpad(p.g::text, 8, '0')",
                "received_at": "p.received_at",
                "status": ticket_status,
                "status_changed_at": "coalesce(p.closed_at, p.assigned_at)",
            },
            source=plan_tpl.format(table=_table(Ticket)),
            params={"tag": f"{data.tag}-", "template": ticket.pk},
        ),
    )
    insert(
        "assignments",
        lambda: _copy_rows(
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
            source=plan_tpl.format(table=_table(Assignment)),
            params={"template": assignment.pk},
        ),
    )
    insert("clocks", lambda: _clocks_copy(clock, data))
    insert("events", lambda: _events_copy(event))
    insert(
        "return requests",
        lambda: _copy_rows(
            UnitRequest,
            overrides={
                "assignment_id": "p.assignment_id",
                "requested_at": "p.returned_at - interval '1 hour'",
                "decided_at": "p.returned_at",
            },
            source=f"{plan_tpl} AND p.returned_at IS NOT NULL".format(table=_table(UnitRequest)),
            params={"template": unit_request.pk},
        ),
    )
    excluded = f"{plan_tpl} AND p.excluded_reason IS NOT NULL"
    insert(
        "exclusions",
        lambda: _copy_rows(
            Exclusion,
            overrides={
                "assignment_id": "p.assignment_id",
                "reason": "p.excluded_reason",
                "excluded_at": "p.received_at + interval '20 days'",
            },
            source=excluded.format(table=_table(Exclusion)),
            params={"template": exclusion.pk},
        ),
    )
    insert(
        "scope events",
        lambda: _copy_rows(
            ScopeEvent,
            overrides={
                "assignment_id": "p.assignment_id",
                "reason": "p.excluded_reason",
                "at": "p.received_at + interval '20 days'",
            },
            source=excluded.format(table=_table(ScopeEvent)),
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
            cursor.execute(f"{command} {_table(model)}")
    return command


def _issued(work: Callable[[], object]) -> list[tuple[str, object]]:
    """The statements ``work`` sends to the database, with their parameters, as sent."""
    issued = []

    def record(execute, sql, params, many, context):
        issued.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        work()
    return issued


def _explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _plans(work: Callable[[], object]) -> list[tuple[str, str]]:
    """(first table read, EXPLAIN (ANALYZE, BUFFERS)) of each statement ``work`` issues: the very
    statements, run a second time under EXPLAIN."""
    plans = []
    for sql, params in _issued(work):
        table = sql.split(" FROM ", 1)[1].split()[0].strip('"') if " FROM " in sql else "?"
        plans.append((table, _explain(sql, params)))
    return plans


def snapshot_read(month: date) -> int:
    """What the dashboard reads of a frozen month: the version in force and its rows, in order."""
    snapshot = snapshot_in_force(month=month, unit_kind=STREET)
    return len(list(snapshot_rows(snapshot)))


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
            cursor.execute(f"DELETE FROM {_table(model)} WHERE {condition}", params)  # noqa: S608 - constants
            spent[model._meta.db_table] = time.perf_counter() - started
        cursor.execute(f"DROP TABLE {PLAN}")
    return spent


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def benchmark(*, tickets: int, month: date, keep: bool, reads: int, out) -> dict:
    """Make the month, then time the computation (``COMPUTE_RUNS`` times), the freezing and
    ``reads`` reads of the frozen snapshot, and print the plans. Returns the figures printed on the
    last line."""
    now = timezone.now()
    started = time.perf_counter()
    data = benchmark_data_create(tickets=tickets, month=month, now=now, out=out)
    inserted_s = time.perf_counter() - started
    statistics_command = tables_analyze(vacuum=True)
    made_s = time.perf_counter() - started
    rows = data.rows
    out(
        f"data: {month:%Y-%m}, {len(data.street_ids)} streets, "
        + ", ".join(f"{count:,} {name}" for name, count in rows.items())
        + f"; made in {inserted_s:.1f} s, then {statistics_command} in {made_s - inserted_s:.1f} s"
    )
    try:
        compute = [
            _seconds(lambda: ranking_compute(month=month, unit_kind=STREET, as_of=now))
            for _ in range(COMPUTE_RUNS)
        ]
        out("monthly computation (ranking_compute, streets): " + ", ".join(f"{s:.2f} s" for s in compute))

        started = time.perf_counter()
        snapshot, created = snapshot_freeze(month=month, unit_kind=STREET, now=now)
        freeze_s = time.perf_counter() - started
        data.snapshot_id = snapshot.pk if created else None
        out(f"freezing (snapshot_freeze): {freeze_s:.2f} s, snapshot {snapshot}")

        read_ms = [1000 * _seconds(lambda: snapshot_read(month)) for _ in range(reads)]
        out(
            f"dashboard read of the frozen snapshot ({reads} reads): median {statistics.median(read_ms):.2f} ms,"
            f" min {min(read_ms):.2f} ms, max {max(read_ms):.2f} ms"
        )
        sums = snapshot.rows.aggregate(
            **{part.name: Sum(part.name) for part in fields(Counts)},
            ranked=Count("pk", filter=Q(ranked=True)),
        )
        out("snapshot totals: " + " ".join(f"{name}={value}" for name, value in sums.items()))

        start, end = month_bounds(month)
        for table, plan in _plans(lambda: unit_counts(unit_kind=STREET, start=start, end=end, as_of=now)):
            out(f"\nplan of the computation's aggregate over {table} (EXPLAIN ANALYZE, BUFFERS):\n{plan}")
        for table, plan in _plans(lambda: snapshot_read(month)):
            out(f"\nplan of the dashboard's read of {table} (EXPLAIN ANALYZE, BUFFERS):\n{plan}")
        result = {
            "tickets": rows.get("tickets", 0),
            "streets": len(data.street_ids),
            "compute_seconds": round(statistics.median(compute), 3),
            "freeze_seconds": round(freeze_s, 3),
            "snapshot_read_ms_median": round(statistics.median(read_ms), 3),
            "compute_seconds_first": round(compute[0], 3),
            "generate_seconds": round(made_s, 1),
            "clocks": rows.get("clocks", 0),
            "events": rows.get("events", 0),
            **sums,
        }
    finally:
        if keep:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {PLAN}")
            out(f"\nkept: tickets numbered {data.tag}-…, policy id {data.policy_id}, the frozen snapshot")
        else:
            started = time.perf_counter()
            spent = benchmark_data_delete(data)
            tables_analyze(vacuum=False)
            out(
                f"\nremoved the benchmark's rows in {time.perf_counter() - started:.1f} s ("
                + ", ".join(f"{table} {seconds:.1f} s" for table, seconds in spent.items() if seconds >= 0.1)
                + ")"
            )
        if data.divisions_loaded:
            out("kept: the divisions loaded for the run (reference data)")
    out(" ".join(f"{key}={value}" for key, value in result.items()))
    return result
