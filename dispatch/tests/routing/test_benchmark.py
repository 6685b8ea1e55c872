import io
from unittest import mock

import pytest
from django.core.management import call_command

from accounts.models import User
from dispatch.routing.benchmark import benchmark
from dispatch.routing.gazetteer import gazetteer_from
from hotline.models import Ticket
from notifications.models import Notification


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
