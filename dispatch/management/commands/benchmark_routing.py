from django.core.management.base import BaseCommand

from benchmarks.routing import benchmark


class Command(BaseCommand):
    help = (
        "Route N generated addresses with the full gazetteer and print median and p95 time per "
        "decision; then file them as tickets and time the whole routing task per ticket (decision, "
        "dispatch, clocks, events, notices, commit: the task_ figures). That writes and then deletes "
        "N tickets: run it on a benchmark database, or pass --decision-only."
    )

    def add_arguments(self, parser):
        parser.add_argument("-n", type=int, default=5000)
        parser.add_argument(
            "--decision-only", action="store_true", help="time the decision only; write nothing"
        )

    def handle(self, *args, n, decision_only, **options):
        result = benchmark(n, task=not decision_only)
        self.stdout.write(" ".join(f"{key}={value}" for key, value in result.items()))
