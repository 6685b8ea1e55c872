"""A department's check-in photos follow the tickets the whistle was blown for: whoever sees such a
ticket (the hotline at callback, the ticket's unit) sees them on the ticket page and may load them;
the street's own whistle photos and whistles without that ticket stay as private as the whistle."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from departments.services import summons_arrive
from streets.models import WhistlePhoto
from streets.services import whistle_blow
from streets.tests.conftest import linked_ticket

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def checked_in(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = linked_ticket(world)
    whistle = whistle_blow(
        actor=world.people.official,
        street=world.street,
        domain=world.domain,
        urgency="urgent",
        address="团结湖北里3号楼",
        description="楼顶违建",
        departments=[world.enforcement],
        tickets=[ticket],
        photos=[SimpleUploadedFile("street.jpg", JPEG)],
    )
    summons_arrive(
        summons=whistle.summonses.get(),
        actor=world.people.enforcement,
        note="已到场",
        longitude=116.468,
        latitude=39.925,
        photos=[SimpleUploadedFile("到场.jpg", JPEG)],
    )
    return {
        "ticket": ticket,
        "street_photo": WhistlePhoto.objects.get(summons__isnull=True),
        "checkin_photo": WhistlePhoto.objects.get(summons__isnull=False),
    }


@pytest.mark.parametrize(
    ("person", "checkin", "street"),
    [
        ("operator", 200, 404),  # sees the ticket, not the whistle
        ("official", 200, 200),
        ("enforcement", 200, 200),
        ("other_official", 404, 404),  # neither the ticket nor the whistle
        ("housing", 404, 404),
    ],
)
def test_check_in_photos_are_served_to_those_who_see_a_linked_ticket(
    world, client, checked_in, person, checkin, street
):
    client.force_login(getattr(world.people, person))
    assert client.get(reverse("streets:photo", args=[checked_in["checkin_photo"].pk])).status_code == checkin
    assert client.get(reverse("streets:photo", args=[checked_in["street_photo"].pk])).status_code == street


def test_the_operator_sees_check_in_photos_on_the_ticket_page_and_its_print_view(world, client, checked_in):
    client.force_login(world.people.operator)
    photo_url = reverse("streets:photo", args=[checked_in["checkin_photo"].pk])
    street_url = reverse("streets:photo", args=[checked_in["street_photo"].pk])
    for name in ("hotline:ticket", "hotline:ticket-print"):
        page = client.get(reverse(name, args=[checked_in["ticket"].pk])).content.decode()
        assert photo_url in page and street_url not in page
        assert world.enforcement.name in page
