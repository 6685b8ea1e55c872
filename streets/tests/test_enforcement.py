"""The late-summons sweep: once per summons and kind, catching up with the real times, telling the
right people once, touching nothing that is not due; and its beat task."""

from datetime import UTC, datetime, timedelta

import pytest
from celery import current_app
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Notification
from streets.enforcement import (
    ACKNOWLEDGE,
    ARRIVE,
    SummonsEnforcementReport,
    summonses_batch,
    summonses_enforce,
)
from streets.models import ArrivalPolicy, Summons, SummonsAlert, Urgency, Whistle
from streets.tasks import LOCK_KEY, enforce_arrivals

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ACKNOWLEDGE_WITHIN = timedelta(minutes=30)
ARRIVE_WITHIN = timedelta(hours=2)


def whistle_make(world, *, blown_at, street=None, closed_at=None):
    return Whistle.objects.create(
        street=street or world.street,
        blown_by=world.people.official,
        blown_at=blown_at,
        domain=world.domain,
        urgency=Urgency.URGENT,
        address="团结湖路1号",
        description="占道经营",
        status=Whistle.Status.CLOSED if closed_at else Whistle.Status.OPEN,
        closed_at=closed_at,
    )


def summons_make(whistle, department, **fields):
    """A summons of ``department`` when ``whistle`` was blown, due as an urgent whistle's."""
    fields = {
        "summoned_at": whistle.blown_at,
        "acknowledge_due": whistle.blown_at + ACKNOWLEDGE_WITHIN,
        "arrive_due": whistle.blown_at + ARRIVE_WITHIN,
        **fields,
    }
    policy = ArrivalPolicy.objects.filter(urgency=whistle.urgency, domain__isnull=True).first()
    return Summons.objects.create(whistle=whistle, department=department, policy=policy, **fields)


def late_summonses(world, n, *, blown_at=NOW - timedelta(hours=3)):
    """``n`` summonses late both to acknowledge and to arrive at NOW, two per whistle."""
    summonses = []
    for k in range(n):
        if k % 2 == 0:
            whistle = whistle_make(world, blown_at=blown_at - timedelta(minutes=k))
        summonses.append(summons_make(whistle, [world.enforcement, world.housing][k % 2]))
    return summonses


def alerts(kind):
    return dict(SummonsAlert.objects.filter(kind=kind).values_list("summons_id", "happened_at"))


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def ids(*users):
    return sorted(user.pk for user in users)


def test_two_runs_record_one_alert_per_summons_and_kind_and_notify_once(world):
    late = late_summonses(world, 3)
    acknowledge_only = summons_make(
        whistle_make(world, blown_at=NOW - timedelta(hours=1)), world.enforcement
    )  # arrival due in an hour

    first = summonses_enforce(now=NOW)
    notified = Notification.objects.count()
    second = summonses_enforce(now=NOW + timedelta(minutes=1))

    assert (first.late_acknowledgements, first.late_arrivals) == (4, 3)
    assert second == SummonsEnforcementReport()
    assert set(alerts("acknowledge")) == {s.pk for s in [*late, acknowledge_only]}
    assert set(alerts("arrive")) == {s.pk for s in late}
    assert SummonsAlert.objects.count() == 7
    assert notified and Notification.objects.count() == notified


def test_a_three_day_outage_is_caught_up_in_one_run_with_the_real_times(world):
    down_since = NOW - timedelta(days=3)
    summonses = [
        summons_make(whistle_make(world, blown_at=down_since + timedelta(hours=h)), world.enforcement)
        for h in range(0, 72, 3)
    ]
    # Blown 80 minutes ago: late to acknowledge, not yet to arrive.
    summonses.append(summons_make(whistle_make(world, blown_at=NOW - timedelta(minutes=80)), world.housing))
    not_yet = summons_make(whistle_make(world, blown_at=NOW - timedelta(minutes=10)), world.housing)

    report = summonses_enforce(now=NOW, batch_size=5)

    arrived_late = summonses[:-1]
    assert (report.late_acknowledgements, report.late_arrivals) == (25, 24)
    assert alerts("acknowledge") == {s.pk: s.acknowledge_due for s in summonses}
    assert alerts("arrive") == {s.pk: s.arrive_due for s in arrived_late}
    assert set(SummonsAlert.objects.values_list("recorded_at", flat=True)) == {NOW}
    assert not SummonsAlert.objects.filter(summons=not_yet).exists()
    assert (
        Notification.objects.filter(kind="summons_late_arrival", user=world.people.supervisor).count() == 24
    )
    assert summonses_enforce(now=NOW) == SummonsEnforcementReport()


def test_max_batches_leaves_the_rest_for_the_next_run(world):
    late_summonses(world, 6)

    first = summonses_enforce(now=NOW, batch_size=2, max_batches=3)
    rest = summonses_enforce(now=NOW, batch_size=2)

    assert first.batches == 3 and first.late_acknowledgements + first.late_arrivals == 6
    # Acknowledge and arrival batches alternate: a backlog of one does not starve the other.
    assert first.late_acknowledgements and first.late_arrivals
    assert first.late_acknowledgements + rest.late_acknowledgements == 6
    assert first.late_arrivals + rest.late_arrivals == 6


