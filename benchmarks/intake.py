"""Intake under load, beside a yardstick (issue 13, acceptance 1).

On a fresh PostgreSQL database and a Redis database of its own, start the project as production
runs it (gunicorn with 2 sync workers, a Celery worker and beat: health.drills.stack) and the
yardstick (benchmarks.yardstick: the thinnest Django + DRF create endpoint for a ticket-shaped row,
same gunicorn command and workers, same database). Drive each in turn with ``wrk -t2 -c8 -d20s``
POSTing JSON (a Lua script: the project's API token, a unique Idempotency-Key per request),
yardstick first, ``rounds`` times; print req/s, p50, p99 and non-2xx answers per run and the ratio
project/yardstick per pair. Before each run the project's routing backlog (outbox rows not done)
is drained, so that neither side pays for the other's leftovers. After the last run, wait until
every ticket filed is routed or queued for a dispatcher (at most ``wait_seconds``) and count them.

The machine is shared: compare the ratios within one run, not absolute figures across runs."""

import json
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from health.drills.calls import request_json, ticket_payload, token_obtain
from health.drills.stack import (
    ROOT,
    ProductionStack,
    Service,
    database_create,
    database_drop,
    free_port,
    redis_command,
    web_command,
)

WRK_ARGUMENTS = ("-t2", "-c8", "-d20s")
TICKETS_PATH = "/api/v1/tickets/"
YARDSTICK_SETTINGS = "benchmarks.yardstick.settings"
RESULT_PREFIX = "BENCHMARK-RESULT "

# Each wrk thread has its own Lua state: ``setup`` numbers the threads, so that thread, counter
# and the run's prefix make every Idempotency-Key unique; ``done`` sums what the threads counted.
LUA_TEMPLATE = """\
local threads = {}
local bodies = %(bodies)s

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  counter = 0
  not_2xx = 0
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Token %(token)s",
    ["Idempotency-Key"] = string.format("%(prefix)s-%%d-%%d", thread_id, counter),
  }
  return wrk.format("POST", "%(path)s", headers, bodies[(counter %% #bodies) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
  end
end

function done(summary, latency, requests)
  local not_2xx_total = 0
  for _, thread in ipairs(threads) do
    not_2xx_total = not_2xx_total + thread:get("not_2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    '%(result_prefix)s{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, '
      .. '"not_2xx": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    not_2xx_total, errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def lua_quote(text: str) -> str:
    """A Lua string literal holding ``text``'s UTF-8 bytes: printable ASCII as it is, every other
    byte (and the quote and backslash) as a decimal escape, which every Lua reads alike."""
    plain = set(range(32, 127)) - {ord('"'), ord("\\")}
    return '"' + "".join(chr(b) if b in plain else f"\\{b:03d}" for b in text.encode()) + '"'


def lua_script(*, bodies: list[str], token: str, prefix: str, path: str = TICKETS_PATH) -> str:
    """The wrk script that POSTs ``bodies`` in turn, each request with its own Idempotency-Key."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", prefix) or not re.fullmatch(r"[A-Za-z0-9]*", token):
        raise ValueError("prefix and token must be plain words")
    return LUA_TEMPLATE % {
        "bodies": "{" + ", ".join(lua_quote(body) for body in bodies) + "}",
        "token": token,
        "prefix": prefix,
        "path": path,
        "result_prefix": RESULT_PREFIX,
    }


@dataclass(frozen=True)
class WrkRun:
    label: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    not_2xx: int
    socket_errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.label:>9}: {self.per_second:7.1f} req/s  p50 {self.p50_ms:7.1f} ms  "
            f"p99 {self.p99_ms:7.1f} ms  requests {self.requests}  non-2xx {self.not_2xx}  "
            f"socket errors {self.socket_errors}"
        )


def wrk_result_parse(output: str, *, label: str) -> WrkRun:
    """The figures the script's ``done`` printed."""
    for line in output.splitlines():
        if line.startswith(RESULT_PREFIX):
            figures = json.loads(line.removeprefix(RESULT_PREFIX))
            return WrkRun(
                label=label,
                requests=figures["requests"],
                seconds=figures["duration_us"] / 1e6,
                p50_ms=figures["p50_us"] / 1000,
                p99_ms=figures["p99_us"] / 1000,
                not_2xx=figures["not_2xx"],
                socket_errors=figures["socket_errors"],
            )
    raise RuntimeError(f"wrk printed no result:\n{output}")


def _wrk_output(result: subprocess.CompletedProcess) -> str:
    return f"{result.stdout}\n{result.stderr}"


