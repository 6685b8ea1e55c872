"""The one service that moves an assignment: check the table for the user's standing, compare-and-
set the row, write the event in the same transaction."""

from django.db import transaction
from django.utils import timezone

from core.transitions import transition_apply
from dispatch.assignment_states import CITIZEN, AssignmentTransitionError, assignment_move
from dispatch.lifecycle.sub_orders import sub_orders_lapse
from dispatch.models import Assignment
from dispatch.selectors import assignment_standings
from hotline.models import TicketEvent
from hotline.services.transitions import ticket_event_record

A = Assignment.Status
# Where an assignment's own work ends: what it handed down lapses (dispatch.lifecycle.sub_orders).
WORK_OVER = (A.REPLIED, A.REPORTED, A.RETURNED, A.CLOSED)


def assignment_transition(**kwargs) -> Assignment:
    """See ``assignment_transition_recorded``; for the steps that need only the moved row."""
    return assignment_transition_recorded(**kwargs)[0]


@transaction.atomic
def assignment_transition_recorded(
    *,
    assignment: Assignment,
    action: str,
    actor,
    reason: str = "",
    payload: dict | None = None,
    changes: dict | None = None,
    is_public: bool = False,
) -> tuple[Assignment, TicketEvent]:
    """The moved assignment and the event that records the move. Two officials clicking at once: the second finds the row no longer in the state it read
    and gets an AssignmentTransitionError (409) naming the state it is in now. Without an actor
    the step is the citizen's: only the callback link service, having checked its signed single-use
    link, takes one, and the table lets the citizen's standing do nothing else."""
    standings = assignment_standings(actor, assignment) if actor is not None else frozenset({CITIZEN})
    now = timezone.now()
    move = transition_apply(
        row=assignment,
        move_for=lambda status: assignment_move(
            role=assignment.role, status=status, action=action, standings=standings
        ),
        changes={"status_changed_at": now, **(changes or {})},
        conflict=AssignmentTransitionError,
    )
    event = ticket_event_record(
        ticket=assignment.ticket,
        action=move.records or action,
        actor=actor,
        unit=assignment.unit,
        assignment=assignment,
        reason=reason,
        payload=payload,
        is_public=is_public,
        from_status=assignment.status,
        to_status=move.target,
        at=now,
    )
    if move.target in WORK_OVER:
        sub_orders_lapse(assignment=assignment, actor=actor)
    assignment.refresh_from_db()
    return assignment, event
