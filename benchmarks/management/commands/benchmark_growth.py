from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.growth import measure


def _counts(text: str) -> list[int]:
    try:
        counts = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"expected whole numbers separated by commas, not {text!r}") from None
    if not counts or min(counts) < 1:
        raise CommandError(f"expected positive whole numbers, not {text!r}")
    return counts


class Command(BaseCommand):
    help = (
        "PostgreSQL only: build ticket-shaped tables of the given sizes in a scratch schema "
        "(benchmark_growth), print each index's size and height and the time of the hot queries "
        "(inbox, category in a month, ticket by id, a month's count per unit), optionally the same "
        "for a table partitioned by month, and the B-tree heights predicted for the target sizes; "
        "then drop the schema (unless --keep)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=_counts, default=[2_000_000, 20_000_000], help="e.g. 2000000,20000000"
        )
        parser.add_argument("--per-month", type=int, default=2_000_000, help="tickets in one month")
        parser.add_argument(
            "--targets",
            type=_counts,
            default=[120_000_000, 360_000_000, 960_000_000],
            help="sizes to predict heights for (tickets in 5 years; clocks and events at 3 and 8 per ticket)",
        )
        parser.add_argument("--partitioned", action="store_true", help="also measure month partitions")
        parser.add_argument("--samples", type=int, default=20, help="runs of each query")
        parser.add_argument("--content-bytes", type=int, default=256, help="width of the text column")
        parser.add_argument("--keep", action="store_true", help="keep the scratch schema")

    def handle(self, *args, rows, per_month, targets, partitioned, samples, content_bytes, keep, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"benchmark_growth measures PostgreSQL's indexes; this database is {connection.vendor}. "
                "Run it with DATABASE_URL=postgres://…"
            )
        if per_month < 1 or samples < 1:
            raise CommandError("need --per-month ≥ 1 and --samples ≥ 1")
        measure(
            sizes=rows,
            per_month=per_month,
            targets=targets,
            partitioned=partitioned,
            samples=samples,
            content_bytes=content_bytes,
            keep=keep,
            out=self.stdout.write,
        )
