"""How every benchmark measures: wall-clock samples, nearest-rank percentiles, and a page timed
through Django's test client with its query count."""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of ``samples``: the smallest sample with at least
    that share of the samples at or below it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil without float surprises at share=1
    return ordered[int(rank) - 1]


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@dataclass(frozen=True)
class Timing:
    """Milliseconds of ``count`` runs of one piece of work, and the queries of the last run."""

    label: str
    samples_ms: tuple[float, ...]
    queries: int = 0
    status: int | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 0.95)

    @property
    def max(self) -> float:
        return max(self.samples_ms)

    def line(self) -> str:
        status = f" status={self.status}" if self.status is not None else ""
        return (
            f"{self.label}: n={len(self.samples_ms)} p50_ms={self.p50:.1f} p95_ms={self.p95:.1f}"
            f" max_ms={self.max:.1f} queries={self.queries}{status}"
        )


def time_work(label: str, work: Callable[[], object], *, count: int) -> Timing:
    """Run ``work`` ``count`` times; the queries are counted on the last run."""
    samples = [1000 * seconds(work) for _ in range(count - 1)]
    reset_queries()  # with DEBUG on, a full query log would make the count below read 0
    with CaptureQueriesContext(connection) as captured:
        samples.append(1000 * seconds(work))
    return Timing(label, tuple(samples), queries=len(captured.captured_queries))


def time_page(label: str, client, url: str, *, count: int = 20, **headers) -> Timing:
    """GET ``url`` ``count`` times with ``client`` (a logged-in ``django.test.Client`` or DRF
    ``APIClient``); fails loudly on anything but 200 so a refused page is never timed as fast."""
    responses = []

    def get():
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"{label}: GET {url} answered {response.status_code}")
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        responses.append(response.status_code)

    timing = time_work(label, get, count=count)
    return Timing(label, timing.samples_ms, queries=timing.queries, status=responses[-1])
