"""The analysis page's maps (metrics.analysis_maps): the streets' map when street boundaries are
imported, the districts' otherwise; the ticket density grid counted in SQL; the queries do not grow
with the tickets or the streets."""

# ruff: noqa: F811 — the fixtures are imported, and the tests' parameters name them again.

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from dispatch.models import StreetBoundary
from hotline.models import Ticket
from metrics.analysis_maps import Grid, area_projection, density_grid, grid_for
from metrics.tests.test_analyses import local, make_tickets, march, world  # noqa: F401
from metrics.tests.test_analysis_pages import page_url, urlpatterns  # noqa: F401
from units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.urls("metrics.tests.test_analysis_pages")]

MONTH = {"period": "month", "date": "2025-03-14", "section": "map"}


def square(west: float, south: float, size: float = 0.02) -> dict:
    east, north = west + size, south + size
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def bound(street: Unit, west: float, south: float) -> None:
    StreetBoundary.objects.create(unit=street, geometry=square(west, south))


def page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(page_url(**{**MONTH, **params}))
    assert response.status_code == 200
    return response.content.decode()


def test_without_boundaries_the_map_shows_the_districts(client, make_user, march):
    html = page(client, make_user(Role.LEADER))
    assert 'id="district-map"' in html and 'id="street-map"' not in html
    assert 'data-code="110105"><title>朝阳区: 10</title>' in html


def test_with_boundaries_the_map_shows_the_streets(client, make_user, march):
    w = march
    bound(w.tuanjiehu, 116.46, 39.92)
    bound(w.maizidian, 116.48, 39.94)
    html = page(client, make_user(Role.LEADER))
    assert 'id="street-map"' in html and 'id="district-map"' not in html
    streets = html.split('id="street-map"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'data-street="(\d+)"><title>([^<]*)</title>', streets) == [
        (str(w.tuanjiehu.pk), "团结湖街道: 6"),
        (str(w.maizidian.pk), "麦子店街道: 2"),
    ]
    # The darkest colour for the most tickets, the lightest for the fewest.
    assert f'#bd0026" data-street="{w.tuanjiehu.pk}"' in streets
    assert f'#ffffb2" data-street="{w.maizidian.pk}"' in streets
    # 海淀 has no boundary imported: its supervisor sees the districts.
    html = page(client, make_user(Role.DISTRICT_SUPERVISOR, unit=w.haidian))
    assert 'id="district-map"' in html and 'id="street-map"' not in html
    # 朝阳's supervisor sees 朝阳's streets.
    html = page(client, make_user(Role.DISTRICT_SUPERVISOR, unit=w.chaoyang))
    assert 'id="street-map"' in html and "团结湖街道: 6" in html


def located(world, street, count, lon, lat, *, day=10):
    tickets = make_tickets(street, count, at=local(2025, 3, day), category=world.parking)
    Ticket.objects.filter(pk__in=[ticket.pk for ticket in tickets]).update(longitude=lon, latitude=lat)


def test_the_density_grid_counts_the_tickets_per_cell(world):
    w = world
    located(w, w.tuanjiehu, 3, "116.050000", "39.050000")
    located(w, w.tuanjiehu, 1, "116.099999", "39.000001")  # the same cell, at its corners
    located(w, w.maizidian, 2, "116.250000", "39.350000")
    located(w, w.zhongguancun, 1, "116.950000", "39.950000")  # the last cell
    located(w, w.zhongguancun, 4, "117.500000", "39.500000")  # east of the grid
    located(w, w.zhongguancun, 2, "116.500000", "38.900000")  # south of the grid
    make_tickets(w.zhongguancun, 5, at=local(2025, 3, 10), category=w.parking)  # no coordinates
    grid = Grid(west=116.0, south=39.0, cell_lon=0.1, cell_lat=0.1, columns=10, rows=10)
    assert density_grid(Ticket.objects.all(), grid) == {(0, 0): 4, (2, 3): 2, (9, 9): 1}


def test_the_grid_has_square_cells_over_the_city():
    projection = area_projection("1101")
    grid = grid_for(projection)
    assert grid.columns == 64 and grid.rows > 40
    assert grid.cell_lat == pytest.approx(grid.cell_lon * projection.x_scale)
    assert grid.south + grid.rows * grid.cell_lat >= projection.north


def test_the_page_draws_the_density(client, make_user, world):
    w = world
    located(w, w.tuanjiehu, 3, "116.470000", "39.930000")
    located(w, w.zhongguancun, 1, "116.310000", "39.980000")
    located(w, w.zhongguancun, 2, "116.310000", "39.980000", day=2)  # 2 March, same cell
    html = page(client, make_user(Role.DISPATCHER))
    density = html.split('id="density-map"', 1)[1].split("</section>", 1)[0]
    assert sorted(re.findall(r'data-count="(\d+)"', density)) == ["3", "3"]
    # 海淀's supervisor: 海淀's tickets only, over 海淀's outline.
    html = page(client, make_user(Role.DISTRICT_SUPERVISOR, unit=w.haidian))
    density = html.split('id="density-map"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'data-count="(\d+)"', density) == ["3"]
    assert density.count("<path") == 1


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page_url(**MONTH)).status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_tickets_or_streets(client, make_user, world):
    w = world
    streets = Unit.objects.bulk_create(
        Unit(code=f"110105{n:03d}7", name=f"街道{n}", kind="street", parent=w.chaoyang) for n in range(24)
    )
    for n, street in enumerate(streets):
        bound(street, 116.40 + 0.02 * (n % 6), 39.90 + 0.02 * (n // 6))
    client.force_login(make_user(Role.LEADER))
    located(w, streets[0], 1, "116.41", "39.91")
    _queries(client)  # the streets' shapes are built once
    few = _queries(client)
    for n, street in enumerate(streets):
        located(w, street, 3, f"{116.41 + 0.02 * (n % 6):.2f}", f"{39.91 + 0.02 * (n // 6):.2f}")
    assert _queries(client) == few
