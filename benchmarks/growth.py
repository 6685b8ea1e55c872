"""Does the ticket table need month partitions at Beijing's volume for years? Measured, not argued.

In a scratch schema of the current PostgreSQL database, a ticket-shaped table of N rows (the
newest month holding ``per_month`` of them, older rows spread evenly back in time, busy units and
categories skewed as in real life) gets the indexes the hot queries need, and the queries are
timed: a busy unit's inbox (unit + open status, ordered by deadline), a category's tickets in a
month (newest first), one ticket by id, and a whole month's count per unit (the monthly ranking's
scan). Done for each N asked, optionally also for the same rows in a table partitioned by month;
then each index's size and height (pageinspect) and the height a B-tree of the target size would
have, from the measured entries per page. The schema is dropped at the end unless ``keep``."""

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from benchmarks.timing import percentile

SCHEMA = "benchmark_growth"
PAGE_BYTES = 8192
OPEN = ("dispatched", "in_progress")
# Units and categories: busy ones get most tickets (ids near 1), as 349 streets and a few hundred
# departments do in Beijing.
UNITS = 600
CATEGORIES = 400
BUSY = 10
# The inbox's is partial: it holds open tickets only, so it does not grow with the history (with
# "(unit_id, status, due_at)" instead, PostgreSQL 15 reads and sorts all of a busy unit's open
# tickets, since two statuses are two ranges of that index: 10,437 pages for 50 rows, measured).
OPEN_ONLY = "WHERE status IN ('dispatched', 'in_progress')"
INDEXES = {
    "inbox": f"(unit_id, due_at) {OPEN_ONLY}",
    "category_month": "(category_id, created_at)",
    "month": "(created_at)",
}


@dataclass(frozen=True)
class Plan:
    rows: int
    per_month: int
    content_bytes: int
    partitioned: bool

    @property
    def table(self) -> str:
        return f"{SCHEMA}.ticket_{self.rows}{'_by_month' if self.partitioned else ''}"

    @property
    def label(self) -> str:
        return f"{self.rows:,} rows{' partitioned by month' if self.partitioned else ''}"

    @property
    def months(self) -> int:
        return math.ceil(self.rows / self.per_month)


@dataclass(frozen=True)
class IndexFigures:
    name: str
    bytes: int
    height: int  # levels from root to leaf, the pages one look-up reads
    entries_per_page: float


