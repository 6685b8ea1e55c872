"""The one service that moves a whistle or a summons: check the table for the user's standing,
compare-and-set the row, write the event in the same transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.transitions import transition_apply
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
    standings = whistle_standings(actor, whistle)
    move = transition_apply(
        row=whistle,
        move_for=lambda status: whistle_move(status=status, action=action, standings=standings),
        changes=changes,
        conflict=WhistleTransitionError,
    )
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
    summons_move(status=summons.status, action=action, standings=standings)
    if summons.whistle.status != Whistle.Status.OPEN:
        raise WhistleTransitionError(_("The whistle is closed."))
    move = transition_apply(
        row=summons,
        move_for=lambda status: summons_move(status=status, action=action, standings=standings),
        changes=changes,
        conflict=WhistleTransitionError,
    )
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
