"""Early warning (未诉先办): the rule on its own, then on a hand-built fixture of weekly counts, the
tickets behind a flag, and the same number of queries for 2 and for 20 streets."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatch.models import Assignment
from metrics.early_warning import early_warnings, judge, pair_assessment, warning_tickets
from metrics.tests.test_analyses import local, make_tickets, world  # noqa: F401
from units.models import Unit

# ruff: noqa: F811 — the `world` fixture is imported, and the tests' parameters name it again.

WEEK = date(2025, 3, 10)  # a Monday


def week(n: int) -> date:
    """The Monday ``n`` weeks before WEEK (0: WEEK itself)."""
    return WEEK - timedelta(weeks=n)


def weekly(unit: Unit, category, counts: list[int], *, flagged_week: int) -> None:
    """``counts[i]`` tickets in week i of the eight baseline weeks (oldest first) on their Tuesday,
    then ``flagged_week`` tickets in WEEK on its Wednesday."""
    for n, count in enumerate(counts):
        tuesday = week(len(counts) - n) + timedelta(days=1)
        if count:
            make_tickets(
                unit, count, at=local(tuesday.year, tuesday.month, tuesday.day, 9), category=category
            )
    if flagged_week:
        make_tickets(unit, flagged_week, at=local(2025, 3, 12, 15), category=category)


# --- the rule -----------------------------------------------------------------------------------


def test_a_jump_far_above_a_low_baseline_is_flagged():
    judgement = judge(count=8, baseline=[1, 0, 2, 1, 1, 0, 1, 2], min_count=5, sigma=3.0)
    assert judgement.mean == 1.0
    assert round(judgement.sd, 4) == 0.7559  # sample sd of the eight weeks
    assert judgement.threshold == 4.0  # sd floored at 1: 1 + 3 × 1
    assert judgement.flagged


def test_a_flat_zero_baseline_needs_more_than_three_and_the_minimum():
    zeros = [0] * 8
    assert judge(count=3, baseline=zeros, min_count=1, sigma=3.0).flagged is False  # 3 is not > 3
    assert judge(count=4, baseline=zeros, min_count=1, sigma=3.0).flagged is True
    assert judge(count=4, baseline=zeros, min_count=5, sigma=3.0).flagged is False
    assert judge(count=5, baseline=zeros, min_count=5, sigma=3.0).flagged is True


def test_a_noisy_high_baseline_absorbs_an_ordinary_rise():
    baseline = [10, 14, 9, 12, 15, 8, 11, 13]
    judgement = judge(count=17, baseline=baseline, min_count=5, sigma=3.0)
    assert judgement.mean == 11.5
    assert judgement.threshold == pytest.approx(11.5 + 3 * judgement.sd)
    assert not judgement.flagged
    assert judge(count=25, baseline=baseline, min_count=5, sigma=3.0).flagged


def test_the_count_must_be_strictly_above_the_threshold():
    # mean 3, sd 1.069: threshold 6.21
    assert judge(count=6, baseline=[2, 4] * 4, min_count=5, sigma=3.0).flagged is False
    assert judge(count=7, baseline=[2, 4] * 4, min_count=5, sigma=3.0).flagged is True
    # mean 3, sd 0 floored at 1: threshold exactly 6
    assert judge(count=6, baseline=[3] * 8, min_count=5, sigma=3.0).flagged is False
    assert judge(count=7, baseline=[3] * 8, min_count=5, sigma=3.0).flagged is True


# --- on the database ----------------------------------------------------------------------------


@pytest.fixture
def weeks(world):
    """团结湖 parking: about one a week, then 8 → flagged. 中关村 heating: steadily 10–15 a week,
    then 16 → not flagged. 麦子店 noise: nothing, then 4 → below the minimum. The district
    enforcement department: parking from 0 to 9 — not a street, never flagged. 团结湖 noise: 0 then
    6 → flagged, less far above its threshold than parking (6 − 3 < 8 − 4)."""
    w = world
    weekly(w.tuanjiehu, w.parking, [1, 0, 2, 1, 1, 0, 1, 2], flagged_week=8)
    weekly(w.zhongguancun, w.heating, [10, 14, 9, 12, 15, 11, 13, 12], flagged_week=16)
    weekly(w.maizidian, w.noise, [0] * 8, flagged_week=4)
    weekly(w.chaoyang_enforcement, w.parking, [0] * 8, flagged_week=9)
    weekly(w.tuanjiehu, w.noise, [0] * 8, flagged_week=6)
    return w


def test_the_week_flags_the_jumps_only(weeks):
    w = weeks
    found = early_warnings(week_start=WEEK)
    assert [(x.street, x.category, x.count) for x in found] == [
        (w.tuanjiehu, w.parking, 8),
        (w.tuanjiehu, w.noise, 6),
    ]
    parking = found[0]
    assert (parking.baseline_mean, parking.threshold) == (1.0, 4.0)
    assert round(parking.baseline_sd, 4) == 0.7559
    assert parking.excess == 4.0


def test_the_parameters_change_the_verdict(weeks):
    w = weeks
    assert (w.maizidian, w.noise) in {
        (x.street, x.category) for x in early_warnings(week_start=WEEK, min_count=4)
    }
    assert early_warnings(week_start=WEEK, sigma=10.0) == []  # 1 + 10 = 11 > 8; 0 + 10 > 6
    # Over two baseline weeks (1, 2) the parking threshold is 1.5 + 3 × 1 = 4.5: still flagged.
    assert [x.count for x in early_warnings(week_start=WEEK, weeks=2)][:1] == [8]


def test_the_week_before_has_nothing_to_flag(weeks):
    assert early_warnings(week_start=week(1)) == []


def test_tickets_returned_by_a_street_are_not_its_own(weeks):
    w = weeks
    Assignment.objects.filter(
        unit=w.tuanjiehu, ticket__category=w.parking, ticket__received_at__gte=local(2025, 3, 10, 0)
    ).update(status=Assignment.Status.RETURNED)
    assert [x.category for x in early_warnings(week_start=WEEK)] == [w.noise]


def test_warning_tickets_list_the_weeks_tickets_behind_the_flag(weeks):
    w = weeks
    parking = early_warnings(week_start=WEEK)[0]
    tickets = list(warning_tickets(parking, WEEK))
    assert len(tickets) == 8
    assert {ticket.category for ticket in tickets} == {w.parking}
    assert all(local(2025, 3, 10, 0) <= ticket.received_at < local(2025, 3, 17, 0) for ticket in tickets)
    assert all(ticket.assignments.get(role="lead").unit == w.tuanjiehu for ticket in tickets)


def test_pair_assessment_gives_the_figures_flagged_or_not(weeks):
    w = weeks
    heating, flagged = pair_assessment(street=w.zhongguancun, category=w.heating, week_start=WEEK)
    assert (heating.count, heating.baseline_mean, flagged) == (16, 12.0, False)
    parking, flagged = pair_assessment(street=w.tuanjiehu, category=w.parking, week_start=WEEK)
    assert (parking.count, parking.threshold, flagged) == (8, 4.0, True)
    nothing, flagged = pair_assessment(street=w.maizidian, category=w.heating, week_start=WEEK)
    assert (nothing.count, nothing.baseline_mean, nothing.threshold, flagged) == (0, 0.0, 3.0, False)


def test_a_week_starts_on_a_monday(db):
    with pytest.raises(ValueError):
        early_warnings(week_start=date(2025, 3, 11))


def _streets_with_a_jump(district: Unit, first: int, count: int, category) -> None:
    units = Unit.objects.bulk_create(
        Unit(code=f"{district.code}{n:04d}", name=f"街道{n}", kind="street", parent=district)
        for n in range(first, first + count)
    )
    for unit in units:
        weekly(unit, category, [1, 0, 1, 0, 1, 0, 1, 0], flagged_week=6)


def test_the_number_of_queries_does_not_grow_with_the_streets(world):
    _streets_with_a_jump(world.haidian, 0, 2, world.parking)
    with CaptureQueriesContext(connection) as few:
        assert len(early_warnings(week_start=WEEK)) == 2
    _streets_with_a_jump(world.haidian, 2, 18, world.noise)
    with CaptureQueriesContext(connection) as many:
        assert len(early_warnings(week_start=WEEK)) == 20
    assert len(many) == len(few) == 3  # the grouped counts, the streets, the categories
