"""Attachments are served only to those who may see the ticket: random storage names, the original
name kept as metadata, no public media route, X-Accel-Redirect/X-Sendfile ready for production."""

import importlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches
from rest_framework.test import APIClient

import config.urls
from accounts.models import Role
from dispatch.tests.enforcement.factories import AssignmentFactory
from hotline.models import Attachment, Ticket
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ORIGINAL = "身份证照片.png"
RFC5987 = "filename*=utf-8''" + quote(ORIGINAL)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def operator(make_user):
    return make_user(Role.OPERATOR)


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def attachment(media, call_fields, operator):
    # The browser's word for the type is ignored: the bytes say PNG.
    upload = SimpleUploadedFile(ORIGINAL, PNG, content_type="text/html")
    response = as_user(operator).post(
        "/api/v1/tickets/", {**call_fields, "attachments": [upload]}, format="multipart"
    )
    assert response.status_code == 201, response.content
    return Attachment.objects.get()


def url(attachment):
    return f"/api/v1/attachments/{attachment.pk}/"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_stored_under_a_random_name_with_the_original_name_as_metadata(attachment, media):
    assert re.fullmatch(r"attachments/([0-9a-f]{2})/\1[0-9a-f]{30}\.png", attachment.file.name)
    assert "身份证" not in attachment.file.name
    assert (attachment.original_name, attachment.content_type) == (ORIGINAL, "image/png")
    assert [path.name for path in media.rglob("*") if path.is_file()] == [Path(attachment.file.name).name]


def test_the_ticket_links_to_the_protected_url(attachment, operator):
    detail = as_user(operator).get(f"/api/v1/tickets/{attachment.ticket_id}/").json()
    assert detail["attachments"] == [
        {"name": ORIGINAL, "kind": "image", "size": len(PNG), "url": url(attachment)}
    ]


def test_anonymous_callers_get_no_file(attachment, client):
    for response in (APIClient().get(url(attachment)), client.get(url(attachment))):
        assert response.status_code in (401, 403)
        assert PNG not in body(response)


@pytest.fixture
def debug_urls(settings):
    """The URLs as the embedded default builds them (DEBUG on), where the public media route was."""
    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_the_public_media_path_is_gone(attachment, debug_urls, client, operator):
    client.force_login(operator)
    for path in (f"/media/{attachment.file.name}", f"/media/{quote(attachment.file.name)}"):
        response = client.get(path)
        assert response.status_code == 404
        assert PNG not in body(response)


def test_permitted_users_get_the_file_with_safe_headers(attachment, operator, make_user):
    street = StreetFactory()
    AssignmentFactory(ticket=attachment.ticket, unit=street)
    for user in (operator, make_user(Role.STREET_OFFICIAL, unit=street)):
        response = as_user(user).get(url(attachment), HTTP_ACCEPT="image/webp,image/*")
        assert response.status_code == 200
        assert body(response) == PNG
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == f"inline; {RFC5987}"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]


def test_users_who_cannot_see_the_ticket_get_404(attachment, make_user):
    street = StreetFactory()
    AssignmentFactory(ticket=attachment.ticket, unit=street)
    other_street = make_user(Role.STREET_OFFICIAL, unit=StreetFactory())
    response = as_user(other_street).get(url(attachment))
    assert response.status_code == 404 and PNG not in body(response)
    assert as_user(make_user()).get(url(attachment)).status_code == 404


def test_nginx_mode_answers_with_x_accel_redirect_and_no_body(attachment, operator, settings):
    settings.PROTECTED_MEDIA_SERVER = "nginx"
    response = as_user(operator).get(url(attachment))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f"inline; {RFC5987}"


def test_apache_mode_answers_with_x_sendfile_and_no_body(attachment, operator, settings, media):
    settings.PROTECTED_MEDIA_SERVER = "apache"
    response = as_user(operator).get(url(attachment))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Sendfile"] == str(media / attachment.file.name)


