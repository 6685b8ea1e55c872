"""The rules of territory resolution on a small hand-made gazetteer — no database, so each rule
can be read next to the few places it is about."""

import pytest

from dispatch.routing.gazetteer import PRIMARY, Place, Reading, gazetteer_from
from dispatch.routing.mentions import ADDRESS, CONTENT, COORDINATES, POINT, POLYGON, Mention, text_mentions
from dispatch.routing.scoring import AMBIGUOUS, DISTRICT_ONLY, RESOLVED, UNKNOWN, Conflict, weigh

CHAOYANG = Place(1, "110105", "朝阳区", "district", 1, None)
HAIDIAN = Place(2, "110108", "海淀区", "district", 2, None)
BALIZHUANG_CY = Place(11, "110105015", "八里庄街道", "street", 1, 11)
BALIZHUANG_HD = Place(12, "110108005", "八里庄街道", "street", 2, 12)
TUANJIEHU = Place(13, "110105013", "团结湖街道", "street", 1, 13)
WENQUAN = Place(14, "110108026", "温泉地区", "street", 2, 14)
HONGMIAO = Place(101, "110105015005", "红庙社区居委会", "community", 1, 11)
ENJILI = Place(102, "110108005039", "恩济里社区居委会", "community", 2, 12)
XINGFU_CY = Place(103, "110105015099", "幸福社区居委会", "community", 1, 11)
XINGFU_TJH = Place(104, "110105013099", "幸福社区居委会", "community", 1, 13)
PLACES = {
    place.id: place
    for place in [CHAOYANG, HAIDIAN, BALIZHUANG_CY, BALIZHUANG_HD, TUANJIEHU, WENQUAN]
    + [HONGMIAO, ENJILI, XINGFU_CY, XINGFU_TJH]
}
GAZETTEER = gazetteer_from(PLACES, [("水碓子东路15号院", TUANJIEHU.id, 1), ("蓝堡国际公寓", TUANJIEHU.id, 6)])


def point(district: Place, *streets: Place) -> Mention:
    readings = (Reading(district, POINT, PRIMARY), *(Reading(street, POLYGON, PRIMARY) for street in streets))
    return Mention(COORDINATES, "116.4,39.9 (wgs84)", None, None, readings)


def resolve(address: str = "", content: str = "", at: Mention | None = None):
    mentions = text_mentions(GAZETTEER, address, ADDRESS) + text_mentions(GAZETTEER, content, CONTENT)
    return weigh(mentions + ([at] if at else []), PLACES)


def codes(choice) -> set[str]:
    return {candidate.place.code for candidate in choice.candidates}


# --- a name that exists in several places ---------------------------------------------------------------
def test_a_duplicated_street_name_alone_is_ambiguous_with_both_candidates():
    choice = resolve("八里庄街道某小区门口")
    assert (choice.status, choice.street, choice.district) == (AMBIGUOUS, None, None)
    assert codes(choice) == {"110105015", "110108005"}


def test_the_named_district_decides_a_duplicated_street():
    choice = resolve("海淀区八里庄街道")
    assert (choice.status, choice.street, choice.district) == (RESOLVED, BALIZHUANG_HD, HAIDIAN)
    assert choice.confidence == pytest.approx(0.95)


def test_a_community_that_exists_under_only_one_candidate_decides():
    choice = resolve("八里庄街道恩济里社区5号楼")
    assert (choice.street, choice.community) == (BALIZHUANG_HD, ENJILI)


def test_coordinates_decide_a_duplicated_street():
    choice = resolve("八里庄街道", at=point(HAIDIAN))
    assert (choice.status, choice.street, choice.conflict) == (RESOLVED, BALIZHUANG_HD, None)


def test_a_district_in_the_content_decides_but_counts_less():
    choice = resolve("八里庄街道", content="我是海淀区的居民")
    assert choice.street == BALIZHUANG_HD
    assert choice.confidence == pytest.approx(0.9 * 0.8)


def test_the_district_written_right_before_the_street_qualifies_it():
    assert resolve("我在朝阳区上班，住在海淀区八里庄街道").street == BALIZHUANG_HD


