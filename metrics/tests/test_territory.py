"""Acceptance 2 of issue 12: who is ranked, as the city ranks them — a district on every order of
its territory, city-level and district-level departments in separate tables, returns and
mis-dispatches counted per unit."""

from dataclasses import fields
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from accounts.models import Role
from dispatch.models import UnitRequest
from metrics import services
from metrics.computation import Rate, rate_assignments, unit_counts
from metrics.formulas import Counts
from metrics.periods import month_bounds
from metrics.ranking import ranking_compute
from metrics.tests.factories import ScoringSchemeFactory, order
from units.models import Unit
from units.tests.factories import (
    CityFactory,
    DepartmentFactory,
    DepartmentKindFactory,
    DistrictFactory,
    StreetFactory,
)

pytestmark = pytest.mark.django_db

MAY = date(2025, 5, 1)
ZONE = ZoneInfo("Asia/Shanghai")


def day(number: int) -> datetime:
    return datetime(2025, 5, number, 10, tzinfo=ZONE)


def cb(answer: str, satisfaction: str):
    return ((day(12), answer, satisfaction),)


def returned(assignment, user, *, decision: str) -> UnitRequest:
    return UnitRequest.objects.create(
        assignment=assignment,
        kind=UnitRequest.Kind.RETURN,
        reason="不属本单位",
        requested_by=user,
        requested_at=day(6),
        decision=decision,
        decided_at=None if decision == UnitRequest.Decision.PENDING else day(7),
    )


@pytest.fixture
def may(make_user):
    cache.clear()
    for kind in ("district", "street", "department"):
        ScoringSchemeFactory(unit_kind=kind, effective_from=MAY, min_assessed=1)
    city = CityFactory()
    district, elsewhere = DistrictFactory(parent=city), DistrictFactory(parent=city)
    s1, s2 = StreetFactory(parent=district), StreetFactory(parent=district)
    s3 = StreetFactory(parent=elsewhere)
    district_dept = DepartmentFactory(parent=district)
    city_dept = DepartmentFactory(parent=city, department_kind=DepartmentKindFactory(code="sw", name="水务"))
    user = make_user(Role.DISPATCHER)
    due, replied = day(8), (("met", day(9)),)
    # S1: two orders replied in time, solved & satisfied; one returned (approved) to S2.
    order(s1, due=due, replies=replied, callbacks=cb("solved", "satisfied"))
    order(s1, due=due, replies=replied, callbacks=cb("solved", "satisfied"))
    returned(order(s1, due=due, sign="cancelled", contact="cancelled"), user, decision="approved")
    # S2: one contacted late, not solved & dissatisfied; one never replied; one return refused.
    order(s2, due=due, contact="missed", callbacks=cb("not_solved", "dissatisfied"))
    refused = order(s2, due=due, replies=(("running", day(15)),))
    returned(refused, user, decision=UnitRequest.Decision.REFUSED)
    # The district's own department: solved & satisfied; a return still pending.
    pending = order(district_dept, due=due, callbacks=cb("solved", "satisfied"))
    returned(pending, user, decision=UnitRequest.Decision.PENDING)
    # A fallback (兜底) order to the district itself: partly solved, basically satisfied.
    order(district, due=due, callbacks=cb("partly", "basic"))
    # Not the district's: a city-level department's order, another district's street's.
    order(city_dept, due=due, callbacks=cb("solved", "satisfied"))
    order(s3, due=due, callbacks=cb("solved", "satisfied"))
    return {
        "district": district,
        "elsewhere": elsewhere,
        "members": (s1, s2, district_dept, district),
        "s3": s3,
        "district_dept": district_dept,
        "city_dept": city_dept,
    }


def test_a_district_is_ranked_on_every_order_of_its_territory(may):
    start, end = month_bounds(MAY)
    counts = unit_counts(unit_kind="district", start=start, end=end)
    # Response due: S1 2 (the returned order's clock is cancelled) + S2 2 + department 1 + the
    # district's own 1 = 6, met 5 (S2's first contacted late). Callbacks 5: solved S1 ×2 and the
    # department = 3, partly the district's own = 1; satisfied 3, basically 1. Reply deadlines:
    # S1 ×2 met + S2's never-replied = 3, met 2; not replied 1. Returns: S1's approved, S2's
    # refused, the department's pending = 3; mis-dispatches: the approved one = 1.
    assert counts[may["district"].pk] == Counts(
        response_met=5,
        response_due=6,
        solved=3,
        partly=1,
        satisfied=3,
        basic=1,
        valid_callbacks=5,
        reply_met=2,
        reply_due=3,
        not_replied=1,
        returns=3,
        misdispatches=1,
    )
    assert counts[may["elsewhere"].pk] == Counts(
        response_met=1, response_due=1, solved=1, satisfied=1, valid_callbacks=1
    )


def test_the_districts_figures_are_the_sum_of_its_units(may):
    start, end = month_bounds(MAY)
    by_kind = {kind: unit_counts(unit_kind=kind, start=start, end=end) for kind in ("street", "department")}
    s1, s2, dept, district = may["members"]
    parts = [by_kind["street"][s1.pk], by_kind["street"][s2.pk], by_kind["department"][dept.pk]]
    own = Counts(response_met=1, response_due=1, partly=1, basic=1, valid_callbacks=1)  # the fallback order
    expected = Counts(**{f.name: sum(getattr(c, f.name) for c in [*parts, own]) for f in fields(Counts)})
    assert unit_counts(unit_kind="district", start=start, end=end)[district.pk] == expected
    # The drill-down lists the same orders: the territory's.
    lists = rate_assignments(unit=district, rate=Rate.RESOLUTION, start=start, end=end)
    assert lists["denominator"].count() == expected.assessed_outcomes
    assert set(lists["denominator"].values_list("unit__kind", flat=True)) == {
        Unit.Kind.STREET,
        Unit.Kind.DEPARTMENT,
        Unit.Kind.DISTRICT,
    }


def test_city_and_district_departments_are_ranked_apart(may):
    ranking = ranking_compute(month=MAY, unit_kind="department")
    assert [(line.unit_id, line.level, line.standing.rank) for line in ranking.ranked] == [
        (may["city_dept"].pk, "city", 1),
        (may["district_dept"].pk, "district", 1),
    ]


def test_the_department_page_shows_two_tables(client, make_user, may):
    services.live_figures_refresh(month=MAY, unit_kind="department")
    client.force_login(make_user(Role.LEADER))
    page = client.get("/metrics/?month=2025-05&kind=department").content.decode()
    city_table = page.split('id="ranking-table-city"', 1)[1].split("</table>", 1)[0]
    district_table = page.split('id="ranking-table-district"', 1)[1].split("</table>", 1)[0]
    assert may["city_dept"].code in city_table and may["district_dept"].code not in city_table
    assert may["district_dept"].code in district_table and may["city_dept"].code not in district_table
    assert "市级" in page and "区级" in page
    assert '<td data-count="returns">1</td>' in district_table


def test_the_export_shows_returns_and_misdispatches(client, make_user, may):
    services.live_figures_refresh(month=MAY, unit_kind="district")
    client.force_login(make_user(Role.LEADER))
    exported = client.get("/metrics/ranking.csv?month=2025-05&kind=district").content.decode("utf-8-sig")
    header, *rows = [line.split(",") for line in exported.strip().splitlines()]
    row = dict(zip(header, next(r for r in rows if r[1] == may["district"].code), strict=True))
    assert (row["逾期未反馈"], row["退单"], row["错派"], row["按时反馈率（%）"]) == ("1", "3", "1", "66.67")
