"""What can happen to a whistle and to each department it summons, and who may do it: one table,
readable without the database. Who acts is a *standing*: the whistling street (its officials and
leaders) or the summoned department (its staff), derived by ``streets.selectors``."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.transitions import TransitionError, TransitionForbidden
from streets.models import Summons, Whistle

S, W = Summons.Status, Whistle.Status
STREET = "street"
DEPARTMENT = "department"


@dataclass(frozen=True)
class Move:
    target: str
    standing: str
    label: str


SUMMONS_MOVES: dict[tuple[str, str], Move] = {
    (S.SUMMONED, "acknowledge"): Move(S.ACKNOWLEDGED, DEPARTMENT, _("Acknowledge")),
    # A duty officer already on site checks in without a separate acknowledgement: it counts as both.
    (S.SUMMONED, "arrive"): Move(S.ARRIVED, DEPARTMENT, _("Check in on site")),
    (S.ACKNOWLEDGED, "arrive"): Move(S.ARRIVED, DEPARTMENT, _("Check in on site")),
    (S.ARRIVED, "report"): Move(S.ARRIVED, DEPARTMENT, _("Report actions taken")),
    (S.ARRIVED, "finish"): Move(S.DONE, DEPARTMENT, _("Done on site")),
}

WHISTLE_MOVES: dict[tuple[str, str], Move] = {
    (W.OPEN, "rate"): Move(W.OPEN, STREET, _("Rate a department")),
    (W.OPEN, "rewhistle"): Move(W.OPEN, STREET, _("Blow the whistle again")),
    (W.OPEN, "escalate"): Move(W.OPEN, STREET, _("Escalate to the district")),
    (W.OPEN, "close"): Move(W.CLOSED, STREET, _("Close the whistle")),
}


class WhistleTransitionError(TransitionError):
    """Not possible in the current state (HTTP 409)."""


class WhistleForbidden(TransitionForbidden):
    """Possible, but not for this user (HTTP 403)."""


def _move(table, key, standings, status_label) -> Move:
    move = table.get(key)
    if move is None:
        label = next((m.label for (_state, action), m in table.items() if action == key[1]), key[1])
        raise WhistleTransitionError(
            _("“%(action)s” is not possible while it is “%(status)s”.")
            % {"action": label, "status": status_label}
        )
    if move.standing not in standings:
        raise WhistleForbidden(_("Your role may not do this."))
    return move


def summons_move(*, status: str, action: str, standings) -> Move:
    return _move(SUMMONS_MOVES, (status, action), standings, Summons.Status(status).label)


def whistle_move(*, status: str, action: str, standings) -> Move:
    return _move(WHISTLE_MOVES, (status, action), standings, Whistle.Status(status).label)


def summons_actions(*, status: str, standings) -> list[str]:
    return [a for (state, a), m in SUMMONS_MOVES.items() if state == status and m.standing in standings]


def whistle_actions(*, status: str, standings) -> list[str]:
    return [a for (state, a), m in WHISTLE_MOVES.items() if state == status and m.standing in standings]


def summons_rateable(*, status: str, acknowledge_due, now) -> bool:
    """The street rates a department once it has answered the summons (acknowledged, on site,
    done), or once its time to acknowledge has run out without an answer — a department that never
    came is rated for that; before either, there is nothing to rate yet."""
    return status != Summons.Status.SUMMONED or now >= acknowledge_due
