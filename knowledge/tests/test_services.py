from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from knowledge.models import Article, ArticleTerm
from knowledge.services import article_create, article_update, articles_upsert_by_title
from knowledge.terms import document_term_weights

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def indexed(article: Article) -> dict[str, float]:
    return dict(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))


def test_create_indexes_title_keywords_and_body(make_user):
    dispatcher = make_user(Role.DISPATCHER)

    article = article_create(
        title="供热温度不达标",
        keywords="暖气不热",
        body="拨打报修电话",
        valid_from=date(2024, 1, 1),
        actor=dispatcher,
    )

    assert article.updated_by == dispatcher
    assert indexed(article) == pytest.approx(
        document_term_weights(title="供热温度不达标", keywords="暖气不热", body="拨打报修电话")
    )
    assert {"供热", "暖气", "报修"} <= set(indexed(article))


@pytest.mark.parametrize(
    "utc_now, beijing_day",
    [
        (datetime(2026, 11, 29, 17, 30, tzinfo=UTC), date(2026, 11, 30)),  # 01:30 the next day in Beijing
        (datetime(2026, 11, 29, 15, 59, tzinfo=UTC), date(2026, 11, 29)),  # 23:59 the same day
    ],
)
def test_valid_from_defaults_to_today_in_beijing(utc_now, beijing_day):
    with mock.patch("django.utils.timezone.now", return_value=utc_now):
        article = article_create(title="停水查询", body="拨打96116")
    article.refresh_from_db()
    assert article.valid_from == beijing_day


def test_update_rebuilds_the_index_in_place():
    article = ArticleFactory(title="社保卡补办", body="携带身份证")
    other = ArticleFactory(title="社保卡挂失", body="携带身份证")
    other_terms = indexed(other)

    article_update(article=article, actor=None, title="居住证办理", keywords="暂住证")

    terms = indexed(article)
    assert "社保" not in terms and {"居住", "暂住", "身份"} <= set(terms)
    assert terms == pytest.approx(
        document_term_weights(title="居住证办理", keywords="暂住证", body="携带身份证")
    )
    assert indexed(other) == other_terms


def test_update_records_who_changed_the_article(make_user):
    dispatcher = make_user(Role.DISPATCHER)
    article = ArticleFactory()

    article_update(article=article, actor=dispatcher, is_published=False)

    article.refresh_from_db()
    assert (article.is_published, article.updated_by) == (False, dispatcher)


def test_validity_cannot_end_before_it_starts_and_nothing_is_written():
    with pytest.raises(ValidationError) as raised:
        article_create(title="x", body="y", valid_from=date(2024, 5, 1), valid_to=date(2024, 4, 30))
    assert "valid_to" in raised.value.message_dict
    assert not Article.objects.exists() and not ArticleTerm.objects.exists()


def test_an_invalid_update_leaves_the_article_and_its_index_alone():
    article = ArticleFactory(title="供热", valid_from=date(2024, 5, 1))
    before = indexed(article)

    with pytest.raises(ValidationError):
        article_update(article=article, actor=None, title="停水", valid_to=date(2024, 1, 1))

    assert Article.objects.get().title == "供热"
    assert indexed(article) == before


def test_update_refuses_fields_it_does_not_own():
    with pytest.raises(TypeError):
        article_update(article=ArticleFactory(), actor=None, created_at=date(2020, 1, 1))


def test_upsert_by_title_creates_updates_and_then_changes_nothing():
    rows = [
        {"title": "供热", "body": "暖气不热", "valid_from": date(2024, 1, 1)},
        {"title": "停水", "body": "拨打96116", "valid_from": date(2024, 1, 1)},
    ]
    assert articles_upsert_by_title(articles=rows) == (2, 0)
    assert articles_upsert_by_title(articles=rows) == (0, 0)

    rows[1] = {**rows[1], "body": "拨打供水热线96116"}
    assert articles_upsert_by_title(articles=rows) == (0, 1)
    assert Article.objects.count() == 2
    assert "供水" in indexed(Article.objects.get(title="停水"))
