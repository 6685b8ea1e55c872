import pytest

from accounts.tests.factories import UserFactory
from knowledge.models import Article, ArticleTerm

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "居住证办理",
    "body": "在居住地派出所办理居住登记。",
    "keywords": "暂住证",
    "category": "",
    "owner_unit": "",
    "valid_from": "2024-01-01",
    "valid_to": "",
    "is_published": "on",
}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_adding_in_the_admin_indexes_the_article(admin_client):
    response = admin_client.post("/admin/knowledge/article/add/", FORM)

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert ArticleTerm.objects.filter(article=article, term="暂住").exists()
    assert response.url == "/admin/knowledge/article/"


def test_changing_in_the_admin_rebuilds_the_index(admin_client):
    article = ArticleFactory(title="社保卡补办", body="携带身份证")

    response = admin_client.post(f"/admin/knowledge/article/{article.id}/change/", FORM)

    assert response.status_code == 302
    terms = set(ArticleTerm.objects.filter(article=article).values_list("term", flat=True))
    assert "居住" in terms and "社保" not in terms


def test_the_admin_list_and_search_answer(admin_client):
    ArticleFactory(title="供热温度不达标的处理")
    assert admin_client.get("/admin/knowledge/article/", {"q": "供热"}).status_code == 200
