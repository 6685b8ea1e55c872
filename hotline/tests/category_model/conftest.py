import csv

import pytest

from hotline.category_model import suggest
from hotline.services.reference import DATA_DIR, categories_load
from units.models import DepartmentKind


@pytest.fixture(autouse=True)
def model_file(settings, tmp_path, monkeypatch):
    """Every test gets its own model path, empty to begin with, and a fresh per-process cache: no
    test writes into the repository's var/ or sees a model a developer trained there."""
    settings.CATEGORY_MODEL_PATH = tmp_path / "models" / "category_model.joblib"
    monkeypatch.setattr(suggest, "_cache", suggest._ModelCache())
    return settings.CATEGORY_MODEL_PATH


@pytest.fixture
def category_tree(db):
    """The real category tree, with just the department kinds it names (the full divisions and
    departments load is slower and not needed here)."""
    with (DATA_DIR / "categories.csv").open(encoding="utf-8-sig", newline="") as handle:
        kinds = {row["department_kind"] for row in csv.DictReader(handle) if row["department_kind"]}
    for code in kinds:
        DepartmentKind.objects.get_or_create(code=code, defaults={"name": code})
    categories_load()
