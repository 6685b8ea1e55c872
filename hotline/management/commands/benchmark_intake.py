from django.core.management.base import BaseCommand, CommandError

from benchmarks.intake import benchmark_intake


class Command(BaseCommand):
    help = (
        "Intake under wrk load beside a bare DRF create endpoint, alternating; prints req/s, p50, p99, "
        "non-2xx per run, the ratio per pair and how many filed tickets were routed. Creates and drops "
        "the given PostgreSQL database and empties the given Redis database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database-url", required=True, help="a PostgreSQL database to create and drop")
        parser.add_argument("--redis-url", required=True, help="a Redis database of its own (emptied)")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--wait", type=float, default=60, help="seconds to wait for routing to finish")
        parser.add_argument(
            "--web-threads", type=int, default=1, help="gunicorn threads per worker, for both apps (1: sync)"
        )
        parser.add_argument(
            "--worker-concurrency",
            type=int,
            default=4,
            help="the Celery worker's processes (docker-compose: 4)",
        )
        parser.add_argument(
            "--worker-nice",
            type=int,
            default=0,
            choices=range(20),
            metavar="0-19",
            help="run the Celery worker at this lower CPU priority (nice -n), as a box serving web "
            "requests too may (0: as docker-compose runs it)",
        )

    def handle(
        self,
        *args,
        database_url,
        redis_url,
        rounds,
        wait,
        worker_concurrency,
        worker_nice,
        web_threads,
        **options,
    ):
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise CommandError("benchmark_intake runs on PostgreSQL: give a postgres:// URL.")
        benchmark_intake(
            database_url=database_url,
            redis_url=redis_url,
            rounds=rounds,
            wait_seconds=wait,
            worker_concurrency=worker_concurrency,
            worker_nice=worker_nice,
            web_threads=web_threads,
            say=lambda text: self.stdout.write(text),
        )
