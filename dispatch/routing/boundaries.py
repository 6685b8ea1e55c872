"""Importing street/township boundaries (GeoJSON, WGS-84) into ``StreetBoundary``: an upsert keyed
by the national 9-digit street code, so that importing the same file twice changes nothing."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from django.db import transaction
from django.utils import timezone
from shapely.geometry import mapping, shape

from dispatch.models import StreetBoundary
from dispatch.routing.coordinates import boundaries_changed
from units.models import Unit

STREET_CODE_LENGTH = 9
# Some boundary files carry the 12-digit village-level form of a street code (110105013000).
VILLAGE_LEVEL_TAIL = "000"


@dataclass
class BoundaryImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # no active street unit has this code
    invalid: list[str] = field(default_factory=list)  # no code, or a geometry that is not an area

    def lines(self) -> list[str]:
        lines = [f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"]
        if self.unknown:
            lines.append(f"unknown codes ({len(self.unknown)}): {', '.join(self.unknown)}")
        if self.invalid:
            lines.append(f"invalid features ({len(self.invalid)}): {', '.join(self.invalid)}")
        return lines


def street_code(value) -> str | None:
    code = str(value if value is not None else "").strip()
    if len(code) == STREET_CODE_LENGTH + len(VILLAGE_LEVEL_TAIL) and code.endswith(VILLAGE_LEVEL_TAIL):
        code = code[:STREET_CODE_LENGTH]
    return code if len(code) == STREET_CODE_LENGTH and code.isdigit() else None


def _area(geometries: list) -> dict | None:
    """One GeoJSON (Multi)Polygon for a street drawn as one or several features, repaired when it
    self-intersects; None when what is left is not an area."""
    merged = shapely.make_valid(shapely.union_all(geometries))
    if merged.geom_type == "GeometryCollection":
        merged = shapely.union_all(
            [part for part in merged.geoms if part.geom_type in ("Polygon", "MultiPolygon")]
        )
    if merged.is_empty or merged.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    return json.loads(json.dumps(mapping(merged)))  # tuples → lists, as the JSON field gives them back


def _features_by_code(features: list[dict], code_property: str, report: BoundaryImportReport) -> dict:
    by_code = defaultdict(list)
    for number, feature in enumerate(features, start=1):
        raw = (feature.get("properties") or {}).get(code_property)
        code = street_code(raw)
        try:
            geometry = shape(feature["geometry"]) if code else None
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException):
            geometry = None
        if code is None or geometry is None:
            report.invalid.append(f"#{number} ({raw})")
        else:
            by_code[code].append(geometry)
    return by_code


def street_boundaries_import(*, features: list[dict], code_property: str = "code") -> BoundaryImportReport:
    report = BoundaryImportReport()
    by_code = _features_by_code(features, code_property, report)
    streets = Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True, code__in=by_code).in_bulk(
        field_name="code"
    )
    report.unknown = sorted(code for code in by_code if code not in streets)
    with transaction.atomic():
        existing = {b.unit_id: b for b in StreetBoundary.objects.filter(unit__in=streets.values())}
        for code, street in sorted(streets.items()):
            geometry = _area(by_code[code])
            if geometry is None:
                report.invalid.append(code)
            elif (boundary := existing.get(street.pk)) is None:
                StreetBoundary.objects.create(unit=street, geometry=geometry)
                report.created.append(code)
            elif boundary.geometry != geometry:
                boundary.geometry, boundary.imported_at = geometry, timezone.now()
                boundary.save(update_fields=["geometry", "imported_at"])
                report.updated.append(code)
            else:
                report.unchanged.append(code)
        if report.created or report.updated:
            boundaries_changed()
    return report


def features_read(path) -> list[dict]:
    """The features of a GeoJSON FeatureCollection (or of a single Feature) file."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if data.get("type") == "Feature":
        return [data]
    if data.get("type") != "FeatureCollection":
        raise ValueError("expected a GeoJSON FeatureCollection or Feature")
    return list(data.get("features") or [])
