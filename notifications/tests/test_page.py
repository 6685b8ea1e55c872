"""The notifications page and the header's unread count."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from notifications.context_processors import unread
from notifications.models import Notification
from notifications.services import notify_users

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(make_user, client):
    user = make_user()
    client.force_login(user)
    return user


def test_the_page_lists_my_notifications_in_chinese(client, me, make_user):
    from hotline.tests.factories import TicketFactory

    ticket = TicketFactory()
    notify_users(users=[me], kind="test", text="工单超期提醒", ticket=ticket, dedupe_key="a")
    notify_users(users=[make_user()], kind="test", text="别人的通知", dedupe_key="b")

    page = client.get(reverse("notifications:list")).content.decode()

    assert "工单超期提醒" in page and "别人的通知" not in page
    assert "全部标为已读" in page and "1 条未读" in page
    assert reverse("hotline:ticket", args=[ticket.pk]) in page


def test_mark_all_read_from_the_page(client, me, make_user):
    other = make_user()
    notify_users(users=[me, other], kind="test", text="t", dedupe_key="a")
    notify_users(users=[me], kind="test", text="t", dedupe_key="b")

    response = client.post(reverse("notifications:mark-read"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("notifications:list")
    assert "2 条通知已标为已读" in response.content.decode()
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).exists()


def test_an_empty_page_says_so(client, me):
    page = client.get(reverse("notifications:list")).content.decode()
    assert "暂无通知" in page and "全部标为已读" not in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_header_count_is_the_unread_count_and_costs_nothing_unless_shown(
    make_user, django_assert_num_queries
):
    user = make_user()
    notify_users(users=[user], kind="test", text="t", dedupe_key="a")
    request = RequestFactory().get("/")
    request.user = user

    with django_assert_num_queries(0):
        context = unread(request)
    assert context["unread_notifications"] == 1


def test_anonymous_header_count_is_zero():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert unread(request)["unread_notifications"] == 0
