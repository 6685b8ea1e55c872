"""The reply's photos on the ticket page (timeline and the block the operator calls back from) and
the ticket's print view: shown to those who may see the ticket, 404 for everyone else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from dispatch.lifecycle.unit_actions import assignment_reply
from dispatch.tests.test_reply_photos import JPEG, PNG, signed
from hotline.models import Attachment
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def replied(order):
    assignment_reply(
        assignment=signed(order),
        actor=order["official"],
        text="已修复 <b>路灯</b>",
        citizen_text="路灯已修好",
        photos_before=[SimpleUploadedFile("before.jpg", JPEG)],
        photos_after=[SimpleUploadedFile("after.png", PNG)],
    )
    return order


def test_the_operator_sees_the_reply_photos_on_the_ticket_page(client, replied):
    client.force_login(replied["operator"])
    page = client.get(reverse("hotline:ticket", args=[replied["ticket"].pk])).content.decode()
    for photo in Attachment.objects.all():
        url = reverse("api:attachment-file", args=[photo.pk])
        # Once in the reply's timeline entry, once above the callback forms.
        assert page.count(f'<img src="{url}"') == 2
    assert 'id="reply-photos"' in page and "处理前" in page and "处理后" in page


def test_print_view_shows_ticket_assignments_timeline_and_a_masked_caller(client, replied):
    ticket = replied["ticket"]
    client.force_login(replied["official"])
    response = client.get(reverse("hotline:ticket-print", args=[ticket.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ticket.number in page and "css/print.css" in page
    assert ticket.caller_phone and ticket.caller_phone not in page
    assert "****" in page
    assert "已修复 &lt;b&gt;路灯&lt;/b&gt;" in page  # escaped
    assert page.count("api/v1/attachments/") == 2
    assert str(replied["assignment"].unit.name) in page
    detail = client.get(reverse("hotline:ticket", args=[ticket.pk])).content.decode()
    assert reverse("hotline:ticket-print", args=[ticket.pk]) in detail


def test_print_view_hides_a_confidential_caller_from_the_unit(client, replied):
    ticket = replied["ticket"]
    type(ticket).objects.filter(pk=ticket.pk).update(confidential=True)
    client.force_login(replied["official"])
    page = client.get(reverse("hotline:ticket-print", args=[ticket.pk])).content.decode()
    assert ticket.caller_name not in page and "****" not in page


def test_a_unit_that_cannot_see_the_ticket_gets_404_for_print_and_photos(client, replied, make_user):
    ticket = replied["ticket"]
    client.force_login(make_user(Role.STREET_OFFICIAL, unit=StreetFactory()))
    assert client.get(reverse("hotline:ticket-print", args=[ticket.pk])).status_code == 404
    for photo in Attachment.objects.all():
        assert client.get(reverse("api:attachment-file", args=[photo.pk])).status_code == 404


def test_print_view_needs_a_sign_in(client, replied):
    response = client.get(reverse("hotline:ticket-print", args=[replied["ticket"].pk]))
    assert response.status_code == 302 and "login" in response["Location"]
