"""A sub-order (二次派单) and who may move it: one table, readable without the database. Who acts is a
*standing*: the unit that handed it down (a member acting for the assignment's unit) or the
sub-unit it was handed to (its staff). Handing down itself creates the row (``issued``); the
service checks that the unit may (dispatch.lifecycle.sub_orders.sub_order_issue)."""

from django.utils.translation import gettext_lazy as _

from core.transitions import Move, TransitionError, TransitionForbidden, table_actions, table_move
from dispatch.models import SubOrder

S = SubOrder.Status
UNIT = "unit"  # the unit that handed the order down (the assignment's unit)
SUB_UNIT = "sub_unit"  # the sub-unit it was handed to
SYSTEM = "system"  # the platform, when the order it was handed down from ends
OPEN = (S.ISSUED, S.SIGNED, S.SENT_BACK, S.REPORTED)
# Open and not reported: what counts as late once the inner deadline has passed.
WORKING = (S.ISSUED, S.SIGNED, S.SENT_BACK)
CLOSED = (S.ACCEPTED, S.WITHDRAWN)
# The action each move's event is recorded under in the ticket's timeline, with its label there.
EVENT_ACTIONS = {
    "issue": "hand_down",
    "sign": "sub_sign",
    "report": "sub_report",
    "accept": "sub_accept",
    "send_back": "sub_send_back",
    "withdraw": "sub_withdraw",
    "lapse": "sub_lapse",
}


def _moves() -> dict[tuple[str, str], Move]:
    table = {
        (S.ISSUED, "sign"): Move(S.SIGNED, SUB_UNIT, _("Sign for the handed-down order")),
        (S.SIGNED, "report"): Move(S.REPORTED, SUB_UNIT, _("Report to the unit")),
        (S.SENT_BACK, "report"): Move(S.REPORTED, SUB_UNIT, _("Report to the unit")),
        (S.REPORTED, "accept"): Move(S.ACCEPTED, UNIT, _("Accept the sub-unit's report")),
        (S.REPORTED, "send_back"): Move(S.SENT_BACK, UNIT, _("Send back to the sub-unit")),
    }
    for state in OPEN:
        table[(state, "withdraw")] = Move(S.WITHDRAWN, UNIT, _("Withdraw the handed-down order"))
        table[(state, "lapse")] = Move(
            S.WITHDRAWN, SYSTEM, _("Withdrawn: the order it was handed down from has ended")
        )
    return table


SUB_ORDER_MOVES = _moves()
# The timeline's words for each recorded action.
EVENT_LABELS = {
    EVENT_ACTIONS["issue"]: _("Handed down to a sub-unit"),
    **{EVENT_ACTIONS[action]: move.label for (_state, action), move in SUB_ORDER_MOVES.items()},
}


class SubOrderTransitionError(TransitionError):
    """Not possible from the sub-order's current state (HTTP 409)."""


class SubOrderForbidden(TransitionForbidden):
    """Possible, but not for this user (HTTP 403)."""


def sub_order_move(*, status: str, action: str, standings: set[str] | frozenset[str]) -> Move:
    return table_move(
        SUB_ORDER_MOVES,
        status=status,
        action=action,
        standings=standings,
        not_possible=lambda label: SubOrderTransitionError(
            _("“%(action)s” is not possible while the handed-down order is “%(status)s”.")
            % {"action": label, "status": S(status).label}
        ),
        forbidden=lambda: SubOrderForbidden(_("Your role may not do this.")),
    )


def sub_order_actions(*, status: str, standings: set[str] | frozenset[str]) -> list[str]:
    return table_actions(SUB_ORDER_MOVES, status=status, standings=standings)
