"""The ``benchmark_metrics`` command's work, on PostgreSQL: one month of a city's orders across its
streets (``benchmarks.metrics_data``), then the monthly computation, its freezing and the
dashboard's read of the frozen snapshot, timed, with the plans of the computation's queries."""

import statistics
import time
from collections.abc import Callable
from dataclasses import fields
from datetime import date

from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from benchmarks.metrics_data import benchmark_data_create, benchmark_data_delete, tables_analyze
from benchmarks.metrics_plan import PLAN, STREET
from benchmarks.timing import seconds as _seconds
from dispatch.models import Clock
from hotline.models import Ticket
from metrics.computation import unit_counts
from metrics.formulas import Counts
from metrics.periods import month_bounds
from metrics.ranking import ranking_compute
from metrics.selectors import snapshot_in_force, snapshot_rows
from metrics.services import snapshot_freeze

COMPUTE_RUNS = 3


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
    return [(_main_table(sql), _explain(sql, params)) for sql, params in _issued(work)]


def _main_table(sql: str) -> str:
    """The table after the statement's own FROM (not a FROM inside a parenthesised subquery)."""
    depth = 0
    for index, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith(" FROM ", index):
            return sql[index + 6 :].split()[0].strip('"')
    return "?"


def snapshot_read(month: date) -> int:
    """What the dashboard reads of a frozen month: the version in force and its rows, in order."""
    snapshot = snapshot_in_force(month=month, unit_kind=STREET)
    return len(list(snapshot_rows(snapshot)))


def compute_only(*, month: date, plans: bool, out) -> dict:
    """Time the monthly computation of ``month`` on the data already stored (``COMPUTE_RUNS``
    times), writing nothing: the same month before and after more months are stored tells whether
    its cost depends on the history. Returns the figures printed on the last line."""
    stored = Clock.objects.aggregate(first=Min("due_at"), last=Max("due_at"))
    out(
        f"stored: {Ticket.objects.count():,} tickets, {Clock.objects.count():,} clocks, "
        f"clocks due from {stored['first']:%Y-%m-%d} to {stored['last']:%Y-%m-%d}"
    )
    now = timezone.now()
    compute = [
        _seconds(lambda: ranking_compute(month=month, unit_kind=STREET, as_of=now))
        for _ in range(COMPUTE_RUNS)
    ]
    out(
        f"monthly computation of {month:%Y-%m} (ranking_compute, streets): "
        + ", ".join(f"{s:.2f} s" for s in compute)
    )
    if plans:
        start, end = month_bounds(month)
        for table, plan in _plans(lambda: unit_counts(unit_kind=STREET, start=start, end=end, as_of=now)):
            out(f"\nplan of the computation's aggregate over {table} (EXPLAIN ANALYZE, BUFFERS):\n{plan}")
    return {
        "month": f"{month:%Y-%m}",
        "compute_seconds": round(statistics.median(compute), 3),
        "compute_seconds_each": ",".join(f"{s:.2f}" for s in compute),
    }


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
