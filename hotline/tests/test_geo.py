import pytest

from hotline.geo import bd09_to_gcj02, distance_m, gcj02_to_wgs84, in_china, to_wgs84, wgs84_to_gcj02

TIANANMEN_WGS84 = (116.391248, 39.907500)
# Baidu's published coordinate for 天安门.
TIANANMEN_BD09 = (116.403963, 39.915119)


def test_gcj02_round_trip_is_under_a_metre():
    gcj = wgs84_to_gcj02(*TIANANMEN_WGS84)
    assert distance_m(*gcj, *TIANANMEN_WGS84) > 100  # the offset is real: hundreds of metres
    back = gcj02_to_wgs84(*gcj)
    assert distance_m(*back, *TIANANMEN_WGS84) < 1


def test_bd09_converts_through_gcj02():
    wgs = to_wgs84(*TIANANMEN_BD09, "bd09")
    assert distance_m(*wgs, *TIANANMEN_WGS84) < 150
    assert bd09_to_gcj02(*TIANANMEN_BD09) != TIANANMEN_BD09


def test_bd09_uses_baidus_constant_not_plain_pi():
    # The value Baidu's formula (x_π = π·3000/180) gives; scaling by π instead lands 27 m away.
    assert distance_m(*to_wgs84(*TIANANMEN_BD09, "bd09"), 116.3913492, 39.9073746) < 1


def test_wgs84_is_left_as_it_is():
    assert to_wgs84(*TIANANMEN_WGS84, "wgs84") == TIANANMEN_WGS84


@pytest.mark.parametrize(
    ("point", "inside"),
    [((116.39, 39.9), True), ((121.47, 31.23), True), ((2.35, 48.85), False), ((116.39, -39.9), False)],
)
def test_in_china(point, inside):
    assert in_china(*point) is inside
