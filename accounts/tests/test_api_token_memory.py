"""A process remembers the tokens it has checked (accounts.api_tokens) for API_TOKEN_CACHE_SECONDS:
repeated calls cost no token or membership query, expiry is still checked on every call, a token
replaced here is forgotten at once, and each request gets its own copy of the user."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import api_tokens
from accounts.api_tokens import ExpiringTokenAuthentication, api_token_issue
from accounts.models import Membership, Role
from accounts.selectors import user_has_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def remembered(settings):
    settings.API_TOKEN_CACHE_SECONDS = 5
    api_tokens._checked.clear()
    yield
    api_tokens._checked.clear()


@pytest.fixture
def operator(make_user):
    return make_user(Role.OPERATOR)


def check(key: str):
    return ExpiringTokenAuthentication().authenticate_credentials(key)


def queries_of(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_a_remembered_token_costs_no_query_and_keeps_the_roles(operator):
    key = api_token_issue(user=operator).key
    assert queries_of(lambda: check(key)) == 2  # the token with its user, the memberships
    user, _token = check(key)
    assert queries_of(lambda: user_has_role(user, Role.OPERATOR)) == 0
    assert queries_of(lambda: check(key)) == 0


def test_it_is_forgotten_after_the_interval(operator, settings):
    key = api_token_issue(user=operator).key
    check(key)
    with mock.patch.object(time, "monotonic", return_value=time.monotonic() + 6):
        assert queries_of(lambda: check(key)) == 2
    settings.API_TOKEN_CACHE_SECONDS = 0
    api_tokens._checked.clear()
    check(key)
    assert queries_of(lambda: check(key)) == 1  # 0: every call reads its token (roles when asked)


def test_expiry_is_checked_on_every_call_even_when_remembered(operator, settings):
    settings.API_TOKEN_TTL_HOURS = 12
    api = APIClient()
    key = api_token_issue(user=operator).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code == 200
    later = timezone.now() + timedelta(hours=12, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert api.get("/api/v1/me/").status_code == 401


def test_a_token_replaced_in_this_process_stops_working_at_once(operator, settings):
    settings.API_TOKEN_TTL_HOURS = 12
    api = APIClient()
    old = api_token_issue(user=operator).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/me/").status_code == 200
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(hours=13))
    assert api_token_issue(user=operator).key != old
    assert api.get("/api/v1/me/").status_code == 401


def test_a_membership_ended_elsewhere_reaches_this_process_after_the_interval(operator):
    """The documented price: for at most the interval, this process still sees the old roles."""
    key = api_token_issue(user=operator).key
    check(key)
    Membership.objects.filter(user=operator).delete()
    assert user_has_role(check(key)[0], Role.OPERATOR)
    with mock.patch.object(time, "monotonic", return_value=time.monotonic() + 6):
        assert not user_has_role(check(key)[0], Role.OPERATOR)


def test_each_request_gets_its_own_copy_of_the_user(operator):
    key = api_token_issue(user=operator).key
    first, _ = check(key)
    first.first_name = "changed by one request"
    second, _ = check(key)
    assert second is not first and second.first_name != "changed by one request"
