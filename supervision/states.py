"""What can happen to a supervision order and who may do it: one table, readable without the
database. Who acts is a *standing*: the answering unit's people (``unit``), the people of the level
that issued it (``decider``: the issuer, or the same level's people), or the sweep (``system``);
``supervision.selectors.order_standings`` derives it.

    issued ──answer──▶ answered ──accept──▶ accepted
      │                   └──send_back──▶ sent_back ──answer──▶ answered
      └─flag (sweep)──▶ overdue ──escalate (sweep)──▶ escalated     (city level: stays overdue)
    sent_back ──flag──▶ overdue;  overdue ──answer──▶ answered (a late answer, city level)"""

from django.utils.translation import gettext_lazy as _

from core.transitions import Move, TransitionError, TransitionForbidden, table_actions, table_move
from supervision.models import SupervisionOrder

S = SupervisionOrder.Status
UNIT = "unit"
DECIDER = "decider"
SYSTEM = "system"


MOVES: dict[tuple[str, str], Move] = {
    (S.ISSUED, "answer"): Move(S.ANSWERED, UNIT, _("Answer")),
    (S.SENT_BACK, "answer"): Move(S.ANSWERED, UNIT, _("Answer")),
    (S.OVERDUE, "answer"): Move(S.ANSWERED, UNIT, _("Answer")),
    (S.ANSWERED, "accept"): Move(S.ACCEPTED, DECIDER, _("Accept the answer")),
    (S.ANSWERED, "send_back"): Move(S.SENT_BACK, DECIDER, _("Send the answer back")),
    (S.ISSUED, "flag"): Move(S.OVERDUE, SYSTEM, _("Flag overdue")),
    (S.SENT_BACK, "flag"): Move(S.OVERDUE, SYSTEM, _("Flag overdue")),
    (S.OVERDUE, "escalate"): Move(S.ESCALATED, SYSTEM, _("Escalate")),
}


class SupervisionTransitionError(TransitionError):
    """Not possible in the order's current state (HTTP 409)."""


class SupervisionForbidden(TransitionForbidden):
    """Possible, but not for this user (HTTP 403)."""


def supervision_move(*, status: str, action: str, standings) -> Move:
    return table_move(
        MOVES,
        status=status,
        action=action,
        standings=standings,
        not_possible=lambda label: SupervisionTransitionError(
            _("“%(action)s” is not possible while the order is “%(status)s”.")
            % {"action": label, "status": S(status).label}
        ),
        forbidden=lambda: SupervisionForbidden(_("You may not do this on this supervision order.")),
    )


def supervision_actions(*, status: str, standings) -> list[str]:
    """The actions a user of ``standings`` may take now (for the page's buttons)."""
    return table_actions(MOVES, status=status, standings=set(standings) - {SYSTEM})
