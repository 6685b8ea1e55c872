"""Pages are Chinese whatever the browser asks for; English only when chosen in the language menu.
The API still answers in the language its client asks for (README, API conventions)."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9", "fr", ""])
def test_pages_are_chinese_whatever_the_browser_asks_for(client, accept):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=accept)
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "用户名" in page and "Username" not in page
    assert response["Content-Language"] == "zh-hans"
    assert "Cookie" in response["Vary"]


def test_english_once_chosen_in_the_menu_and_chinese_again_after(client):
    chosen = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert chosen.status_code == 302
    english = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in english.content.decode() and "Username" in english.content.decode()

    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"})
    chinese = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "用户名" in chinese.content.decode()


def test_a_language_we_do_not_offer_in_the_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-bogus"
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "用户名" in response.content.decode()


def test_the_api_still_follows_accept_language(client):
    english = client.get("/api/v1/tickets/", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get("/api/v1/tickets/")
    assert english.status_code == chinese.status_code and english.status_code in (401, 403)
    assert english.json()["error"]["message"] != chinese.json()["error"]["message"]
    assert "Accept-Language" in english["Vary"]
