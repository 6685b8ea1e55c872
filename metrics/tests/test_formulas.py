"""The arithmetic alone, without the database."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from metrics.formulas import (
    Counts,
    Standing,
    Terms,
    competition_ranks,
    composite_score,
    figure,
    mean_rating,
    rates_of,
    ratio,
    resolution_rate,
    response_rate,
    sample_sufficient,
    satisfaction_rate,
    standings,
    whistle_score,
)
from metrics.periods import last_month, month_bounds, next_month, previous_month

TERMS = Terms(
    weight_response=Decimal("0.2"),
    weight_resolution=Decimal("0.4"),
    weight_satisfaction=Decimal("0.4"),
    basic_credit=Decimal("0.8"),
    partly_credit=Decimal("0.5"),
    min_assessed=5,
    top_n=2,
    bottom_n=2,
)


def test_a_rate_of_nothing_is_none_not_zero():
    assert ratio(0, 0) is None
    assert response_rate(met=0, due=0) is None
    assert response_rate(met=0, due=4) == 0
    assert response_rate(met=3, due=4) == Fraction(3, 4)


def test_half_answers_count_their_credit_exactly():
    # (3 + 0.5·2) / 8 = 1/2; (3 + 0.8·1) / 5 = 19/25 — fractions, not floats.
    assert resolution_rate(solved=3, partly=2, valid=8, partly_credit=Decimal("0.5")) == Fraction(1, 2)
    assert satisfaction_rate(satisfied=3, basic=1, valid=5, basic_credit=Decimal("0.8")) == Fraction(19, 25)
    assert satisfaction_rate(satisfied=0, basic=3, valid=3, basic_credit=Decimal("1")) == 1


def test_the_composite_weighs_the_three_rates_and_needs_all_of_them():
    assert composite_score(
        response=Fraction(1), resolution=Fraction(1, 2), satisfaction=Fraction(0), terms=TERMS
    ) == (Fraction(2, 5))
    assert (
        composite_score(response=None, resolution=Fraction(1), satisfaction=Fraction(1), terms=TERMS) is None
    )
    rates = rates_of(
        Counts(response_met=8, response_due=10, solved=7, partly=1, satisfied=7, basic=1, valid_callbacks=9),
        TERMS,
    )
    assert (rates.response, rates.resolution, rates.satisfaction, rates.composite) == (
        Fraction(4, 5),
        Fraction(5, 6),
        Fraction(13, 15),
        Fraction(21, 25),
    )


def test_orders_not_replied_count_as_neither_solved_nor_satisfied():
    # 1 valid callback "solved, satisfied" and 3 orders past their deadline without a reply:
    # resolution and satisfaction 1/4, not 1/1.
    counts = Counts(
        response_met=4,
        response_due=4,
        solved=1,
        satisfied=1,
        valid_callbacks=1,
        reply_due=4,
        reply_met=1,
        not_replied=3,
    )
    rates = rates_of(counts, TERMS)
    assert (rates.resolution, rates.satisfaction, rates.on_time_reply) == (Fraction(1, 4),) * 3
    # Weight 0 for the on-time reply rate: 0.2·1 + 0.4·¼ + 0.4·¼ = 2/5.
    assert rates.composite == Fraction(2, 5)
    # The unit is ranked on 4 assessed outcomes, not on its 1 callback.
    assert sample_sufficient(counts, replace(TERMS, min_assessed=4))


def test_a_weighed_on_time_reply_rate_enters_the_composite_and_the_minimum():
    terms = replace(TERMS, weight_response=Decimal("0.1"), weight_on_time_reply=Decimal("0.1"))
    counts = Counts(
        response_met=5, response_due=5, solved=5, satisfied=5, valid_callbacks=5, reply_due=5, reply_met=2
    )
    # 0.1·1 + 0.4·1 + 0.4·1 + 0.1·2/5 = 47/50.
    assert rates_of(counts, terms).composite == Fraction(47, 50)
    assert sample_sufficient(counts, terms)
    # Weighed but with no reply deadline due: no composite, and not ranked.
    without = replace(counts, reply_due=0, reply_met=0)
    assert rates_of(without, terms).composite is None
    assert not sample_sufficient(without, terms)
    # Not weighed: the missing rate changes nothing.
    assert rates_of(without, TERMS).composite == 1 and sample_sufficient(without, TERMS)


def test_figures_are_rounded_half_up_to_six_places():
    assert figure(Fraction(2, 3)) == Decimal("0.666667")
    assert figure(Fraction(1, 8_000_000)) == Decimal("0.000000")
    assert figure(Fraction(5, 10_000_000)) == Decimal("0.000001")  # exactly half: up
    assert figure(Fraction(1)) == Decimal("1.000000")
    assert figure(None) is None


def test_a_unit_is_ranked_only_when_every_rate_rests_on_the_minimum():
    assert sample_sufficient(Counts(response_due=5, valid_callbacks=5), TERMS)
    assert not sample_sufficient(Counts(response_due=50, valid_callbacks=4), TERMS)
    assert not sample_sufficient(Counts(response_due=4, valid_callbacks=50), TERMS)
    no_minimum = replace(TERMS, min_assessed=0)
    assert not sample_sufficient(Counts(), no_minimum)  # nothing to divide by is never ranked


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([Decimal("0.9"), Decimal("0.8"), Decimal("0.9"), Decimal("0.7")]) == [1, 3, 1, 4]
    assert competition_ranks([]) == []


def test_standings_flag_top_and_bottom_with_ties_at_the_edge_and_the_change():
    composites = {
        "a": Decimal("0.95"),
        "b": Decimal("0.90"),
        "c": Decimal("0.90"),
        "d": Decimal("0.80"),
        "e": Decimal("0.70"),
        "small": Decimal("1.00"),  # not eligible: below the minimum sample
        "none": None,  # eligible, but a rate has nothing to divide by
    }
    placed = standings(
        composites,
        eligible={"a", "b", "c", "d", "e", "none"},
        terms=TERMS,
        previous_ranks={"a": 3, "d": 1, "small": 1},
    )
    assert placed["a"] == Standing(ranked=True, rank=1, rank_change=2, is_top=True, is_bottom=False)
    # b and c tie for 2nd: both in the top two.
    assert placed["b"] == placed["c"] == Standing(ranked=True, rank=2, is_top=True)
    assert placed["d"] == Standing(ranked=True, rank=4, rank_change=-3, is_bottom=True)
    assert placed["e"] == Standing(ranked=True, rank=5, is_bottom=True)
    assert placed["small"] == placed["none"] == Standing(ranked=False)


def test_with_few_units_a_unit_can_be_both_top_and_bottom():
    placed = standings({"only": Decimal("0.5")}, eligible={"only"}, terms=TERMS, previous_ranks={})
    assert placed["only"] == Standing(ranked=True, rank=1, is_top=True, is_bottom=True)


def test_month_arithmetic():
    assert next_month(date(2024, 12, 1)) == date(2025, 1, 1)
    assert previous_month(date(2025, 1, 1)) == date(2024, 12, 1)
    assert previous_month(date(2025, 3, 1)) == date(2025, 2, 1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 2025-03-31 16:30 UTC is already 1 April in Beijing: last month is March.
        (datetime(2025, 3, 31, 16, 30, tzinfo=ZoneInfo("UTC")), date(2025, 3, 1)),
        (datetime(2025, 3, 31, 15, 30, tzinfo=ZoneInfo("UTC")), date(2025, 2, 1)),
        (datetime(2025, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), date(2024, 12, 1)),
    ],
)
def test_last_month_is_counted_in_the_citys_time_zone(now, expected, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert last_month(now) == expected


def test_a_month_runs_from_local_midnight_to_local_midnight(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    start, end = month_bounds(date(2025, 2, 14))
    zone = ZoneInfo("Asia/Shanghai")
    assert (start, end) == (datetime(2025, 2, 1, tzinfo=zone), datetime(2025, 3, 1, tzinfo=zone))


def test_whistle_score_weighs_the_two_rates_and_the_mean_rating_out_of_five():
    score = whistle_score(
        acknowledge_rate=1.0,
        arrival_rate=0.5,
        mean_rating=4.0,
        weight_acknowledge=Decimal("0.4"),
        weight_arrival=Decimal("0.3"),
        weight_rating=Decimal("0.3"),
    )
    assert score == Decimal("0.790000")


def test_whistle_score_rounds_each_rate_to_six_places_before_weighing():
    # 13/3 ÷ 5 = 0.8666…: rounded to 0.866667 first, then weighed twice over.
    score = whistle_score(
        acknowledge_rate=0.0,
        arrival_rate=0.0,
        mean_rating=mean_rating([4.0, 4.0, 5.0]),
        weight_acknowledge=Decimal(0),
        weight_arrival=Decimal(0),
        weight_rating=Decimal("2"),
    )
    assert score == Decimal("1.733334")


def test_mean_rating_is_missing_when_one_mean_is():
    assert mean_rating([4.0, None, 5.0]) is None
    assert mean_rating([3.0, 4.0, 5.0]) == 4.0
