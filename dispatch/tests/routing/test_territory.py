"""territory_resolve end to end on Beijing's real units: units returned, evidence the UI can
highlight, candidates a dispatcher can choose from, coordinates in the three datums."""

import pytest

from dispatch.routing.territory import territory_resolve
from hotline.geo import wgs84_to_gcj02

pytestmark = pytest.mark.usefixtures("beijing_places")

TIANANMEN_WGS84 = (116.391248, 39.907500)
TIANANMEN_BD09 = (116.403963, 39.915119)
SUMMER_PALACE_WGS84 = (116.2690, 39.9990)  # 海淀区


def test_a_named_community_fixes_its_street_and_district():
    result = territory_resolve(address="多福巷社区12号")
    assert (result.status, result.street.code, result.district.code) == ("resolved", "110101001", "110101")
    assert result.community.name == "多福巷社区居委会"
    assert result.confidence == pytest.approx(0.9)


def test_evidence_spans_highlight_the_callers_words():
    address = "北京市朝阳区 团结湖街道水碓子社区3号楼"
    result = territory_resolve(address=address)
    assert result.community.code == "110105013031"
    spans = {
        (item["kind"], address[item["start"] : item["end"]], item["unit_code"]) for item in result.evidence
    }
    assert spans == {
        ("text", "朝阳区", "110105"),
        ("text", "团结湖街道", "110105013"),
        ("text", "水碓子社区", "110105013031"),
    }
    assert {item["field"] for item in result.evidence} == {"address"}


def test_an_ambiguous_street_lists_its_candidates_with_reasons():
    result = territory_resolve(address="八里庄街道某小区门口")
    assert (result.status, result.street, result.district) == ("ambiguous", None, None)
    assert result.candidates == [
        {
            "unit_code": "110105015",
            "unit_name": "八里庄街道",
            "kind": "street",
            "reason": "文本提到“八里庄街道”，位于朝阳区",
        },
        {
            "unit_code": "110108005",
            "unit_name": "八里庄街道",
            "kind": "street",
            "reason": "文本提到“八里庄街道”，位于海淀区",
        },
    ]


@pytest.mark.parametrize(
    ("address", "street"),
    [
        ("朝阳区八里庄街道", "110105015"),
        ("海淀区八里庄街道", "110108005"),
        ("八里庄街道恩济里社区", "110108005"),  # the community exists under 海淀's 八里庄 only
        ("八里庄街道红庙北里社区", "110105015"),
    ],
)
def test_the_duplicated_street_is_decided_by_district_or_community(address, street):
    result = territory_resolve(address=address)
    assert (result.status, result.street.code) == ("resolved", street)


def test_a_duplicated_community_without_context_is_ambiguous():
    result = territory_resolve(address="光明社区5号楼")
    assert result.status == "ambiguous"
    assert len(result.candidates) > 1 and result.street is None


def test_the_content_counts_when_the_address_says_nothing():
    result = territory_resolve(address="小区门口", content="我住在望京，门口天天有人摆摊")
    assert (result.status, result.street.code) == ("resolved", "110105026")
    assert result.confidence == pytest.approx(0.85 * 0.8)
    assert result.evidence[0]["field"] == "content"


@pytest.mark.parametrize(
    ("point", "crs"),
    [
        (TIANANMEN_WGS84, "wgs84"),
        (wgs84_to_gcj02(*TIANANMEN_WGS84), "gcj02"),
        (TIANANMEN_BD09, "bd09"),
    ],
)
def test_coordinates_alone_give_the_district_in_every_datum(point, crs):
    result = territory_resolve(longitude=point[0], latitude=point[1], crs=crs)
    assert (result.status, result.district.code, result.confidence) == ("district_only", "110101", 0.5)
    assert result.evidence[0]["kind"] == "coordinates"


def test_coordinates_that_contradict_the_text_are_reported():
    result = territory_resolve(
        address="朝阳区团结湖街道", longitude=SUMMER_PALACE_WGS84[0], latitude=SUMMER_PALACE_WGS84[1]
    )
    assert (result.status, result.street.code) == ("resolved", "110105013")
    assert result.conflict == "坐标位于海淀区，但文字指向朝阳区。"
    assert result.confidence == pytest.approx(0.95 * 0.5)
    assert {item["kind"] for item in result.evidence} == {"text", "coordinates"}


def test_coordinates_decide_the_duplicated_street():
    result = territory_resolve(
        address="八里庄街道", longitude=SUMMER_PALACE_WGS84[0], latitude=SUMMER_PALACE_WGS84[1]
    )
    assert (result.status, result.street.code, result.conflict) == ("resolved", "110108005", "")


@pytest.mark.usefixtures("sample_boundaries")
def test_a_point_inside_a_street_boundary_gives_the_street():
    result = territory_resolve(longitude=116.4505, latitude=39.9325)
    assert (result.status, result.street.code, result.confidence) == ("resolved", "110105004", 0.9)
    assert [item["kind"] for item in result.evidence] == ["polygon", "coordinates"]


@pytest.mark.usefixtures("sample_boundaries")
def test_a_point_on_the_border_of_two_boundaries_is_ambiguous():
    result = territory_resolve(longitude=116.4610, latitude=39.9300)
    assert (result.status, result.district.code) == ("ambiguous", "110105")
    assert {candidate["unit_code"] for candidate in result.candidates} == {"110105004", "110105013"}


@pytest.mark.usefixtures("sample_boundaries")
def test_a_boundary_that_contradicts_the_street_named_is_a_conflict():
    result = territory_resolve(address="团结湖街道", longitude=116.4505, latitude=39.9325)
    assert result.street.code == "110105013"
    assert result.conflict == "坐标位于三里屯街道，但文字指向团结湖街道。"


def test_an_alias_routes_and_its_confirmations_show(add_alias):
    add_alias("水碓子东路15号院", "110105013", confirmations=4, source="learned")
    result = territory_resolve(address="水碓子东路15号院3号楼2单元")
    assert (result.status, result.street.code) == ("resolved", "110105013")
    assert result.confidence == pytest.approx(0.85 + 3 * 0.02)
    (alias,) = [item for item in result.evidence if item["kind"] == "alias"]
    assert (alias["phrase"], alias["confirmations"]) == ("水碓子东路15号院", 4)
    assert (alias["start"], alias["end"]) == (0, 9)


def test_an_alias_of_a_district_gives_the_district(add_alias):
    add_alias("宣武区", "110102")
    result = territory_resolve(address="宣武区菜市口")
    assert (result.status, result.district.code) == ("district_only", "110102")


@pytest.mark.parametrize("address", ["", "我家楼下", "河北省廊坊市", "胜利路口红绿灯坏了"])
def test_nothing_known(address):
    assert territory_resolve(address=address) == territory_resolve(address=address)
    result = territory_resolve(address=address)
    assert (result.status, result.district, result.confidence, result.evidence) == ("unknown", None, 0.0, [])


def test_a_point_outside_china_is_ignored_and_an_unknown_datum_refused():
    assert territory_resolve(longitude=2.35, latitude=48.85).status == "unknown"
    with pytest.raises(ValueError, match="crs"):
        territory_resolve(longitude=116.4, latitude=39.9, crs="epsg3857")
