"""The routing decision: where a ticket should go, why, and how sure we are.

Order of evidence: an override rule (first match wins) → for a departmental category, the
responsibility list (部门职责清单) → for a territorial one, the street found from the address and
coordinates → the district as fallback (兜底) → otherwise a dispatcher decides. Nothing is
guessed: an ambiguous place comes back ambiguous, with the candidates."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from dispatch.models import ResponsibilityEntry, RoutingDecision, RoutingRule
from dispatch.routing.reference import Responsibility, routing_reference
from dispatch.routing.territory import TerritoryResult, territory_resolve
from hotline.models import Category
from units.models import Unit

# Confidence given to placements that do not come from the territory resolver.
RULE_CONFIDENCE = 0.95
RESPONSIBILITY_CONFIDENCE = 0.9
# The district as fallback (兜底) is a real dispatch, but one the district may have to pass on.
DISTRICT_FALLBACK_FACTOR = 0.85


@dataclass(frozen=True)
class RouteInput:
    category: Category | None
    request_type_code: str = ""
    address: str = ""
    content: str = ""
    longitude: float | None = None
    latitude: float | None = None
    crs: str = "wgs84"
    received_at: datetime | None = None


@dataclass
class Decision:
    status: str
    lead_unit: Unit | None = None
    assisting_units: list[Unit] = field(default_factory=list)
    district: Unit | None = None
    confidence: float = 0.0
    rule: str = ""
    evidence: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The JSON the ``route`` command prints and the API returns."""
        return {
            "status": self.status,
            "unit_code": self.lead_unit.code if self.lead_unit else None,
            "unit_name": self.lead_unit.name if self.lead_unit else None,
            "assisting": [{"code": u.code, "name": u.name} for u in self.assisting_units],
            "district_code": self.district.code if self.district else None,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
            "evidence": self.evidence,
            "candidates": self.candidates,
        }


def _units_of_kinds(kind_ids: list[int], district: Unit | None, *, level: str) -> dict[int, Unit]:
    """For each department kind, its unit in the district (or the municipal one for city level, or
    where the district has none, e.g. utilities that exist only city-wide)."""
    local = level == ResponsibilityEntry.Level.DISTRICT and district is not None
    return routing_reference().departments_of_kinds(
        kind_ids, district_id=district.pk if district is not None else None, local=local
    )


def _time_matches(rule: RoutingRule, moment: datetime) -> bool:
    if rule.from_time is None or rule.to_time is None:
        return True
    now = timezone.localtime(moment).time()
    if rule.from_time <= rule.to_time:
        return rule.from_time <= now < rule.to_time
    return now >= rule.from_time or now < rule.to_time  # the window wraps past midnight


def _first_rule(route: RouteInput, territory: TerritoryResult) -> RoutingRule | None:
    district, street = territory.district, territory.street
    moment = route.received_at or timezone.now()
    for rule in routing_reference().rules:
        if rule.category_id and (route.category is None or rule.category_id != route.category.pk):
            continue
        if rule.request_type_id and rule.request_type.code != route.request_type_code:
            continue
        if rule.district_id and (district is None or rule.district_id != district.pk):
            continue
        if rule.street_id and (street is None or rule.street_id != street.pk):
            continue
        if rule.keyword and rule.keyword not in f"{route.address} {route.content}":
            continue
        if not _time_matches(rule, moment):
            continue
        return rule
    return None


def _from_rule(rule: RoutingRule, territory: TerritoryResult) -> Decision:
    district = territory.district
    lead = rule.target_unit or _units_of_kinds(
        [rule.target_kind_id], district, level=ResponsibilityEntry.Level.DISTRICT
    ).get(rule.target_kind_id)
    evidence = [*territory.evidence, {"kind": "rule", "rule": rule.name, "order": rule.order}]
    if lead is None:
        return Decision(status=RoutingDecision.Status.QUEUED, rule=f"rule:{rule.pk}", evidence=evidence)
    needs_place = rule.target_unit is None
    confidence = min(RULE_CONFIDENCE, territory.confidence) if needs_place and district else RULE_CONFIDENCE
    return Decision(
        status=RoutingDecision.Status.ROUTED,
        lead_unit=lead,
        district=district,
        confidence=confidence,
        rule=f"rule:{rule.pk}",
        evidence=evidence,
        candidates=territory.candidates,
    )


