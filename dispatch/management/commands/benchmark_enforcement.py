from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.enforcement import benchmark


class Command(BaseCommand):
    help = (
        "PostgreSQL only, on a benchmark database: create many running clocks with a few due, print "
        "the plan of the sweep's queries and time one deadline-enforcement run. The run notifies "
        "every dispatcher in the database of the breaches it records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clocks", type=int, default=1_000_000, help="running clocks to create")
        parser.add_argument("--due", type=int, default=1_000, help="of those, past warning and deadline")
        parser.add_argument("--keep", action="store_true", help="keep the data (default: remove it)")

    def handle(self, *args, clocks, due, keep, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "benchmark_enforcement measures PostgreSQL's query plans and speed; this database is "
                f"{connection.vendor}. Run it with DATABASE_URL=postgres://…"
            )
        if clocks < 1 or not 0 <= due <= clocks:
            raise CommandError("need --clocks ≥ 1 and 0 ≤ --due ≤ --clocks")
        benchmark(clocks=clocks, due=due, keep=keep, out=self.stdout.write)
