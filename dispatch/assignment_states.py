"""A handling unit's work on one assignment, and who may move it: one table, readable without the
database. Who acts is a *standing* — the assigned unit itself, or the hotline — which the service
derives from the user's roles and memberships (dispatch.selectors.assignment_standings), or the
citizen answering through the signed callback link the hotline sent (no signed-in user).

Some moves are variants of another step and are recorded under that step's name (``records``): a
callback on expiry and a citizen's web callback are callbacks, the hotline relaying a confidential
caller's first contact is the contact — every reader of those events (the rates, the timelines)
sees one kind of step."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.transitions import TransitionError, TransitionForbidden
from dispatch.models import Assignment

A = Assignment.Status
UNIT = "unit"  # a member of the assigned unit, in the role that acts for that kind of unit
HOTLINE = "hotline"  # an operator or dispatcher
CITIZEN = "citizen"  # the caller, through the signed single-use callback link
LEAD, ASSIST = Assignment.Role.LEAD, Assignment.Role.ASSIST
WORKING = (A.SIGNED, A.CONTACTED, A.IN_PROGRESS)


@dataclass(frozen=True)
class Move:
    target: str
    standing: str
    label: str
    records: str = ""  # the step the event is recorded as, when not the action itself


def _moves() -> dict[tuple[str, str, str], Move]:
    table = {
        (LEAD, A.DISPATCHED, "sign"): Move(A.SIGNED, UNIT, _("Sign for")),
        (LEAD, A.SIGNED, "contact"): Move(A.CONTACTED, UNIT, _("Record the call to the citizen")),
        (LEAD, A.CONTACTED, "start"): Move(A.IN_PROGRESS, UNIT, _("Start handling")),
        (LEAD, A.CONTACTED, "reply"): Move(A.REPLIED, UNIT, _("Reply")),
        (LEAD, A.IN_PROGRESS, "reply"): Move(A.REPLIED, UNIT, _("Reply")),
        (LEAD, A.CONTACTED, "cannot_solve"): Move(A.REPLIED, UNIT, _("Cannot be solved for now")),
        (LEAD, A.IN_PROGRESS, "cannot_solve"): Move(A.REPLIED, UNIT, _("Cannot be solved for now")),
        (LEAD, A.REPLIED, "callback"): Move(A.CALLED_BACK, HOTLINE, _("Record the callback")),
        (LEAD, A.REPLIED, "web_callback"): Move(
            A.CALLED_BACK, CITIZEN, _("The citizen answers the web callback"), records="callback"
        ),
        # The hotline relays the unit's first contact to a confidential caller (请热线转达).
        (LEAD, A.SIGNED, "relay_contact"): Move(
            A.CONTACTED, HOTLINE, _("Relay the call to the citizen"), records="contact"
        ),
        (LEAD, A.SIGNED, "request_relay"): Move(A.SIGNED, UNIT, _("Ask the hotline to relay")),
        (LEAD, A.CALLED_BACK, "close"): Move(A.CLOSED, HOTLINE, _("Close")),
        (LEAD, A.CALLED_BACK, "redo"): Move(A.DISPATCHED, HOTLINE, _("Redo (new cycle)")),
        (ASSIST, A.DISPATCHED, "sign"): Move(A.SIGNED, UNIT, _("Sign for")),
        (ASSIST, A.SIGNED, "report"): Move(A.REPORTED, UNIT, _("Report to the lead unit")),
    }
    for role in (LEAD, ASSIST):
        for state in (A.DISPATCHED, A.SIGNED):
            table[(role, state, "request_return")] = Move(
                A.RETURNING, UNIT, _("Return (dispute the dispatch)")
            )
        table[(role, A.RETURNING, "approve_return")] = Move(A.RETURNED, HOTLINE, _("Approve the return"))
        table[(role, A.RETURNING, "refuse_return")] = Move(A.SIGNED, HOTLINE, _("Refuse the return"))
    for state in WORKING:
        # Side paths that leave the state as it is but are recorded as steps of their own.
        table[(LEAD, state, "request_extension")] = Move(state, UNIT, _("Ask for an extension"))
        table[(LEAD, state, "decide_extension")] = Move(state, HOTLINE, _("Decide the extension"))
        table[(LEAD, state, "escalate")] = Move(state, UNIT, _("Escalate to the district/city"))
    for state in (A.DISPATCHED, *WORKING):
        # 回访 when the reply deadline (with approved extensions) passed without a reply; the
        # service checks the clock (dispatch.lifecycle.hotline_actions.assignment_callback_on_expiry).
        table[(LEAD, state, "callback_expired")] = Move(
            A.CALLED_BACK, HOTLINE, _("Record the callback on expiry"), records="callback"
        )
    return table


ASSIGNMENT_MOVES = _moves()


class AssignmentTransitionError(TransitionError):
    """Not possible from the current state (HTTP 409)."""


class AssignmentForbidden(TransitionForbidden):
    """Possible, but not for this user (HTTP 403)."""


def assignment_move(*, role: str, status: str, action: str, standings: set[str] | frozenset[str]) -> Move:
    move = ASSIGNMENT_MOVES.get((role, status, action))
    if move is None:
        raise AssignmentTransitionError(
            _("“%(action)s” is not possible while the assignment is “%(status)s”.")
            % {"action": action, "status": Assignment.Status(status).label}
        )
    if move.standing not in standings:
        raise AssignmentForbidden(_("Your role may not do this."))
    return move


def assignment_actions(*, role: str, status: str, standings: set[str] | frozenset[str]) -> list[str]:
    return [
        action
        for (move_role, state, action), move in ASSIGNMENT_MOVES.items()
        if move_role == role and state == status and move.standing in standings
    ]
