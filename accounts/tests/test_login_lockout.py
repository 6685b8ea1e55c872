"""Sign-in lockout through the login page: per username and client, for a cooldown, logged."""

import logging
import time

import pytest

from accounts.login_lockout import login_lock_seconds

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="10.1.1.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def user(make_user):
    return make_user(password="pass-12345")


def test_ten_wrong_passwords_lock_the_user_even_with_the_right_one(client, user, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 10
    for _attempt in range(9):
        assert sign_in(client, user.username, "wrong").status_code == 200
    assert sign_in(client, user.username, "wrong").status_code == 429  # the tenth locks
    refused = sign_in(client, user.username, "pass-12345")

    assert refused.status_code == 429
    assert "登录失败次数过多" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still signed out
    assert login_lock_seconds(username=user.username, client="10.1.1.1") > 0


def test_the_lockout_is_logged_once(client, user, settings, caplog):
    settings.LOGIN_LOCKOUT_FAILURES = 3
    with caplog.at_level(logging.WARNING, logger="accounts.login_lockout"):
        for _attempt in range(5):
            sign_in(client, user.username, "wrong")
    locked = [r for r in caplog.records if "sign-in locked" in r.getMessage()]
    assert (
        len(locked) == 1 and user.username in locked[0].getMessage() and "10.1.1.1" in locked[0].getMessage()
    )


def test_another_client_and_another_user_are_not_locked(client, user, make_user, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 3
    other = make_user(password="pass-12345")
    for _attempt in range(3):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, other.username, "pass-12345").status_code == 302
    client.logout()
    assert sign_in(client, user.username, "pass-12345", address="10.2.2.2").status_code == 302


def test_the_lock_ends_after_the_cooldown_with_the_full_number_of_tries(client, user, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 2
    settings.LOGIN_LOCKOUT_COOLDOWN_SECONDS = 1
    for _attempt in range(2):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, "pass-12345").status_code == 429
    time.sleep(1.1)
    assert sign_in(client, user.username, "wrong").status_code == 200  # counted afresh
    assert sign_in(client, user.username, "pass-12345").status_code == 302


def test_a_success_clears_the_failures(client, user, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 3
    for _attempt in range(2):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, "pass-12345").status_code == 302
    client.logout()
    for _attempt in range(2):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, "pass-12345").status_code == 302


def test_the_admin_login_shares_the_lockout(client, make_user, settings):
    settings.LOGIN_LOCKOUT_FAILURES = 2
    admin = make_user(password="pass-12345", is_staff=True, is_superuser=True)
    for _attempt in range(2):
        sign_in(client, admin.username, "wrong")
    client.post(
        "/admin/login/", {"username": admin.username, "password": "pass-12345"}, REMOTE_ADDR="10.1.1.1"
    )
    assert "_auth_user_id" not in client.session


def test_concurrent_guesses_check_no_more_passwords_than_allowed(user, settings):
    from django.contrib.auth import authenticate
    from django.contrib.auth.backends import ModelBackend
    from django.test import RequestFactory

    from tests.threads import run_at_once

    settings.LOGIN_LOCKOUT_FAILURES = 5
    checked = []
    original = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        checked.append(1)
        time.sleep(0.05)
        return original(self, *args, **kwargs)

    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.3.3.3")
    ModelBackend.authenticate = counting
    try:
        run_at_once(lambda: authenticate(request, username=user.username, password="wrong"), 20)
    finally:
        ModelBackend.authenticate = original
    assert len(checked) == 5
    assert login_lock_seconds(username=user.username, client="10.3.3.3") > 0
