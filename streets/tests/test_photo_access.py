"""Whistle photos: random storage names, the original name kept, served only through the view to
those who can see the whistle; nothing under a public media path."""

import importlib
import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from streets.models import WhistlePhoto
from streets.photos import whistle_photo_add
from streets.services import whistle_blow

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def blow(world, *uploads):
    return whistle_blow(
        actor=world.people.official,
        street=world.street,
        domain=world.domain,
        urgency="urgent",
        address="团结湖北里3号楼",
        description="楼顶违建，渗水到邻楼",
        departments=[world.enforcement],
        photos=list(uploads),
    )


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_photos_are_stored_under_random_names_with_their_type_and_original_name(world, media):
    whistle = blow(world, SimpleUploadedFile("楼顶违建.webp", WEBP, content_type="text/html"))
    whistle_photo_add(  # as the department's check-in stores its photo
        whistle=whistle,
        summons=whistle.summonses.get(),
        actor=world.people.enforcement,
        upload=SimpleUploadedFile("到场.JPG", JPEG),
    )
    street_photo, checkin_photo = WhistlePhoto.objects.order_by("pk")
    assert re.fullmatch(r"whistles/([0-9a-f]{2})/\1[0-9a-f]{30}\.webp", street_photo.file.name)
    assert re.fullmatch(r"whistles/([0-9a-f]{2})/\1[0-9a-f]{30}\.jpg", checkin_photo.file.name)
    assert (street_photo.original_name, street_photo.content_type) == ("楼顶违建.webp", "image/webp")
    assert (checkin_photo.original_name, checkin_photo.content_type) == ("到场.JPG", "image/jpeg")
    stored = sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())
    assert stored == sorted([street_photo.file.name, checkin_photo.file.name])


@pytest.fixture
def photo(world, media):
    return blow(world, SimpleUploadedFile("楼顶违建.webp", WEBP)).photos.get()


def test_signed_out_visitors_are_sent_to_sign_in_and_get_no_photo(photo, client):
    response = client.get(f"/streets/photos/{photo.pk}/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert WEBP not in body(response)
    assert client.get(f"/media/{photo.file.name}").status_code == 404


@pytest.mark.parametrize(
    ("person", "status"),
    [("official", 200), ("enforcement", 200), ("supervisor", 200), ("other_official", 404), ("housing", 404)],
)
def test_photos_follow_the_whistle_s_visibility(photo, world, client, person, status):
    client.force_login(getattr(world.people, person))
    response = client.get(f"/streets/photos/{photo.pk}/")
    assert response.status_code == status
    assert (body(response) == WEBP) is (status == 200)
    if status == 200:
        assert response["Content-Type"] == "image/webp"
        assert response["Content-Disposition"] == "inline; filename*=utf-8''" + quote("楼顶违建.webp")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_nginx_mode_answers_with_x_accel_redirect_and_no_body(photo, world, client, settings):
    settings.PROTECTED_MEDIA_SERVER = "nginx"
    settings.PROTECTED_MEDIA_INTERNAL_PREFIX = "/internal/uploads/"
    client.force_login(world.people.official)
    response = client.get(f"/streets/photos/{photo.pk}/")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/internal/uploads/{photo.file.name}"
    assert response["Content-Type"] == "image/webp"


def test_photos_stored_before_are_served_by_the_type_their_bytes_announce(world, media, client):
    """Rows from before types were recorded: the uploader's name in a date path, no type."""
    whistle = blow(world)
    old = WhistlePhoto(whistle=whistle, uploaded_by=world.people.official, original_name="现场.png")
    old.file.name = "whistles/2026/11/30/现场.png"
    (media / "whistles/2026/11/30").mkdir(parents=True)
    (media / old.file.name).write_bytes(JPEG)
    old.save()
    client.force_login(world.people.official)
    response = client.get(f"/streets/photos/{old.pk}/")
    assert body(response) == JPEG and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''" + quote("现场.png.jpg")


def test_a_photo_whose_file_is_gone_answers_404(photo, world, client, media):
    (media / photo.file.name).unlink()
    client.force_login(world.people.official)
    assert client.get(f"/streets/photos/{photo.pk}/").status_code == 404
    WhistlePhoto.objects.filter(pk=photo.pk).update(content_type="")
    assert client.get(f"/streets/photos/{photo.pk}/").status_code == 404


def test_photos_stored_before_keep_their_uploader_s_name_as_original_name(world, media):
    migration = importlib.import_module("streets.migrations.0003_whistlephoto_random_names_and_metadata")
    old = WhistlePhoto(whistle=blow(world), uploaded_by=world.people.official)
    old.file.name = "whistles/2026/11/30/现场.png"
    old.save()
    migration.original_name_from_stored_name(apps, None)
    assert WhistlePhoto.objects.get(pk=old.pk).original_name == "现场.png"
