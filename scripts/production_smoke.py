#!/usr/bin/env python3
"""Production smoke test: run it with the python of a virtualenv built from requirements.txt
ALONE (no test tools), so a runtime dependency missing from requirements.txt shows here.

    python3.11 -m venv /tmp/prodvenv && /tmp/prodvenv/bin/pip install -r requirements.txt
    /tmp/prodvenv/bin/python scripts/production_smoke.py \\
        --database-url postgres://root@127.0.0.1:5432/ci_prod --redis-url redis://127.0.0.1:6379/11

It (re)creates the database, migrates and loads the reference data, starts gunicorn, a Celery
worker and beat with config.settings.production exactly as the Dockerfile and docker-compose.yml
start them, waits for /healthz to report everything "ok" (beat's heartbeat run by the worker),
files a ticket over HTTP and waits for the worker to route it. Exits 1, printing every process's
log, on any failure; drops the database and empties the Redis database at the end.
Standard library only.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from health.drills.calls import request_json, ticket_file, ticket_payload, token_obtain  # noqa: E402
from health.drills.stack import ProductionStack, database_create, database_drop, redis_command  # noqa: E402

ROUTED_CHECK = """
from health.drills.observe import routing_figures
print(routing_figures(marker={marker!r}).routed)
"""


def say(text: str) -> None:
    print(f"[smoke] {text}", flush=True)


def wait(what: str, check, *, timeout: float, stack: ProductionStack, interval: float = 1) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        stopped = [name for name, service in stack.services.items() if not service.running()]
        if stopped:
            raise RuntimeError(f"{', '.join(stopped)} stopped while waiting for {what}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"no {what} within {timeout:.0f} s")
        time.sleep(interval)


def smoke(stack: ProductionStack, *, timeout: float) -> None:
    started = time.monotonic()
    logins = stack.prepare()
    say(f"migrated and loaded reference data ({time.monotonic() - started:.0f} s)")
    stack.start()
    health = {}

    def healthy() -> bool:
        health["status"], health["body"] = request_json("GET", f"{stack.base_url}/healthz", timeout=5)
        return (health["body"] or {}).get("status") == "ok"

    try:
        wait("healthy /healthz (database, broker, worker heartbeat)", healthy, timeout=timeout, stack=stack)
    finally:
        say(f"/healthz: HTTP {health.get('status')} {json.dumps(health.get('body'), ensure_ascii=False)}")
    token = token_obtain(stack.base_url, username="operator", password=logins["operator"])
    marker = f"smoke-{int(time.time())}"
    status, ticket_id = ticket_file(
        stack.base_url, token=token, payload=ticket_payload(marker=marker, number=1)
    )
    say(f"filed ticket {ticket_id}: HTTP {status}")
    if status != 201:
        raise RuntimeError(f"filing a ticket answered HTTP {status}")
    filed_at = time.monotonic()

    def routed() -> bool:
        return stack.manage("shell", "-c", ROUTED_CHECK.format(marker=marker)).split()[-1] == "1"

    wait("routing of the filed ticket", routed, timeout=timeout, stack=stack, interval=0.5)
    say(f"ticket {ticket_id} routed {time.monotonic() - filed_at:.1f} s after filing")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True, help="PostgreSQL database to create and drop")
    parser.add_argument("--redis-url", required=True, help="a Redis database of its own (emptied)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds for each wait")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="production_smoke_"))
    database_create(args.database_url)
    redis_command(args.redis_url, "FLUSHDB")
    stack = ProductionStack(
        python=Path(sys.executable),
        database_url=args.database_url,
        redis_url=args.redis_url,
        var_dir=var_dir,
        extra_env={"HEARTBEAT_SECONDS": "5"},
    )
    try:
        with stack:
            smoke(stack, timeout=args.timeout)
    except Exception as error:  # noqa: BLE001 - any failure is reported with the logs
        say(f"FAILED: {error}")
        print(stack.logs(tail_lines=200), flush=True)
        return 1
    finally:
        redis_command(args.redis_url, "FLUSHDB")
        database_drop(args.database_url)
    say("production smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
