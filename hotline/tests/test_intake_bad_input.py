"""Every bad input answers 400 with a message on its field, in the user's language, and writes nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Attachment, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def api(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.OPERATOR))
    return client


@pytest.fixture
def good(call_fields):
    return call_fields


BAD_CASES = {
    "missing category": ({"category": None}, "category"),
    "unknown category": ({"category": "999999"}, "category"),
    "empty content": ({"content": "   "}, "content"),
    "content over 4000": ({"content": "长" * 4001}, "content"),
    "malformed phone": ({"caller_phone": "12345"}, "caller_phone"),
    "missing phone on a phone call": ({"caller_phone": ""}, "caller_phone"),
    "unknown request type": ({"request_type": "gossip"}, "request_type"),
    "coordinates outside China": ({"longitude": 2.35, "latitude": 48.85}, "longitude"),
    "only one coordinate": ({"longitude": 116.4}, "latitude"),
    "unknown tier": ({"tier": "T9"}, "tier"),
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_bad_json_input(api, good, case):
    change, field = BAD_CASES[case]
    data = {k: v for k, v in {**good, **change}.items() if v is not None}
    response = api.post("/api/v1/tickets/", data, format="json")
    body = response.json()["error"]
    assert response.status_code == 400
    assert field in body["fields"], body
    assert CJK.search(str(body["fields"][field])), body  # Chinese by default
    assert not Ticket.objects.exists() and not TicketEvent.objects.exists()


def test_messages_in_english_when_asked(api, good):
    response = api.post(
        "/api/v1/tickets/", {**good, "caller_phone": "12345"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "mainland mobile" in response.json()["error"]["fields"]["caller_phone"][0]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ" + b"\x00" * 10, content_type="application/octet-stream"),
            "virus.exe",
        ),
        (SimpleUploadedFile("photo.png", b"MZ fake png", content_type="image/png"), "photo.png"),
        (
            SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024), content_type="image/png"),
            "big.png",
        ),
    ],
    ids=["refused type", "content not matching type", "too big"],
)
def test_bad_attachments(api, good, upload, message):
    response = api.post("/api/v1/tickets/", {**good, "attachments": [upload]}, format="multipart")
    assert response.status_code == 400
    assert message in str(response.json()["error"]["fields"]["attachments"])
    assert not Ticket.objects.exists() and not Attachment.objects.exists()


def test_good_attachment_is_stored(api, good, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = api.post("/api/v1/tickets/", {**good, "attachments": [upload]}, format="multipart")
    assert response.status_code == 201
    stored = Attachment.objects.get()
    assert (stored.kind, stored.size, stored.original_name) == ("image", len(PNG), "photo.png")


def test_html_in_content_is_stored_as_text_and_escaped_when_shown(api, good, client, make_user):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    created = api.post(
        "/api/v1/tickets/", {**good, "content": script, "address": script}, format="json"
    ).json()
    assert Ticket.objects.get().content == script
    client.force_login(make_user(Role.OPERATOR))
    page = client.get(f"/hotline/tickets/{created['id']}/").content.decode()
    assert script not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    queue = client.get("/hotline/queue/").content.decode()
    assert "<script>alert" not in queue
