"""suggest_categories() before any model exists: keyword rules over the real category tree."""

import pytest

from hotline.category_model.suggest import Suggestion, suggest_categories
from hotline.models import Category

pytestmark = pytest.mark.usefixtures("category_tree")


def test_suggests_heating_temperature_for_a_cold_radiator():
    suggestions = suggest_categories("家里暖气不热，室温才16度")

    assert suggestions[0] == Suggestion(
        category_code="070401",
        category_path="公共服务（水电气热） / 供热 / 供热温度不达标",
        score=suggestions[0].score,
        source="keywords",
        default_tier="T2",
        matter="departmental",
        department_kind_code="gr",
    )
    assert 0 < suggestions[0].score <= 1
    assert all(s.score <= suggestions[0].score for s in suggestions)


def test_nothing_for_gibberish_or_blank_text():
    assert suggest_categories("asdf qwer 12345 ～～") == []
    assert suggest_categories("   ") == []


def test_limit_and_only_active_leaves():
    text = "暖气不热，暖气片漏水，不来暖气，还要交暖气费"
    assert len(suggest_categories(text, limit=2)) == 2
    Category.objects.filter(code="070402").update(is_active=False)

    codes = [s.category_code for s in suggest_categories(text, limit=10)]

    assert "070402" not in codes
    assert {"070401", "070403", "070404"} <= set(codes)
