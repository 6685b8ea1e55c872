"""Request types and categories carry English names as data: shown when the interface speaks
English, searchable in either language, and the Chinese interface unchanged."""

import pytest
from django.conf import settings
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Category, RequestType
from hotline.services.reference import categories_load, request_types_load
from hotline.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_divisions")
    call_command("load_departments")
    request_types_load()
    categories_load()


def _categories(user, *, language: str, **params) -> list[dict]:
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.force_authenticate(user)
    response = api.get("/api/v1/categories/", {"page_size": 500, **params})
    assert response.status_code == 200
    return response.json()["results"]


def test_every_shipped_row_has_an_english_name_and_path(reference):
    assert not RequestType.objects.filter(name_en="").exists()
    assert not Category.objects.filter(name_en="").exists()
    assert not Category.objects.filter(path_en="").exists()
    heating = Category.objects.get(code="070401")
    assert (
        heating.path_en
        == "Utilities (water, power, gas, heating) / Heating / Heating below standard temperature"
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_searching_in_english_finds_the_right_categories(reference, make_user, language):
    operator = make_user(Role.OPERATOR)
    noise = {row["code"] for row in _categories(operator, language=language, level=3, q="noise")}
    assert noise == {"040201", "040202", "040203", "040204"}
    road = {row["code"] for row in _categories(operator, language=language, level=3, q="Road")}
    assert {"010401", "010404", "010203", "030304"} <= road
    assert all("road" in Category.objects.get(code=code).path_en.lower() for code in road)
    # Chinese still finds by name and by keyword.
    assert {row["code"] for row in _categories(operator, language=language, level=3, q="噪声")} >= {"040202"}


def test_the_api_names_categories_in_the_clients_language(reference, make_user):
    operator = make_user(Role.OPERATOR)
    [english] = _categories(operator, language="en", q="Construction noise")
    assert (english["name"], english["path"]) == (
        "Construction noise",
        "Environmental protection / Noise pollution / Construction noise",
    )
    assert english["name_zh"] == "施工噪音"
    [chinese] = _categories(operator, language="zh-hans", q="施工噪音")
    assert (chinese["name"], chinese["path"]) == ("施工噪音", "环境保护 / 噪声污染 / 施工噪音")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(operator)
    types = api.get("/api/v1/request-types/").json()
    names = {row["code"]: row["name"] for row in (types["results"] if isinstance(types, dict) else types)}
    assert names["complaint"] == "Complaint"


def test_the_english_pages_show_english_names_and_the_chinese_pages_chinese(reference, client, make_user):
    ticket = TicketFactory(
        category=Category.objects.get(code="040201"), request_type=RequestType.objects.get(code="complaint")
    )
    client.force_login(make_user(Role.DISPATCHER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert "Environmental protection / Noise pollution / Construction noise" in page
    assert "Complaint" in page and "施工噪音" not in page
    assert "Request for help" in client.get("/hotline/console/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert "环境保护 / 噪声污染 / 施工噪音" in page and "投诉" in page
    assert "Construction noise" not in page
