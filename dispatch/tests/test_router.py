"""The routing decision for departmental and territorial matters, rules, fallback and queueing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dispatch.models import ResponsibilityEntry, RoutingRule
from dispatch.router import RouteInput, route
from hotline.models import Category
from units.models import DepartmentKind, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_routing")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def leaf(name: str) -> Category:
    return Category.objects.get(level=3, name=name)


def test_departmental_matter_goes_to_the_district_department_never_the_street(beijing):
    decision = route(RouteInput(category=leaf("社保缴费"), address="朝阳区团结湖街道团结湖北里3号楼"))
    assert decision.status == "routed"
    assert decision.lead_unit.code == "110105-rs"
    assert decision.lead_unit.kind == Unit.Kind.DEPARTMENT
    assert decision.district.code == "110105"
    assert decision.rule == "responsibility"


def test_every_departmental_category_lands_on_a_department_or_utility(beijing):
    for category in Category.objects.filter(level=3, matter="departmental"):
        decision = route(RouteInput(category=category, address="海淀区八里庄街道"))
        assert decision.lead_unit is None or decision.lead_unit.kind in ("department", "enterprise"), category


def test_utility_matter_goes_to_the_city_wide_enterprise(beijing):
    decision = route(RouteInput(category=leaf("停水"), address="朝阳区水碓子东路15号院"))
    assert (decision.lead_unit.code, decision.lead_unit.kind) == ("110000-gs", "enterprise")


def test_responsibility_with_assisting_departments_and_a_district_line(beijing):
    category = leaf("社保缴费")
    entry = ResponsibilityEntry.objects.get(category=category, district__isnull=True)
    entry.assisting_kinds.add(DepartmentKind.objects.get(code="mz"))
    haidian = Unit.objects.get(code="110108")
    ResponsibilityEntry.objects.create(
        category=category, district=haidian, lead_kind=DepartmentKind.objects.get(code="scjg")
    )
    chaoyang = route(RouteInput(category=category, address="朝阳区团结湖街道"))
    assert [u.code for u in chaoyang.assisting_units] == ["110105-mz"]
    haidian_decision = route(RouteInput(category=category, address="海淀区中关村街道"))
    assert haidian_decision.lead_unit.code == "110108-scjg"


def test_territorial_matter_goes_to_the_street(beijing):
    decision = route(RouteInput(category=leaf("占道经营"), address="北京市朝阳区团结湖街道团结湖北里3号楼"))
    assert (decision.status, decision.lead_unit.code, decision.district.code) == (
        "routed",
        "110105013",
        "110105",
    )
    assert any(item.get("phrase") for item in decision.evidence)


def test_duplicated_street_name_without_district_is_ambiguous_not_guessed(beijing):
    decision = route(RouteInput(category=leaf("占道经营"), address="八里庄街道某小区门口"))
    assert decision.status == "ambiguous" and decision.lead_unit is None
    assert {c["unit_code"] for c in decision.candidates} >= {"110105015", "110108005"}


def test_district_only_falls_back_to_the_district(beijing):
    decision = route(RouteInput(category=leaf("占道经营"), address="朝阳区某个地方"))
    assert (decision.status, decision.lead_unit.code, decision.rule) == (
        "routed",
        "110105",
        "fallback_district",
    )


def test_nothing_known_is_queued(beijing):
    decision = route(RouteInput(category=leaf("占道经营"), address="我家楼下"))
    assert (decision.status, decision.lead_unit) == ("queued", None)


def test_rules_apply_in_order_first_match_wins(beijing):
    noise = leaf("占道经营")
    chaoyang_cgzf = Unit.objects.get(code="110105-cgzf")
    RoutingRule.objects.create(
        order=20,
        name="夜间占道→城管",
        category=noise,
        target_kind=chaoyang_cgzf.department_kind,
        from_time="22:00",
        to_time="06:00",
    )
    RoutingRule.objects.create(
        order=10, name="烧烤→市场监管", keyword="烧烤", target_unit=Unit.objects.get(code="110105-scjg")
    )
    night = datetime(2026, 11, 22, 23, 30, tzinfo=SHANGHAI)
    day = datetime(2026, 11, 22, 14, 0, tzinfo=SHANGHAI)
    address = "朝阳区团结湖街道团结湖北里"

    assert (
        route(RouteInput(category=noise, address=address, content="烧烤摊", received_at=night)).lead_unit.code
        == "110105-scjg"
    )
    at_night = route(RouteInput(category=noise, address=address, content="摆摊", received_at=night))
    assert (at_night.lead_unit.code, at_night.rule.startswith("rule:")) == ("110105-cgzf", True)
    by_day = route(RouteInput(category=noise, address=address, content="摆摊", received_at=day))
    assert by_day.lead_unit.code == "110105013"
