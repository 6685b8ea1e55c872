"""Acceptance 1: a hand-built month whose rates, composites and ranks are worked out by hand below
and must come out exactly. March 2025 (Asia/Shanghai); test schemes from 2025-02-01:

- streets: weights 0.2 / 0.4 / 0.4, k (basically satisfied) = 0.8, partly solved = 0.5, ranked from
  5 orders per rate, top 1, bottom 1;
- departments: weights 0.1 / 0.4 / 0.4 and 0.1 for the on-time reply rate, same credits, ranked
  from 5, top 1, bottom 0.

Legend: SS = solved & satisfied, PB = partly solved & basically satisfied, SB = solved & basically
satisfied, PD = partly solved & dissatisfied, ND = not solved & dissatisfied, U = unreachable.
"met/missed" = sign-for clock / first-contact clock. Reply clocks: "met" replied by the deadline,
"missed" replied after it, "running" never replied; an order without one has no reply deadline in
the month."""

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from metrics import services
from metrics.computation import Rate, rate_assignments, unit_counts
from metrics.formulas import Counts
from metrics.periods import month_bounds
from metrics.ranking import ranking_compute
from metrics.tests.factories import ScoringSchemeFactory, order
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db

MARCH = date(2025, 3, 1)
ZONE = ZoneInfo("Asia/Shanghai")
SS, PB, ND = ("solved", "satisfied"), ("partly", "basic"), ("not_solved", "dissatisfied")
SB, PD = ("solved", "basic"), ("partly", "dissatisfied")
U = ("solved", "unreachable")


def day(month: int, number: int, hour: int = 10) -> datetime:
    return datetime(2025, month, number, hour, tzinfo=ZONE)


def cb(when: datetime, answer: tuple[str, str]) -> tuple[datetime, str, str]:
    return (when, *answer)


