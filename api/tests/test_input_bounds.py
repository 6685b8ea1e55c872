"""Issue 11 item 8: input a signed-in user (or anyone) could send that answered 500 now answers a
4xx in the one JSON error body — ids that are not numbers, years and moments off the calendar,
JSON nested a thousand deep or megabytes long."""

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import Role

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(user)
    return client


def assert_error_body(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()["error"]
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    "role, url",
    [
        (Role.STREET_OFFICIAL, "/api/v1/tickets/null/reveal-phone/"),
        (Role.DISPATCHER, "/api/v1/tickets/null/reveal-phone/"),
        (Role.STREET_OFFICIAL, "/api/v1/unit-requests/abc/decide/"),
        (Role.DISPATCHER, "/api/v1/unit-requests/abc/decide/"),
        (Role.DISPATCHER, "/api/v1/assignments/-1/sign/"),
        (Role.DISPATCHER, "/api/v1/knowledge/articles/1.5/"),
    ],
)
def test_an_id_that_is_not_a_number_answers_404(make_user, role, url):
    response = client_for(make_user(role)).post(url, {}, format="json")
    body = assert_error_body(response, 404)
    assert body["code"] == "not_found"


def test_a_huge_id_answers_404(make_user):
    response = client_for(make_user(Role.DISPATCHER)).get("/api/v1/tickets/99999999999999999999999/")
    assert_error_body(response, 404)


@pytest.mark.parametrize("year", ["10000", "0", "-1", "0.5", "2026.5"])
def test_calendar_days_by_a_year_off_the_calendar_answer_400(make_user, year):
    response = client_for(make_user(Role.DISPATCHER)).get(f"/api/v1/calendar-days/?date__year={year}")
    body = assert_error_body(response, 400)
    assert "date__year" in body["fields"]


def test_calendar_days_by_a_year_in_range_answer_200(make_user):
    response = client_for(make_user(Role.DISPATCHER)).get("/api/v1/calendar-days/?date__year=2027")
    assert response.status_code == 200


@pytest.mark.parametrize("start", ["9999-12-31T23:59+08:00", "0001-01-01T00:00+08:00", "2199-01-01T00:00Z"])
def test_a_deadline_preview_far_off_answers_400(make_user, start):
    response = client_for(make_user(Role.DISPATCHER)).get(
        "/api/v1/deadlines/preview/", {"start": start, "tier": "T4"}
    )
    body = assert_error_body(response, 400)
    assert "start" in body["fields"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tickets/?received_after=9999-12-31T00:00:00Z",
        "/api/v1/whistles/?blown_before=0001-01-01T00:00:00Z",
        "/api/v1/calendar-days/?date__gte=0001-01-01",
    ],
)
def test_list_filters_take_dates_within_ten_years(make_user, url):
    assert_error_body(client_for(make_user(Role.DISPATCHER)).get(url), 400)


def test_json_nested_a_thousand_deep_answers_400_not_recursion_error():
    body = "[" * 1000 + "]" * 1000
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    error = assert_error_body(response, 400)
    assert "32" in error["message"]


def test_json_within_the_depth_limit_is_read(make_user):
    nested = {"username": "nobody", "password": "x", "extra": [[[[{"a": "[[[[[[[[[[[["}]]]]}
    response = APIClient().post("/api/v1/auth/token/", nested, format="json")
    assert response.status_code == 400  # wrong credentials: read, then refused
    assert "non_field_errors" in response.json()["error"]["fields"]


def test_a_body_of_three_megabytes_answers_413_in_json():
    body = json.dumps({"username": "x" * (3 * 1024 * 1024), "password": "y"})
    response = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert assert_error_body(response, 413)["code"] == "too_large"


@override_settings(API_JSON_MAX_BYTES=100)
def test_the_size_limit_is_a_setting_and_holds_without_a_content_length(make_user):
    client = client_for(make_user(Role.DISPATCHER))
    response = client.post("/api/v1/notifications/mark-read/", {"ids": list(range(1, 60))}, format="json")
    assert_error_body(response, 413)
    assert client.post("/api/v1/notifications/mark-read/", {"ids": [1]}, format="json").status_code == 200


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_body_over_djangos_limit_answers_413_in_json():
    response = APIClient().post("/api/v1/auth/token/", {"username": "x" * 2000, "password": "y"})
    assert_error_body(response, 413)


def test_an_unknown_api_path_answers_json_404():
    response = APIClient().get("/api/v1/no-such-thing/")
    assert assert_error_body(response, 404)["code"] == "not_found"


@pytest.mark.parametrize(
    "raw, depth",
    [
        (b"1", 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[{{{{"}', 1),
        (b'["\\"[[[", [[]]]', 3),
    ],
)
def test_json_depth_counts_brackets_outside_strings(raw, depth):
    from api.parsers import json_depth

    assert json_depth(raw) == depth
