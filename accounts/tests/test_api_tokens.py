"""The API token endpoint: lockout and throttle answer 429 in the API's error body; tokens expire."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
# Each test its own client addresses: the throttle's history outlives a test.
ADDRESSES = (f"10.4.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@pytest.fixture
def api():
    return APIClient(REMOTE_ADDR=next(ADDRESSES))


@pytest.fixture
def user(make_user):
    return make_user(password="pass-12345")


def test_the_token_endpoint_locks_after_the_failures_and_answers_429_json(api, user, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 10
    for _attempt in range(9):
        assert api.post(URL, {"username": user.username, "password": "wrong"}).status_code == 400
    assert api.post(URL, {"username": user.username, "password": "wrong"}).status_code == 429

    refused = api.post(URL, {"username": user.username, "password": "pass-12345"}, format="json")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["status"] == 429 and error["code"] == "locked"
    assert "登录失败次数过多" in error["message"]
    assert 0 < int(refused["Retry-After"]) <= settings.LOGIN_LOCKOUT_COOLDOWN_SECONDS
    assert not Token.objects.filter(user=user).exists()

    elsewhere = APIClient(REMOTE_ADDR=next(ADDRESSES)).post(
        URL, {"username": user.username, "password": "pass-12345"}
    )
    assert elsewhere.status_code == 200


def test_the_token_endpoint_is_throttled_per_client(api, user, settings):
    settings.API_TOKEN_THROTTLE_RATE = "3/minute"
    for _attempt in range(3):
        assert api.post(URL, {"username": user.username, "password": "pass-12345"}).status_code == 200
    throttled = api.post(URL, {"username": user.username, "password": "pass-12345"})
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "throttled"
    assert "Retry-After" in throttled
    assert (
        APIClient(REMOTE_ADDR=next(ADDRESSES))
        .post(URL, {"username": user.username, "password": "pass-12345"})
        .status_code
        == 200
    )


def test_an_expired_token_is_refused_and_obtaining_again_gives_a_fresh_one(api, user, settings):
    settings.API_TOKEN_TTL_HOURS = 12
    obtained = api.post(URL, {"username": user.username, "password": "pass-12345"}).json()
    old_key = obtained["token"]
    assert obtained["expires"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {old_key}")
    assert api.get("/api/v1/me/").status_code == 200

    Token.objects.filter(key=old_key).update(created=timezone.now() - timedelta(hours=12, seconds=1))
    expired = api.get("/api/v1/me/")
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "authentication_failed"
    assert "过期" in expired.json()["error"]["message"]

    api.credentials()
    fresh = api.post(URL, {"username": user.username, "password": "pass-12345"}).json()["token"]
    assert fresh != old_key
    api.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
    assert api.get("/api/v1/me/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {old_key}")
    assert api.get("/api/v1/me/").status_code == 401


def test_a_valid_token_is_given_again_until_it_expires(api, user):
    first = api.post(URL, {"username": user.username, "password": "pass-12345"}).json()
    again = api.post(URL, {"username": user.username, "password": "pass-12345"}).json()
    assert again == first
