"""The write services: issuing API clients and filing a submission."""

import pytest

from hotline.models import Channel, Ticket, TicketEvent
from hotline.services.intake import TicketDraft
from open311.arguments import Submission
from open311.models import ApiClient, RequestToken
from open311.services import api_client_issue, api_client_update, request_submit

pytestmark = pytest.mark.django_db


def test_api_client_issue_generates_a_long_random_url_safe_key():
    first, second = api_client_issue(name="甲"), api_client_issue(name="乙", contact="010-12345678")
    assert first.key != second.key
    assert len(first.key) >= 43
    assert set(first.key) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert (second.contact, second.is_active) == ("010-12345678", True)


def test_api_client_update_never_changes_the_key():
    client = api_client_issue(name="甲")
    api_client_update(client=client, name="甲方", is_active=False)
    client.refresh_from_db()
    assert (client.name, client.is_active) == ("甲方", False)
    with pytest.raises(ValueError):
        api_client_update(client=client, key="chosen")


@pytest.fixture
def submission(category, request_types):
    draft = TicketDraft(
        channel=Channel.OPEN311,
        request_type=request_types["help"],
        category=category,
        content="路灯不亮",
        address="东城区和平里",
    )
    return Submission(draft=draft, media_url="", account_id=None)


def test_request_submit_creates_ticket_event_and_token_together(submission):
    client = api_client_issue(name="甲")
    filed = request_submit(client=client, submission=submission)
    assert filed.created
    assert Ticket.objects.get() == filed.ticket
    assert filed.ticket.channel == Channel.OPEN311
    assert TicketEvent.objects.get().action == "receive"
    assert RequestToken.objects.get() == filed.token
    assert filed.token.client == client


def test_request_submit_twice_with_one_key_has_one_effect(submission):
    client = api_client_issue(name="甲")
    first = request_submit(client=client, submission=submission, idempotency_key="k")
    again = request_submit(client=client, submission=submission, idempotency_key="k")
    assert (first.created, again.created) == (True, False)
    assert (again.ticket, again.token) == (first.ticket, first.token)
    assert (Ticket.objects.count(), TicketEvent.objects.count(), RequestToken.objects.count()) == (1, 1, 1)
    assert ApiClient.objects.count() == 1
