from django.core.management.base import BaseCommand

from dispatch.routing.benchmark import benchmark


class Command(BaseCommand):
    help = "Route N generated addresses with the full gazetteer and print median and p95 time per ticket."

    def add_arguments(self, parser):
        parser.add_argument("-n", type=int, default=5000)

    def handle(self, *args, n, **options):
        result = benchmark(n)
        self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))
