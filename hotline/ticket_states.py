"""The ticket's states at the hotline and who may move it: one table, readable without the database.

The handling units' own steps (sign for, contact, reply, …) belong to their assignments and have a
table of their own in ``dispatch``; this one covers the ticket as the hotline sees it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.transitions import TransitionError, TransitionForbidden
from hotline.models import Ticket

S = Ticket.Status
HOTLINE = frozenset({Role.OPERATOR, Role.DISPATCHER})
# The platform itself acting (the router dispatching a ticket it placed with confidence).
SYSTEM = "system"


@dataclass(frozen=True)
class Move:
    target: str
    roles: frozenset[str]
    label: str


# (state, action) → the state it leads to and the roles that may take it.
TICKET_MOVES: dict[tuple[str, str], Move] = {
    (S.PENDING, "answer"): Move(S.ANSWERED, HOTLINE, _("Answer directly")),
    (S.PENDING, "dispose"): Move(S.DISPOSED, HOTLINE, _("Close without dispatch")),
    (S.PENDING, "merge"): Move(S.MERGED, HOTLINE, _("Merge into another ticket")),
    (S.PENDING, "dispatch"): Move(S.DISPATCHED, HOTLINE | {SYSTEM}, _("Dispatch")),
    # A leader's item (领导交办, fieldreports) is dispatched by the leader to the units they chose.
    (S.PENDING, "assign"): Move(S.DISPATCHED, frozenset({Role.LEADER}), _("Assign as a leader's item")),
    # Closing follows the lead unit's assignment (see dispatch.assignment_states), on the hotline's word.
    (S.DISPATCHED, "close"): Move(S.CLOSED, HOTLINE, _("Close")),
}


class TicketTransitionError(TransitionError):
    """The action is not possible from the ticket's current state (HTTP 409)."""


class TicketForbidden(TransitionForbidden):
    """The state allows the action, but none of the user's roles may take it (HTTP 403)."""


def ticket_move(*, status: str, action: str, roles: frozenset[str] | set[str]) -> Move:
    move = TICKET_MOVES.get((status, action))
    if move is None:
        raise TicketTransitionError(
            _("“%(action)s” is not possible while the ticket is “%(status)s”.")
            % {"action": action, "status": Ticket.Status(status).label}
        )
    if move.roles.isdisjoint(roles):
        raise TicketForbidden(_("Your role may not do this."))
    return move


def ticket_actions(*, status: str, roles: frozenset[str] | set[str]) -> list[str]:
    """The actions a user with ``roles`` may take now: what the page shows as buttons."""
    return [
        action
        for (source, action), move in TICKET_MOVES.items()
        if source == status and not move.roles.isdisjoint(roles)
    ]
