"""Acceptance 1: a hand-built month whose rates, composites and ranks are worked out by hand below
and must come out exactly. March 2025 (Asia/Shanghai); test schemes from 2025-02-01:

- streets: weights 0.2 / 0.4 / 0.4, k (basically satisfied) = 0.8, partly solved = 0.5, ranked from
  5 orders per rate, top 1, bottom 1;
- departments: weights 0.1 / 0.45 / 0.45, same credits, ranked from 5, top 1, bottom 0.

Legend: SS = solved & satisfied, PB = partly solved & basically satisfied, SB = solved & basically
satisfied, PD = partly solved & dissatisfied, ND = not solved & dissatisfied, U = unreachable. "met/missed" = sign-for clock / first-contact clock."""

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
        weight_resolution=Decimal("0.45"),
        weight_satisfaction=Decimal("0.45"),
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

    # Street A: 12 lead orders.
    a = {n: order(a_street, due=due, callbacks=(cb(call, SS),)) for n in range(1, 6)}  # a1–a5
    a[6] = order(a_street, due=due, callbacks=(cb(call, PB),))
    a[7] = order(a_street, due=due, callbacks=(cb(call, ND),))
    a[8] = order(a_street, due=due, callbacks=(cb(call, U),))  # unreachable: not a valid callback
    a[9] = order(a_street, due=due, contact="running", callbacks=(cb(call, SS),))  # never contacted
    a[10] = order(a_street, due=due, sign="missed")  # signed late, contacted in time; no callback
    a[11] = order(a_street, due=due, sign="missed", contact="missed", callbacks=(cb(call, ND),))
    services.exclusion_add(assignment=a[11], actor=dispatcher, reason="repeat", note="重复来电")
    a[12] = order(a_street, due=day(2, 27), callbacks=(cb(day(3, 3), SS),))  # contact due in February

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

    # Department D: 7 lead orders.
    d = {n: order(dept, due=due, callbacks=(cb(call, SS),)) for n in range(1, 5)}
    d[5] = order(dept, due=due, callbacks=(cb(call, PB),))
    d[6] = order(dept, due=due, contact="missed", callbacks=(cb(call, ND),))
    d[7] = order(dept, due=due, sign="missed", contact="missed", callbacks=(cb(call, ND),))
    services.exclusion_add(assignment=d[7], actor=dispatcher, reason="caller_unreachable")

    return SimpleNamespace(
        a_street=a_street, b_street=b_street, c_street=c_street, dept=dept, a=a, b=b, c=c, d=d
    )


def test_street_counts_by_hand(march):
    counts = unit_counts(unit_kind="street", start=month_bounds(MARCH)[0], end=month_bounds(MARCH)[1])
    # A — response: due a1–a10 (a11 excluded, a12 due in February) = 10; met a1–a8 (a9 never
    #   contacted, a10 signed late) = 8.
    #   callbacks: valid a1–a7, a9, a12 = 9 (a8 unreachable, a10 none, a11 excluded);
    #   solved a1–a5, a9, a12 = 7; partly a6 = 1; satisfied 7; basically a6 = 1.
    assert counts[march.a_street.pk] == Counts(
        response_met=8, response_due=10, solved=7, partly=1, satisfied=7, basic=1, valid_callbacks=9
    )
    # B — response: due b1–b8 = 8 (b9 excluded by the accepted appeal, b5's appeal rejected, the
    #   assisting order not assessed); met b1–b6 = 6.
    #   callbacks: b1 counts its later answer SS; b2 its valid SB (the later one unreachable);
    #   b6 was called back in April; valid b1–b5, b7, b8 = 7; solved b1, b2, b3, b7 = 4;
    #   partly b4, b8 = 2; satisfied b1, b3, b7 = 3; basically b2, b8 = 2.
    assert counts[march.b_street.pk] == Counts(
        response_met=6, response_due=8, solved=4, partly=2, satisfied=3, basic=2, valid_callbacks=7
    )
    assert counts[march.c_street.pk] == Counts(
        response_met=3, response_due=3, solved=3, partly=0, satisfied=3, basic=0, valid_callbacks=3
    )


