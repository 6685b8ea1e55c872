import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.models import Disposition, Ticket, TicketEvent
from hotline.services.dispositions import ticket_answer, ticket_dispose, ticket_merge
from hotline.tests.factories import ConsultTypeFactory, TicketFactory
from hotline.ticket_states import TicketForbidden, TicketTransitionError
from knowledge.tests.factories import ArticleFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_user):
    return make_user(Role.OPERATOR)


def test_consultation_is_answered_citing_the_article(operator):
    article = ArticleFactory(title="社保卡补办流程")
    ticket = ticket_answer(
        ticket=TicketFactory(request_type=ConsultTypeFactory()),
        actor=operator,
        article=article,
        note="已告知",
    )
    assert (ticket.status, ticket.disposition, ticket.answered_article) == ("answered", "answered", article)
    event = ticket.events.get(action="answer")
    assert event.payload["article_title"] == "社保卡补办流程" and event.from_status == "pending"


def test_only_consultations_may_be_answered_directly(operator):
    with pytest.raises(ValidationError):
        ticket_answer(ticket=TicketFactory(), actor=operator, article=ArticleFactory())


@pytest.mark.parametrize("disposition", [d for d in Disposition.values if d != Disposition.ANSWERED])
def test_each_non_dispatch_disposition_closes_with_its_reason(operator, disposition):
    target = "110" if disposition == Disposition.EMERGENCY else ""
    ticket = ticket_dispose(
        ticket=TicketFactory(), actor=operator, disposition=disposition, reason="依规处置", target=target
    )
    assert (ticket.status, ticket.disposition, ticket.disposition_note) == (
        "disposed",
        disposition,
        "依规处置",
    )
    assert ticket.events.filter(action="dispose", payload__disposition=disposition).exists()


def test_emergency_transfer_needs_its_number_and_any_disposition_a_reason(operator):
    with pytest.raises(ValidationError):
        ticket_dispose(
            ticket=TicketFactory(), actor=operator, disposition=Disposition.EMERGENCY, reason="火情"
        )
    with pytest.raises(ValidationError):
        ticket_dispose(ticket=TicketFactory(), actor=operator, disposition=Disposition.REPEAT, reason=" ")
    assert not Ticket.objects.exclude(status="pending").exists()


def test_merge_keeps_the_call_and_counts_the_caller(operator):
    master = TicketFactory()
    call = TicketFactory(caller_name="王五", caller_phone="13700000000", content="又来占道了")

    merged = ticket_merge(ticket=call, master=master, actor=operator)

    master.refresh_from_db()
    assert (merged.status, merged.master) == ("merged", master)
    assert (merged.caller_name, merged.caller_phone, merged.content) == ("王五", "13700000000", "又来占道了")
    assert master.caller_count == 2 and master.status == "pending"
    assert master.events.filter(action="caller_added", payload__child=call.number).exists()


def test_cannot_merge_into_a_closed_or_merged_ticket(operator):
    closed = ticket_dispose(ticket=TicketFactory(), actor=operator, disposition="repeat", reason="重复")
    with pytest.raises(ValidationError):
        ticket_merge(ticket=TicketFactory(), master=closed, actor=operator)
    child = ticket_merge(ticket=TicketFactory(), master=TicketFactory(), actor=operator)
    with pytest.raises(ValidationError):
        ticket_merge(ticket=TicketFactory(), master=child, actor=operator)


def test_a_second_concurrent_action_is_refused_and_applies_once(operator, make_user):
    ticket = TicketFactory()
    stale_copy = Ticket.objects.get(pk=ticket.pk)  # what the second official's page had loaded
    ticket_dispose(ticket=ticket, actor=operator, disposition="repeat", reason="重复")

    with pytest.raises(TicketTransitionError):
        ticket_dispatch(ticket=stale_copy, lead_unit=StreetFactory(), actor=make_user(Role.DISPATCHER))

    assert Ticket.objects.get(pk=ticket.pk).status == "disposed"
    assert TicketEvent.objects.filter(ticket=ticket).exclude(action="receive").count() == 1
    assert not ticket.assignments.exists()


def test_units_cannot_close_tickets_at_the_hotline(make_user):
    with pytest.raises(TicketForbidden):
        ticket_dispose(
            ticket=TicketFactory(), actor=make_user(Role.STREET_OFFICIAL), disposition="repeat", reason="x"
        )
