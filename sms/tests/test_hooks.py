"""The three messages are written where their events happen, in the same transaction, once per
event: the receipt at intake, the reply when the lead unit replies, the notice of an approved
extension."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import Role
from dispatch.lifecycle import hotline_actions, unit_actions
from dispatch.models import Clock
from dispatch.services import ticket_dispatch
from hotline.models import Ticket
from hotline.services.callback_links import callback_link_issue, callback_link_ticket
from hotline.services.intake import TicketDraft, ticket_create
from hotline.tests.factories import CategoryFactory, RequestTypeFactory, TicketFactory
from sms.models import SmsMessage
from sms.selectors import sms_last_to
from sms.services import sms_receipt_queue, sms_wanted
from sms.tasks import drain_sms
from sms.tests.conftest import receipt
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db


def test_the_receipt_holds_the_ticket_number_and_the_tracking_link(gateway, file_ticket):
    ticket, callbacks = file_ticket()
    for callback in callbacks:
        callback()

    message = sms_last_to("13812345678")
    assert message == receipt(ticket)
    assert ticket.number in message.text
    assert f"https://12345.example.gov.cn/track/?number={ticket.number}" in message.text
    assert message.event == ticket.events.get(action="receive")
    assert gateway.sent[0]["text"] == message.text and message.provider_id == f"rec-{message.pk}"


def test_the_tracking_link_opens_the_tracking_page_with_the_number(client, gateway, file_ticket):
    ticket, _callbacks = file_ticket()
    response = client.get(reverse("hotline:track"), {"number": ticket.number})
    assert response.status_code == 200
    assert f'value="{ticket.number}"' in response.content.decode()


def test_queued_twice_for_one_event_it_is_one_message(
    gateway, file_ticket, django_capture_on_commit_callbacks
):
    ticket, _callbacks = file_ticket()
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert sms_receipt_queue(ticket=ticket) == receipt(ticket)
    assert again == []
    assert SmsMessage.objects.filter(ticket=ticket).count() == 1


def test_a_rolled_back_intake_leaves_no_message(gateway, file_ticket):
    from hotline.services.intake import TicketDraft, ticket_create
    from hotline.tests.factories import CategoryFactory, RequestTypeFactory

    def refuse(ticket):
        raise RuntimeError("outcome refused")

    draft = TicketDraft(
        channel="phone",
        request_type=RequestTypeFactory(),
        category=CategoryFactory(),
        content="x",
        caller_phone="13812345678",
    )
    with pytest.raises(RuntimeError):
        ticket_create(draft=draft, outcome=refuse)
    assert not SmsMessage.objects.exists() and not Ticket.objects.exists()


def test_anonymous_callers_are_not_texted_even_with_a_number():
    assert not sms_wanted(Ticket(caller_anonymous=True, caller_phone="13812345678"))
    assert sms_wanted(Ticket(caller_anonymous=True, caller_phone="13812345678", sms_consent=True))
    assert sms_wanted(Ticket(caller_phone="13812345678"))


@pytest.fixture
def order(make_user, gateway):
    call_command("load_deadline_policies")
    street = StreetFactory()
    dispatcher = make_user(Role.DISPATCHER)
    ticket = TicketFactory(tier="T3", caller_phone="13912345678")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    assignment = ticket.assignments.get()
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    assignment = unit_actions.assignment_sign(assignment=assignment, actor=official)
    assignment = unit_actions.assignment_contact(
        assignment=assignment,
        actor=official,
        contacted_at=timezone.now() - timedelta(minutes=1),
        method="phone",
    )
    return {"ticket": ticket, "assignment": assignment, "official": official, "dispatcher": dispatcher}


def test_the_reply_carries_the_result_and_a_working_callback_link(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        unit_actions.assignment_reply(
            assignment=order["assignment"], actor=order["official"], text="已清理占道摊位。"
        )

    message = sms_last_to("13912345678", kind="reply")
    assert message.status == "sent" and message.event.action == "reply"
    # The result's own full stop is not doubled by the template's.
    assert "已清理占道摊位。请您评价" in message.text and "。。" not in message.text
    assert order["ticket"].number in message.text
    prefix = "https://12345.example.gov.cn/callback/"
    token = message.text.split(prefix, 1)[1].split("/", 1)[0]
    assert callback_link_ticket(token) == order["ticket"]


def test_the_reply_sends_the_citizen_part_and_keeps_a_link_already_sent(
    order, django_capture_on_commit_callbacks
):
    earlier = callback_link_issue(ticket=order["ticket"])
    with django_capture_on_commit_callbacks(execute=True):
        unit_actions.assignment_reply(
            assignment=order["assignment"],
            actor=order["official"],
            text="已协调城管执法队清理，台账已更新。",
            citizen_text="门口的摊位已清走。",
        )

    message = sms_last_to("13912345678", kind="reply")
    assert "门口的摊位已清走。" in message.text and "台账" not in message.text
    assert f"/callback/{earlier}/" in message.text
    assert callback_link_ticket(earlier) == order["ticket"]


def test_an_approved_extension_tells_the_new_date(order, django_capture_on_commit_callbacks):
    request = unit_actions.assignment_request_extension(
        assignment=order["assignment"], actor=order["official"], reason="需协调产权单位", extra_days=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        hotline_actions.extension_decide(request=request, actor=order["dispatcher"], approve=True)

    message = sms_last_to("13912345678", kind="extension")
    due = order["assignment"].clocks.get(kind=Clock.Kind.REPLY).due_at
    local = timezone.localtime(due)
    assert f"{local.year}年{local.month}月{local.day}日" in message.text
    assert message.event.action == "decide_extension" and message.status == "sent"


def test_a_refused_extension_tells_nothing(order):
    request = unit_actions.assignment_request_extension(
        assignment=order["assignment"], actor=order["official"], reason="需协调", extra_days=3
    )
    hotline_actions.extension_decide(request=request, actor=order["dispatcher"], approve=False)
    assert not SmsMessage.objects.filter(kind="extension").exists()


def test_a_confidential_order_gets_no_reply_sms(order, django_capture_on_commit_callbacks):
    Ticket.objects.filter(pk=order["ticket"].pk).update(confidential=True)
    order["assignment"].ticket.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        unit_actions.assignment_reply(assignment=order["assignment"], actor=order["official"], text="已处理")
    assert not SmsMessage.objects.filter(kind="reply").exists()
    assert not order["ticket"].callback_links.exists()


@pytest.mark.django_db(transaction=True)
def test_intake_commits_and_keeps_the_message_when_the_broker_is_down(monkeypatch):
    """The wake-up of the SMS drain runs after the real commit; a broker that refuses it is logged,
    the call is filed and the message waits for the sweep."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(drain_sms, "apply_async", refuse)
    draft = TicketDraft(
        channel="phone",
        request_type=RequestTypeFactory(),
        category=CategoryFactory(),
        content="小区门口有人占道经营。",
        caller_phone="13812345678",
    )
    ticket, created = ticket_create(draft=draft)

    assert created and Ticket.objects.filter(pk=ticket.pk).exists()
    assert SmsMessage.objects.get(ticket=ticket, kind="receipt").status == "pending"
