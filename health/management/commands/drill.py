import os

from django.core.management.base import BaseCommand, CommandError

from health.drills.scenarios import DRILLS
from health.drills.site import DrillSite

DEFAULT_TICKETS = {"a": 50, "b": 200, "c": 100}


class Command(BaseCommand):
    help = (
        "Outage drills on PostgreSQL: a throwaway database and redis-server, gunicorn + Celery worker "
        "+ beat with production settings; (a) broker down while filing, (b) concurrent intake, "
        "(c) worker kill -9 mid-burst. Prints one line of figures per drill; exits 1 if any fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=sorted(DRILLS), action="append", help="run only this drill")
        parser.add_argument("--tickets", type=int, help="tickets per drill (default a 50, b 200, c 100)")
        parser.add_argument("--threads", type=int, default=8, help="concurrent HTTP clients")
        parser.add_argument(
            "--broker-timeout", type=float, default=120, help="a: seconds after Redis returns"
        )
        parser.add_argument(
            "--routing-timeout", type=float, default=120, help="b: seconds to wait for routing"
        )
        parser.add_argument("--recovery-timeout", type=float, default=300, help="c: seconds after the kill")
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--concurrency", type=int, default=4, help="Celery worker processes")
        parser.add_argument(
            "--env", action="append", default=[], metavar="NAME=VALUE", help="extra setting for every process"
        )
        parser.add_argument("--keep", action="store_true", help="keep the drill database and logs")

    def handle(self, *args, **options):
        try:
            extra_env = dict(item.split("=", 1) for item in options["env"])
        except ValueError as error:
            raise CommandError("--env takes NAME=VALUE") from error
        timeouts = {
            "a": options["broker_timeout"],
            "b": options["routing_timeout"],
            "c": options["recovery_timeout"],
        }
        site = DrillSite(
            keep=options["keep"],
            web_workers=options["web_workers"],
            concurrency=options["concurrency"],
            extra_env=extra_env,
            say=lambda text: self.stdout.write(f"[drill] {text}"),
        )
        outcomes = []
        with site:
            for key in options["only"] or sorted(DRILLS):
                restarted = site.stack.restart_stopped()
                if restarted:
                    self.stdout.write(f"[drill] restarted {', '.join(restarted)} before drill {key}")
                    site.wait_serving(timeout=60)
                outcome = DRILLS[key](
                    site,
                    tickets=options["tickets"] or DEFAULT_TICKETS[key],
                    threads=options["threads"],
                    timeout=timeouts[key],
                    marker=f"drill-{key}-{os.getpid()}",
                )
                self.stdout.write(outcome.line())
                outcomes.append(outcome)
            if not all(outcome.passed for outcome in outcomes):
                self.stdout.write(site.stack.logs(tail_lines=40))
        if not all(outcome.passed for outcome in outcomes):
            raise CommandError("drill failed")
