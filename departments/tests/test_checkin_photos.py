"""Checking in on site with several photos, on the page and through the API: all stored with the
summons, or none and a field message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from departments.tests.test_pages import PNG, blow, signed_in, summons_of
from streets.models import Summons, WhistlePhoto

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_page_check_in_stores_every_photo_and_the_form_offers_my_location(client, world):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    client = signed_in(client, world.people.enforcement)
    page = client.get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert "data-locate" in page and "js/locate.js" in page and 'name="photos"' in page and "multiple" in page
    response = client.post(
        f"/departments/summonses/{summons.pk}/arrive/",
        {
            "note": "已到场",
            "longitude": "116.468000",
            "latitude": "39.925000",
            "photos": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.jpg", JPEG)],
        },
    )
    assert response.status_code == 302
    summons.refresh_from_db()
    assert summons.status == "arrived" and str(summons.checkin_longitude) == "116.468000"
    assert sorted(summons.photos.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]


def test_the_api_check_in_takes_photos(world):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    api = APIClient()
    api.force_authenticate(world.people.enforcement)
    response = api.post(
        f"/api/v1/summonses/{summons.pk}/arrive/",
        {"note": "已到场", "photos": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.jpg", JPEG)]},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert WhistlePhoto.objects.filter(summons=summons).count() == 2


def test_the_api_refuses_a_check_in_with_a_bad_photo_and_saves_nothing(world, media):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    api = APIClient()
    api.force_authenticate(world.people.enforcement)
    response = api.post(
        f"/api/v1/summonses/{summons.pk}/arrive/",
        {
            "photos": [
                SimpleUploadedFile("a.png", PNG),
                SimpleUploadedFile("evil.jpg", b"MZ\x90\x00 not an image"),
            ]
        },
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "evil.jpg" in " ".join(response.json()["error"]["fields"]["photos"])
    assert Summons.objects.get(pk=summons.pk).status == "summoned"
    assert not WhistlePhoto.objects.filter(summons=summons).exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []
