"""Who gets SMS: ordinary callers yes, anonymous and confidential ones only if they asked, and
only on a mobile number."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Ticket
from hotline.tests.factories import CategoryFactory, ReportTypeFactory, RequestTypeFactory
from sms.models import SmsMessage

pytestmark = pytest.mark.django_db


def _sent_after_commit(callbacks, gateway):
    for callback in callbacks:
        callback()
    return gateway.sent


def test_an_ordinary_caller_gets_the_receipt(gateway, file_ticket):
    ticket, callbacks = file_ticket()
    sent = _sent_after_commit(callbacks, gateway)
    assert [message["phone"] for message in sent] == ["13812345678"]
    assert SmsMessage.objects.get(ticket=ticket).status == "sent"


@pytest.mark.parametrize(
    "fields",
    [
        {"confidential": True},
        {"request_type": "report"},  # 举报: confidential by default
        {"caller_anonymous": True, "caller_phone": ""},
        {"sms_consent": False},
        {"caller_phone": "010-12345678"},  # a landline cannot take SMS
    ],
    ids=["confidential", "report", "anonymous", "declined", "landline"],
)
def test_nothing_is_sent_to_these_callers(gateway, file_ticket, fields):
    if fields.get("request_type") == "report":
        fields = {"request_type": ReportTypeFactory()}
    ticket, callbacks = file_ticket(**fields)

    assert _sent_after_commit(callbacks, gateway) == []
    assert not SmsMessage.objects.filter(ticket=ticket).exists()


def test_a_confidential_caller_who_asked_gets_it(gateway, file_ticket):
    ticket, callbacks = file_ticket(confidential=True, sms_consent=True)
    assert len(_sent_after_commit(callbacks, gateway)) == 1
    assert ticket.sms_consent is True


@pytest.mark.parametrize("wish", [True, False, None])
def test_the_intake_api_records_the_callers_wish(make_user, gateway, wish):
    RequestTypeFactory(code="help", name="求助")
    CategoryFactory(code="010101")
    api = APIClient()
    api.force_authenticate(make_user(Role.OPERATOR))
    call = {
        "request_type": "help",
        "category": "010101",
        "content": "路灯不亮",
        "caller_phone": "13812345678",
    }

    response = api.post(
        "/api/v1/tickets/", {**call, "confidential": True, "sms_consent": wish}, format="json"
    )

    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.sms_consent is wish
    assert SmsMessage.objects.filter(ticket=ticket, kind="receipt").exists() is bool(wish)
