"""The gazetteer over Beijing's real units: what it finds, and that it is built once per process
and rebuilt only when the names change."""

from unittest import mock

import pytest

from dispatch.models import PlaceAlias
from dispatch.routing import gazetteer as gazetteer_module
from dispatch.routing.gazetteer import SECONDARY, gazetteer_changed, gazetteer_get
from dispatch.routing.territory import territory_resolve
from units.models import Unit

pytestmark = pytest.mark.usefixtures("beijing_places")


def found(text: str) -> list[tuple[str, str]]:
    return [(text[match.start : match.end], match.phrase) for match in gazetteer_get().find(text)]


def test_longest_names_win_and_do_not_overlap():
    assert found("东城区朝阳门内") == [("东城区", "东城区"), ("朝阳门", "朝阳门")]
    assert found("海淀区八里庄北里社区") == [("海淀区", "海淀区"), ("八里庄北里社区", "八里庄北里社区")]


def test_spans_point_into_the_original_text():
    assert found("北京市 朝阳区，团结湖街道３号楼") == [("朝阳区", "朝阳区"), ("团结湖街道", "团结湖街道")]


def test_a_position_and_a_road_word_is_no_place_on_its_own():
    # 北大街 is a community in 丰台; in 朝阳门北大街 it is part of the road's name
    result = territory_resolve(address="东城区朝阳门北大街8号")
    assert (result.status, result.street.code) == ("resolved", "110101007")
    assert territory_resolve(address="东城区东单北大街120号").status == "district_only"


def test_a_name_never_starts_or_ends_inside_a_number():
    assert found("王四营地区15号楼6单元1201") == [("王四营地区", "王四营地区")]
    assert found("1201社区") == [("1201社区", "1201社区")]


def test_a_phrase_keeps_every_place_it_may_mean():
    (match,) = gazetteer_get().find("潘家园")
    readings = {(reading.place.code, reading.strength) for reading in match.readings}
    # the street of 潘家园 first of all; its community and the village in 怀柔 only with support
    assert ("110105018", 2) in readings
    assert ("110116001204", SECONDARY) in readings


def test_an_active_alias_is_found_and_an_inactive_one_is_not(add_alias):
    alias = add_alias("水碓子东路15号院", "110105013")
    assert found("水碓子东路15号院3号楼") == [("水碓子东路15号院", "水碓子东路15号院")]
    alias.is_active = False
    alias.save(update_fields=["is_active"])
    gazetteer_changed()
    assert found("水碓子东路15号院3号楼") == [("水碓子东路", "水碓子东路")]


def test_an_inactive_unit_is_not_a_place():
    Unit.objects.filter(code="110105013").update(is_active=False)
    gazetteer_changed()
    assert territory_resolve(address="团结湖街道").status == "unknown"


def test_the_gazetteer_is_built_once_and_again_after_a_change():
    with mock.patch.object(
        gazetteer_module, "gazetteer_build", wraps=gazetteer_module.gazetteer_build
    ) as build:
        for _ in range(50):
            territory_resolve(address="朝阳区团结湖街道团结湖北里3号楼")
        assert build.call_count == 1
        PlaceAlias.objects.create(phrase="蓝堡国际公寓", unit=Unit.objects.get(code="110105013"))
        gazetteer_changed()
        assert territory_resolve(address="蓝堡国际公寓").street.code == "110105013"
        territory_resolve(address="蓝堡国际公寓")
        assert build.call_count == 2


def test_a_change_nobody_announced_is_noticed_at_the_next_check(settings):
    settings.ROUTING_RECHECK_SECONDS = 0
    with mock.patch.object(
        gazetteer_module, "gazetteer_build", wraps=gazetteer_module.gazetteer_build
    ) as build:
        territory_resolve(address="团结湖")
        territory_resolve(address="团结湖")
        assert build.call_count == 1
        PlaceAlias.objects.create(phrase="蓝堡国际公寓", unit=Unit.objects.get(code="110105013"))
        assert territory_resolve(address="蓝堡国际公寓").street.code == "110105013"
        assert build.call_count == 2


def test_a_stale_gazetteer_is_rebuilt_rather_than_trusted():
    territory_resolve(address="团结湖街道")  # built with the code as it was
    Unit.objects.filter(code="110105013").update(code="110105099")
    assert territory_resolve(address="团结湖街道").street.code == "110105099"
