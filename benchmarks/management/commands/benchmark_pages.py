from django.core.management.base import BaseCommand, CommandError

from benchmarks.pages import benchmark


class Command(BaseCommand):
    help = (
        "On an existing database with orders (it makes none: `manage.py benchmark_metrics --keep` "
        "creates 2,000,000 tickets of a month on PostgreSQL), find the busiest street, make or find a "
        "street official of it and a dispatcher, and print p50/p95/queries of each list page "
        "(benchmarks.pages.PAGES) read as them; --baseline adds the same pages for the quietest street "
        "and a month without tickets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20, help="requests per page")
        parser.add_argument(
            "--baseline", action="store_true", help="also time the pages where there is nothing to find"
        )

    def handle(self, *args, requests, baseline, **options):
        if requests < 1:
            raise CommandError("need --requests ≥ 1")
        try:
            benchmark(count=requests, baseline=baseline, out=self.stdout.write)
        except LookupError as error:
            raise CommandError(str(error)) from None