def test_served_from_any_storage_backend(settings, call_fields, operator):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    upload = SimpleUploadedFile("录音.mp3", b"ID3\x04\x00" + b"\x00" * 64)
    as_user(operator).post("/api/v1/tickets/", {**call_fields, "attachments": [upload]}, format="multipart")
    attachment = Attachment.objects.get()
    response = as_user(operator).get(url(attachment))
    assert body(response) == b"ID3\x04\x00" + b"\x00" * 64 and response["Content-Type"] == "audio/mpeg"


def test_documents_are_offered_as_downloads(media, call_fields, operator):
    upload = SimpleUploadedFile("情况说明.pdf", b"%PDF-1.7\n" + b"\x00" * 64, content_type="text/html")
    as_user(operator).post("/api/v1/tickets/", {**call_fields, "attachments": [upload]}, format="multipart")
    response = as_user(operator).get(url(Attachment.objects.get()))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("情况说明.pdf")


def test_attachments_stored_before_are_served_through_the_view(media, operator, settings):
    """Rows from before: the uploader's name in a date path; still served, only to permitted users."""
    ticket = TicketFactory()
    old = Attachment(
        ticket=ticket, kind="image", content_type="image/png", size=len(PNG), original_name=ORIGINAL
    )
    old.file.name = f"attachments/2026/11/30/{ORIGINAL}"
    (media / "attachments/2026/11/30").mkdir(parents=True)
    (media / old.file.name).write_bytes(PNG)
    old.save()
    assert body(as_user(operator).get(url(old))) == PNG
    settings.PROTECTED_MEDIA_SERVER = "nginx"
    assert as_user(operator).get(url(old))["X-Accel-Redirect"] == "/protected-media/" + quote(old.file.name)


def test_old_rows_get_the_type_of_their_extension_not_the_one_the_browser_claimed(media):
    migration = importlib.import_module("hotline.migrations.0006_attachment_random_storage_names")
    ticket = TicketFactory()
    rows = [
        Attachment.objects.create(
            ticket=ticket,
            file=ContentFile(b"x", name=name),
            kind="image",
            content_type="text/html",
            size=1,
            original_name=name,
        )
        for name in ("a.PNG", "b.txt", "c.unknown")
    ]
    migration.content_type_from_extension(apps, None)
    assert [Attachment.objects.get(pk=row.pk).content_type for row in rows] == [
        "image/png",
        "text/plain",
        "application/octet-stream",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.webp", b"hello, I am only text pretending to be a WebP image"),
        ("voice.mp3", b"<html><script>alert(1)</script></html>"),
        ("letter.docx", b"plain words, not a zip"),
    ],
    ids=["text as webp", "html as mp3", "text as docx"],
)
def test_a_file_whose_bytes_do_not_match_its_extension_is_refused(
    media, call_fields, operator, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="image/webp")
    response = as_user(operator).post(
        "/api/v1/tickets/", {**call_fields, "attachments": [upload]}, format="multipart"
    )
    assert response.status_code == 400
    message = str(response.json()["error"]["fields"]["attachments"])
    assert name in message and "文件内容与其类型不符" in message
    assert not Ticket.objects.exists() and not Attachment.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


class ObjectStorageLike(Storage):
    """Like S3's storage: files kept elsewhere (here in memory), no path on this machine."""

    def __init__(self):
        self.kept = InMemoryStorage()

    def _open(self, name, mode="rb"):
        return self.kept.open(name, mode)

    def _save(self, name, content):
        return self.kept.save(name, content)

    def exists(self, name):
        return self.kept.exists(name)


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_web_server_offload_is_refused_for_files_not_on_disk(settings, call_fields, operator, server):
    """On object storage nginx would answer 404 for a path it cannot find: say what is wrong."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.ObjectStorageLike"},
    }
    upload = SimpleUploadedFile("录音.mp3", b"ID3\x04\x00" + b"\x00" * 64)
    as_user(operator).post("/api/v1/tickets/", {**call_fields, "attachments": [upload]}, format="multipart")
    attachment = Attachment.objects.get()
    settings.PROTECTED_MEDIA_SERVER = ""
    assert body(as_user(operator).get(url(attachment))) == b"ID3\x04\x00" + b"\x00" * 64
    settings.PROTECTED_MEDIA_SERVER = server
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE = 'filesystem'"):
        as_user(operator).get(url(attachment))
