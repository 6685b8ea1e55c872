"""The hotline's transition table, for every state, action and role — without the database."""

import pytest

from accounts.models import Role
from hotline.models import Ticket
from hotline.ticket_states import (
    TICKET_MOVES,
    TicketForbidden,
    TicketTransitionError,
    ticket_actions,
    ticket_move,
)

ACTIONS = sorted({action for _state, action in TICKET_MOVES})
ALLOWED = {
    (Ticket.Status.PENDING, "answer"): Ticket.Status.ANSWERED,
    (Ticket.Status.PENDING, "dispose"): Ticket.Status.DISPOSED,
    (Ticket.Status.PENDING, "merge"): Ticket.Status.MERGED,
    (Ticket.Status.PENDING, "dispatch"): Ticket.Status.DISPATCHED,
    (Ticket.Status.PENDING, "assign"): Ticket.Status.DISPATCHED,
    (Ticket.Status.DISPATCHED, "close"): Ticket.Status.CLOSED,
}
HOTLINE_ROLES = {Role.OPERATOR, Role.DISPATCHER}
# Moves taken by other roles than the hotline's.
OTHER_ROLES = {"assign": {Role.LEADER}}


@pytest.mark.parametrize("status", Ticket.Status.values)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", Role.values)
def test_every_state_action_and_role(status, action, role):
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(TicketTransitionError):
            ticket_move(status=status, action=action, roles={role})
    elif role in OTHER_ROLES.get(action, HOTLINE_ROLES):
        assert ticket_move(status=status, action=action, roles={role}).target == expected
    else:
        with pytest.raises(TicketForbidden):
            ticket_move(status=status, action=action, roles={role})


def test_illegal_action_names_the_current_state():
    with pytest.raises(TicketTransitionError, match="Closed without dispatch|不派单办结|disposed|办结"):
        ticket_move(status=Ticket.Status.DISPOSED, action="dispatch", roles={Role.DISPATCHER})


def test_buttons_follow_the_table():
    assert set(ticket_actions(status="pending", roles={Role.OPERATOR})) == {
        "answer",
        "dispose",
        "merge",
        "dispatch",
    }
    assert ticket_actions(status="pending", roles={Role.STREET_OFFICIAL}) == []
    assert ticket_actions(status="answered", roles={Role.OPERATOR}) == []
