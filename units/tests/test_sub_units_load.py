"""Stations and sections from CSV: an upsert under existing units; a bad row loads nothing."""

import pytest
from django.core.management import CommandError, call_command

from units.models import Unit
from units.services import BEIJING_DATA_DIR, sub_units_load
from units.tests.factories import DepartmentFactory, StreetFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, *rows):
    path = tmp_path / "sub_units.csv"
    path.write_text("\n".join(["code,name,kind,parent_code", *rows]) + "\n", encoding="utf-8")
    return path


def test_load_creates_then_updates_in_place_and_a_rerun_changes_nothing(tmp_path):
    street, department = StreetFactory(), DepartmentFactory()
    path = write(
        tmp_path,
        f"{street.code}-k1,城市管理科,section,{street.code}",
        f"{department.code}-s1,第一执法队,station,{department.code}",
    )
    report = sub_units_load(path=path)
    assert report.created == {"section": 1, "station": 1}
    section = Unit.objects.get(code=f"{street.code}-k1")
    assert (section.kind, section.parent) == (Unit.Kind.SECTION, street)

    path = write(
        tmp_path,
        f"{street.code}-k1,城市管理科（更名）,section,{street.code}",
        f"{department.code}-s1,第一执法队,station,{department.code}",
    )
    report = sub_units_load(path=path)
    assert report.updated == {"section": 1, "station": 0} and report.unchanged == {"section": 0, "station": 1}
    assert Unit.objects.get(pk=section.pk).name == "城市管理科（更名）"
    assert sub_units_load(path=path).changed == 0


def test_a_bad_row_loads_nothing(tmp_path):
    street = StreetFactory()
    path = write(
        tmp_path,
        f"{street.code}-k1,城市管理科,section,{street.code}",
        "x-1,某社区,community,{street.code}",
        "x-2,无主科室,section,000000",
    )
    with pytest.raises(CommandError) as error:
        call_command("load_sub_units", str(path))
    assert "line 3" in str(error.value) and "line 4" in str(error.value)
    assert not Unit.objects.filter(kind__in=["section", "station"]).exists()


def test_the_demo_set_loads_under_beijing(db):
    call_command("load_divisions")
    call_command("load_departments")
    call_command("load_sub_units", str(BEIJING_DATA_DIR / "sub_units.csv"))
    assert set(
        Unit.objects.filter(kind__in=["section", "station"]).values_list("parent__code", flat=True)
    ) == {
        "110105013",
        "110105-cgzf",
    }
