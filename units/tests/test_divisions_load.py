import csv
import shutil

import pytest
from django.core.management import call_command

from units.models import Unit
from units.services import BEIJING_DATA_DIR, departments_load, divisions_load

pytestmark = pytest.mark.django_db


def test_load_creates_the_beijing_divisions_with_codes_and_parents():
    divisions_load()

    assert Unit.objects.filter(kind=Unit.Kind.DISTRICT).count() == 16
    assert Unit.objects.filter(kind=Unit.Kind.STREET).count() == 349
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNITY).count() == 7535
    chaoyang = Unit.objects.get(code="110105")
    assert chaoyang.name == "朝阳区" and chaoyang.parent.code == "110000"
    tuanjiehu = Unit.objects.get(code="110105013")
    assert tuanjiehu.name == "团结湖街道" and tuanjiehu.parent == chaoyang
    community = Unit.objects.get(code="110101001001")
    assert community.name == "多福巷社区居委会" and community.parent.code == "110101001"
    # 八里庄街道 exists in two districts: two units, each under its own district.
    assert sorted(Unit.objects.filter(name="八里庄街道").values_list("parent__name", flat=True)) == [
        "朝阳区",
        "海淀区",
    ]
    # Every street hangs under a district and every community under a street.
    assert not Unit.objects.filter(kind=Unit.Kind.STREET).exclude(parent__kind=Unit.Kind.DISTRICT).exists()
    assert not Unit.objects.filter(kind=Unit.Kind.COMMUNITY).exclude(parent__kind=Unit.Kind.STREET).exists()


def test_second_load_changes_nothing():
    divisions_load()
    before = list(Unit.objects.order_by("id").values_list("id", "code", "name", "parent_id"))

    report = divisions_load()

    assert report.changed == 0
    assert report.unchanged["community"] == 7535
    assert list(Unit.objects.order_by("id").values_list("id", "code", "name", "parent_id")) == before


def test_renamed_unit_is_updated_in_place(tmp_path):
    divisions_load()
    street_id = Unit.objects.get(code="110105013").id
    data_dir = tmp_path / "data"
    shutil.copytree(BEIJING_DATA_DIR, data_dir)
    streets = list(csv.DictReader((data_dir / "streets.csv").open(encoding="utf-8")))
    for row in streets:
        if row["code"] == "110105013":
            row["name"] = "团结湖地区"
    with (data_dir / "streets.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["code", "name", "district_code"])
        writer.writeheader()
        writer.writerows(streets)

    report = divisions_load(data_dir=data_dir)

    assert report.updated == {"city": 0, "hotline": 0, "district": 0, "street": 1, "community": 0}
    assert sum(report.created.values()) == 0
    renamed = Unit.objects.get(code="110105013")
    assert (renamed.id, renamed.name) == (street_id, "团结湖地区")
    assert Unit.objects.filter(kind=Unit.Kind.STREET).count() == 349


def test_departments_load_city_and_district_units_once():
    divisions_load()

    first = departments_load()
    second = departments_load()

    assert sum(first.created.values()) == 14 * 17 + 4  # 14 kinds at city + 16 districts, 4 utilities
    assert second.changed == 0
    cgzf = Unit.objects.get(code="110105-cgzf")
    assert (cgzf.name, cgzf.kind, cgzf.parent.code) == (
        "朝阳区城市管理综合行政执法局",
        "department",
        "110105",
    )
    assert Unit.objects.get(code="110000-gr").kind == Unit.Kind.ENTERPRISE
    assert Unit.objects.filter(department_kind__code="gaj", parent__kind="district").count() == 16


def test_load_commands_print_their_counts(capsys):
    call_command("load_divisions")
    call_command("load_departments")
    out = capsys.readouterr().out
    assert "street: 349 created, 0 updated, 0 unchanged" in out
    assert "department: 242 created" in out
