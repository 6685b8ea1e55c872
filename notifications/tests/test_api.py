"""The API answers for the signed-in user's own notifications only."""

import pytest
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import MembershipFactory
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from notifications.api import NotificationViewSet
from notifications.models import Notification
from notifications.services import notify_users
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


@pytest.fixture
def me(make_user):
    return make_user()


@pytest.fixture
def api(me):
    client = APIClient()
    client.force_authenticate(me)
    return client


@pytest.fixture
def notices(me, make_user):
    """Three for me (one about a ticket), two for someone else."""
    other = make_user()
    ticket = TicketFactory()
    notify_users(users=[me, other], kind="deadline_breach", text="超期", ticket=ticket, dedupe_key="a")
    notify_users(users=[me, other], kind="test", text="二", dedupe_key="b")
    notify_users(users=[me], kind="test", text="三", dedupe_key="c")
    return {"mine": Notification.objects.filter(user=me), "theirs": Notification.objects.filter(user=other)}


def test_the_list_is_mine_only_newest_first_and_paginated(api, notices):
    body = api.get(URL, {"page_size": 2}).json()

    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    listed = [row["id"] for row in body["results"] + api.get(body["next"]).json()["results"]]
    assert listed == list(notices["mine"].order_by("-created_at", "-pk").values_list("pk", flat=True))
    breach = next(
        row for row in body["results"] + api.get(body["next"]).json()["results"] if row["text"] == "超期"
    )
    assert breach["ticket_number"] and breach["is_read"] is False and breach["kind"] == "deadline_breach"


def test_unread_count_and_mark_read_by_ids(api, notices):
    first, *_ = notices["mine"]
    theirs = notices["theirs"].first()
    assert api.get(URL + "unread-count/").json() == {"unread": 3}

    answer = api.post(URL + "mark-read/", {"ids": [first.pk, theirs.pk]}, format="json").json()

    assert answer == {"marked": 1, "unread": 2}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert [row["id"] for row in api.get(URL, {"unread": "true"}).json()["results"]] == list(
        notices["mine"]
        .filter(read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("body", [{"all": True}, {}], ids=["all", "empty body"])
def test_mark_all_read(api, notices, body):
    assert api.post(URL + "mark-read/", body, format="json").json() == {"marked": 3, "unread": 0}
    assert notices["theirs"].filter(read_at__isnull=True).count() == 2


def test_bad_ids_are_refused(api, notices):
    assert api.post(URL + "mark-read/", {"ids": ["x"]}, format="json").status_code == 400


def test_anonymous_gets_nothing(notices):
    client = APIClient()
    assert client.get(URL).status_code in (401, 403)
    assert client.get(URL + "unread-count/").status_code in (401, 403)
    assert client.post(URL + "mark-read/", {}, format="json").status_code in (401, 403)


def test_the_schema_has_no_warnings():
    router = SimpleRouter()
    router.register("notifications", NotificationViewSet, basename="notification")
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))]).get_schema(
        request=None, public=True
    )
    assert not GENERATOR_STATS, "drf-spectacular warned about the notifications API"
    assert {
        "/api/v1/notifications/",
        "/api/v1/notifications/unread-count/",
        "/api/v1/notifications/mark-read/",
    } <= set(schema["paths"])


def test_the_unread_count_is_one_query_over_my_unread_only(api, notices, django_assert_num_queries):
    notices["mine"].filter(text="二").update(read_at=timezone.now())
    with django_assert_num_queries(1):
        body = api.get(URL + "unread-count/").json()
    assert body == {"unread": 2}


def test_the_unread_count_follows_a_new_event_notice(api, me, make_user):
    """The count the header badge polls grows by one when an event of the table reaches me."""
    street = StreetFactory()
    MembershipFactory(user=me, role=Role.STREET_OFFICIAL, unit=street)
    assert api.get(URL + "unread-count/").json() == {"unread": 0}

    ticket_dispatch(ticket=TicketFactory(), lead_unit=street, actor=make_user(Role.DISPATCHER))
    assert api.get(URL + "unread-count/").json() == {"unread": 1}