def test_acknowledged_arrived_and_future_summonses_are_untouched(world):
    whistle = whistle_make(world, blown_at=NOW - timedelta(hours=3))
    on_site = summons_make(
        whistle,
        world.enforcement,
        status=Summons.Status.ARRIVED,
        acknowledged_at=NOW - timedelta(hours=2, minutes=50),
        arrived_at=NOW - timedelta(hours=2),
    )
    acknowledged = summons_make(
        whistle, world.housing, status=Summons.Status.ACKNOWLEDGED, acknowledged_at=NOW - timedelta(hours=2)
    )
    future = summons_make(whistle_make(world, blown_at=NOW - timedelta(minutes=5)), world.enforcement)

    report = summonses_enforce(now=NOW)

    assert (report.late_acknowledgements, report.late_arrivals) == (0, 1)
    assert set(alerts("arrive")) == {acknowledged.pk}
    for summons in (on_site, future):
        fresh = Summons.objects.get(pk=summons.pk)
        assert not fresh.acknowledge_flagged and not fresh.arrive_flagged and not fresh.alerts.exists()
    assert not Summons.objects.get(pk=acknowledged.pk).acknowledge_flagged


def test_a_whistle_closed_before_the_due_time_makes_nobody_late(world):
    blown = NOW - timedelta(hours=3)
    # Closed an hour after blowing: after the acknowledge time, before the arrival time.
    closed_early = summons_make(
        whistle_make(world, blown_at=blown, closed_at=blown + timedelta(hours=1)), world.enforcement
    )
    closed_late = summons_make(
        whistle_make(world, blown_at=blown - timedelta(minutes=1), closed_at=NOW - timedelta(minutes=1)),
        world.enforcement,
    )

    summonses_enforce(now=NOW)

    assert set(alerts("acknowledge")) == {closed_early.pk, closed_late.pk}
    assert set(alerts("arrive")) == {closed_late.pk}
    # Settled all the same: out of the partial index, not read again.
    assert Summons.objects.filter(pk=closed_early.pk, arrive_flagged=True).exists()
    assert told("summons_late_arrival") == ids(
        world.people.enforcement, world.people.official, world.people.plain_official, world.people.supervisor
    )


def test_who_is_told(world):
    whistle = whistle_make(world, blown_at=NOW - timedelta(hours=3), street=world.far_street)
    summons = summons_make(whistle, world.enforcement)  # a 朝阳 department summoned by a 丰台 street

    summonses_enforce(now=NOW)

    # The department and the street; for a late arrival also the supervisors of the street's district.
    assert told("summons_late_acknowledge") == ids(world.people.enforcement, world.people.far_official)
    assert told("summons_late_arrival") == ids(
        world.people.enforcement, world.people.far_official, world.people.far_supervisor
    )
    notice = Notification.objects.get(kind="summons_late_arrival", user=world.people.far_official)
    assert notice.dedupe_key == f"summons:{summons.pk}:late_arrive"
    assert world.enforcement.name in notice.text and world.far_street.name in notice.text
    assert notice.ticket_id is None


def test_the_notice_is_written_in_the_site_language(world, settings):
    settings.LANGUAGE_CODE = "en"
    late_summonses(world, 1, blown_at=datetime(2026, 11, 23, 1, 0, tzinfo=UTC))

    summonses_enforce(now=NOW)

    notice = Notification.objects.filter(kind="summons_late_acknowledge").first()
    assert notice.text == (
        f"{world.enforcement.name} has not acknowledged the whistle of {world.street.name} "
        "(due 2026-11-23 09:30)."  # 01:30 UTC, in Asia/Shanghai
    )


def test_the_unique_constraint_not_the_flag_keeps_each_alert_once(world):
    (summons,) = late_summonses(world, 1)
    summonses_enforce(now=NOW)
    notified = Notification.objects.count()
    # As if the flags were lost (a restore, a manual fix): the sweep sees the summons again.
    Summons.objects.filter(pk=summons.pk).update(acknowledge_flagged=False, arrive_flagged=False)
    Notification.objects.all().delete()

    report = summonses_enforce(now=NOW + timedelta(minutes=1))

    assert (report.late_acknowledgements, report.late_arrivals) == (0, 0)
    assert SummonsAlert.objects.filter(summons=summons).count() == 2
    assert set(SummonsAlert.objects.values_list("recorded_at", flat=True)) == {NOW}
    assert notified and not Notification.objects.exists()
    assert Summons.objects.filter(pk=summons.pk, acknowledge_flagged=True, arrive_flagged=True).exists()


