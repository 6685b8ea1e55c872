"""What can happen to a proactive task and who may do it: one table, readable without the database.
Who acts is a *standing*: the owner units' people (``owner``) or the task's creator (``creator``);
``governance.selectors.task_standings`` derives it.

    open ──answer──▶ answered ──close──▶ closed
                        └──send_back──▶ sent_back ──answer──▶ answered"""

from django.utils.translation import gettext_lazy as _

from core.transitions import Move, TransitionError, TransitionForbidden, table_actions, table_move
from governance.models import ProactiveTask

S = ProactiveTask.Status
OWNER = "owner"
CREATOR = "creator"


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
    return table_move(
        MOVES,
        status=status,
        action=action,
        standings=standings,
        not_possible=lambda label: TaskTransitionError(
            _("“%(action)s” is not possible while the task is “%(status)s”.")
            % {"action": label, "status": S(status).label}
        ),
        forbidden=lambda: TaskForbidden(_("You may not do this on this task.")),
    )


def task_actions(*, status: str, standings) -> list[str]:
    """The actions a user of ``standings`` may take now (for the page's forms)."""
    return table_actions(MOVES, status=status, standings=standings)