@pytest.fixture
def march(make_user):
    ScoringSchemeFactory(unit_kind="street")
    ScoringSchemeFactory(
        unit_kind="department",
        weight_response=Decimal("0.1"),
        weight_resolution=Decimal("0.4"),
        weight_satisfaction=Decimal("0.4"),
        weight_on_time_reply=Decimal("0.1"),
        bottom_n=0,
    )
    district = DistrictFactory()
    a_street = StreetFactory(parent=district, name="甲街道")
    b_street = StreetFactory(parent=district, name="乙街道")
    c_street = StreetFactory(parent=district, name="丙街道")
    dept = DepartmentFactory(parent=district)
    dispatcher = make_user(Role.DISPATCHER)
    b_official = make_user(Role.STREET_OFFICIAL, unit=b_street)
    due = day(3, 10)
    call = day(3, 12)

    replied = (("met", day(3, 11)),)  # replied by a deadline of 11 March

    # Street A: 17 lead orders.
    a = {n: order(a_street, due=due, callbacks=(cb(call, SS),), replies=replied) for n in range(1, 4)}
    a |= {n: order(a_street, due=due, callbacks=(cb(call, SS),)) for n in range(4, 6)}  # a1–a5
    a[6] = order(a_street, due=due, callbacks=(cb(call, PB),))
    a[7] = order(a_street, due=due, callbacks=(cb(call, ND),))
    a[8] = order(a_street, due=due, callbacks=(cb(call, U),))  # unreachable: not a valid callback
    a[9] = order(a_street, due=due, contact="running", callbacks=(cb(call, SS),))  # never contacted
    a[10] = order(a_street, due=due, sign="missed")  # signed late, contacted in time; no callback
    a[11] = order(a_street, due=due, sign="missed", contact="missed", callbacks=(cb(call, ND),))
    services.exclusion_add(assignment=a[11], actor=dispatcher, reason="repeat", note="重复来电")
    a[12] = order(a_street, due=day(2, 27), callbacks=(cb(day(3, 3), SS),))  # contact due in February
    a[13] = order(a_street, due=due, replies=(("running", day(3, 20)),))  # overdue, never replied
    a[14] = order(a_street, due=due, replies=(("missed", day(3, 15)),), callbacks=(cb(day(3, 25), SS),))
    a[15] = order(a_street, due=due, replies=(("missed", day(3, 28)),), callbacks=(cb(day(4, 3), SS),))
    a[16] = order(a_street, due=due, replies=(("running", day(3, 20)),))  # overdue, but excluded:
    services.exclusion_add(assignment=a[16], actor=dispatcher, reason="legal_channel")
    a[17] = order(a_street, due=due, replies=(("running", day(4, 5)),))  # reply due in April

    # Street B: 9 lead orders and one assisting order.
    b = {
        1: order(b_street, due=due, callbacks=(cb(day(3, 5), ND), cb(day(3, 20), SS))),  # redone
        2: order(b_street, due=due, callbacks=(cb(day(3, 8), SB), cb(day(3, 9), U))),
        3: order(b_street, due=due, callbacks=(cb(call, SS),)),
        4: order(b_street, due=due, callbacks=(cb(call, PD),)),
        5: order(b_street, due=due, callbacks=(cb(call, ND),)),
        6: order(b_street, due=due, callbacks=(cb(day(4, 2), SS),)),  # called back in April
        7: order(b_street, due=due, contact="missed", callbacks=(cb(call, SS),)),
        8: order(b_street, due=due, sign="missed", contact="missed", callbacks=(cb(call, PB),)),
        9: order(b_street, due=due, sign="missed", contact="missed", callbacks=(cb(call, ND),)),
        # Replied late and called back, but the citizen was unreachable: no valid callback.
        11: order(b_street, due=due, replies=(("missed", day(3, 15)),), callbacks=(cb(day(3, 18), U),)),
    }
    b["assist"] = order(b_street, due=due, sign="missed", contact="missed", role="assist", ticket=a[1].ticket)
    rejected = services.appeal_file(
        assignment=b[5], actor=b_official, reason="unreasonable", evidence="诉求人要求超出标准"
    )
    services.appeal_decide(appeal=rejected, actor=dispatcher, accept=False, reason="诉求合理")
    accepted = services.appeal_file(
        assignment=b[9], actor=b_official, reason="outside_duties", evidence="属供热公司职责"
    )
    services.appeal_decide(appeal=accepted, actor=dispatcher, accept=True, reason="核实属实")

    # Street C: three perfect orders — below the minimum of five.
    c = {n: order(c_street, due=due, callbacks=(cb(call, SS),)) for n in range(1, 4)}

    # Department D: 8 lead orders.
    d = {n: order(dept, due=due, callbacks=(cb(call, SS),), replies=replied) for n in range(1, 5)}
    d[5] = order(dept, due=due, callbacks=(cb(call, PB),), replies=replied)
    late = (("missed", day(3, 11)),)
    d[6] = order(dept, due=due, contact="missed", callbacks=(cb(call, ND),), replies=late)
    d[7] = order(dept, due=due, sign="missed", contact="missed", callbacks=(cb(call, ND),))
    services.exclusion_add(assignment=d[7], actor=dispatcher, reason="caller_unreachable")
    d[8] = order(dept, due=due, replies=(("running", day(3, 25)),))  # overdue, never replied

    return SimpleNamespace(
        a_street=a_street, b_street=b_street, c_street=c_street, dept=dept, a=a, b=b, c=c, d=d
    )


def test_street_counts_by_hand(march):
    counts = unit_counts(unit_kind="street", start=month_bounds(MARCH)[0], end=month_bounds(MARCH)[1])
    # A — response: due a1–a10, a13–a15, a17 = 14 (a11 and a16 excluded, a12 due in February);
    #   met all but a9 (never contacted) and a10 (signed late) = 12.
    #   reply deadlines due in March: a1–a3 (met), a13 (running past it), a14, a15 (missed) = 6
    #   (a16 excluded, a17 due in April); met 3.
    #   callbacks: valid a1–a7, a9, a12, a14 = 10 (a8 unreachable, a10 none, a11 excluded, a15's
    #   in April); solved a1–a5, a9, a12, a14 = 8; partly a6 = 1; satisfied 8; basically a6 = 1.
    #   not replied: a13 (no callback at all) and a15 (its callback is April's) = 2; a14 was
    #   replied late but called back in March, so its callback counts instead.
    assert counts[march.a_street.pk] == Counts(
        response_met=12,
        response_due=14,
        solved=8,
        partly=1,
        satisfied=8,
        basic=1,
        valid_callbacks=10,
        reply_met=3,
        reply_due=6,
        not_replied=2,
    )
    # B — response: due b1–b8 = 8 (b9 excluded by the accepted appeal, b5's appeal rejected, the
    #   assisting order not assessed); met b1–b6 = 6.
    #   callbacks: b1 counts its later answer SS; b2 its valid SB (the later one unreachable);
    #   b6 was called back in April; valid b1–b5, b7, b8 = 7; solved b1, b2, b3, b7 = 4;
    #   partly b4, b8 = 2; satisfied b1, b3, b7 = 3; basically b2, b8 = 2.
    #   b11: contact due and met (response 9 due, 7 met); its reply deadline passed (missed, 1 due,
    #   0 met) and its only callback is unreachable, so it is not replied = 1.
    assert counts[march.b_street.pk] == Counts(
        response_met=7,
        response_due=9,
        solved=4,
        partly=2,
        satisfied=3,
        basic=2,
        valid_callbacks=7,
        reply_met=0,
        reply_due=1,
        not_replied=1,
    )
    assert counts[march.c_street.pk] == Counts(
        response_met=3, response_due=3, solved=3, partly=0, satisfied=3, basic=0, valid_callbacks=3
    )