def _columns(plan: Plan, end: datetime) -> str:
    """SELECT list of one generated row per g in 1..rows: g = rows is the newest."""
    step_seconds = 30 * 24 * 3600 / plan.per_month
    repeat = max(1, plan.content_bytes // 32)
    return f"""
        g AS id,
        timestamptz '{end.isoformat()}' - make_interval(secs => ({plan.rows} - g) * {step_seconds}) AS created_at,
        1 + floor({UNITS} * power(random(), 2))::int AS unit_id,
        1 + floor({CATEGORIES} * power(random(), 3))::int AS category_id,
        CASE
            WHEN g > {plan.rows - plan.per_month} THEN
                (ARRAY['dispatched', 'in_progress', 'replied', 'closed'])[1 + floor(random() * 4)::int]
            WHEN random() < 0.005 THEN 'in_progress'
            ELSE 'closed'
        END AS status,
        repeat(md5(g::text), {repeat}) AS content
    """


def _create(cursor, plan: Plan, end: datetime) -> float:
    started = time.perf_counter()
    cursor.execute("SELECT setseed(0.42)")
    rows = f"SELECT {_columns(plan, end)} FROM generate_series(1, {plan.rows}) AS g"  # noqa: S608 - numbers
    select = f"SELECT *, created_at + make_interval(days => 1 + (id % 15)::int) AS due_at FROM ({rows}) AS t"  # noqa: S608
    if plan.partitioned:
        cursor.execute(
            f"CREATE TABLE {plan.table} (id bigint NOT NULL, created_at timestamptz NOT NULL, unit_id int, "
            "category_id int, status varchar(16), content text, due_at timestamptz) PARTITION BY RANGE (created_at)"
        )
        first = _month_start(end - timedelta(days=30 * plan.months + 31))
        month = first
        while month <= end:
            following = _month_start(month + timedelta(days=32))
            cursor.execute(
                f"CREATE TABLE {plan.table}_{month:%Y%m} PARTITION OF {plan.table} "
                f"FOR VALUES FROM ('{month.isoformat()}') TO ('{following.isoformat()}')"
            )
            month = following
        cursor.execute(f"INSERT INTO {plan.table} {select}")
        cursor.execute(f"ALTER TABLE {plan.table} ADD PRIMARY KEY (id, created_at)")
    else:
        cursor.execute(f"CREATE TABLE {plan.table} AS {select}")
        cursor.execute(f"ALTER TABLE {plan.table} ADD PRIMARY KEY (id)")
    for name, columns in INDEXES.items():
        cursor.execute(f"CREATE INDEX {_index_name(plan, name)} ON {plan.table} {columns}")
    cursor.execute(f"ANALYZE {plan.table}")
    return time.perf_counter() - started


def _month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _index_name(plan: Plan, name: str) -> str:
    return f"{plan.table.split('.')[1]}_{name}"


def _indexes(cursor, plan: Plan) -> list[IndexFigures]:
    """Every index of the table (each partition's, for a partitioned one: the tallest counts)."""
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, i.indisprimary, pg_get_indexdef(i.indexrelid),
               pg_relation_size(i.indexrelid), c.reltuples
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = ANY (
            SELECT %s::regclass UNION ALL SELECT inhrelid FROM pg_inherits WHERE inhparent = %s::regclass
        ) AND c.relkind = 'i'
        """,
        [plan.table, plan.table],
    )
    found: dict[str, IndexFigures] = {}
    for qualified, primary, definition, size, tuples in cursor.fetchall():
        cursor.execute("SELECT level FROM bt_metap(%s)", [qualified])
        height = cursor.fetchone()[0] + 1
        kind = "pkey" if primary else _kind(definition)
        pages = max(1, size // PAGE_BYTES)
        previous = found.get(kind)
        found[kind] = IndexFigures(
            name=kind,
            bytes=size + (previous.bytes if previous else 0),
            height=max(height, previous.height if previous else 0),
            entries_per_page=max(1.0, tuples / pages),
        )
    return sorted(found.values(), key=lambda figures: figures.name)


def _kind(definition: str) -> str:
    """Which of INDEXES an index (a partition's too, whose name PostgreSQL chose) implements."""
    columns = definition[definition.index("(") :].split(")")[0] + ")"
    return next(name for name, wanted in INDEXES.items() if wanted.startswith(columns))


def predicted_height(*, rows: int, entries_per_page: float) -> int:
    """Height of a B-tree of ``rows`` entries whose pages (leaf and inner alike, conservatively: inner
    pages hold shorter, truncated keys and so more of them) hold ``entries_per_page`` each."""
    pages, height = math.ceil(rows / entries_per_page), 1
    while pages > 1:
        pages, height = math.ceil(pages / entries_per_page), height + 1
    return height


# The hot queries, on a table named by this module ({table}); values are parameters.
QUERIES = {
    "inbox (busy unit, open, by deadline, 50)": (
        "SELECT id, due_at FROM {table} WHERE unit_id = %s AND status IN %s ORDER BY due_at LIMIT 50"
    ),
    "category in the live month (newest 50)": (
        "SELECT id, created_at FROM {table} WHERE category_id = %s AND created_at >= %s "
        "AND created_at < %s ORDER BY created_at DESC LIMIT 50"
    ),
    "category in an older month (newest 50)": (
        "SELECT id, created_at FROM {table} WHERE category_id = %s AND created_at >= %s "
        "AND created_at < %s ORDER BY created_at DESC LIMIT 50"
    ),
    "one ticket by id": "SELECT * FROM {table} WHERE id = %s",
    "live month: count per unit (ranking scan)": (
        "SELECT unit_id, count(*) FROM {table} WHERE created_at >= %s AND created_at < %s GROUP BY unit_id"
    ),
}


def _parameters(plan: Plan, end: datetime) -> dict[str, Callable[[random.Random], list]]:
    live = _month_start(end)
    following = _month_start(live + timedelta(days=32))
    older = _month_start(end - timedelta(days=30 * (plan.months // 2)))
    after_older = _month_start(older + timedelta(days=32))
    return {
        "inbox (busy unit, open, by deadline, 50)": lambda rng: [rng.randint(1, BUSY), OPEN],
        "category in the live month (newest 50)": lambda rng: [rng.randint(1, BUSY), live, following],
        "category in an older month (newest 50)": lambda rng: [rng.randint(1, BUSY), older, after_older],
        "one ticket by id": lambda rng: [rng.randint(1, plan.rows)],
        "live month: count per unit (ranking scan)": lambda rng: [live, following],
    }


def _time(cursor, sql: str, params: Callable, samples: int, rng: random.Random) -> tuple[float, float, int]:
    """→ p50 ms, p95 ms, and the buffers (pages) the last run touched."""
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        cursor.execute(sql, params(rng))
        cursor.fetchall()
        timings.append(1000 * (time.perf_counter() - started))
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params(rng))
    plan = cursor.fetchone()[0][0]["Plan"]
    pages = plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    return percentile(timings, 0.5), percentile(timings, 0.95), pages


def measure(
    *,
    sizes: Sequence[int],
    per_month: int,
    targets: Sequence[int],
    partitioned: bool,
    samples: int,
    content_bytes: int,
    keep: bool,
    out: Callable[[str], None],
) -> None:
    end = timezone.now()
    rng = random.Random(42)
    plans = [Plan(n, per_month, content_bytes, False) for n in sizes]
    if partitioned:
        plans += [Plan(n, per_month, content_bytes, True) for n in sizes]
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        try:
            last_plain: list[IndexFigures] = []
            for plan in plans:
                built = _create(cursor, plan, end)
                cursor.execute("SELECT pg_total_relation_size(%s), pg_relation_size(%s)", [plan.table] * 2)
                total, heap = cursor.fetchone()
                if plan.partitioned:
                    cursor.execute(
                        "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0), "
                        "coalesce(sum(pg_relation_size(inhrelid)), 0) FROM pg_inherits "
                        "WHERE inhparent = %s::regclass",
                        [plan.table],
                    )
                    total, heap = cursor.fetchone()
                out(
                    f"== {plan.label} ({plan.months} month{'s' if plan.months > 1 else ''} of {per_month:,}): built in {built:.0f} s, "
                    f"table {heap / 2**20:,.0f} MiB, with indexes {total / 2**20:,.0f} MiB"
                )
                indexes = _indexes(cursor, plan)
                for figures in indexes:
                    out(
                        f"  index {figures.name}: {figures.bytes / 2**20:,.0f} MiB, height {figures.height}, "
                        f"{figures.entries_per_page:.0f} entries/page"
                    )
                if not plan.partitioned:
                    last_plain = indexes
                parameters = _parameters(plan, end)
                for label, template in QUERIES.items():
                    sql, params = template.format(table=plan.table), parameters[label]
                    _time(cursor, sql, params, 2, rng)  # warm: the live month is hot in real use too
                    p50, p95, pages = _time(cursor, sql, params, samples, rng)
                    out(f"  {label}: p50_ms={p50:.2f} p95_ms={p95:.2f} pages={pages}")
            for target in targets:
                heights = ", ".join(
                    f"{figures.name} {predicted_height(rows=target, entries_per_page=figures.entries_per_page)}"
                    f" (~{target / figures.entries_per_page * PAGE_BYTES / 2**30:,.1f} GiB)"
                    for figures in last_plain
                    if "WHERE" not in INDEXES.get(figures.name, "")
                )
                out(
                    f"== predicted B-tree heights at {target:,} rows, one table: {heights}; "
                    "inbox: open tickets only, as now"
                )
        finally:
            if not keep:
                cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
