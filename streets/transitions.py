"""The one service that moves a whistle or a summons: check the table for the user's standing,
compare-and-set the row, write the event in the same transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from streets.models import Summons, Whistle, WhistleEvent
from streets.selectors import summons_standings, whistle_standings
from streets.whistle_states import WhistleTransitionError, summons_move, whistle_move


def whistle_event_record(*, whistle, action, actor, summons=None, unit=None, note="", payload=None, **kw):
    return WhistleEvent.objects.create(
        whistle=whistle,
        summons=summons,
        action=action,
        actor=actor,
        unit=unit,
        note=note,
        payload=payload or {},
        **kw,
    )


@transaction.atomic
def whistle_transition(
    *, whistle: Whistle, action: str, actor, note: str = "", payload=None, changes=None
) -> Whistle:
    move = whistle_move(status=whistle.status, action=action, standings=whistle_standings(actor, whistle))
    updated = Whistle.objects.filter(pk=whistle.pk, status=whistle.status).update(
        status=move.target, **(changes or {})
    )
    if not updated:
        current = Whistle.objects.values_list("status", flat=True).get(pk=whistle.pk)
        whistle_move(status=current, action=action, standings=whistle_standings(actor, whistle))
        raise WhistleTransitionError(f"whistle {whistle.pk} changed meanwhile; reload and try again")
    whistle_event_record(
        whistle=whistle,
        action=action,
        actor=actor,
        unit=whistle.street,
        note=note,
        payload=payload,
        from_status=whistle.status,
        to_status=move.target,
    )
    whistle.refresh_from_db()
    return whistle


@transaction.atomic
def summons_transition(
    *, summons: Summons, action: str, actor, note: str = "", payload=None, changes=None
) -> Summons:
    """Two duty officers clicking at once: the second gets a WhistleTransitionError (409)."""
    standings = summons_standings(actor, summons)
    move = summons_move(status=summons.status, action=action, standings=standings)
    if summons.whistle.status != Whistle.Status.OPEN:
        raise WhistleTransitionError(_("The whistle is closed."))
    updated = Summons.objects.filter(pk=summons.pk, status=summons.status).update(
        status=move.target, **(changes or {})
    )
    if not updated:
        current = Summons.objects.values_list("status", flat=True).get(pk=summons.pk)
        summons_move(status=current, action=action, standings=standings)
        raise WhistleTransitionError(f"summons {summons.pk} changed meanwhile; reload and try again")
    whistle_event_record(
        whistle=summons.whistle,
        summons=summons,
        action=action,
        actor=actor,
        unit=summons.department,
        note=note,
        payload=payload,
        from_status=summons.status,
        to_status=move.target,
        at=timezone.now(),
    )
    summons.refresh_from_db()
    return summons
