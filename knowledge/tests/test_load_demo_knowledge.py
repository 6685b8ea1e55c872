from io import StringIO

import pytest
from django.core.management import call_command

from hotline.tests.factories import CategoryFactory
from knowledge.demo import DEMO_ARTICLES
from knowledge.models import Article
from knowledge.selectors import article_search

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_knowledge", stdout=out)
    return out.getvalue()


def test_loading_twice_creates_the_articles_once():
    assert f"{len(DEMO_ARTICLES)} created, 0 updated" in load()
    assert "0 created, 0 updated" in load()
    assert Article.objects.count() == len(DEMO_ARTICLES) >= 20


def test_demo_answers_callers_and_hides_the_expired_policy():
    load()

    assert article_search(query="暖气不热怎么办")[0].article.title == "供热温度不达标的处理"
    assert "延长供暖" not in " ".join(hit.article.title for hit in article_search(query="延长供暖"))
    assert Article.objects.filter(valid_to__isnull=False).count() == 1


def test_categories_are_linked_by_name_when_they_exist():
    CategoryFactory(name="供热", level=2, path="公共服务 / 供热")
    leaf = CategoryFactory(name="供热温度不达标", path="公共服务 / 供热 / 供热温度不达标")
    load()
    assert Article.objects.get(title="供热温度不达标的处理").category == leaf
    assert Article.objects.get(title="小客车指标摇号").category is None

    CategoryFactory(name="垃圾分类")
    assert "0 created, 1 updated" in load()
