import pytest

from benchmarks.timing import Timing, percentile


def test_percentile_is_nearest_rank():
    samples = list(range(1, 21))  # 1..20
    assert percentile(samples, 0.95) == 19
    assert percentile(samples, 0.5) == 10
    assert percentile(samples, 1.0) == 20
    assert percentile([7.0], 0.95) == 7.0


def test_percentile_refuses_no_samples():
    with pytest.raises(ValueError):
        percentile([], 0.95)


def test_timing_line_names_the_figures():
    timing = Timing("inbox", (10.0, 20.0, 30.0), queries=7, status=200)
    assert timing.p50 == 20.0
    assert timing.p95 == 30.0
    assert timing.line() == "inbox: n=3 p50_ms=20.0 p95_ms=30.0 max_ms=30.0 queries=7 status=200"


@pytest.mark.django_db
def test_time_page_refuses_a_page_that_is_not_200(client):
    from benchmarks.timing import time_page

    with pytest.raises(RuntimeError, match="answered"):
        time_page("nowhere", client, "/no-such-page/", count=2)
