"""The ``benchmark_search`` command's work: on a PostgreSQL database that already holds millions of
tickets (``manage.py benchmark_metrics --tickets 2000000 --keep`` makes them), time the ticket
search as the /tickets/ page runs it — ``hotline.selectors.search.ticket_search``, then the first
page of 50 with its capped count — for a hotline dispatcher and for the official of the busiest
street, and print the plan (EXPLAIN ANALYZE) of the slowest search.

Generated tickets all carry one template's text; the run says so and varies them first
(``benchmarks.search_text``) so that the trigram indexes are as selective as on real calls."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from accounts.models import Role
from benchmarks.pages import busiest_scene, scene_users
from benchmarks.search_text import ISSUES, ROADS, places, text_variety, tickets_vary
from benchmarks.timing import Timing, time_work
from core.pagination import CappedCountPaginator
from hotline.models import Ticket
from hotline.selectors.search import SHORT_WORD_MAX_DAYS, TicketCriteria, ticket_search, tickets_matching

PAGE_SIZE = 50
REPETITIVE_SHARE = 0.05  # fewer distinct contents than this share of a sample: generated text


@dataclass(frozen=True)
class Search:
    label: str
    criteria: Callable[[int], TicketCriteria]  # run number → what is asked (varied per run)
    hotline_only: bool = False


def searches(samples: dict[str, list[str]], month_start) -> list[Search]:
    def pick(kind: str, run: int) -> str:
        values = samples[kind]
        return values[run % len(values)]

    # The longest range a short word is searched in: the worst case the search allows.
    month_end = month_start + timedelta(days=SHORT_WORD_MAX_DAYS - 1)
    return [
        Search("number, exact", lambda run: TicketCriteria(number=pick("numbers", run))),
        Search("number, prefix", lambda run: TicketCriteria(number=pick("numbers", run)[:-3])),
        Search("phone", lambda run: TicketCriteria(phone=pick("phones", run)), hotline_only=True),
        Search("address, community", lambda run: TicketCriteria(address=pick("communities", run))),
        Search(
            "address, street + road",
            lambda run: TicketCriteria(address=f"{pick('streets', run)} {pick('roads', run)}"),
        ),
        Search("content, common phrase", lambda run: TicketCriteria(content=pick("issues", run))),
        Search(
            "content, two phrases",
            lambda run: TicketCriteria(content=f"{pick('issues', run)} {pick('issues', run + 7)}"),
        ),
        Search("content, community (rare)", lambda run: TicketCriteria(content=pick("communities", run))),
        Search(
            f"content, 2-char word + {SHORT_WORD_MAX_DAYS}-day range",
            lambda run: TicketCriteria(
                content=pick("issues", run)[-2:], received_from=month_start, received_to=month_end
            ),
        ),
        Search(
            f"content phrase + {SHORT_WORD_MAX_DAYS}-day range",
            lambda run: TicketCriteria(
                content=pick("issues", run), received_from=month_start, received_to=month_end
            ),
        ),
    ]


def first_page(user, criteria: TicketCriteria) -> int:
    """What the page reads: the capped count and the first 50 rows."""
    paginator = CappedCountPaginator(ticket_search(user, criteria), PAGE_SIZE)
    return len(paginator.page(1).object_list) + paginator.count


def sample_values(count: int) -> dict[str, list[str]]:
    """Values that occur in the data: numbers and phones of random tickets, shipped community and
    street names, the complaint phrases; shuffled with a fixed seed."""
    rows = list(
        Ticket.objects.raw(
            "SELECT id, number, caller_phone FROM hotline_ticket TABLESAMPLE SYSTEM (0.1) REPEATABLE (7) "
            "WHERE caller_phone <> '' LIMIT %s",
            [count],
        )
    )
    if len(rows) < count:  # a table too small for a 0.1 % sample of pages
        rows = list(Ticket.objects.exclude(caller_phone="").order_by("-id")[:count])
    if not rows:
        raise LookupError("no tickets with a caller phone here: make them first (benchmark_metrics --keep)")
    rng = random.Random(7)
    named = places()
    rng.shuffle(named)
    communities = [name.split("街道")[-1] for name in named if "街道" in name][:count]
    streets = [name.split("街道")[0] + "街道" for name in named if "街道" in name][:count]
    issues = list(ISSUES)
    rng.shuffle(issues)
    return {
        "numbers": [row.number for row in rows],
        "phones": [row.caller_phone for row in rows],
        "communities": communities,
        "streets": streets,
        "roads": list(ROADS),
        "issues": issues,
    }


def explain(user, criteria: TicketCriteria) -> str:
    rows = ticket_search(user, criteria)[:PAGE_SIZE]
    return rows.explain(analyze=True, buffers=True)


def benchmark(*, runs: int, vary: bool, out: Callable[[str], None]) -> list[Timing]:
    total = Ticket.objects.order_by().count()
    distinct, read, commonest = text_variety()
    out(f"{total:,} tickets; {distinct:,} distinct contents among the newest {read:,}")
    if read and distinct < REPETITIVE_SHARE * read:
        out(
            f"  the text is repetitive (generated: {commonest!r} over and over), which no index"
            " narrows as it would real calls' text"
        )
        if vary:
            out("  varying it (benchmarks.search_text):")
            tickets_vary(template=commonest, out=out)
        else:
            out("  --no-vary: timing it as it is")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'hotline_ticket' AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        out(
            "trigram indexes: " + (", ".join(row[0] for row in cursor.fetchall()) or "none (migrate hotline)")
        )
    scene = busiest_scene()
    users = scene_users(scene)
    month_start = timezone.localdate(Ticket.objects.order_by("-received_at").first().received_at).replace(
        day=1
    )
    out(f"street official of {scene.street.name} ({scene.street_orders:,} orders); dispatcher of the hotline")
    samples = sample_values(max(runs, 20))
    timings, slowest = [], None
    for search in searches(samples, month_start):
        for role in (Role.DISPATCHER, Role.STREET_OFFICIAL):
            if search.hotline_only and role != Role.DISPATCHER:
                continue
            user, runs_done = users[role], iter(range(runs))
            timing = time_work(
                f"{search.label} [{role}]",
                lambda user=user, search=search, runs_done=runs_done: first_page(
                    user, search.criteria(next(runs_done))
                ),
                count=runs,
            )
            out(timing.line())
            timings.append(timing)
            if slowest is None or timing.p95 > slowest[0].p95:
                slowest = (timing, user, search.criteria(runs - 1))
    if slowest:
        timing, user, criteria = slowest
        out(f"\nslowest by p95: {timing.label}; plan of its page query for {criteria}:")
        out(explain(user, criteria))
    return timings


def unguarded_short_word(*, word: str, out: Callable[[str], None]) -> None:
    """What a two-character word alone would cost (the search refuses it without a date range):
    the plan of the page query the selector would run, over the whole table."""
    rows = tickets_matching(Ticket.objects.all(), TicketCriteria(content=word))[:PAGE_SIZE]
    out(f"\nrefused search, timed here only: content={word!r} without a date range")
    out(rows.explain(analyze=True, buffers=True))
