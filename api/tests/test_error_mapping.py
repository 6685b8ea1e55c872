"""Every state table's refusals reach the client the same way: a move the state does not allow is
409 ``conflict``, a move the user may not take is 403 ``permission_denied``, with the table's message."""

import pytest

from api.errors import exception_handler
from core.transitions import TransitionError, TransitionForbidden
from dispatch.assignment_states import AssignmentForbidden, AssignmentTransitionError
from hotline.ticket_states import TicketForbidden, TicketTransitionError
from streets.whistle_states import WhistleForbidden, WhistleTransitionError


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (TicketTransitionError, 409, "conflict"),
        (AssignmentTransitionError, 409, "conflict"),
        (WhistleTransitionError, 409, "conflict"),
        (TicketForbidden, 403, "permission_denied"),
        (AssignmentForbidden, 403, "permission_denied"),
        (WhistleForbidden, 403, "permission_denied"),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else str(value),
)
def test_a_state_tables_refusal_maps_to_its_status(error, status, code):
    response = exception_handler(error("not now"), context={})
    assert response.status_code == status
    assert response.data == {"error": {"status": status, "code": code, "message": "not now"}}


def test_each_state_tables_exceptions_are_the_two_the_api_maps():
    for conflict in (TicketTransitionError, AssignmentTransitionError, WhistleTransitionError):
        assert issubclass(conflict, TransitionError)
        assert not issubclass(conflict, TransitionForbidden)
    for forbidden in (TicketForbidden, AssignmentForbidden, WhistleForbidden):
        assert issubclass(forbidden, TransitionForbidden)
        assert not issubclass(forbidden, TransitionError)
