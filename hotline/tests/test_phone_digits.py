"""Phone numbers typed with full-width or Arabic-Indic digits are stored as ASCII, so the duplicates
search and public tracking find them whatever digits the next person types."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Ticket

pytestmark = pytest.mark.django_db

FULL_WIDTH = "１３８１２３４８８８８"
ARABIC_INDIC = "١٣٨١٢٣٤٨٨٨٨"
PERSIAN = "۱۳۸ ۱۲۳۴ ۸۸۸۸"


@pytest.fixture
def api(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.OPERATOR))
    return client


@pytest.mark.parametrize(
    "typed", [FULL_WIDTH, ARABIC_INDIC, PERSIAN, "13８1234888８", "＋８６ １３８１２３４８８８８"]
)
def test_a_phone_in_other_digits_is_stored_as_ascii(api, call_fields, typed):
    response = api.post("/api/v1/tickets/", {**call_fields, "caller_phone": typed}, format="json")
    assert response.status_code == 201, response.json()
    assert Ticket.objects.get().caller_phone == "13812348888"


def test_a_landline_in_full_width_digits_is_stored_as_ascii(api, call_fields):
    response = api.post(
        "/api/v1/tickets/", {**call_fields, "caller_phone": "０１０－１２３４５６７８"}, format="json"
    )
    assert response.status_code == 201
    assert Ticket.objects.get().caller_phone == "010-12345678"


def test_the_duplicates_search_finds_it_in_any_digits(api, call_fields):
    number = api.post("/api/v1/tickets/", {**call_fields, "caller_phone": FULL_WIDTH}, format="json").json()[
        "number"
    ]
    for typed in (ARABIC_INDIC, FULL_WIDTH, "13812348888"):
        body = api.get("/api/v1/tickets/duplicates/", {"phone": typed}).json()
        found = body["results"] if isinstance(body, dict) else body  # a list, or a page of one
        assert [candidate["number"] for candidate in found] == [number], typed


@pytest.mark.parametrize("last_four", ["８８８８", "٨٨٨٨", "8888"])
def test_tracking_finds_it_with_the_last_four_in_any_digits(api, call_fields, client, last_four):
    cache.clear()
    number = api.post(
        "/api/v1/tickets/", {**call_fields, "caller_phone": ARABIC_INDIC}, format="json"
    ).json()["number"]
    page = client.post("/track/", {"number": number, "last_four": last_four}).content.decode()
    assert 'id="public-timeline"' in page


@pytest.mark.parametrize("typed", ["١٢٣٤٥", "１２８１２３４５６７８", "010-12345678-123", "٠١٠١٢٣٤"])
def test_a_bad_phone_in_other_digits_is_400_in_chinese(api, call_fields, typed):
    response = api.post("/api/v1/tickets/", {**call_fields, "caller_phone": typed}, format="json")
    assert response.status_code == 400
    assert "请填写大陆手机号" in response.json()["error"]["fields"]["caller_phone"][0]
    assert not Ticket.objects.exists()
