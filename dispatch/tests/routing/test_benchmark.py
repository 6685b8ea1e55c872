from unittest import mock

import pytest

from dispatch.routing.benchmark import benchmark
from dispatch.routing.gazetteer import gazetteer_from


@pytest.mark.usefixtures("beijing_places")
def test_benchmark_reports_per_call_times():
    result = benchmark(40)
    assert result["n"] == 40 and result["phrases"] > 15000
    assert 0 < result["median_ms"] <= result["p95_ms"] <= result["max_ms"]


@pytest.mark.django_db
def test_benchmark_needs_the_divisions():
    with (
        mock.patch("dispatch.routing.benchmark.gazetteer_forget"),
        mock.patch("dispatch.routing.benchmark.gazetteer_get", return_value=gazetteer_from({})),
        pytest.raises(ValueError, match="load_divisions"),
    ):
        benchmark(5)