def test_street_ranking_by_hand(march):
    ranking = ranking_compute(month=MARCH, unit_kind="street")
    first, second = ranking.ranked
    # A: response 8/10 = 4/5; resolution (7 + ½·1)/9 = 5/6; satisfaction (7 + 0.8·1)/9 = 13/15;
    #    composite 0.2·4/5 + 0.4·5/6 + 0.4·13/15 = 12/75 + 25/75 + 26/75 = 21/25 = 0.84.
    assert first.unit_id == march.a_street.pk
    assert (first.rates.response, first.rates.resolution, first.rates.satisfaction) == (
        Fraction(4, 5),
        Fraction(5, 6),
        Fraction(13, 15),
    )
    assert first.rates.composite == Fraction(21, 25)
    assert (first.response_rate, first.resolution_rate, first.satisfaction_rate, first.composite) == (
        Decimal("0.800000"),
        Decimal("0.833333"),
        Decimal("0.866667"),
        Decimal("0.840000"),
    )
    # B: response 6/8 = 3/4; resolution (4 + ½·2)/7 = 5/7; satisfaction (3 + 0.8·2)/7 = 23/35;
    #    composite 0.2·3/4 + 0.4·5/7 + 0.4·23/35 = 105/700 + 200/700 + 184/700 = 489/700 ≈ 0.698571.
    assert second.unit_id == march.b_street.pk
    assert (second.rates.response, second.rates.resolution, second.rates.satisfaction) == (
        Fraction(3, 4),
        Fraction(5, 7),
        Fraction(23, 35),
    )
    assert second.rates.composite == Fraction(489, 700)
    assert second.composite == Decimal("0.698571")
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
    # D: response: due d1–d6 = 6 (d7 excluded), met d1–d5 = 5 → 5/6;
    #    resolution (4 + ½·1)/6 = 3/4; satisfaction (4 + 0.8·1)/6 = 4/5;
    #    composite 0.1·5/6 + 0.45·3/4 + 0.45·4/5 = 100/1200 + 405/1200 + 432/1200 = 937/1200.
    assert line.unit_id == march.dept.pk
    assert (line.rates.response, line.rates.resolution, line.rates.satisfaction, line.rates.composite) == (
        Fraction(5, 6),
        Fraction(3, 4),
        Fraction(4, 5),
        Fraction(937, 1200),
    )
    assert line.composite == Decimal("0.780833")
    assert (line.standing.rank, line.standing.is_top, line.standing.is_bottom) == (1, True, False)
    assert ranking.unranked == []


def test_every_figure_lists_its_orders(march):
    start, end = month_bounds(MARCH)
    a, b = march.a, march.b

    def ids(querysets):
        return {part: set(qs.values_list("pk", flat=True)) for part, qs in querysets.items()}

    response = ids(rate_assignments(unit=march.a_street, rate=Rate.RESPONSE, start=start, end=end))
    assert response == {
        "numerator": {a[n].pk for n in range(1, 9)},
        "denominator": {a[n].pk for n in range(1, 11)},
    }
    resolution = ids(rate_assignments(unit=march.b_street, rate=Rate.RESOLUTION, start=start, end=end))
    assert resolution == {
        "solved": {b[1].pk, b[2].pk, b[3].pk, b[7].pk},
        "partly": {b[4].pk, b[8].pk},
        "denominator": {b[n].pk for n in (1, 2, 3, 4, 5, 7, 8)},
    }
    satisfaction = ids(rate_assignments(unit=march.b_street, rate=Rate.SATISFACTION, start=start, end=end))
    assert satisfaction == {
        "satisfied": {b[1].pk, b[3].pk, b[7].pk},
        "basic": {b[2].pk, b[8].pk},
        "denominator": {b[n].pk for n in (1, 2, 3, 4, 5, 7, 8)},
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
        assert lists[Rate.SATISFACTION]["denominator"].count() == expected.valid_callbacks


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