def test_street_ranking_by_hand(march):
    ranking = ranking_compute(month=MARCH, unit_kind="street")
    first, second = ranking.ranked
    # A: response 12/14 = 6/7; on-time reply 3/6 = 1/2 (weight 0: shown, not scored);
    #    assessed outcomes = 10 valid callbacks + 2 not replied = 12;
    #    resolution (8 + ½·1)/12 = 17/24; satisfaction (8 + 0.8·1)/12 = 8.8/12 = 11/15;
    #    composite 0.2·6/7 + 0.4·17/24 + 0.4·11/15 = 6/35 + 17/60 + 22/75
    #            = 360/2100 + 595/2100 + 616/2100 = 1571/2100 ≈ 0.748095.
    assert first.unit_id == march.a_street.pk
    assert (first.rates.response, first.rates.resolution, first.rates.satisfaction) == (
        Fraction(6, 7),
        Fraction(17, 24),
        Fraction(11, 15),
    )
    assert first.rates.on_time_reply == Fraction(1, 2)
    assert first.rates.composite == Fraction(1571, 2100)
    assert (
        first.response_rate,
        first.resolution_rate,
        first.satisfaction_rate,
        first.on_time_reply_rate,
        first.composite,
    ) == (
        Decimal("0.857143"),
        Decimal("0.708333"),
        Decimal("0.733333"),
        Decimal("0.500000"),
        Decimal("0.748095"),
    )
    # B: response 7/9; on-time reply 0/1 = 0; assessed outcomes 7 + 1 = 8;
    #    resolution (4 + ½·2)/8 = 5/8; satisfaction (3 + 0.8·2)/8 = 4.6/8 = 23/40;
    #    composite 0.2·7/9 + 0.4·5/8 + 0.4·23/40 = 7/45 + 1/4 + 23/100
    #            = 140/900 + 225/900 + 207/900 = 572/900 = 143/225 ≈ 0.635556.
    assert second.unit_id == march.b_street.pk
    assert (second.rates.response, second.rates.resolution, second.rates.satisfaction) == (
        Fraction(7, 9),
        Fraction(5, 8),
        Fraction(23, 40),
    )
    assert second.rates.on_time_reply == 0
    assert second.rates.composite == Fraction(143, 225)
    assert second.composite == Decimal("0.635556")
    # Ranks: A 1 (top 1), B 2 (bottom 1); no snapshot of February, so no change.
    assert [
        (line.standing.rank, line.standing.is_top, line.standing.is_bottom) for line in ranking.ranked
    ] == [
        (1, True, False),
        (2, False, True),
    ]
    assert {line.standing.rank_change for line in ranking.ranked} == {None}
    # C scores 1 on everything, but with 3 orders < 5 it is listed apart, unranked.
    (apart,) = ranking.unranked
    assert apart.unit_id == march.c_street.pk
    assert apart.rates.composite == 1 and apart.standing.rank is None


def test_department_ranking_by_hand(march):
    ranking = ranking_compute(month=MARCH, unit_kind="department")
    (line,) = ranking.ranked
    # D: response: due d1–d6, d8 = 7 (d7 excluded), met d1–d5, d8 = 6 → 6/7;
    #    on-time reply: deadlines d1–d6, d8 = 7, met d1–d5 = 5 → 5/7 (d6 late, d8 never replied);
    #    assessed outcomes: valid callbacks d1–d6 = 6 + not replied d8 = 7;
    #    resolution (4 + ½·1)/7 = 9/14; satisfaction (4 + 0.8·1)/7 = 4.8/7 = 24/35;
    #    composite 0.1·6/7 + 0.4·9/14 + 0.4·24/35 + 0.1·5/7
    #            = 6/70 + 18/70 + 19.2/70 + 5/70 = 48.2/70 = 241/350 ≈ 0.688571.
    assert line.unit_id == march.dept.pk
    assert (line.rates.response, line.rates.resolution, line.rates.satisfaction, line.rates.composite) == (
        Fraction(6, 7),
        Fraction(9, 14),
        Fraction(24, 35),
        Fraction(241, 350),
    )
    assert line.rates.on_time_reply == Fraction(5, 7)
    assert line.composite == Decimal("0.688571")
    assert (line.standing.rank, line.standing.is_top, line.standing.is_bottom) == (1, True, False)
    assert ranking.unranked == []


