"""benchmark_dashboards on a tiny database: it runs the periodic task, times every page and the
computation, prints one line each, and leaves no user behind. PostgreSQL only, like its figures."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from benchmarks.dashboards import BENCHMARK_USER
from metrics import services
from metrics.periods import last_month, month_bounds, month_of
from metrics.tests.factories import ScoringSchemeFactory, order
from units.tests.factories import CityFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_it_refuses_to_run_on_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark_dashboards", "--live-month", "2026-11", "--frozen-month", "2026-10")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL only")
def test_a_tiny_run_prints_every_figure(capsys):
    this, previous = month_of(timezone.localdate()), last_month()
    ScoringSchemeFactory(unit_kind="street", effective_from=previous)
    district = DistrictFactory(parent=CityFactory())
    street = StreetFactory(parent=district)
    for month in (previous, this):
        start, _end = month_bounds(month)
        order(
            street,
            due=start + timedelta(hours=30),
            callbacks=((start + timedelta(hours=40), "solved", "satisfied"),),
        )
    services.snapshot_freeze(month=previous, unit_kind="street")

    call_command(
        "benchmark_dashboards",
        "--live-month",
        f"{this:%Y-%m}",
        "--frozen-month",
        f"{previous:%Y-%m}",
        "--requests",
        "2",
        "--compute-runs",
        "1",
    )

    out = capsys.readouterr().out
    assert "periodic task refresh_live_figures" in out
    for label in (
        "live dashboard",
        "frozen dashboard",
        "live ranking export",
        "analysis page (month",
        "analysis page (day",
        "monthly computation",
    ):
        assert f"{label}" in out and "p95_ms=" in out.split(label, 1)[1].splitlines()[0]
    assert not User.objects.filter(username__startswith=BENCHMARK_USER).exists()
    with pytest.raises(CommandError, match="frozen"):
        call_command(
            "benchmark_dashboards", "--live-month", f"{previous:%Y-%m}", "--frozen-month", f"{previous:%Y-%m}"
        )