def _responsibility(category: Category, district: Unit | None) -> Responsibility | None:
    """The district's own entry for the category, else the city-wide one."""
    return routing_reference().responsibility(category.pk, district.pk if district is not None else None)


def _departmental(route: RouteInput, territory: TerritoryResult) -> Decision:
    """Departmental matters go to the department and are never pushed down to a street."""
    category = route.category
    district = territory.district
    entry = _responsibility(category, district)
    if entry is not None:
        lead_kind_id, level = entry.lead_kind_id, entry.level
        assisting_kinds = list(entry.assisting_kind_ids)
        rule = "responsibility"
    else:
        lead_kind_id, level, assisting_kinds = (
            category.department_kind_id,
            ResponsibilityEntry.Level.DISTRICT,
            [],
        )
        rule = "category_department"
    evidence = [*territory.evidence, {"kind": rule, "category": category.path}]
    if lead_kind_id is None:
        return Decision(status=RoutingDecision.Status.QUEUED, rule=rule, evidence=evidence)
    units = _units_of_kinds([lead_kind_id, *assisting_kinds], district, level=level)
    lead = units.get(lead_kind_id)
    if lead is None:
        return Decision(status=RoutingDecision.Status.QUEUED, rule=rule, evidence=evidence)
    city_level = lead.parent_id is None or lead.parent.kind == Unit.Kind.CITY
    needs_district = level == ResponsibilityEntry.Level.DISTRICT and not city_level
    confidence = RESPONSIBILITY_CONFIDENCE
    if level == ResponsibilityEntry.Level.DISTRICT and district is None:
        # The district department leads, but we do not know the district: propose the municipal
        # one and let a dispatcher decide.
        confidence = 0.5
    elif needs_district:
        confidence = min(confidence, max(territory.confidence, 0.5))
    assisting = [units[kind] for kind in assisting_kinds if kind in units]
    return Decision(
        status=RoutingDecision.Status.ROUTED,
        lead_unit=lead,
        assisting_units=[unit for unit in assisting if unit.pk != lead.pk],
        district=district,
        confidence=confidence,
        rule=rule,
        evidence=evidence,
        candidates=territory.candidates,
    )


def _territorial(territory: TerritoryResult) -> Decision:
    common = {"evidence": territory.evidence, "candidates": territory.candidates}
    if territory.status == "ambiguous":
        return Decision(status=RoutingDecision.Status.AMBIGUOUS, rule="territory", **common)
    if territory.street is not None:
        return Decision(
            status=RoutingDecision.Status.ROUTED,
            lead_unit=territory.street,
            district=territory.district,
            confidence=territory.confidence,
            rule="territory",
            **common,
        )
    if territory.district is not None:
        return Decision(
            status=RoutingDecision.Status.ROUTED,
            lead_unit=territory.district,
            district=territory.district,
            confidence=territory.confidence * DISTRICT_FALLBACK_FACTOR,
            rule="fallback_district",
            **common,
        )
    return Decision(status=RoutingDecision.Status.QUEUED, rule="nothing_known", **common)


def route(route_input: RouteInput) -> Decision:
    territory = territory_resolve(
        address=route_input.address,
        content=route_input.content,
        longitude=route_input.longitude,
        latitude=route_input.latitude,
        crs=route_input.crs,
    )
    decision = None
    if (rule := _first_rule(route_input, territory)) is not None:
        decision = _from_rule(rule, territory)
    elif route_input.category is not None and route_input.category.matter == Category.Matter.DEPARTMENTAL:
        decision = _departmental(route_input, territory)
    else:
        decision = _territorial(territory)
    if territory.conflict:
        decision.evidence = [*decision.evidence, {"kind": "conflict", "message": territory.conflict}]
    return decision


def responsible_departments(category: Category, district: Unit | None) -> list[Unit]:
    """Which departments answer for a category in a district, by the 部门职责清单 (or the category's
    own department kind): the lead first, then the assisting ones. Used by whistles."""
    entry = _responsibility(category, district)
    if entry is not None:
        kinds, level = [entry.lead_kind_id, *entry.assisting_kind_ids], entry.level
    elif category.department_kind_id is not None:
        kinds, level = [category.department_kind_id], ResponsibilityEntry.Level.DISTRICT
    else:
        return []
    by_kind = _units_of_kinds(kinds, district, level=level)
    seen, found = set(), []
    for unit in (by_kind.get(kind) for kind in kinds):
        if unit is not None and unit.pk not in seen:
            seen.add(unit.pk)
            found.append(unit)
    return found
