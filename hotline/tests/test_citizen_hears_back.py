"""The loop back to the citizen: the web callback link for a dispatched ticket after its lead
unit's reply, and the public tracking page with the state in words and the reply for the citizen."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from dispatch.lifecycle import hotline_actions, unit_actions
from dispatch.models import Assignment
from dispatch.services import ticket_dispatch
from hotline.models import Callback, TicketEvent
from hotline.services.callback_links import callback_link_issue
from hotline.services.callbacks import callback_link_answer
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db

CITIZEN_TEXT = '路灯已修复 <script>alert("x")</script>'
ANSWER = {"solved": "solved", "satisfaction": "satisfied"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def order(make_user):
    call_command("load_deadline_policies")
    street = StreetFactory(name="建国门街道")
    dispatcher = make_user(Role.DISPATCHER)
    ticket = TicketFactory(
        tier="T3", caller_name="王五", caller_phone="13912345678", address="建国门内大街1号"
    )
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    return {
        "ticket": ticket,
        "assignment": ticket.assignments.get(),
        "official": make_user(Role.STREET_OFFICIAL, unit=street),
        "dispatcher": dispatcher,
    }


def reply(order, citizen_text=CITIZEN_TEXT):
    official = order["official"]
    a = unit_actions.assignment_sign(assignment=order["assignment"], actor=official)
    a = unit_actions.assignment_contact(
        assignment=a, actor=official, contacted_at=timezone.now() - timedelta(minutes=5), method="phone"
    )
    return unit_actions.assignment_reply(
        assignment=a, actor=official, text="内部说明", citizen_text=citizen_text
    )


def test_the_web_answer_after_the_reply_is_the_lead_assignments_callback(order):
    reply(order)
    token = callback_link_issue(ticket=order["ticket"])
    callback_link_answer(token=token, **ANSWER)

    a = Assignment.objects.get(pk=order["assignment"].pk)
    event = TicketEvent.objects.get(action="callback")
    assert a.status == "called_back"
    assert (event.assignment, event.actor, event.payload) == (
        a,
        None,
        {"via": "web", "solved": "solved", "satisfaction": "satisfied"},
    )
    assert Callback.objects.get(ticket=order["ticket"]).via == "web"
    with pytest.raises(ValidationError):  # the same link a second time
        callback_link_answer(token=token, **ANSWER)
    assert TicketEvent.objects.filter(action="callback").count() == 1
    # The hotline closes it as after a phone callback.
    hotline_actions.assignment_close(assignment=a, actor=order["dispatcher"])


def test_no_web_answer_before_the_reply_and_the_link_stays_usable(order):
    token = callback_link_issue(ticket=order["ticket"])
    with pytest.raises(ValidationError):
        callback_link_answer(token=token, **ANSWER)
    assert not TicketEvent.objects.filter(action="callback").exists()
    reply(order)
    callback_link_answer(token=token, **ANSWER)  # the refused attempt did not use the link up
    assert Callback.objects.count() == 1


def test_the_callback_page_shows_the_reply_escaped_and_no_preselected_answer(client, order):
    token = callback_link_issue(ticket=order["ticket"])
    page = client.get(f"/callback/{token}/")
    assert page.status_code == 200 and 'id="not-yet"' in page.content.decode()
    assert client.post(f"/callback/{token}/", ANSWER).status_code == 409

    reply(order)
    page = client.get(f"/callback/{token}/").content.decode()
    assert "路灯已修复 &lt;script&gt;" in page and "<script>alert" not in page
    assert "checked" not in page
    assert "内部说明" not in page and "13912345678" not in page

    done = client.post(f"/callback/{token}/", ANSWER)
    assert done.status_code == 200 and 'role="status"' in done.content.decode()
    assert client.post(f"/callback/{token}/", ANSWER).status_code == 404
    assert Callback.objects.count() == 1


def track(client, ticket):
    return client.post("/track/", {"number": ticket.number, "last_four": "5678"}).content.decode()


def test_the_tracking_page_tells_the_state_and_the_reply_in_words_without_personal_data(client, order):
    ticket = order["ticket"]
    assert "已派单" in track(client, ticket)
    reply(order)
    page = track(client, ticket)
    assert '<span class="status" id="citizen-state">已反馈</span>' in page
    assert "路灯已修复 &lt;script&gt;" in page and "<script>alert" not in page
    assert "单位已反馈办理结果" in page and "已更新" not in page
    for private in ("王五", "13912345678", "内部说明", "建国门内大街1号", str(order["official"])):
        assert private not in page

    token = callback_link_issue(ticket=ticket)
    callback_link_answer(token=token, **ANSWER)
    hotline_actions.assignment_close(
        assignment=Assignment.objects.get(pk=order["assignment"].pk), actor=order["dispatcher"]
    )
    page = track(client, ticket)
    assert 'id="citizen-state">已办结</span>' in page
    assert page.count("您的诉求已办结") == 1  # the order and the ticket closing: one step


def test_the_tracking_page_gives_the_new_date_of_an_approved_extension(client, order):
    official = order["official"]
    a = unit_actions.assignment_sign(assignment=order["assignment"], actor=official)
    request = unit_actions.assignment_request_extension(
        assignment=a, actor=official, reason="需协调", extra_days=3
    )
    a = hotline_actions.extension_decide(request=request, actor=order["dispatcher"], approve=True)
    due = timezone.localdate(a.clocks.get(kind="reply").due_at)
    page = track(client, order["ticket"])
    assert f"延期至 {due:%Y-%m-%d}" in page and "办理期限已延长" in page


def test_the_ticket_page_shows_the_citizens_part_escaped(client, order):
    reply(order)
    client.force_login(order["dispatcher"])
    page = client.get(f"/hotline/tickets/{order['ticket'].pk}/").content.decode()
    assert "给诉求人: 路灯已修复 &lt;script&gt;" in page and "<script>alert" not in page
