"""Whistle figures per department and per street, against figures computed by hand, in a number of
queries that does not depend on the number of units."""

from datetime import UTC, datetime, timedelta

import pytest

from dispatch.tests.enforcement.factories import AssignmentFactory
from streets.models import Rating
from streets.statistics import (
    DepartmentWhistleStats,
    StreetWhistleStats,
    department_whistle_stats,
    street_whistle_stats,
)
from streets.tests.test_enforcement import summons_make, whistle_make
from units.tests.factories import DepartmentFactory, DepartmentKindFactory, StreetFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 12, 1, tzinfo=UTC)


def at(day, hour=0):
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def rate(summons, rated_by, *scores):
    timeliness, cooperation, result = scores
    Rating.objects.create(
        summons=summons, timeliness=timeliness, cooperation=cooperation, result=result, rated_by=rated_by
    )


def summoned(world, department, when, **fields):
    return summons_make(whistle_make(world, blown_at=when), department, **fields)


@pytest.fixture
def summonses(world):
    official = world.people.official
    on_time = {"acknowledged_on_time": True, "arrived_on_time": True}
    # 城管: four in the period.
    rate(summoned(world, world.enforcement, START, **on_time), official, 5, 4, 3)
    rate(
        summoned(world, world.enforcement, at(5), acknowledged_on_time=True, arrived_on_time=False),
        official,
        3,
        2,
        1,
    )
    summoned(world, world.enforcement, at(10), acknowledged_on_time=False)
    summoned(world, world.enforcement, at(30, 23))  # not acknowledged yet
    # Outside the period: the day before, and the period's end itself.
    rate(summoned(world, world.enforcement, START - timedelta(days=1), **on_time), official, 1, 1, 1)
    summoned(world, world.enforcement, END, **on_time)
    # 住建: one, on time, rated.
    rate(summoned(world, world.housing, at(12), **on_time), official, 4, 5, 5)


def test_department_figures(world, summonses):
    stats = department_whistle_stats(start=START, end=END)

    assert set(stats) == {world.enforcement.pk, world.housing.pk}
    assert stats[world.enforcement.pk] == DepartmentWhistleStats(
        department_id=world.enforcement.pk,
        summonses=4,
        acknowledged_on_time=2,
        arrived_on_time=1,
        acknowledge_rate=0.5,
        arrival_rate=0.25,
        ratings=2,
        mean_timeliness=4.0,  # (5 + 3) / 2
        mean_cooperation=3.0,  # (4 + 2) / 2
        mean_result=2.0,  # (3 + 1) / 2
    )
    assert stats[world.housing.pk] == DepartmentWhistleStats(
        department_id=world.housing.pk,
        summonses=1,
        acknowledged_on_time=1,
        arrived_on_time=1,
        acknowledge_rate=1.0,
        arrival_rate=1.0,
        ratings=1,
        mean_timeliness=4.0,
        mean_cooperation=5.0,
        mean_result=5.0,
    )


def test_departments_asked_for_are_all_there(world, summonses):
    stats = department_whistle_stats(start=START, end=END, department_ids=[world.housing.pk, world.water.pk])

    assert set(stats) == {world.housing.pk, world.water.pk}
    assert stats[world.housing.pk].summonses == 1
    # Not summoned: zeros, and no rate or mean rather than a misleading 0.
    assert stats[world.water.pk] == DepartmentWhistleStats(department_id=world.water.pk)
    assert stats[world.water.pk].acknowledge_rate is None and stats[world.water.pk].mean_result is None


@pytest.fixture
def whistles(world):
    closed = [
        (at(2, 8), at(2, 10)),  # 2 hours
        (at(10), at(10, 5)),  # 5 hours
        (at(30, 23), END + timedelta(hours=1)),  # 2 hours; closed after the period, blown in it
    ]
    for blown_at, closed_at in closed:
        whistle_make(world, blown_at=blown_at, closed_at=closed_at)
    whistle_make(world, blown_at=at(20))  # open
    whistle_make(world, blown_at=START - timedelta(minutes=1), closed_at=START)  # before the period
    whistle_make(world, blown_at=END)  # after it
    whistle_make(world, blown_at=at(3), street=world.far_street)  # open

    for day in range(1, 9):
        AssignmentFactory(unit=world.street, assigned_at=at(day))
    AssignmentFactory(unit=world.street, assigned_at=START - timedelta(seconds=1))
    for day in (1, 15, 30):
        AssignmentFactory(unit=world.other_street, assigned_at=at(day))
    AssignmentFactory(unit=world.enforcement, assigned_at=at(4))  # a department: not a street's ticket


def test_street_figures(world, whistles):
    stats = street_whistle_stats(start=START, end=END)

    assert set(stats) == {world.street.pk, world.other_street.pk, world.far_street.pk}
    assert stats[world.street.pk] == StreetWhistleStats(
        street_id=world.street.pk,
        whistles=4,
        tickets=8,
        whistle_rate_per_1000=500.0,  # 4 whistles for 8 tickets
        closed=3,
        closed_share=0.75,
        mean_hours_to_close=pytest.approx(3.0),  # (2 + 5 + 2) / 3
    )
    # Tickets but no whistle: a rate of 0; nothing to close.
    assert stats[world.other_street.pk] == StreetWhistleStats(
        street_id=world.other_street.pk, tickets=3, whistle_rate_per_1000=0.0
    )
    # A whistle but no ticket: no rate.
    assert stats[world.far_street.pk] == StreetWhistleStats(
        street_id=world.far_street.pk, whistles=1, closed_share=0.0
    )


def test_streets_asked_for_are_all_there(world, whistles):
    quiet = StreetFactory(parent=world.chaoyang)

    stats = street_whistle_stats(start=START, end=END, street_ids=[world.other_street.pk, quiet.pk])

    assert set(stats) == {world.other_street.pk, quiet.pk}
    assert stats[world.other_street.pk].tickets == 3
    assert stats[quiet.pk] == StreetWhistleStats(street_id=quiet.pk)


def test_the_number_of_queries_does_not_depend_on_the_number_of_units(world, django_assert_num_queries):
    def departments_and_streets(n, offset):
        departments, streets = [], []
        for i in range(offset, offset + n):
            department = DepartmentFactory(
                parent=world.chaoyang, department_kind=DepartmentKindFactory(code=f"k{i}", name=f"局{i}")
            )
            street = StreetFactory(parent=world.chaoyang)
            whistle = whistle_make(world, street=street, blown_at=at(2), closed_at=at(3))
            rate(
                summons_make(whistle, department, acknowledged_on_time=True),
                world.people.official,
                4,
                4,
                4,
            )
            AssignmentFactory(unit=street, assigned_at=at(1))
            departments.append(department.pk)
            streets.append(street.pk)
        return departments, streets

    for n, offset in ((2, 0), (20, 2)):
        departments, streets = departments_and_streets(n, offset)
        with django_assert_num_queries(1):
            by_department = department_whistle_stats(start=START, end=END, department_ids=departments)
        with django_assert_num_queries(2):
            by_street = street_whistle_stats(start=START, end=END, street_ids=streets)
        assert len(by_department) == len(by_street) == n
        assert {s.mean_timeliness for s in by_department.values()} == {4.0}
        assert {s.mean_hours_to_close for s in by_street.values()} == {24.0}
