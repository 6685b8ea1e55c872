import pytest

from hotline.geo import bd09_to_gcj02, distance_m, gcj02_to_wgs84, in_china, to_wgs84, wgs84_to_gcj02

TIANANMEN_WGS84 = (116.391248, 39.907500)


def test_gcj02_round_trip_is_under_a_metre():
    gcj = wgs84_to_gcj02(*TIANANMEN_WGS84)
    assert distance_m(*gcj, *TIANANMEN_WGS84) > 100  # the offset is real: hundreds of metres
    back = gcj02_to_wgs84(*gcj)
    assert distance_m(*back, *TIANANMEN_WGS84) < 1


def test_bd09_converts_through_gcj02():
    # Baidu's published coordinate for 天安门 is about (116.403963, 39.915119).
    wgs = to_wgs84(116.403963, 39.915119, "bd09")
    assert distance_m(*wgs, *TIANANMEN_WGS84) < 150
    assert bd09_to_gcj02(116.403963, 39.915119) != (116.403963, 39.915119)


@pytest.mark.parametrize(
    ("point", "inside"),
    [((116.39, 39.9), True), ((121.47, 31.23), True), ((2.35, 48.85), False), ((116.39, -39.9), False)],
)
def test_in_china(point, inside):
    assert in_china(*point) is inside