def test_the_number_of_queries_does_not_grow_with_the_summonses(world, django_assert_max_num_queries):
    late_summonses(world, 2)
    with django_assert_max_num_queries(40) as few:
        summonses_enforce(now=NOW)
    late_summonses(world, 20)  # 80 notices a kind: still one INSERT within SQLite's parameter limit
    with django_assert_max_num_queries(len(few.captured_queries)):
        report = summonses_enforce(now=NOW)
    assert (report.late_acknowledgements, report.late_arrivals) == (20, 20)


def test_default_now_is_the_present(world):
    late_summonses(world, 1, blown_at=timezone.now() - ACKNOWLEDGE_WITHIN - timedelta(seconds=1))
    assert summonses_enforce() == SummonsEnforcementReport(
        late_acknowledgements=1, late_arrivals=0, batches=1
    )


class TestTask:
    @pytest.fixture(autouse=True)
    def no_lock(self):
        cache.delete(LOCK_KEY)
        yield
        cache.delete(LOCK_KEY)

    @pytest.fixture
    def late(self, world):
        return late_summonses(world, 1, blown_at=timezone.now() - timedelta(hours=3))

    def test_the_task_has_the_name_beat_uses(self, settings):
        assert enforce_arrivals.name == "streets.enforce_arrivals"
        assert settings.CELERY_BEAT_SCHEDULE["enforce-arrivals"]["task"] == enforce_arrivals.name
        assert current_app.tasks["streets.enforce_arrivals"].name == enforce_arrivals.name

    def test_run_twice_it_records_each_lateness_once(self, late):
        first = enforce_arrivals.delay().get()
        second = enforce_arrivals.delay().get()

        assert (first["late_acknowledgements"], first["late_arrivals"]) == (1, 1)
        assert (second["late_acknowledgements"], second["late_arrivals"]) == (0, 0)
        assert sorted(SummonsAlert.objects.values_list("kind", flat=True)) == ["acknowledge", "arrive"]
        assert cache.get(LOCK_KEY) is None

    def test_it_skips_while_another_run_holds_the_lock(self, late):
        cache.add(LOCK_KEY, "another run", timeout=60)

        assert enforce_arrivals() == {"skipped": True}
        assert not SummonsAlert.objects.exists()
        assert cache.get(LOCK_KEY) == "another run"


def sweep_query_plan(lateness, *, analyze=False):
    """EXPLAIN of the query a sweep batch issues, as it issues it (it locks: in a transaction)."""
    with transaction.atomic():
        return summonses_batch(lateness, now=NOW, batch_size=1000).explain(analyze=analyze)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are PostgreSQL's; SQLite has no partial-index plan to check",
)
class TestQueryPlan:
    """The sweep's queries read the partial indexes, so their cost is what is due. With
    ``enable_seqscan = off`` the index proves able to serve the query at all (the filter matches the
    index's condition); with enough rows and fresh statistics the planner chooses it on its own."""

    @pytest.mark.parametrize("lateness", [ACKNOWLEDGE, ARRIVE], ids=lambda lateness: lateness.alert)
    def test_the_sweep_query_can_be_served_by_its_partial_index(self, world, lateness):
        late_summonses(world, 1)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            plan = sweep_query_plan(lateness)
        assert f"Index Scan using {lateness.index_name}" in plan

    @pytest.mark.parametrize("lateness", [ACKNOWLEDGE, ARRIVE], ids=lambda lateness: lateness.alert)
    def test_with_statistics_the_planner_chooses_the_partial_index(self, world, lateness):
        (late,) = late_summonses(world, 1)
        # 6,000 summonses waiting, none due yet, and 3,000 settled long ago.
        whistles = Whistle.objects.bulk_create(
            Whistle(
                street=world.street,
                blown_by=world.people.official,
                blown_at=NOW - timedelta(days=30) + timedelta(minutes=i),
                domain=world.domain,
                urgency=Urgency.URGENT,
                address="团结湖路1号",
                description="占道经营",
            )
            for i in range(4500)
        )
        Summons.objects.bulk_create(
            Summons(
                whistle=whistle,
                department=department,
                policy=late.policy,
                summoned_at=whistle.blown_at,
                acknowledge_due=NOW + timedelta(days=1, minutes=i) if i < 3000 else whistle.blown_at,
                arrive_due=NOW + timedelta(days=2, minutes=i) if i < 3000 else whistle.blown_at,
                acknowledged_at=None if i < 3000 else whistle.blown_at,
                arrived_at=None if i < 3000 else whistle.blown_at,
            )
            for i, whistle in enumerate(whistles)
            for department in ([world.enforcement, world.housing] if i < 3000 else [world.enforcement])
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE streets_summons")
            cursor.execute("ANALYZE streets_whistle")

        plan = sweep_query_plan(lateness, analyze=True)

        # An index scan, or a bitmap scan when it expects many rows (it cannot know they are few).
        assert (
            f"Scan using {lateness.index_name}" in plan
            or f"Bitmap Index Scan on {lateness.index_name}" in plan
        )
        assert "Seq Scan" not in plan