def test_a_duplicated_community_is_ambiguous_and_keeps_the_common_district():
    choice = resolve("幸福社区3号楼")
    assert (choice.status, choice.district) == (AMBIGUOUS, CHAOYANG)
    assert codes(choice) == {"110105015", "110105013"}


def test_the_street_named_decides_a_duplicated_community():
    choice = resolve("团结湖街道幸福社区")
    assert (choice.street, choice.community) == (TUANJIEHU, XINGFU_TJH)


def test_a_district_and_a_street_that_do_not_belong_together_are_left_to_a_person():
    choice = resolve("海淀区团结湖")
    assert choice.status == AMBIGUOUS
    assert codes(choice) == {"110105013", "110108"}


# --- text and coordinates -----------------------------------------------------------------------------------
def test_coordinates_in_another_district_are_a_conflict_and_the_text_wins():
    choice = resolve("团结湖街道", at=point(HAIDIAN))
    assert (choice.status, choice.street) == (RESOLVED, TUANJIEHU)
    assert choice.conflict == Conflict(HAIDIAN, CHAOYANG)
    assert choice.confidence == pytest.approx(0.9 * 0.5)


def test_coordinates_in_another_streets_boundary_are_a_conflict():
    choice = resolve("团结湖街道", at=point(CHAOYANG, BALIZHUANG_CY))
    assert choice.street == TUANJIEHU
    assert choice.conflict == Conflict(BALIZHUANG_CY, TUANJIEHU)


def test_coordinates_alone_give_the_district_or_the_street_of_the_boundary():
    alone = resolve(at=point(CHAOYANG))
    assert (alone.status, alone.district, alone.confidence) == (DISTRICT_ONLY, CHAOYANG, 0.5)
    inside = resolve(at=point(CHAOYANG, TUANJIEHU))
    assert (inside.status, inside.street, inside.confidence) == (RESOLVED, TUANJIEHU, 0.9)


def test_a_point_on_a_shared_border_is_ambiguous():
    choice = resolve(at=point(CHAOYANG, BALIZHUANG_CY, TUANJIEHU))
    assert choice.status == AMBIGUOUS
    assert codes(choice) == {"110105015", "110105013"}


def test_agreeing_coordinates_add_to_the_confidence():
    assert resolve("团结湖").confidence == pytest.approx(0.85)
    assert resolve("团结湖", at=point(CHAOYANG)).confidence == pytest.approx(0.9)


# --- district only, nothing, weak words, aliases -----------------------------------------------------------
@pytest.mark.parametrize(
    ("address", "content", "at", "level"),
    [("朝阳区某个地方", "", None, 0.5), ("朝阳区某个地方", "", CHAOYANG, 0.55), ("", "住在朝阳", None, 0.4)],
)
def test_district_only(address, content, at, level):
    choice = resolve(address, content, point(at) if at else None)
    assert (choice.status, choice.district, choice.street) == (DISTRICT_ONLY, CHAOYANG, None)
    assert choice.confidence == pytest.approx(level)


def test_nothing_known():
    assert resolve("我家楼下").status == UNKNOWN


def test_a_common_word_alone_is_not_a_place_but_counts_with_its_district():
    assert resolve("温泉度假村").status == UNKNOWN
    assert resolve("海淀区某小区", content="想去温泉泡一泡").status == DISTRICT_ONLY
    choice = resolve("海淀区温泉26号楼")
    assert (choice.status, choice.street, choice.confidence) == (RESOLVED, WENQUAN, pytest.approx(0.75))


def test_an_alias_gains_confidence_with_confirmations():
    once = resolve("水碓子东路15号院3号楼")
    often = resolve("蓝堡国际公寓底商")
    assert once.street == often.street == TUANJIEHU
    assert (once.confidence, often.confidence) == (pytest.approx(0.85), pytest.approx(0.95))


def test_official_names_are_surer_than_spoken_ones():
    assert resolve("团结湖街道").confidence == pytest.approx(0.9)
    assert resolve("团结湖").confidence == pytest.approx(0.85)
    assert resolve("红庙社区").confidence == pytest.approx(0.9)
    assert resolve("朝阳区团结湖街道").confidence == pytest.approx(0.95)
