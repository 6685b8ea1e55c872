"""The ticket page: who may see it, what it offers, and the labels its timeline reads."""

import pytest
from django.utils import translation

from accounts.models import Role
from console.templatetags.ticket_labels import action_label, status_label
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory


@pytest.mark.django_db
def test_ticket_page_is_404_for_a_unit_it_was_not_sent_to(client, make_user):
    street, other = StreetFactory(), StreetFactory()
    ticket = TicketFactory()
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=make_user(Role.DISPATCHER))
    client.force_login(make_user(Role.STREET_OFFICIAL, unit=other))
    assert client.get(f"/hotline/tickets/{ticket.pk}/").status_code == 404
    client.force_login(make_user(Role.STREET_OFFICIAL, unit=street))
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert 'id="actions"' not in page  # units get no hotline buttons


@pytest.mark.django_db
def test_ticket_page_shows_only_allowed_actions(client, make_user):
    ticket = TicketFactory()
    client.force_login(make_user(Role.OPERATOR))
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert 'id="dispatch-form"' in page and 'id="assignments"' not in page
    ticket_dispatch(ticket=ticket, lead_unit=StreetFactory(), actor=make_user(Role.DISPATCHER))
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert 'id="dispatch-form"' not in page and 'id="assignments"' in page
    assert "/sign/" not in page  # signing for it is the street's step, not the hotline's


@pytest.mark.parametrize(
    "action, label",
    [
        ("sign", "签收"),  # an assignment move
        ("answer", "即时答复"),  # a ticket move
        ("caller_added", "新增来电人（并单）"),  # an event without a state change
        ("something_new", "something_new"),  # unknown: shown as recorded
    ],
)
def test_timeline_actions_read_as_their_labels(action, label):
    with translation.override("zh-hans"):
        assert str(action_label(action)) == label


@pytest.mark.parametrize(
    "status, label",
    [("pending", "待派单"), ("signed", "已签收"), ("something_new", "something_new")],
)
def test_ticket_and_assignment_statuses_read_as_their_labels(status, label):
    with translation.override("zh-hans"):
        assert str(status_label(status)) == label
