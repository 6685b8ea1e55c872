"""Keyword rules alone, without the database."""

from hotline.category_model.keywords import keyword_leaf_make, keyword_scores

LEAVES = [
    keyword_leaf_make(code="070401", name="供热温度不达标", keywords="暖气不热 室温低 暖气片 供暖 不达标 冷"),
    keyword_leaf_make(
        code="070402", name="供热设施漏水", keywords="暖气漏水 暖气片漏水 暖气管漏水 跑水 滴水"
    ),
    keyword_leaf_make(code="010403", name="路灯不亮", keywords="路灯不亮 路灯坏了 黑灯 路太黑 照明"),
]


def test_longer_keywords_weigh_more():
    # "暖气片" (3 characters) counts for 070401, but "暖气片漏水" (5) says it is a leak.
    ranked = keyword_scores("暖气片漏水了，地上全是水", LEAVES)
    assert [code for code, _ in ranked] == ["070402", "070401"]


def test_a_leaf_name_said_verbatim_scores_high():
    [(code, score)] = keyword_scores("我要反映路灯不亮的问题", LEAVES)
    assert code == "010403"
    assert score >= 0.75


def test_scores_are_between_zero_and_one_and_one_weak_hit_stays_weak():
    [(code, weak)] = keyword_scores("屋里有点冷", LEAVES)
    strong = dict(keyword_scores("供热温度不达标，暖气不热，室温低，冷", LEAVES))["070401"]
    assert code == "070401"
    assert 0 < weak < 0.5 < strong < 1


def test_full_width_characters_match_their_ordinary_form():
    leaves = [keyword_leaf_make(code="x", name="ETC", keywords="ETC扣费")]
    assert keyword_scores("ＥＴＣ扣费不对", leaves)[0][0] == "x"


def test_nothing_matches_gibberish():
    assert keyword_scores("qwerty zxcv 12345 ～～～", LEAVES) == []