def test_every_figure_lists_its_orders(march):
    start, end = month_bounds(MARCH)
    a, b = march.a, march.b

    def ids(querysets):
        return {part: set(qs.values_list("pk", flat=True)) for part, qs in querysets.items()}

    response = ids(rate_assignments(unit=march.a_street, rate=Rate.RESPONSE, start=start, end=end))
    assert response == {
        "numerator": {a[n].pk for n in (1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 17)},
        "denominator": {a[n].pk for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 17)},
    }
    on_time = ids(rate_assignments(unit=march.a_street, rate=Rate.ON_TIME_REPLY, start=start, end=end))
    assert on_time == {
        "numerator": {a[1].pk, a[2].pk, a[3].pk},
        "denominator": {a[n].pk for n in (1, 2, 3, 13, 14, 15)},
    }
    resolution = ids(rate_assignments(unit=march.b_street, rate=Rate.RESOLUTION, start=start, end=end))
    assert resolution == {
        "solved": {b[1].pk, b[2].pk, b[3].pk, b[7].pk},
        "partly": {b[4].pk, b[8].pk},
        "not_replied": {b[11].pk},
        "denominator": {b[n].pk for n in (1, 2, 3, 4, 5, 7, 8, 11)},
    }
    satisfaction = ids(rate_assignments(unit=march.a_street, rate=Rate.SATISFACTION, start=start, end=end))
    assert satisfaction == {
        "satisfied": {a[n].pk for n in (1, 2, 3, 4, 5, 9, 12, 14)},
        "basic": {a[6].pk},
        "not_replied": {a[13].pk, a[15].pk},
        "denominator": {a[n].pk for n in (1, 2, 3, 4, 5, 6, 7, 9, 12, 13, 14, 15)},
    }
    # Every unit's counts equal the lengths of its lists.
    counts = unit_counts(unit_kind="street", start=start, end=end)
    for unit in (march.a_street, march.b_street, march.c_street):
        lists = {rate: rate_assignments(unit=unit, rate=rate, start=start, end=end) for rate in Rate}
        expected = counts[unit.pk]
        assert lists[Rate.RESPONSE]["numerator"].count() == expected.response_met
        assert lists[Rate.RESPONSE]["denominator"].count() == expected.response_due
        assert lists[Rate.RESOLUTION]["solved"].count() == expected.solved
        assert lists[Rate.RESOLUTION]["partly"].count() == expected.partly
        assert lists[Rate.SATISFACTION]["basic"].count() == expected.basic
        assert lists[Rate.SATISFACTION]["not_replied"].count() == expected.not_replied
        assert lists[Rate.SATISFACTION]["denominator"].count() == expected.assessed_outcomes
        assert lists[Rate.ON_TIME_REPLY]["numerator"].count() == expected.reply_met
        assert lists[Rate.ON_TIME_REPLY]["denominator"].count() == expected.reply_due


def test_rank_change_against_last_months_snapshot(march):
    """February: B (five perfect orders) above A (two of five answered ND) — frozen. In March A
    overtakes B: A gains one place, B loses one."""
    feb_due, feb_call = day(2, 10), day(2, 12)
    for _ in range(5):
        order(march.b_street, due=feb_due, callbacks=(cb(feb_call, SS),))
    for answer in (SS, SS, SS, ND, ND):
        order(march.a_street, due=feb_due, callbacks=(cb(feb_call, answer),))
    february, _created = services.snapshot_freeze(month=date(2025, 2, 1), unit_kind="street")
    assert dict(february.rows.filter(ranked=True).values_list("unit_id", "rank")) == {
        march.b_street.pk: 1,
        march.a_street.pk: 2,
    }
    ranking = ranking_compute(month=MARCH, unit_kind="street")
    assert [(line.unit_id, line.standing.rank_change) for line in ranking.ranked] == [
        (march.a_street.pk, 1),
        (march.b_street.pk, -1),
    ]
