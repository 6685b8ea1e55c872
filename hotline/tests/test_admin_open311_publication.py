"""Hotline staff choose in the admin what Open311 publishes: per category, and per ticket through
actions that go through the service and leave an event. Nothing else of a ticket is editable."""

import pytest
from django.contrib.auth.models import Permission

from hotline.models import Category, Ticket, TicketEvent
from hotline.services.publication import ticket_open311_publication_set
from hotline.tests.factories import CategoryFactory, TicketFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/hotline/ticket/"


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def _act(client, action: str, *tickets):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [ticket.pk for ticket in tickets]})


def test_actions_set_the_ticket_override_both_ways_and_back(admin_client):
    first, second = TicketFactory(), TicketFactory()
    assert _act(admin_client, "open311_publish", first, second).status_code == 302
    assert set(Ticket.objects.values_list("open311_public_content", flat=True)) == {True}
    _act(admin_client, "open311_withhold", first)
    _act(admin_client, "open311_follow_category", second)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.open311_public_content, second.open311_public_content) == (False, None)
    for ticket, last in ((first, False), (second, None)):
        events = TicketEvent.objects.filter(ticket=ticket, action="open311_publication").order_by("id")
        assert [e.payload for e in events] == [{"from": None, "to": True}, {"from": True, "to": last}]
        assert all(e.actor.is_superuser for e in events)


def test_setting_what_is_set_writes_nothing(make_user):
    ticket = TicketFactory(open311_public_content=True)
    actor = make_user()
    assert ticket_open311_publication_set(ticket_id=ticket.pk, public=True, actor=actor) is False
    assert not TicketEvent.objects.filter(action="open311_publication").exists()


def test_staff_without_the_change_permission_have_no_such_action(client, make_user):
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_ticket"))
    client.force_login(viewer)
    ticket = TicketFactory()
    page = client.get(CHANGELIST).content.decode()
    assert "open311_publish" not in page
    _act(client, "open311_publish", ticket)
    ticket.refresh_from_db()
    assert ticket.open311_public_content is None


def test_the_ticket_itself_stays_read_only(admin_client):
    ticket = TicketFactory(content="原文")
    response = admin_client.post(
        f"{CHANGELIST}{ticket.pk}/change/", {"content": "改过", "open311_public_content": "True"}
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert (ticket.content, ticket.open311_public_content) == ("原文", None)


def test_the_category_flag_is_edited_in_the_category_admin(admin_client):
    category = CategoryFactory()
    page = admin_client.get(f"/admin/hotline/category/{category.pk}/change/").content.decode()
    assert 'name="open311_public_content"' in page
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(category.pk),
        "form-0-open311_public_content": "on",
        "_save": "Save",
    }
    assert admin_client.post("/admin/hotline/category/", data).status_code == 302
    assert Category.objects.get(pk=category.pk).open311_public_content is True
