from knowledge.excerpts import excerpt


def test_short_bodies_are_shown_whole_with_whitespace_collapsed():
    assert excerpt("  供热\n\n温度  ", terms=["供热"]) == "供热 温度"


def test_the_excerpt_is_centred_near_the_first_hit():
    body = "甲" * 300 + "暖气不热" + "乙" * 300

    shown = excerpt(body, terms=["不热", "暖气"], width=40)

    assert shown.startswith("…") and shown.endswith("…")
    assert "暖气不热" in shown
    assert len(shown) == 40 + 2


def test_without_a_hit_the_excerpt_is_the_start():
    assert excerpt("甲" * 300, terms=["暖气"], width=10) == "甲" * 10 + "…"


def test_a_hit_near_the_end_still_fills_the_width():
    shown = excerpt("甲" * 300 + "暖气", terms=["暖气"], width=10)
    assert shown == "…" + "甲" * 8 + "暖气"


def test_markup_is_left_as_text():
    assert excerpt("<b>供热</b>", terms=["供热"]) == "<b>供热</b>"
