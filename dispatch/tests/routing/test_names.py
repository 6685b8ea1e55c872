"""The forms people say, and the normalisation that keeps match positions. No database."""

import pytest

from dispatch.routing.names import Form, community_forms, district_forms, normalise, street_forms


def phrases(forms, *, weak=False) -> list[str]:
    return [form.phrase for form in forms if form.weak is weak]


def test_district_is_said_without_qu():
    assert phrases(district_forms("朝阳区")) == ["朝阳区", "朝阳"]
    assert phrases(district_forms("门头沟区")) == ["门头沟区", "门头沟"]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("团结湖街道", ["团结湖街道", "团结湖"]),
        ("马坡镇", ["马坡镇", "马坡"]),
        ("崔各庄乡", ["崔各庄乡", "崔各庄"]),
        # a 地区 office and the town (or, in 朝阳, the township) of the same name are one place
        ("金海湖地区", ["金海湖地区", "金海湖镇", "金海湖乡", "金海湖"]),
        ("于家务回族乡", ["于家务回族乡", "于家务乡", "于家务回族", "于家务"]),
        ("北京经济技术开发区", ["北京经济技术开发区"]),
    ],
)
def test_street_forms(name, said):
    assert phrases(street_forms(name)) == said


def test_a_common_word_is_a_weak_bare_form():
    forms = street_forms("河北镇")
    assert phrases(forms) == ["河北镇"]
    assert phrases(forms, weak=True) == ["河北"]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("多福巷社区居委会", ["多福巷社区居委会", "多福巷社区", "多福巷"]),
        ("银河湾社区居民委员会", ["银河湾社区居民委员会", "银河湾社区", "银河湾"]),
        ("楼梓庄村委会", ["楼梓庄村委会", "楼梓庄村", "楼梓庄"]),
        ("马家堡村民委员会", ["马家堡村民委员会", "马家堡村", "马家堡"]),
        # two characters are too few to stand alone: 小店 is a shop, 东里 half of every address
        ("小店村村委会", ["小店村村委会", "小店村"]),
        ("东里社区居委会", ["东里社区居委会", "东里社区"]),
        # inside a 社区 name 村 is part of the proper name
        ("中关村社区居委会", ["中关村社区居委会", "中关村社区", "中关村"]),
        # digits do not make a name long enough
        ("1201社区居委会", ["1201社区居委会", "1201社区"]),
        ("高里掌村股份经济合作社生活区", ["高里掌村股份经济合作社生活区", "高里掌村", "高里掌"]),
        (
            "中国矿业大学（北京）社区居委会",
            ["中国矿业大学（北京）社区居委会", "中国矿业大学社区", "中国矿业大学"],
        ),
    ],
)
def test_community_forms(name, said):
    assert phrases(community_forms(name)) == said


def test_a_generic_estate_name_is_weak():
    forms = community_forms("幸福家园社区居民委员会")
    assert phrases(forms, weak=True) == ["幸福家园"]
    assert [form.form for form in forms] == [Form.OFFICIAL, Form.SPOKEN, Form.BARE]


def test_normalise_keeps_the_original_positions():
    text = "北京市 朝阳区，团结湖３号楼"
    normalised, offsets = normalise(text)
    assert normalised == "北京市朝阳区团结湖3号楼"
    start = normalised.index("团结湖")
    assert text[offsets[start] : offsets[start + 2] + 1] == "团结湖"
    assert text[offsets[normalised.index("3")]] == "３"
