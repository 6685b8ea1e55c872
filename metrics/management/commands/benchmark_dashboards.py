from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.dashboards import dashboards_benchmark
from units.models import Unit


def _month(text: str):
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"a month is YYYY-MM, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "PostgreSQL, on a benchmark database holding months made by `benchmark_metrics --keep`: time "
        "the leaders' dashboard for a live (not frozen) month and a frozen one, the live month's "
        "ranking export, the analysis page for the live month and a day of it (p50/p95/queries), "
        "and the monthly computation of the live month."
    )

    def add_arguments(self, parser):
        parser.add_argument("--live-month", type=_month, required=True, help="YYYY-MM, not frozen")
        parser.add_argument("--frozen-month", type=_month, required=True, help="YYYY-MM, frozen")
        parser.add_argument("--kind", default=Unit.Kind.STREET, choices=[Unit.Kind.STREET])
        parser.add_argument("--requests", type=int, default=20, help="requests per page")
        parser.add_argument("--compute-runs", type=int, default=3, help="runs of the computation")

    def handle(self, *args, live_month, frozen_month, kind, requests, compute_runs, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"benchmark_dashboards measures PostgreSQL; this database is {connection.vendor}"
            )
        if requests < 1 or compute_runs < 1:
            raise CommandError("need --requests ≥ 1 and --compute-runs ≥ 1")
        try:
            dashboards_benchmark(
                live_month=live_month,
                frozen_month=frozen_month,
                unit_kind=kind,
                count=requests,
                compute_runs=compute_runs,
                out=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
