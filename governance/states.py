"""What can happen to a proactive task and who may do it: one table, readable without the database.
Who acts is a *standing*: the owner units' people (``owner``) or the task's creator (``creator``);
``governance.selectors.task_standings`` derives it.

    open ──answer──▶ answered ──close──▶ closed
                        └──send_back──▶ sent_back ──answer──▶ answered"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.transitions import TransitionError, TransitionForbidden
from governance.models import ProactiveTask

S = ProactiveTask.Status
OWNER = "owner"
CREATOR = "creator"


@dataclass(frozen=True)
class Move:
    target: str
    standing: str
    label: str


MOVES: dict[tuple[str, str], Move] = {
    (S.OPEN, "answer"): Move(S.ANSWERED, OWNER, _("Answer")),
    (S.SENT_BACK, "answer"): Move(S.ANSWERED, OWNER, _("Answer")),
    (S.ANSWERED, "close"): Move(S.CLOSED, CREATOR, _("Accept and close")),
    (S.ANSWERED, "send_back"): Move(S.SENT_BACK, CREATOR, _("Send back")),
}


class TaskTransitionError(TransitionError):
    """Not possible in the task's current state (HTTP 409)."""


class TaskForbidden(TransitionForbidden):
    """Possible, but not for this user (HTTP 403)."""


def task_move(*, status: str, action: str, standings) -> Move:
    move = MOVES.get((status, action))
    if move is None:
        label = next((m.label for (_s, a), m in MOVES.items() if a == action), action)
        raise TaskTransitionError(
            _("“%(action)s” is not possible while the task is “%(status)s”.")
            % {"action": label, "status": S(status).label}
        )
    if move.standing not in standings:
        raise TaskForbidden(_("You may not do this on this task."))
    return move


def task_actions(*, status: str, standings) -> list[str]:
    """The actions a user of ``standings`` may take now (for the page's forms)."""
    return [
        action for (state, action), move in MOVES.items() if state == status and move.standing in standings
    ]
