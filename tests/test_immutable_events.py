"""Event rows are written once: each immutable model refuses to change or delete a row, one at a
time or by queryset, and still goes with its parent."""

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.models import ImmutableModel, ImmutableRowError
from dispatch.tests.enforcement.factories import AssignmentFactory
from hotline.models import Ticket, TicketEvent
from hotline.tests.factories import TicketFactory
from metrics.models import ScopeEvent
from streets.models import Whistle, WhistleDomain, WhistleEvent
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db


def ticket_event():
    return TicketEvent.objects.create(ticket=TicketFactory(), action="note", reason="first")


def whistle_event():
    user = UserFactory()
    whistle = Whistle.objects.create(
        street=StreetFactory(),
        blown_by=user,
        domain=WhistleDomain.objects.get(code="joint_enforcement"),
        urgency="normal",
        address="团结湖路 1 号",
        description="占道经营",
    )
    return WhistleEvent.objects.create(whistle=whistle, action="blow", actor=user, note="first")


def scope_event():
    return ScopeEvent.objects.create(
        assignment=AssignmentFactory(), action=ScopeEvent.Action.EXCLUDED, actor=UserFactory(), note="first"
    )


MAKERS = {TicketEvent: ticket_event, WhistleEvent: whistle_event, ScopeEvent: scope_event}
TEXT = {TicketEvent: "reason", WhistleEvent: "note", ScopeEvent: "note"}
EVENTS = pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m.__name__)


def test_the_three_event_models_share_the_base_and_its_manager():
    for model in MAKERS:
        assert issubclass(model, ImmutableModel)
        assert type(model._default_manager.all()).__name__ == "ImmutableQuerySet"


@EVENTS
def test_a_row_is_written_once_and_then_refuses_save_and_delete(model):
    event = MAKERS[model]()
    setattr(event, TEXT[model], "changed")
    with pytest.raises(ImmutableRowError, match=f"{model.__name__} rows are immutable"):
        event.save()
    with pytest.raises(ImmutableRowError):
        event.delete()
    assert model.objects.values_list(TEXT[model], flat=True).get(pk=event.pk) == "first"


@EVENTS
def test_querysets_refuse_update_delete_and_bulk_update(model):
    event = MAKERS[model]()
    rows = model.objects.filter(pk=event.pk)
    with pytest.raises(ImmutableRowError):
        rows.update(**{TEXT[model]: "changed"})
    with pytest.raises(ImmutableRowError):
        model.objects.update(at=timezone.now())
    with pytest.raises(ImmutableRowError):
        rows.delete()
    with pytest.raises(ImmutableRowError):
        model.objects.all().delete()
    setattr(event, TEXT[model], "changed")
    with pytest.raises(ImmutableRowError), transaction.atomic():  # bulk_update runs in an atomic block
        model.objects.bulk_update([event], [TEXT[model]])
    assert list(model.objects.values_list(TEXT[model], flat=True)) == ["first"]


def test_the_refusal_is_still_a_value_error_as_callers_caught_before():
    assert issubclass(ImmutableRowError, ValueError)


def test_events_still_go_with_their_ticket():
    event = ticket_event()
    Ticket.objects.filter(pk=event.ticket_id).delete()
    assert not TicketEvent.objects.filter(pk=event.pk).exists()
