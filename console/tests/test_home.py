"""The home dashboard (its calendar warning is tested with the calendar, in dispatch's tests)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_home_escapes_user_supplied_names(client, make_user):
    client.force_login(make_user(full_name="<script>alert(1)</script>"))
    page = client.get(reverse("accounts:home")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
