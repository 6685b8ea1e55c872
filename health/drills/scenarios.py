"""The three outage drills of issue 11, each against a running DrillSite. Each returns one
Outcome: its figures as one line, and whether it passed."""

import re
import threading
import time
from dataclasses import dataclass

from health.drills.calls import Filing, tickets_file
from health.drills.observe import RoutingFigures, routing_figures
from health.drills.site import ALIAS, DrillSite

POLL_SECONDS = 0.5
TASK_RECEIVED = re.compile(r"Task (\S+)\[([0-9a-f-]+)\] received")
TASK_FINISHED = re.compile(r"Task (\S+)\[([0-9a-f-]+)\] (succeeded|raised unexpected|retry|ignored|rejected)")
TASK_FAILED = re.compile(r"Task \S+\[[0-9a-f-]+\] raised unexpected: (.*)")


@dataclass(frozen=True)
class Outcome:
    drill: str
    passed: bool
    figures: str

    def line(self) -> str:
        return f"drill {self.drill}: {self.figures} → {'PASS' if self.passed else 'FAIL'}"


def wait_routed(marker: str, *, timeout: float) -> tuple[RoutingFigures, float]:
    """Once filing is over: poll until every saved ticket with ``marker`` is routed (a call that
    failed may have saved nothing) → (figures, seconds waited)."""
    started = time.monotonic()
    while True:
        figures = routing_figures(marker=marker, using=ALIAS)
        waited = time.monotonic() - started
        if figures.routed >= figures.filed or waited >= timeout:
            return figures, waited
        time.sleep(POLL_SECONDS)


def in_flight(log: str) -> set[str]:
    """Task ids a worker received and had not finished, read from its log."""
    received = {match[1] for match in TASK_RECEIVED.findall(log)}
    return received - {match[1] for match in TASK_FINISHED.findall(log)}


def broker_down(site: DrillSite, *, tickets: int, threads: int, timeout: float, marker: str) -> Outcome:
    """a. Redis stopped while tickets are filed; every call should still answer 201, and every
    ticket be routed within ``timeout`` of Redis's return."""
    site.redis.stop()
    filing = tickets_file(
        site.stack.base_url, token=site.token, marker=marker, count=tickets, threads=threads
    )
    site.redis.start()
    figures, waited = wait_routed(marker, timeout=timeout)
    passed = filing.created == tickets and figures.routed == tickets
    return Outcome(
        "a (broker down)",
        passed,
        f"filed {tickets} with Redis stopped: {filing.describe()}; saved {figures.filed}; "
        f"{figures.routed}/{figures.filed} routed {waited:.1f} s after Redis returned (limit {timeout:.0f} s)",
    )


def concurrent_intake(site: DrillSite, *, tickets: int, threads: int, timeout: float, marker: str) -> Outcome:
    """b. Tickets filed from many threads while the worker routes them: no failed call, no failed
    routing task, every ticket routed exactly once."""
    worker = site.stack.services["worker"]
    log_from = worker.log_size()
    filing = tickets_file(
        site.stack.base_url, token=site.token, marker=marker, count=tickets, threads=threads
    )
    figures, waited = wait_routed(marker, timeout=timeout)
    time.sleep(2)  # let retries or second deliveries land before counting decisions
    figures = routing_figures(marker=marker, using=ALIAS)
    log = worker.log_text(since=log_from)
    failures = TASK_FAILED.findall(log)
    deadlocks = sum("deadlock" in failure for failure in failures)
    retries = len(re.findall(r"\] retry: ", log))
    passed = filing.failed == 0 and not failures and figures.routed_once == tickets
    return Outcome(
        "b (concurrent intake)",
        passed,
        f"filed {tickets} from {threads} threads: {filing.describe()}; failed routing tasks {len(failures)} "
        f"(deadlock {deadlocks}), retries {retries}; {figures.describe()} ({waited:.1f} s)",
    )


def worker_killed(site: DrillSite, *, tickets: int, threads: int, timeout: float, marker: str) -> Outcome:
    """c. ``kill -9`` of the worker while routing tasks are in flight, a new worker started at once:
    every ticket should be routed within ``timeout`` of the kill."""
    worker = site.stack.services["worker"]
    log_from = worker.log_size()
    filing = Filing()

    def file_all():
        result = tickets_file(
            site.stack.base_url, token=site.token, marker=marker, count=tickets, threads=threads
        )
        filing.statuses.update(result.statuses)

    filer = threading.Thread(target=file_all)
    filer.start()
    lost = in_flight(worker.log_text(since=log_from))
    while filer.is_alive() and not lost:
        time.sleep(0.02)
        lost = in_flight(worker.log_text(since=log_from))
    worker.kill()
    killed_at = time.monotonic()
    before = routing_figures(marker=marker, using=ALIAS).routed
    worker.start()
    filer.join()
    figures, _waited = wait_routed(marker, timeout=timeout - (time.monotonic() - killed_at))
    seconds = time.monotonic() - killed_at
    passed = filing.created == tickets and figures.routed == tickets and seconds <= timeout
    return Outcome(
        "c (worker kill -9)",
        passed,
        f"filed {tickets}: {filing.describe()}; killed with {len(lost)} task(s) in flight and "
        f"{before} routed; {figures.routed}/{figures.filed} routed {seconds:.1f} s after the kill "
        f"(limit {timeout:.0f} s)",
    )


DRILLS = {"a": broker_down, "b": concurrent_intake, "c": worker_killed}
