"""Writes to the unit tree: loading the division gazetteer and the departments from CSV.

Every load is an upsert keyed by ``code``: a second run changes nothing, a renamed unit is updated
in place (its id, and so every ticket and membership pointing at it, stays)."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from units.models import DepartmentKind, Unit

BEIJING_DATA_DIR = Path(__file__).resolve().parent / "data" / "beijing"


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent_code: str | None = None
    department_kind_code: str | None = None


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, *, created: int, updated: int, unchanged: int) -> None:
        self.created[kind] = self.created.get(kind, 0) + created
        self.updated[kind] = self.updated.get(kind, 0) + updated
        self.unchanged[kind] = self.unchanged.get(kind, 0) + unchanged

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated, "
            f"{self.unchanged.get(kind, 0)} unchanged"
            for kind in kinds
        ]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def _upsert_units(rows: list[UnitRow], *, kind: str, report: LoadReport) -> None:
    """Create missing units and update changed ones, in bulk: a few queries for thousands of rows."""
    parent_codes = {row.parent_code for row in rows if row.parent_code}
    parent_ids = dict(Unit.objects.filter(code__in=parent_codes).values_list("code", "id"))
    missing_parents = parent_codes - parent_ids.keys()
    if missing_parents:
        raise ValueError(f"unknown parent codes: {sorted(missing_parents)[:5]}")
    kind_codes = {row.department_kind_code for row in rows if row.department_kind_code}
    kind_ids = dict(DepartmentKind.objects.filter(code__in=kind_codes).values_list("code", "id"))

    existing = Unit.objects.in_bulk([row.code for row in rows], field_name="code")
    to_create, to_update, unchanged = [], [], 0
    for row in rows:
        wanted = {
            "name": row.name,
            "kind": row.kind,
            "parent_id": parent_ids.get(row.parent_code),
            "department_kind_id": kind_ids.get(row.department_kind_code),
        }
        unit = existing.get(row.code)
        if unit is None:
            to_create.append(Unit(code=row.code, **wanted))
        elif any(getattr(unit, attr) != value for attr, value in wanted.items()):
            for attr, value in wanted.items():
                setattr(unit, attr, value)
            to_update.append(unit)
        else:
            unchanged += 1
    Unit.objects.bulk_create(to_create, batch_size=1000)
    Unit.objects.bulk_update(to_update, ["name", "kind", "parent", "department_kind"], batch_size=1000)
    report.add(kind, created=len(to_create), updated=len(to_update), unchanged=unchanged)


def divisions_load(*, data_dir: Path = BEIJING_DATA_DIR) -> LoadReport:
    """Load the city, its hotline centre, districts, streets/townships and communities."""
    report = LoadReport()
    city = _read_csv(data_dir / "city.csv")[0]
    with transaction.atomic():
        _upsert_units([UnitRow(city["code"], city["name"], Unit.Kind.CITY)], kind="city", report=report)
        _upsert_units(
            [UnitRow(city["hotline_code"], city["hotline_name"], Unit.Kind.HOTLINE, city["code"])],
            kind="hotline",
            report=report,
        )
        levels = [
            ("districts.csv", Unit.Kind.DISTRICT, None),
            ("streets.csv", Unit.Kind.STREET, "district_code"),
            ("communities.csv", Unit.Kind.COMMUNITY, "street_code"),
        ]
        for filename, kind, parent_column in levels:
            rows = [
                UnitRow(
                    row["code"],
                    row["name"],
                    kind,
                    row[parent_column] if parent_column else city["code"],
                )
                for row in _read_csv(data_dir / filename)
            ]
            _upsert_units(rows, kind=kind, report=report)
    return report


def departments_load(*, data_dir: Path = BEIJING_DATA_DIR) -> LoadReport:
    """Load department kinds and their units: one municipal unit per kind, and one per district
    where the kind has district-level offices. Needs the divisions loaded first."""
    report = LoadReport()
    city = _read_csv(data_dir / "city.csv")[0]
    kinds = _read_csv(data_dir / "departments.csv")
    with transaction.atomic():
        for row in kinds:
            DepartmentKind.objects.update_or_create(
                code=row["code"],
                defaults={"name": row["name"], "is_utility": row["is_utility"].lower() == "true"},
            )
        districts = list(
            Unit.objects.filter(kind=Unit.Kind.DISTRICT, parent__code=city["code"]).values_list(
                "code", "name"
            )
        )
        rows = []
        for row in kinds:
            unit_kind = Unit.Kind.ENTERPRISE if row["is_utility"].lower() == "true" else Unit.Kind.DEPARTMENT
            rows.append(
                UnitRow(
                    f"{city['code']}-{row['code']}", row["city_unit"], unit_kind, city["code"], row["code"]
                )
            )
            if row["district_unit"]:
                rows.extend(
                    UnitRow(
                        f"{code}-{row['code']}",
                        row["district_unit"].format(district=name),
                        unit_kind,
                        code,
                        row["code"],
                    )
                    for code, name in districts
                )
        _upsert_units(rows, kind="department", report=report)
    return report


SUB_UNIT_KINDS = (Unit.Kind.STATION, Unit.Kind.SECTION)
# The kinds of unit a station or section may sit under.
SUB_UNIT_PARENT_KINDS = (Unit.Kind.STREET, Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE)


def sub_units_load(*, path: Path) -> LoadReport:
    """Load stations (所/队) and sections (科室) from a CSV of ``code,name,kind,parent_code`` under
    existing streets, departments and enterprises (communities come with the divisions). Every
    row is checked before anything is written: one bad row loads nothing."""
    rows = _read_csv(path)
    errors = []
    for number, row in enumerate(rows, start=2):
        if not row.get("code") or not row.get("name"):
            errors.append(f"line {number}: code and name are required")
        if row.get("kind") not in SUB_UNIT_KINDS:
            errors.append(f"line {number}: kind must be one of {', '.join(SUB_UNIT_KINDS)}")
    parent_codes = {row.get("parent_code", "") for row in rows}
    parents = dict(
        Unit.objects.filter(code__in=parent_codes, kind__in=SUB_UNIT_PARENT_KINDS).values_list("code", "kind")
    )
    errors += [
        f"line {number}: no street, department or enterprise has the code {row.get('parent_code')!r}"
        for number, row in enumerate(rows, start=2)
        if row.get("parent_code") not in parents
    ]
    if errors:
        raise ValueError("; ".join(errors[:10]))
    report = LoadReport()
    with transaction.atomic():
        for kind in SUB_UNIT_KINDS:
            _upsert_units(
                [
                    UnitRow(row["code"], row["name"], kind, row["parent_code"])
                    for row in rows
                    if row["kind"] == kind
                ],
                kind=kind,
                report=report,
            )
    return report
