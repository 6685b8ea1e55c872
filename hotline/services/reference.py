"""Loading the hotline's reference data (request types, category tree) from CSV: upserts by code."""

import csv
from pathlib import Path

from django.db import transaction

from hotline.models import Category, RequestType
from units.models import DepartmentKind

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@transaction.atomic
def request_types_load(*, path: Path = DATA_DIR / "request_types.csv") -> int:
    rows = _rows(path)
    for row in rows:
        RequestType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "direct_answer_allowed": row["direct_answer_allowed"].lower() == "true",
                "confidential_by_default": row["confidential_by_default"].lower() == "true",
                "sort_order": int(row["sort_order"] or 0),
            },
        )
    return len(rows)


def _english_path(parent: Category | None, name_en: str) -> str:
    """ "Level 1 / Level 2 / Level 3" in English, or blank when this row or an ancestor has no
    English name (a half-English path would read worse than the Chinese one)."""
    if not name_en:
        return ""
    if parent is None:
        return name_en
    return f"{parent.path_en} / {name_en}" if parent.path_en else ""


@transaction.atomic
def categories_load(*, path: Path = DATA_DIR / "categories.csv") -> tuple[int, int]:
    """→ (created, updated). Parents come before children in the file; levels follow code length."""
    kinds = dict(DepartmentKind.objects.values_list("code", "id"))
    existing = {category.code: category for category in Category.objects.all()}
    created = updated = 0
    for row in _rows(path):
        parent = existing.get(row["parent_code"]) if row["parent_code"] else None
        if row["parent_code"] and parent is None:
            raise ValueError(f"category {row['code']}: unknown parent {row['parent_code']}")
        if row["department_kind"] and row["department_kind"] not in kinds:
            raise ValueError(f"category {row['code']}: unknown department kind {row['department_kind']}")
        name_en = row.get("name_en", "")
        wanted = {
            "name": row["name"],
            "name_en": name_en,
            "parent": parent,
            "level": (parent.level + 1) if parent else 1,
            "path": f"{parent.path} / {row['name']}" if parent else row["name"],
            "path_en": _english_path(parent, name_en),
            "default_tier": row["default_tier"],
            "matter": row["matter"],
            "department_kind_id": kinds.get(row["department_kind"]),
            "keywords": row["keywords"],
        }
        category = existing.get(row["code"])
        if category is None:
            existing[row["code"]] = Category.objects.create(code=row["code"], **wanted)
            created += 1
        elif any(getattr(category, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(category, field, value)
            category.save()
            updated += 1
    return created, updated