def wrk_run(*, url: str, script: Path, label: str) -> WrkRun:
    command = ["wrk", *WRK_ARGUMENTS, "-s", str(script), url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{_wrk_output(result)}")
    return wrk_result_parse(_wrk_output(result), label=label)


def ratio_line(round_number: int, yardstick: WrkRun, project: WrkRun) -> str:
    ratio = project.per_second / yardstick.per_second if yardstick.per_second else 0.0
    return f"round {round_number}: project/yardstick = {ratio:.3f}"


class Yardstick:
    """The yardstick's gunicorn: the project's web command with the yardstick's WSGI module."""

    def __init__(
        self, *, python: Path, database_url: str, env: dict, log_dir: Path, workers: int, threads: int
    ):
        self.python, self.port = python, free_port()
        self.env = {**env, "DJANGO_SETTINGS_MODULE": YARDSTICK_SETTINGS, "DATABASE_URL": database_url}
        command = web_command(python.parent, port=self.port, workers=workers, threads=threads)
        command[command.index("config.wsgi:application")] = "benchmarks.yardstick.wsgi:application"
        self.service = Service("yardstick", command, env=self.env, log_dir=log_dir)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self) -> None:
        """Its one table, in the project's database."""
        subprocess.run(
            [str(self.python), "manage.py", "migrate", "--run-syncdb", "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )


def _wait(what: str, check: Callable[[], bool], *, timeout: float, interval: float = 1) -> float:
    """→ seconds waited; RuntimeError when ``check`` is still false after ``timeout``."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"no {what} within {timeout:.0f} s")
        time.sleep(interval)
    return time.monotonic() - started


FIGURES_SCRIPT = """
from core.outbox.models import OutboxTask
from health.drills.observe import routing_figures
figures = routing_figures(marker={marker!r})
print(figures.filed, figures.routed, OutboxTask.objects.filter(done_at__isnull=True).count())
"""


def _figures(stack: ProductionStack, marker: str) -> tuple[int, int, int]:
    """→ (tickets filed, routed or queued for a dispatcher, outbox rows not done)."""
    filed, routed, backlog = stack.manage("shell", "-c", FIGURES_SCRIPT.format(marker=marker)).split()[-3:]
    return int(filed), int(routed), int(backlog)


def benchmark_intake(
    *,
    database_url: str,
    redis_url: str,
    rounds: int = 3,
    wait_seconds: float = 60,
    worker_concurrency: int = 4,
    worker_nice: int = 0,
    web_threads: int = 1,
    say=print,
) -> dict:
    """Run the benchmark (see the module's docstring); → the runs and the routing counts."""
    var_dir = Path(tempfile.mkdtemp(prefix="benchmark_intake_"))
    database_create(database_url)
    redis_command(redis_url, "FLUSHDB")
    stack = ProductionStack(
        python=Path(sys.executable),
        database_url=database_url,
        redis_url=redis_url,
        var_dir=var_dir,
        concurrency=worker_concurrency,
        worker_nice=worker_nice,
        web_threads=web_threads,
        extra_env={"HEARTBEAT_SECONDS": "5"},
    )
    yardstick = Yardstick(
        python=Path(sys.executable),
        database_url=database_url,
        env=stack.env,
        log_dir=var_dir,
        workers=stack.web_workers,
        threads=stack.web_threads,
    )
    try:
        with stack:
            try:
                return _measure(stack, yardstick, rounds=rounds, wait_seconds=wait_seconds, say=say)
            except Exception:
                say(stack.logs(tail_lines=40))
                say(yardstick.service.log_text()[-4000:])
                raise
            finally:
                yardstick.service.stop()
    finally:
        redis_command(redis_url, "FLUSHDB")
        database_drop(database_url)


def _measure(stack: ProductionStack, yardstick: Yardstick, *, rounds: int, wait_seconds: float, say) -> dict:
    logins = stack.prepare()
    yardstick.prepare()
    stack.start()
    yardstick.service.start()
    marker = f"bench-{secrets.token_hex(4)}"
    bodies = [json.dumps(ticket_payload(marker=marker, number=n), ensure_ascii=False) for n in range(4)]

    def healthy() -> bool:
        return (request_json("GET", f"{stack.base_url}/healthz", timeout=5)[1] or {}).get("status") == "ok"

    def yardstick_up() -> bool:
        status, _ = request_json(
            "POST", yardstick.base_url + TICKETS_PATH, body=json.loads(bodies[0]), timeout=5
        )
        return status == 201

    _wait("healthy project (/healthz)", healthy, timeout=120)
    _wait("yardstick answering 201", yardstick_up, timeout=60)
    token = token_obtain(stack.base_url, username="operator", password=logins["operator"])
    say(
        f"gunicorn (each app): {stack.web_workers} workers, {stack.web_threads} thread(s) each; "
        f"celery worker concurrency {stack.concurrency}, nice {stack.worker_nice}"
    )
    say(f"wrk {' '.join(WRK_ARGUMENTS)}, {len(bodies)} ticket bodies in turn, a new Idempotency-Key each")

    def drained() -> bool:
        return _figures(stack, marker)[2] == 0

    runs: list[tuple[WrkRun, WrkRun]] = []
    for round_number in range(1, rounds + 1):
        pair = []
        for label, base_url in (("yardstick", yardstick.base_url), ("project", stack.base_url)):
            waited = _wait("drained routing backlog", drained, timeout=wait_seconds, interval=2)
            script = Path(stack.var_dir) / f"{label}-{round_number}.lua"
            prefix = f"{marker}-{label}-{round_number}"
            script.write_text(lua_script(bodies=bodies, token=token, prefix=prefix))
            run = wrk_run(url=base_url + TICKETS_PATH, script=script, label=label)
            say(f"{run.line()}  (backlog drained in {waited:.0f} s before)")
            pair.append(run)
        say(ratio_line(round_number, *pair))
        runs.append(tuple(pair))

    load_stopped = time.monotonic()

    def all_routed() -> bool:
        filed, routed, _backlog = _figures(stack, marker)
        return routed == filed

    try:
        _wait("routing of every filed ticket", all_routed, timeout=wait_seconds, interval=2)
    except RuntimeError as error:
        say(str(error))
    filed, routed, backlog = _figures(stack, marker)
    say(
        f"tickets filed {filed}, routed or queued for a dispatcher {routed}, not routed {filed - routed}, "
        f"outbox rows not done {backlog} ({time.monotonic() - load_stopped:.0f} s after the load stopped)"
    )
    ratios = [project.per_second / yardstick.per_second for yardstick, project in runs]
    not_2xx = sum(run.not_2xx + run.socket_errors for pair in runs for run in pair if run.label == "project")
    say(f"ratio min {min(ratios):.3f} max {max(ratios):.3f}; project non-2xx or socket errors {not_2xx}")
    return {"runs": runs, "ratios": ratios, "filed": filed, "routed": routed, "backlog": backlog}
