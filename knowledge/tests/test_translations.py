"""This app keeps its own catalogue (tests/test_translations.py checks it is complete and compiled)."""

from django.utils import translation

from knowledge.models import Article


def test_the_model_speaks_chinese():
    with translation.override("zh-hans"):
        assert str(Article._meta.verbose_name) == "知识库条目"
