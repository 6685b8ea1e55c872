"""The drills and the CI smoke test start what production starts, and read worker logs right."""

import json
import shlex
from pathlib import Path

import yaml

from health.drills.scenarios import in_flight
from health.drills.stack import (
    ROOT,
    SETUP_COMMANDS,
    ProductionStack,
    Service,
    beat_command,
    web_command,
    worker_command,
)

BIN = Path("/venv/bin")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def as_run(command: list[str]) -> list[str]:
    return [Path(command[0]).name, *command[1:]]


def test_worker_and_beat_as_docker_compose_starts_them():
    services = compose()
    assert as_run(worker_command(BIN, concurrency=4)) == services["worker"]["command"]
    beat = services["beat"]["command"]
    assert as_run(beat_command(BIN, schedule=Path(beat[-1]))) == beat


def test_a_niced_worker_is_the_same_command_at_a_lower_priority():
    assert worker_command(BIN, concurrency=4, nice=10) == [
        "nice",
        "-n",
        "10",
        *worker_command(BIN, concurrency=4),
    ]


def test_web_as_the_dockerfile_starts_it():
    cmd = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    production = json.loads(cmd.removeprefix("CMD "))
    drill = as_run(web_command(BIN, port=8000, workers=4))
    everywhere = "0.0.0.0"  # noqa: S104 - the Dockerfile's bind address, read and replaced
    assert drill == [part.replace(everywhere, "127.0.0.1") for part in production]


def test_setup_loads_what_the_migrate_service_loads():
    script = compose()["migrate"]["command"].strip().removeprefix("sh -c ").strip('"')
    loads = [tuple(shlex.split(step)[2:]) for step in script.split("&&")]
    assert list(SETUP_COMMANDS) == loads


WORKER_LOG = """
[2026-11-30 10:00:00,000: INFO/MainProcess] Task dispatch.tasks.route_ticket[0a1b-01] received
[2026-11-30 10:00:00,001: INFO/MainProcess] Task dispatch.tasks.route_ticket[0a1b-02] received
[2026-11-30 10:00:00,002: INFO/MainProcess] Task dispatch.tasks.route_ticket[0a1b-03] received
[2026-11-30 10:00:00,050: INFO/ForkPoolWorker-1] Task dispatch.tasks.route_ticket[0a1b-01] succeeded in 0.04s: 'routed'
[2026-11-30 10:00:00,060: ERROR/ForkPoolWorker-2] Task dispatch.tasks.route_ticket[0a1b-02] raised unexpected: OperationalError('deadlock detected')
"""


def test_in_flight_tasks_are_received_and_not_finished():
    assert in_flight(WORKER_LOG) == {"0a1b-03"}


def test_restart_stopped_starts_only_what_stopped(tmp_path):
    stack = ProductionStack(python=BIN / "python", database_url="", redis_url="", var_dir=tmp_path)
    stack.services = {name: Service(name, ["sleep", "30"], env={}, log_dir=tmp_path) for name in ("a", "b")}
    with stack:
        stack.start()
        running = stack.services["a"].process.pid
        stack.services["b"].kill()

        assert stack.restart_stopped() == ["b"]
        assert stack.restart_stopped() == []
        assert stack.services["a"].process.pid == running and stack.services["b"].running()
    assert not any(service.running() for service in stack.services.values())
