"""Photos sent with a unit's reply (两图一表): stored with the reply or not at all, checked like
intake's attachments, images only, and served only to those who may see the ticket."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.lifecycle.unit_actions import (
    assignment_contact,
    assignment_reply,
    assignment_sign,
    assignment_start,
)
from dispatch.models import Assignment
from hotline.models import Attachment, TicketEvent
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def signed(order):
    """Signed for, the citizen called, handling started: ready to reply."""
    official = order["official"]
    assignment = assignment_sign(assignment=order["assignment"], actor=official)
    assignment = assignment_contact(
        assignment=assignment,
        actor=official,
        contacted_at=timezone.now() - timedelta(minutes=1),
        method="phone",
    )
    return assignment_start(assignment=assignment, actor=official)


def test_photos_are_stored_with_the_reply_event(order, media):
    assignment = assignment_reply(
        assignment=signed(order),
        actor=order["official"],
        text="已清理",
        citizen_text="垃圾已清运",
        photos_before=[SimpleUploadedFile("现场.jpg", JPEG)],
        photos_after=[SimpleUploadedFile("after.PNG", PNG), SimpleUploadedFile("b.jpeg", JPEG)],
    )
    event = TicketEvent.objects.get(assignment=assignment, action="reply")
    photos = list(event.attachments.order_by("pk"))
    assert [(p.stage, p.content_type, p.original_name) for p in photos] == [
        ("before", "image/jpeg", "现场.jpg"),
        ("after", "image/png", "after.PNG"),
        ("after", "image/jpeg", "b.jpeg"),
    ]
    assert all(p.ticket_id == order["ticket"].pk and p.kind == "image" for p in photos)
    # Random names, never the uploader's.
    assert all("现场" not in p.file.name and p.file.name.startswith("attachments/") for p in photos)
    assert len(stored_files(media)) == 3


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        ("photos_after", SimpleUploadedFile("doc.pdf", PDF), "Only photos"),
        ("photos_before", SimpleUploadedFile("fake.jpg", b"MZ\x90\x00" + b"\x00" * 64), "does not match"),
        ("photos_after", SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024)), "larger than"),
    ],
)
def test_a_bad_photo_refuses_the_whole_reply(order, media, field, upload, message):
    assignment = signed(order)
    good = {"photos_before": [SimpleUploadedFile("ok.jpg", JPEG)], "photos_after": []}
    good[field] = [*good[field], upload]
    with pytest.raises(ValidationError) as caught:
        assignment_reply(assignment=assignment, actor=order["official"], text="已处理", **good)
    assert message in " ".join(caught.value.message_dict[field])
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS
    assert not TicketEvent.objects.filter(assignment=assignment, action="reply").exists()
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_too_many_photos_are_refused(order, settings, media):
    settings.HOTLINE_REPLY_PHOTO_MAX_COUNT = 2
    assignment = signed(order)
    with pytest.raises(ValidationError) as caught:
        assignment_reply(
            assignment=assignment,
            actor=order["official"],
            text="已处理",
            photos_before=[SimpleUploadedFile("a.jpg", JPEG)],
            photos_after=[SimpleUploadedFile("b.jpg", JPEG), SimpleUploadedFile("c.jpg", JPEG)],
        )
    assert "At most 2 photos" in caught.value.message_dict["photos_before"][0]
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_reply_api_takes_photos_as_multipart(order):
    api = APIClient()
    api.force_authenticate(order["official"])
    assignment = signed(order)
    response = api.post(
        f"/api/v1/assignments/{assignment.pk}/reply/",
        {
            "text": "已修复",
            "citizen_text": "路灯已修好",
            "photos_before": [SimpleUploadedFile("before.jpg", JPEG)],
            "photos_after": [SimpleUploadedFile("after.png", PNG)],
        },
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert sorted(Attachment.objects.values_list("stage", flat=True)) == ["after", "before"]


def test_reply_api_refuses_a_bad_photo_with_a_field_message_in_chinese(order):
    api = APIClient()
    api.force_authenticate(order["official"])
    assignment = signed(order)
    response = api.post(
        f"/api/v1/assignments/{assignment.pk}/reply/",
        {"text": "已修复", "photos_after": [SimpleUploadedFile("x.png", b"not an image at all")]},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    message = " ".join(response.json()["error"]["fields"]["photos_after"])
    assert "x.png" in message and "文件内容与其类型不符" in message
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS and not Attachment.objects.exists()


def test_a_unit_that_cannot_see_the_ticket_gets_404_for_its_photos(order, make_user):
    assignment = assignment_reply(
        assignment=signed(order),
        actor=order["official"],
        text="已处理",
        photos_after=[SimpleUploadedFile("after.jpg", JPEG)],
    )
    photo = Attachment.objects.get(event__assignment=assignment)
    url = f"/api/v1/attachments/{photo.pk}/"
    outsider = make_user(Role.STREET_OFFICIAL, unit=StreetFactory())
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(url).status_code == 404
    for who in (order["official"], order["operator"]):
        api.force_authenticate(who)
        response = api.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
