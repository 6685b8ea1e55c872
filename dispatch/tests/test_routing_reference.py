"""Routing reads its rules, responsibility list and departments from a per-process copy: no query
for them once built, and every way of changing them reaches the next decision."""

import pytest
from django.test.utils import CaptureQueriesContext

from dispatch.models import ResponsibilityEntry, RoutingRule
from dispatch.responsibilities import responsibilities_from_categories
from dispatch.router import RouteInput, route
from dispatch.routing.reference import routing_reference
from hotline.models import Category
from units.models import DepartmentKind, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_routing")]
ADDRESS = "朝阳区团结湖街道团结湖北里3号楼"


def leaf(name: str) -> Category:
    return Category.objects.get(level=3, name=name)


def lead(category: Category) -> str:
    return route(RouteInput(category=category, address=ADDRESS)).lead_unit.code


def test_a_warm_decision_reads_no_rule_responsibility_or_department(beijing):
    from django.db import connection

    category = leaf("社保缴费")
    lead(category)  # builds the copies (gazetteer, boundaries, this one)
    with CaptureQueriesContext(connection) as queries:
        assert lead(category) == "110105-rs"
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("dispatch_routingrule", "dispatch_responsibilityentry", "units_departmentkind"):
        assert table not in tables
    assert len(queries) <= 1  # the places found, read by id


def test_a_new_rule_applies_to_the_next_decision(beijing):
    category = leaf("占道经营")
    assert lead(category) == "110105013"
    rule = RoutingRule.objects.create(
        order=1, name="占道→市场监管", category=category, target_unit=Unit.objects.get(code="110105-scjg")
    )
    assert lead(category) == "110105-scjg"
    rule.delete()
    assert lead(category) == "110105013"


def test_a_rule_switched_off_behind_the_signals_back_is_found_by_the_fingerprint(beijing, settings):
    settings.ROUTING_RECHECK_SECONDS = 0
    category = leaf("占道经营")
    RoutingRule.objects.create(
        order=1, name="占道→市场监管", category=category, target_unit=Unit.objects.get(code="110105-scjg")
    )
    assert lead(category) == "110105-scjg"
    RoutingRule.objects.update(is_active=False)  # no signal
    assert lead(category) == "110105013"


def test_assisting_kinds_and_a_district_line_apply_at_once(beijing):
    category = leaf("社保缴费")
    assert route(RouteInput(category=category, address=ADDRESS)).assisting_units == []
    entry = ResponsibilityEntry.objects.get(category=category, district__isnull=True)
    entry.assisting_kinds.add(DepartmentKind.objects.get(code="mz"))
    decision = route(RouteInput(category=category, address=ADDRESS))
    assert [unit.code for unit in decision.assisting_units] == ["110105-mz"]
    ResponsibilityEntry.objects.create(
        category=category,
        district=Unit.objects.get(code="110105"),
        lead_kind=DepartmentKind.objects.get(code="scjg"),
    )
    assert lead(category) == "110105-scjg"


def test_a_deactivated_department_hands_over_to_the_municipal_one(beijing):
    category = leaf("社保缴费")
    assert lead(category) == "110105-rs"
    district_department = Unit.objects.get(code="110105-rs")
    district_department.is_active = False
    district_department.save()
    assert lead(category) == "110000-rs"


def test_entries_made_in_bulk_from_the_categories_apply_at_once(beijing):
    category = leaf("社保缴费")
    ResponsibilityEntry.objects.filter(category=category).delete()
    routing_reference()  # built without the entry
    created, _ = responsibilities_from_categories()
    assert created == 1
    assert route(RouteInput(category=category, address=ADDRESS)).rule == "responsibility"
