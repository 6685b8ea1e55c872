"""The ``benchmark_dashboards`` command's work: the leaders' pages at a month's volume, through
Django's test client as a city leader sees them — the live month's dashboard (after its figures
were prepared), a frozen month's dashboard, the live month's ranking export, the analysis page for
a month and for a day — and the monthly computation itself. It makes no tickets: it reads the
months already in the database (``benchmark_metrics --keep`` makes them)."""

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from accounts.models import Membership, Role, User
from benchmarks.timing import Timing, seconds, time_page, time_work
from metrics.models import LiveFigures
from metrics.periods import month_of
from metrics.ranking import ranking_compute
from metrics.selectors import snapshot_versions
from metrics.tasks import refresh_live_figures
from units.models import Unit

BENCHMARK_USER = "benchmark-dashboards-leader"  # a prefix: each run its own user


def leader_client() -> tuple[Client, User]:
    """A city leader signed in (made for the run; the caller removes it)."""
    city = Unit.objects.filter(kind=Unit.Kind.CITY).order_by("code").first()
    if city is None:
        raise ValueError("no city unit: load the divisions first (load_divisions)")
    with transaction.atomic():
        user = User.objects.create(
            username=f"{BENCHMARK_USER}-{uuid.uuid4().hex[:8]}", password=make_password(None)
        )
        Membership.objects.create(user=user, unit=city, role=Role.LEADER)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client, user


def prepare_live_figures(*, month: date, unit_kind: str) -> float:
    """Run the periodic task once, as beat does (nothing cached before it); returns its seconds.
    The live month must be one it computes: this month, or last month while not frozen."""
    cache.clear()
    spent = seconds(refresh_live_figures)
    if not LiveFigures.objects.filter(month=month, unit_kind=unit_kind).exists():
        raise ValueError(f"the periodic task does not compute {month:%Y-%m}: use this month or last month")
    return spent


def _first_and_rest(label: str, client: Client, url: str, *, count: int) -> tuple[float, Timing]:
    """The first request's milliseconds apart (it may fill a cache), then ``count`` requests."""
    first = time_page(f"{label} (first request)", client, url, count=1)
    return first.samples_ms[0], time_page(label, client, url, count=count)


def dashboards_benchmark(
    *, live_month: date, frozen_month: date, unit_kind: str, count: int, compute_runs: int, out: Callable
) -> dict[str, Timing]:
    live_month, frozen_month = month_of(live_month), month_of(frozen_month)
    if snapshot_versions(month=live_month, unit_kind=unit_kind).exists():
        raise ValueError(f"{live_month:%Y-%m} is frozen: the live month must not be")
    if not snapshot_versions(month=frozen_month, unit_kind=unit_kind).exists():
        raise ValueError(f"{frozen_month:%Y-%m} has no snapshot: the frozen month must have one")
    client, user = leader_client()
    results: dict[str, Timing] = {}

    def record(key: str, timing: Timing, first_ms: float | None = None) -> None:
        results[key] = timing
        first = f" first_ms={first_ms:.1f}" if first_ms is not None else ""
        out(timing.line() + first)

    try:
        prepared = prepare_live_figures(month=live_month, unit_kind=unit_kind)
        out(f"periodic task refresh_live_figures (every assessed kind, live months): {prepared:.2f} s")
        query = f"kind={unit_kind}"
        first, timing = _first_and_rest(
            "live dashboard", client, f"/metrics/?month={live_month:%Y-%m}&{query}", count=count
        )
        record("live_dashboard", timing, first)
        first, timing = _first_and_rest(
            "frozen dashboard", client, f"/metrics/?month={frozen_month:%Y-%m}&{query}", count=count
        )
        record("frozen_dashboard", timing, first)
        first, timing = _first_and_rest(
            "live ranking export (xlsx)",
            client,
            f"/metrics/ranking.xlsx?month={live_month:%Y-%m}&{query}",
            count=count,
        )
        record("live_export", timing, first)
        day = live_month + timedelta(days=14)
        for period, on in (("month", live_month), ("day", day)):
            first, timing = _first_and_rest(
                f"analysis page ({period} {on:%Y-%m-%d})",
                client,
                f"/metrics/analysis/?period={period}&date={on.isoformat()}",
                count=count,
            )
            record(f"analysis_{period}", timing, first)
        timing = time_work(
            f"monthly computation (ranking_compute {live_month:%Y-%m} {unit_kind})",
            lambda: ranking_compute(month=live_month, unit_kind=unit_kind),
            count=compute_runs,
        )
        record("computation", timing)
    finally:
        user.delete()
    return results
