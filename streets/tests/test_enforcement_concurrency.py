"""Late-summons sweeps beside other sweeps, beside a department at work and beside a street closing
its whistle, each on its own database connection (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, transaction

from notifications.models import Notification
from streets.defaults import arrival_policies_load, domains_load
from streets.enforcement import summonses_enforce
from streets.models import ArrivalPolicy, Summons, SummonsAlert, Whistle, WhistleDomain
from streets.tests.test_enforcement import NOW, late_summonses
from tests.threads import run_at_once

WORKERS = 4

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the workers split batches with row locks (FOR UPDATE SKIP LOCKED); "
        "SQLite lets one writer in at a time, so there is no concurrency to test",
    ),
]


@pytest.fixture(autouse=True)
def whistle_defaults(db):
    """The whistle domains and arrival policies come from a data migration, which an earlier
    transactional test's flush removes; load them again (before ``world`` needs them)."""
    domains_load(WhistleDomain)
    arrival_policies_load(ArrivalPolicy)


def sweep_at_once(**options):
    return run_at_once(lambda: summonses_enforce(now=NOW, **options), WORKERS)


def test_concurrent_runs_double_nothing(world):
    summonses = late_summonses(world, 60)

    reports = sweep_at_once(batch_size=7)
    # A summons held by one worker is skipped by the others; what is left (if anything) is for the
    # next run, as in production a minute later.
    reports.append(summonses_enforce(now=NOW, batch_size=7))

    assert sum(r.late_acknowledgements for r in reports) == sum(r.late_arrivals for r in reports) == 60
    assert SummonsAlert.objects.filter(kind="acknowledge").count() == len(summonses)
    assert SummonsAlert.objects.filter(kind="arrive").count() == len(summonses)
    # Each summons: its department's one member and the street's two officials; on arrival also
    # the district supervisor.
    assert Notification.objects.filter(kind="summons_late_acknowledge").count() == 60 * 3
    assert Notification.objects.filter(kind="summons_late_arrival").count() == 60 * 4
    assert len(reports) > 2 and sum(1 for r in reports[:-1] if r.late_arrivals) > 1, "the work was split"


def hold_lock(model, pk):
    """Lock one row from another connection until released, as a person's transaction does."""
    locked, release = threading.Event(), threading.Event()

    def person_acting():
        try:
            with transaction.atomic():
                model.objects.select_for_update().get(pk=pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=person_acting)
    thread.start()
    assert locked.wait(10)
    return release, thread


def test_the_sweep_does_not_wait_for_a_summons_a_department_is_changing(world):
    busy, free = late_summonses(world, 2)
    release, department = hold_lock(Summons, busy.pk)
    try:
        started = time.monotonic()
        report = summonses_enforce(now=NOW)
        waited = time.monotonic() - started
    finally:
        release.set()
        department.join()

    assert waited < 2 and (report.late_acknowledgements, report.late_arrivals) == (1, 1)
    assert set(SummonsAlert.objects.values_list("summons_id", flat=True)) == {free.pk}
    assert summonses_enforce(now=NOW).late_arrivals == 1  # the next run, once the department is done


def test_the_sweep_neither_waits_for_nor_skips_a_whistle_the_street_is_changing(world):
    (summons,) = late_summonses(world, 1)
    release, street = hold_lock(Whistle, summons.whistle_id)
    try:
        started = time.monotonic()
        report = summonses_enforce(now=NOW)
        waited = time.monotonic() - started
    finally:
        release.set()
        street.join()

    # Only the summons rows are locked (FOR UPDATE OF), so the whistle's lock does not matter.
    assert waited < 2 and (report.late_acknowledgements, report.late_arrivals) == (1, 1)


def test_a_late_acknowledgement_meanwhile_is_recorded_once(world):
    """A department acknowledging after the due time while the sweep runs: either the sweep saw the
    summons first (it is late: recorded) or the department did (it left the index)."""
    summonses = late_summonses(world, 30)

    def department_acting():
        try:
            for summons in summonses[::3]:
                Summons.objects.filter(pk=summons.pk, acknowledged_at__isnull=True).update(
                    acknowledged_at=NOW, status=Summons.Status.ACKNOWLEDGED, acknowledged_on_time=False
                )
        finally:
            connection.close()

    department = threading.Thread(target=department_acting)
    department.start()
    reports = sweep_at_once(batch_size=4)
    department.join()
    reports.append(summonses_enforce(now=NOW))

    assert sum(r.late_arrivals for r in reports) == 30
    assert SummonsAlert.objects.filter(kind="arrive").count() == 30
    recorded = SummonsAlert.objects.filter(kind="acknowledge").count()
    assert recorded == sum(r.late_acknowledgements for r in reports)
    assert 30 - len(summonses[::3]) <= recorded <= 30
