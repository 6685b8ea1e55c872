"""API clients are managed in the Django admin: the key is generated on creation, shown, never typed."""

import pytest

from open311.models import ApiClient
from open311.services import api_client_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_adding_a_client_generates_its_key(admin_client):
    response = admin_client.post(
        "/admin/open311/apiclient/add/",
        {"name": "FixMyStreet", "contact": "ops@example.org", "is_active": "on", "key": "typed-by-hand"},
    )
    assert response.status_code == 302
    client = ApiClient.objects.get()
    assert client.name == "FixMyStreet"
    assert client.key != "typed-by-hand" and len(client.key) >= 43


def test_the_key_is_shown_read_only_and_survives_edits(admin_client):
    client = api_client_issue(name="甲")
    page = admin_client.get(f"/admin/open311/apiclient/{client.pk}/change/").content.decode()
    assert client.key in page
    assert 'name="key"' not in page
    response = admin_client.post(
        f"/admin/open311/apiclient/{client.pk}/change/", {"name": "甲方", "contact": "", "key": "other"}
    )
    assert response.status_code == 302
    refreshed = ApiClient.objects.get()
    assert (refreshed.name, refreshed.is_active, refreshed.key) == ("甲方", False, client.key)


def test_tokens_are_listed_but_not_edited(admin_client):
    assert admin_client.get("/admin/open311/requesttoken/").status_code == 200
    assert admin_client.get("/admin/open311/requesttoken/add/").status_code == 403


def test_full_reading_is_granted_on_issue_and_on_edit(admin_client):
    response = admin_client.post(
        "/admin/open311/apiclient/add/",
        {"name": "区城管指挥中心", "contact": "", "is_active": "on", "can_read_full": "on"},
    )
    assert response.status_code == 302
    assert ApiClient.objects.get().can_read_full is True
    other = api_client_issue(name="FixMyStreet")
    assert other.can_read_full is False
    response = admin_client.post(
        f"/admin/open311/apiclient/{other.pk}/change/",
        {"name": "FixMyStreet", "contact": "", "is_active": "on", "can_read_full": "on"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.can_read_full, other.is_active) == (True, True)
