import pytest
from django.core.cache import cache

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.services.callback_links import callback_link_issue
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db
HOTLINE = {Role.OPERATOR, Role.DISPATCHER}


@pytest.mark.parametrize("url", ["/hotline/console/", "/hotline/queue/"])
@pytest.mark.parametrize("role", list(Role))
def test_operator_pages_are_for_hotline_roles_only(client, make_user, url, role):
    client.force_login(make_user(role))
    assert client.get(url).status_code == (200 if role in HOTLINE else 403)


@pytest.mark.parametrize("url", ["/hotline/console/", "/hotline/queue/", "/hotline/tickets/1/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_queue_lists_pending_tickets_oldest_first(client, make_user):
    dispatched = TicketFactory()
    ticket_dispatch(ticket=dispatched, lead_unit=StreetFactory(), actor=make_user(Role.DISPATCHER))
    first, second = TicketFactory(), TicketFactory()
    client.force_login(make_user(Role.DISPATCHER))
    page = client.get("/hotline/queue/").content.decode()
    assert page.index(first.number) < page.index(second.number)
    assert dispatched.number not in page


def test_public_tracking_page_shows_no_personal_data(client, make_user):
    cache.clear()
    ticket = TicketFactory(caller_name="张三", caller_phone="13812345678", content="隐私内容")
    ticket_dispatch(
        ticket=ticket, lead_unit=StreetFactory(name="团结湖街道"), actor=make_user(Role.DISPATCHER)
    )
    page = client.post("/track/", {"number": ticket.number, "last_four": "5678"}).content.decode()
    assert "已派至团结湖街道办理" in page
    for private in ("张三", "13812345678", "隐私内容", "5678"):
        assert private not in page.split('id="public-timeline"')[1]
    wrong = client.post("/track/", {"number": ticket.number, "last_four": "0000"}).content.decode()
    assert "没有与该工单号" in wrong and 'id="public-timeline"' not in wrong


def test_an_earlier_callback_link_is_refused_with_a_page_that_says_why(client):
    ticket = TicketFactory(status="answered")
    first = callback_link_issue(ticket=ticket)
    second = callback_link_issue(ticket=ticket)

    for refused in (client.get(f"/callback/{first}/"), client.post(f"/callback/{first}/", ANSWER)):
        assert refused.status_code == 410
        assert "该链接已被为同一工单发送的新链接取代" in refused.content.decode()
    assert not ticket.callbacks.exists()
    assert client.get(f"/callback/{second}/").status_code == 200
    assert client.post(f"/callback/{second}/", ANSWER).status_code == 200
    assert ticket.callbacks.get().via == "web"
    assert client.get(f"/callback/{first}x/").status_code == 404  # not a genuine link at all


def test_tracking_is_rate_limited(client, settings):
    cache.clear()
    settings.HOTLINE_TRACKING_MAX_FAILURES = 2
    ticket = TicketFactory()
    for digits in ("0000", "1111"):
        client.post("/track/", {"number": ticket.number, "last_four": digits})
    assert client.post("/track/", {"number": ticket.number, "last_four": "5678"}).status_code == 429


ANSWER = {"solved": "solved", "satisfaction": "satisfied", "comment": "好"}


def test_citizen_answers_the_callback_once_on_the_web(client):
    ticket = TicketFactory(status="answered")
    token = callback_link_issue(ticket=ticket)
    assert client.get(f"/callback/{token}/").status_code == 200
    done = client.post(
        f"/callback/{token}/", {"solved": "solved", "satisfaction": "satisfied", "comment": "好"}
    )
    assert done.status_code == 200 and "感谢您的评价" in done.content.decode()
    assert client.get(f"/callback/{token}/").status_code == 404
    assert ticket.callbacks.get().via == "web"
