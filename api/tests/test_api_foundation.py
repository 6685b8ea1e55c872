import json
import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_gets_the_error_body(api):
    response = api.get("/api/v1/units/")
    assert response.status_code in (401, 403)
    assert set(response.json()["error"]) == {"status", "code", "message"}
    assert response.json()["error"]["code"] == "not_authenticated"


def test_units_are_listed_paginated_and_filtered(api, make_user):
    district = DistrictFactory(code="110105", name="朝阳区")
    streets = StreetFactory.create_batch(3, parent=district)
    DepartmentFactory(parent=district)
    api.force_authenticate(make_user(Role.OPERATOR))

    response = api.get("/api/v1/units/", {"kind": "street", "parent_code": "110105"})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 3
    assert {row["code"] for row in body["results"]} == {street.code for street in streets}
    assert body["results"][0]["parent_code"] == "110105"


def test_units_search_by_name_or_code(api, make_user):
    DistrictFactory(code="110105", name="朝阳区")
    DistrictFactory(code="110108", name="海淀区")
    api.force_authenticate(make_user())
    assert [u["name"] for u in api.get("/api/v1/units/", {"q": "海淀"}).json()["results"]] == ["海淀区"]
    assert [u["code"] for u in api.get("/api/v1/units/", {"q": "110105"}).json()["results"]] == ["110105"]


def test_unknown_unit_is_404_with_the_error_body(api, make_user):
    api.force_authenticate(make_user())
    response = api.get("/api/v1/units/999999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_bad_filter_value_is_400_with_field_messages_in_chinese(api, make_user):
    api.force_authenticate(make_user())
    response = api.get("/api/v1/units/", {"kind": "planet"})
    body = response.json()["error"]
    assert response.status_code == 400
    assert body["code"] == "invalid"
    assert "kind" in body["fields"]
    assert re.search(r"[\u4e00-\u9fff]", body["fields"]["kind"][0]), body


def test_field_messages_in_english_when_asked(api, make_user):
    api.force_authenticate(make_user())
    response = api.get("/api/v1/units/", {"kind": "planet"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Select a valid choice" in response.json()["error"]["fields"]["kind"][0]


def test_token_authentication(api, make_user):
    user = make_user(Role.STREET_OFFICIAL, username="street1", password="pass-12345")
    obtained = api.post("/api/v1/auth/token/", {"username": "street1", "password": "pass-12345"})
    assert obtained.status_code == 200
    assert obtained.json()["token"] == Token.objects.get(user=user).key

    api.credentials(HTTP_AUTHORIZATION=f"Token {obtained.json()['token']}")
    me = api.get("/api/v1/me/").json()
    assert me["username"] == "street1"
    assert [m["role"] for m in me["memberships"]] == ["street_official"]


def test_wrong_password_for_token_is_400_not_500(api, make_user):
    make_user(username="someone", password="pass-12345")
    response = api.post("/api/v1/auth/token/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["error"]["fields"]


def test_openapi_schema_and_docs_are_served(client, make_user):
    client.force_login(make_user())
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/units/" in schema.json()["paths"]
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()


def test_unhandled_api_error_is_json_500(rf):
    from config.views import server_error

    response = server_error(rf.get("/api/v1/units/"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "server_error"
