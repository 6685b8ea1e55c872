"""Photos with the unit's answer: stored as the reply's are checked (images only, by their bytes),
shown on the order, served only to those who see it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from supervision.models import SupervisionOrder, SupervisionPhoto
from supervision.services import supervision_issue

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
URL = "/api/v1/supervision-orders/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def issued(s):
    return supervision_issue(actor=s.people.dispatcher, unit=s.street, subject="积水", reason="多次来电")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_answer_with_photos_through_the_api_is_served_to_who_sees_the_order(s, issued, client):
    answer = api(s.people.official).post(
        f"{URL}{issued.pk}/answer/",
        {
            "text": "已疏通",
            "photos": [SimpleUploadedFile("after.png", PNG), SimpleUploadedFile("b.png", PNG)],
        },
        format="multipart",
    )
    assert answer.status_code == 200 and len(answer.json()["photos"]) == 2
    photo = SupervisionPhoto.objects.first()
    assert photo.content_type == "image/png"
    client.force_login(s.people.dispatcher)
    assert client.get(f"/supervision/photos/{photo.pk}/").status_code == 200
    assert f"/supervision/photos/{photo.pk}/" in client.get(f"/supervision/{issued.pk}/").content.decode()
    client.force_login(s.people.far_official)
    assert client.get(f"/supervision/photos/{photo.pk}/").status_code == 404


def test_a_file_that_is_not_an_image_refuses_the_whole_answer(s, issued, media):
    answer = api(s.people.official).post(
        f"{URL}{issued.pk}/answer/",
        {"text": "已疏通", "photos": [SimpleUploadedFile("x.png", b"MZ not an image")]},
        format="multipart",
    )
    assert answer.status_code == 400 and "photos" in answer.json()["error"]["fields"]
    assert SupervisionOrder.objects.get(pk=issued.pk).status == "issued"
    assert not SupervisionPhoto.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]


def test_the_answer_page_takes_photos(s, issued, client):
    client.force_login(s.people.official)
    response = client.post(
        f"/supervision/{issued.pk}/answer/", {"text": "已疏通", "photos": [SimpleUploadedFile("a.png", PNG)]}
    )
    assert response.status_code == 302 and SupervisionPhoto.objects.filter(order=issued).count() == 1
    refused = client.post(
        f"/supervision/{issued.pk}/answer/",
        {"text": "再次", "photos": [SimpleUploadedFile("a.png", b"text")]},
    )
    assert refused.status_code == 400
