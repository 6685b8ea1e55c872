from datetime import date

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.tests.factories import CategoryFactory
from knowledge.models import Article, ArticleTerm

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/knowledge/search/"
ARTICLES = "/api/v1/knowledge/articles/"
OTHER_ROLES = [role for role in Role if role != Role.DISPATCHER]
NEW_ARTICLE = {"title": "燃气泄漏应急处置", "body": "关闭燃气总阀，开窗通风。", "keywords": "煤气味 漏气"}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def signed_in(api, make_user):
    def sign_in(role: Role | None = None) -> APIClient:
        api.force_authenticate(make_user(role))
        return api

    return sign_in


@pytest.fixture
def articles():
    """One article offered today, one unpublished, one expired."""
    return {
        "offered": ArticleFactory(title="供热温度不达标的处理", body="暖气不热的，拨打供热单位的报修电话。"),
        "draft": ArticleFactory(title="供热温度（草稿）", is_published=False),
        "expired": ArticleFactory(title="供热温度（旧政策）", valid_to=date(2024, 3, 31)),
    }


@pytest.mark.parametrize(
    ("method", "url"), [("get", SEARCH + "?q=供热"), ("get", ARTICLES), ("post", ARTICLES)]
)
def test_anonymous_is_refused_with_the_error_body(api, method, url):
    response = getattr(api, method)(url, NEW_ARTICLE if method == "post" else None, format="json")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"
    assert not Article.objects.exists()


@pytest.mark.parametrize("role", [*Role, None])
def test_everyone_signed_in_may_search_offered_articles(signed_in, articles, role):
    response = signed_in(role).get(SEARCH, {"q": "暖气不热怎么办"})

    assert response.status_code == 200
    hit = response.json()[0]
    assert set(hit) == {"id", "title", "excerpt", "category", "score", "valid_to"}
    assert (hit["id"], hit["category"], hit["valid_to"]) == (articles["offered"].id, None, None)
    assert "暖气不热" in hit["excerpt"] and hit["score"] > 0
    assert [row["id"] for row in response.json()] == [articles["offered"].id]


def test_search_hit_shows_the_category_path(signed_in):
    category = CategoryFactory(name="供热温度不达标", path="公共服务 / 供热 / 供热温度不达标")
    ArticleFactory(title="供热温度不达标的处理", category=category, valid_to=date(2099, 12, 31))

    hit = signed_in(Role.OPERATOR).get(SEARCH, {"q": "供热"}).json()[0]

    assert hit["category"] == {"id": category.id, "code": category.code, "path": category.path}
    assert hit["valid_to"] == "2099-12-31"


@pytest.mark.parametrize("q", ["", "   ", "暖" * 201])
def test_empty_or_overlong_query_is_400_with_field_messages(signed_in, q):
    response = signed_in(Role.OPERATOR).get(SEARCH, {"q": q})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["fields"]["q"]


def test_missing_query_is_400(signed_in):
    response = signed_in(Role.OPERATOR).get(SEARCH)
    assert response.status_code == 400 and "q" in response.json()["error"]["fields"]


@pytest.mark.parametrize("role", OTHER_ROLES + [None])
def test_only_offered_articles_are_listed_and_readable(signed_in, articles, role):
    client = signed_in(role)

    listed = client.get(ARTICLES).json()

    assert [row["id"] for row in listed["results"]] == [articles["offered"].id]
    assert client.get(f"{ARTICLES}{articles['offered'].id}/").status_code == 200
    for hidden in ("draft", "expired"):
        response = client.get(f"{ARTICLES}{articles[hidden].id}/")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_dispatchers_list_and_read_drafts_and_expired_articles(signed_in, articles):
    client = signed_in(Role.DISPATCHER)

    listed = client.get(ARTICLES).json()

    assert {row["id"] for row in listed["results"]} == {article.id for article in articles.values()}
    assert client.get(f"{ARTICLES}{articles['expired'].id}/").json()["valid_to"] == "2024-03-31"


@pytest.mark.parametrize("role", [*Role, None])
def test_only_dispatchers_create(signed_in, role):
    response = signed_in(role).post(ARTICLES, NEW_ARTICLE, format="json")

    if role == Role.DISPATCHER:
        assert response.status_code == 201, response.json()
        article = Article.objects.get()
        assert response.json()["id"] == article.id and response.json()["is_published"] is True
        assert article.valid_from is not None
        assert ArticleTerm.objects.filter(article=article, term="燃气").exists()
    else:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert not Article.objects.exists()


@pytest.mark.parametrize("role", [*Role, None])
def test_only_dispatchers_update_and_the_index_follows(signed_in, articles, role):
    article = articles["offered"]

    response = signed_in(role).patch(f"{ARTICLES}{article.id}/", {"title": "燃气泄漏"}, format="json")

    article.refresh_from_db()
    if role == Role.DISPATCHER:
        assert response.status_code == 200 and response.json()["title"] == "燃气泄漏"
        assert ArticleTerm.objects.filter(article=article, term="燃气").exists()
        assert not ArticleTerm.objects.filter(article=article, term="温度").exists()
    else:
        assert response.status_code == 403
        assert article.title == "供热温度不达标的处理"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "正文"}, "title"),
        ({"title": "", "body": "正文"}, "title"),
        ({"title": "标" * 201, "body": "正文"}, "title"),
        ({"title": "标题"}, "body"),
        ({"title": "标题", "body": "正" * 20_001}, "body"),
        ({"title": "标题", "body": "正文", "valid_from": "2024-05-01", "valid_to": "2024-04-30"}, "valid_to"),
        ({"title": "标题", "body": "正文", "valid_from": "5月1日"}, "valid_from"),
    ],
)
def test_bad_input_is_400_with_field_messages_and_writes_nothing(signed_in, payload, field):
    response = signed_in(Role.DISPATCHER).post(ARTICLES, payload, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["fields"][field]
    assert not Article.objects.exists() and not ArticleTerm.objects.exists()


def test_an_update_may_not_end_validity_before_it_starts(signed_in):
    article = ArticleFactory(valid_from=date(2024, 5, 1))

    response = signed_in(Role.DISPATCHER).patch(f"{ARTICLES}{article.id}/", {"valid_to": "2024-04-30"})

    assert response.status_code == 400 and "valid_to" in response.json()["error"]["fields"]
    article.refresh_from_db()
    assert article.valid_to is None


def test_html_in_the_body_is_stored_and_returned_as_text(signed_in):
    body = '<script>alert("x")</script><b>关闭燃气总阀</b> &amp; 开窗'
    client = signed_in(Role.DISPATCHER)

    created = client.post(ARTICLES, {**NEW_ARTICLE, "body": body}, format="json").json()

    assert Article.objects.get().body == body
    assert client.get(f"{ARTICLES}{created['id']}/").json()["body"] == body
    hit = client.get(SEARCH, {"q": "燃气总阀"}).json()[0]
    assert hit["excerpt"] == body
