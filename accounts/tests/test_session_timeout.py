"""Sessions end after idle minutes and after their total age, whatever the activity."""

import time

import pytest

from accounts.session_timeout import LAST_SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, make_user):
    client.force_login(make_user())
    assert client.get("/").status_code == 200
    return client


def shift(client, key, seconds_ago):
    session = client.session
    session[key] = time.time() - seconds_ago
    session.save()


def test_an_idle_session_expires(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    shift(signed_in, LAST_SEEN_AT, 29 * 60)
    assert signed_in.get("/").status_code == 200
    shift(signed_in, LAST_SEEN_AT, 31 * 60)

    response = signed_in.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "登录已超时" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session


def test_a_busy_session_still_ends_at_its_age(signed_in, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    shift(signed_in, SIGNED_IN_AT, 8 * 3600 + 1)
    shift(signed_in, LAST_SEEN_AT, 10)
    assert signed_in.get("/").status_code == 302


def test_the_default_session_lasts_hours_not_weeks(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert 0 < settings.SESSION_IDLE_TIMEOUT_MINUTES <= 60
