"""The tokeniser and weights are pure: no database."""

import math

import pytest

from knowledge.terms import (
    TERM_MAX_LENGTH,
    document_term_weights,
    inverse_document_frequency,
    query_terms,
    text_terms,
)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("供热温度", ["供热", "热温", "温度"]),
        ("A栋3层", ["a", "栋", "3", "层"]),
        ("拨打12345热线", ["拨打", "12345", "热线"]),
        ("ＡＰＰ，１２３４５", ["app", "12345"]),
        ("室温低于18℃！", ["室温", "温低", "低于", "18", "c"]),
        ("请问怎么办", ["问怎"]),
        ("", []),
        ("？？——  ", []),
    ],
)
def test_text_terms(text, terms):
    assert text_terms(text) == terms


def test_long_latin_words_are_cut_to_the_column_length():
    assert text_terms("x" * 50) == ["x" * TERM_MAX_LENGTH]


def test_query_terms_are_distinct_in_first_seen_order():
    assert query_terms("暖气暖气 APP app") == ["暖气", "气暖", "app"]


def test_title_and_keywords_weigh_three_times_the_body():
    weights = document_term_weights(title="供热", keywords="暖气", body="停水")
    assert weights == {"供热": 1 + math.log(3), "暖气": 1 + math.log(3), "停水": 1.0}


def test_repeats_are_damped_and_fields_add_up():
    weights = document_term_weights(title="供热", keywords="", body="供热 " * 10)
    assert weights["供热"] == pytest.approx(1 + math.log(3 + 10))
    assert weights["供热"] < 13


def test_rare_terms_weigh_more_and_common_ones_never_nothing():
    rare = inverse_document_frequency(document_frequency=1, documents=100)
    common = inverse_document_frequency(document_frequency=100, documents=100)
    assert rare > common > 0


def test_the_heating_query_meets_the_heating_article_only_through_shared_bigrams():
    query, title = "暖气不热怎么办", "供热温度不达标的处理"
    assert not {query[i : i + 4] for i in range(len(query) - 3)} & {
        title[i : i + 4] for i in range(len(title) - 3)
    }
    body_terms = set(text_terms("居民反映暖气不热、室温低于18℃"))
    assert {"暖气", "气不", "不热"} <= set(query_terms(query)) & body_terms
