from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from benchmarks.metrics import benchmark
from benchmarks.metrics import compute_only as benchmark_compute_only
from benchmarks.metrics_plan import STREET
from metrics.periods import last_month, month_bounds
from metrics.selectors import snapshot_versions


def _month(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month takes a month as YYYY-MM, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "PostgreSQL only, on a benchmark database: create one month of tickets across the streets "
        "(loading the shipped divisions if there are none), time the monthly computation, its "
        "freezing and the dashboard's read of the frozen snapshot, print the plans of the "
        "computation's queries, then remove the data (unless --keep)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tickets", type=int, default=2_000_000, help="tickets to create")
        parser.add_argument(
            "--month", type=_month, default=None, help="YYYY-MM, a finished month (default: last month)"
        )
        parser.add_argument(
            "--reads", type=int, default=20, help="snapshot reads to time (the median counts)"
        )
        parser.add_argument("--keep", action="store_true", help="keep the data (default: remove it)")
        parser.add_argument(
            "--compute-only",
            action="store_true",
            help="create nothing: time the computation of --month on the data stored (e.g. before and "
            "after another month is added)",
        )
        parser.add_argument("--plans", action="store_true", help="with --compute-only: print the plans too")

    def handle(self, *args, tickets, month, reads, keep, compute_only, plans, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "benchmark_metrics measures PostgreSQL's query plans and speed; this database is "
                f"{connection.vendor}. Run it with DATABASE_URL=postgres://…"
            )
        if tickets < 1 or reads < 1:
            raise CommandError("need --tickets ≥ 1 and --reads ≥ 1")
        month = month or last_month()
        if compute_only:
            result = benchmark_compute_only(month=month, plans=plans, out=self.stdout.write)
            self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))
            return
        if month_bounds(month)[1] > timezone.now():
            raise CommandError(f"{month:%Y-%m} is not over yet: only a finished month is frozen")
        if snapshot_versions(month=month, unit_kind=STREET).exists():
            raise CommandError(f"{month:%Y-%m} is already frozen for streets here; choose another --month")
        benchmark(tickets=tickets, month=month, keep=keep, reads=reads, out=self.stdout.write)
