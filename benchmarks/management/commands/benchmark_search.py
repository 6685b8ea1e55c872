from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.search import benchmark, unguarded_short_word


class Command(BaseCommand):
    help = (
        "PostgreSQL only, on a database that already holds millions of tickets (manage.py "
        "benchmark_metrics --tickets 2000000 --keep makes them; migrate hotline first for the trigram "
        "indexes): vary the generated tickets' text when it is one template repeated, then print "
        "p50/p95 of the ticket search's first page (number, phone, address and content words) for a "
        "dispatcher and for the busiest street's official, and EXPLAIN ANALYZE of the slowest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="runs per search (at least 20)")
        parser.add_argument(
            "--no-vary", action="store_true", help="time the text as it is, even when it is repetitive"
        )
        parser.add_argument(
            "--short-word",
            default="",
            help="also EXPLAIN ANALYZE a search for this one- or two-character word without a date "
            "range (which the search itself refuses)",
        )

    def handle(self, *args, runs, no_vary, short_word, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "benchmark_search measures PostgreSQL's plans and speed; this database is "
                f"{connection.vendor}. Run it with DATABASE_URL=postgres://…"
            )
        if runs < 20:
            raise CommandError("need --runs ≥ 20 for a p95")
        try:
            benchmark(runs=runs, vary=not no_vary, out=self.stdout.write)
        except LookupError as error:
            raise CommandError(str(error)) from None
        if short_word:
            unguarded_short_word(word=short_word, out=self.stdout.write)
