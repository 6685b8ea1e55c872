"""The month of orders ``benchmark_metrics`` makes (PostgreSQL), as SQL: the drawn plan and the
copies made from it; ``benchmarks.metrics_data`` runs them, ``benchmarks.metrics`` times the rest.

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

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection

from dispatch.models import Assignment, Clock
from hotline.models import Ticket, TicketEvent
from metrics.models import ReasonCode
from metrics.periods import month_bounds
from units.models import Unit

PLAN = "metrics_benchmark_plan"  # the temporary table of drawn outcomes, one row per ticket
STREET = Unit.Kind.STREET
SEED = 0.2026

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


def table_name(model) -> str:
    return _q(model._meta.db_table)


def _pick(draw: str, shares: dict[str, float], rest: str) -> str:
    """SQL choosing a value by a uniform draw: each value of ``shares`` with its share, else ``rest``."""
    whens, upto = [], 0.0
    for value, share in shares.items():
        upto += share
        whens.append(f"WHEN {draw} < {upto!r} THEN '{value}'")
    return f"CASE {' '.join(whens)} ELSE '{rest}' END"


def rows_copy(model, *, overrides: dict[str, str], source: str, params: dict) -> int:
    """INSERT INTO model's table every column of ``tpl`` (a row of the same table in ``source``),
    some replaced by SQL expressions; the primary key only if ``overrides`` gives it."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key or f.column in overrides]
    values = [overrides.get(column, f"tpl.{_q(column)}") for column in columns]
    sql = (
        f"INSERT INTO {table_name(model)} ({', '.join(map(_q, columns))}) SELECT {', '.join(values)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def plan_create(data: BenchmarkData, *, tickets: int) -> None:
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


def statuses() -> tuple[str, str]:
    """SQL of an assignment's and its ticket's status at the end, from the plan row ``p``."""
    assignment = (
        "CASE WHEN p.closed_at IS NOT NULL THEN 'closed' WHEN p.returned_at IS NOT NULL THEN 'returned' "
        "WHEN p.replied_at IS NOT NULL THEN 'replied' WHEN p.contacted_at IS NOT NULL THEN 'contacted' "
        "ELSE 'signed' END"
    )
    ticket = "CASE WHEN p.closed_at IS NOT NULL THEN 'closed' ELSE 'dispatched' END"
    return assignment, ticket


def clocks_copy(template: Clock, data: BenchmarkData) -> int:
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
    return rows_copy(
        Clock,
        overrides={
            "assignment_id": "p.assignment_id",
            "assessed_unit_id": "p.unit_id",  # every planned assignment leads
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
            CROSS JOIN {table_name(Clock)} tpl WHERE tpl.id = %(template)s""",  # noqa: S608 - names and constants
        params={"now": data.now, "template": template.pk},
    )


def events_copy(template: TicketEvent) -> int:
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
    return rows_copy(
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
            CROSS JOIN {table_name(TicketEvent)} tpl
            WHERE tpl.id = %(template)s AND e.at IS NOT NULL""",  # noqa: S608 - names and constants
        params={"template": template.pk},
    )
