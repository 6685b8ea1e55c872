"""manage.py import_street_boundaries: an idempotent upsert keyed by the 9-digit street code."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dispatch.models import StreetBoundary
from dispatch.routing.coordinates import street_ids_at

pytestmark = pytest.mark.usefixtures("beijing_places")

SAMPLE_BOUNDARIES = Path(__file__).resolve().parent / "streets_sample.geojson"
SQUARE = [[[116.30, 39.90], [116.31, 39.90], [116.31, 39.91], [116.30, 39.91], [116.30, 39.90]]]


def run(path, *args) -> list[str]:
    out = StringIO()
    call_command("import_street_boundaries", str(path), *args, stdout=out)
    return out.getvalue().splitlines()


def write(tmp_path, features, name="boundaries.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def feature(code, coordinates=SQUARE, *, prop="code", kind="Polygon"):
    return {
        "type": "Feature",
        "properties": {prop: code},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def test_import_reports_created_and_unknown_codes():
    assert run(SAMPLE_BOUNDARIES) == ["3 created, 0 updated, 0 unchanged", "unknown codes (1): 999999999"]
    assert set(StreetBoundary.objects.values_list("unit__code", flat=True)) == {
        "110101001",
        "110105004",
        "110105013",
    }


def test_importing_the_same_file_twice_changes_nothing():
    run(SAMPLE_BOUNDARIES)
    first = dict(StreetBoundary.objects.values_list("unit__code", "imported_at"))
    assert run(SAMPLE_BOUNDARIES)[0] == "0 created, 0 updated, 3 unchanged"
    assert dict(StreetBoundary.objects.values_list("unit__code", "imported_at")) == first


def test_a_changed_outline_is_updated_and_used_at_once(tmp_path):
    run(write(tmp_path, [feature("110105013")]))
    assert street_ids_at(116.305, 39.905) != []
    moved = [[[116.50, 39.90], [116.51, 39.90], [116.51, 39.91], [116.50, 39.90]]]
    assert run(write(tmp_path, [feature("110105013", moved)]))[0] == "0 created, 1 updated, 0 unchanged"
    assert street_ids_at(116.305, 39.905) == []


def test_the_code_property_can_be_named(tmp_path):
    path = write(tmp_path, [feature("110101001", prop="gb")])
    assert run(path, "--code-property", "gb")[0] == "1 created, 0 updated, 0 unchanged"


def test_a_street_drawn_in_two_parts_becomes_one_multipolygon(tmp_path):
    east = [[[116.40, 39.90], [116.41, 39.90], [116.41, 39.91], [116.40, 39.90]]]
    run(write(tmp_path, [feature("110105004"), feature("110105004", east)]))
    assert StreetBoundary.objects.get().geometry["type"] == "MultiPolygon"


def test_bad_features_are_reported_not_imported(tmp_path):
    bow_tie = [[[116.30, 39.90], [116.31, 39.91], [116.31, 39.90], [116.30, 39.91], [116.30, 39.90]]]
    path = write(
        tmp_path,
        [
            feature(None),
            feature("110105004", [[116.3, 39.9], [116.4, 39.9]], kind="LineString"),
            feature("110105013", bow_tie),  # self-intersecting: repaired into two triangles
        ],
    )
    assert run(path) == ["1 created, 0 updated, 0 unchanged", "invalid features (2): #1 (None), 110105004"]


def test_an_unreadable_file_is_a_command_error(tmp_path):
    (tmp_path / "broken.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "broken.geojson")
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.geojson")
