import io
from unittest import mock

import pytest
from django.core.management import call_command

from accounts.models import User
from benchmarks.routing import benchmark
from dispatch.routing.gazetteer import gazetteer_from
from hotline.models import Ticket
from notifications.models import Notification


@pytest.mark.usefixtures("beijing_places")
def test_benchmark_reports_per_call_times():
    result = benchmark(40)
    assert result["n"] == 40 and result["phrases"] > 15000
    assert result["build_ms"] > 0 and result["median_ms"] > 0


@pytest.mark.usefixtures("beijing_places")
def test_the_figures_are_those_of_the_timed_calls():
    """A stub clock: building the gazetteer takes 250 ms, the twenty routings 1 … 19 ms and one
    100 ms; the figures must be those samples' median, nearest-rank p95 and maximum."""
    durations_ms = [*range(1, 20), 100]
    ticks = [0.0, 0.25]
    for index, duration in enumerate(durations_ms):
        start = 10.0 * (index + 1)
        ticks += [start, start + duration / 1000]
    with mock.patch("benchmarks.routing.perf_counter", side_effect=ticks) as clock:
        result = benchmark(len(durations_ms))

    assert clock.call_count == len(ticks)  # one start and one stop per routed ticket, none untimed
    assert result["n"] == 20
    assert result["build_ms"] == pytest.approx(250)
    assert result["median_ms"] == pytest.approx(10.5)
    assert result["p95_ms"] == pytest.approx(19)
    assert result["max_ms"] == pytest.approx(100)


@pytest.mark.django_db
def test_benchmark_needs_the_divisions():
    with (
        mock.patch("benchmarks.routing.gazetteer_forget"),
        mock.patch("benchmarks.routing.gazetteer_get", return_value=gazetteer_from({})),
        pytest.raises(ValueError, match="load_divisions"),
    ):
        benchmark(5)


@pytest.mark.usefixtures("fresh_routing")
def test_the_command_times_the_whole_task_and_leaves_nothing_behind(beijing):
    users = User.objects.count()
    out = io.StringIO()
    call_command("benchmark_routing", "-n", "6", stdout=out)

    figures = dict(item.split("=") for item in out.getvalue().split())
    assert figures["n"] == "6"
    assert (
        0 < float(figures["task_median_ms"]) <= float(figures["task_p95_ms"]) <= float(figures["task_max_ms"])
    )
    assert int(figures["task_queries"]) > 5
    assert not Ticket.objects.exists() and not Notification.objects.exists()
    assert User.objects.count() == users
