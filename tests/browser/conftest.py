"""Chromium through Playwright against Django's live server.

Debian's chromium is used (``playwright install`` cannot download browsers offline). Without it the
browser tests are skipped with the reason shown, except where BROWSER_TESTS_REQUIRED is set (CI),
in which case a missing browser is a failure."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("BROWSER_TESTS_REQUIRED"):
            pytest.fail(f"browser tests are required but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def watched_page(browser, live_server, **context_options):
    """A fresh page in a context of its own (``context_options`` as Playwright's ``new_context``
    takes them: viewport, permissions, geolocation…); the test fails when the
    Content-Security-Policy refused anything on it (an inline script, handler or style the page
    relies on)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    refused = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refused.append(message.text)
    )
    yield page
    context.close()
    assert refused == [], refused


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page watched for Content-Security-Policy refusals (``watched_page``)."""
    with watched_page(browser, live_server) as page:
        yield page


@pytest.fixture
def login(page, make_user):
    """``login(Role.OPERATOR)`` → signs a new user with that role in through the login form."""

    def sign_in(role=None, **user_fields):
        user = make_user(role, password="pass-12345", **user_fields)
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill("pass-12345")
        page.get_by_role("button", name="登录").click()
        return user

    return sign_in
