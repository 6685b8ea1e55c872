"""The assignment table for every role, state, action and standing — without the database."""

import itertools

import pytest

from dispatch.assignment_states import (
    ASSIGNMENT_MOVES,
    CITIZEN,
    HOTLINE,
    UNIT,
    AssignmentForbidden,
    AssignmentTransitionError,
    assignment_actions,
    assignment_move,
)
from dispatch.models import Assignment

ACTIONS = sorted({action for _role, _state, action in ASSIGNMENT_MOVES})
STANDINGS = [
    frozenset(),
    frozenset({UNIT}),
    frozenset({HOTLINE}),
    frozenset({UNIT, HOTLINE}),
    frozenset({CITIZEN}),
]


@pytest.mark.parametrize(
    ("role", "status", "action", "standings"),
    list(itertools.product(Assignment.Role.values, Assignment.Status.values, ACTIONS, STANDINGS)),
)
def test_every_role_state_action_and_standing(role, status, action, standings):
    move = ASSIGNMENT_MOVES.get((role, status, action))
    if move is None:
        with pytest.raises(AssignmentTransitionError):
            assignment_move(role=role, status=status, action=action, standings=standings)
    elif move.standing in standings:
        assert assignment_move(role=role, status=status, action=action, standings=standings) is move
    else:
        with pytest.raises(AssignmentForbidden):
            assignment_move(role=role, status=status, action=action, standings=standings)


@pytest.mark.parametrize(
    ("status", "action", "target", "standing"),
    [
        ("dispatched", "sign", "signed", UNIT),
        ("signed", "contact", "contacted", UNIT),
        ("contacted", "start", "in_progress", UNIT),
        ("in_progress", "reply", "replied", UNIT),
        ("contacted", "cannot_solve", "replied", UNIT),
        ("replied", "callback", "called_back", HOTLINE),
        ("called_back", "close", "closed", HOTLINE),
        ("called_back", "redo", "dispatched", HOTLINE),
        ("signed", "request_return", "returning", UNIT),
        ("returning", "approve_return", "returned", HOTLINE),
        ("returning", "refuse_return", "signed", HOTLINE),
        ("in_progress", "request_extension", "in_progress", UNIT),
        ("in_progress", "decide_extension", "in_progress", HOTLINE),
        ("contacted", "escalate", "contacted", UNIT),
        ("replied", "web_callback", "called_back", CITIZEN),
        ("dispatched", "callback_expired", "called_back", HOTLINE),
        ("signed", "callback_expired", "called_back", HOTLINE),
        ("contacted", "callback_expired", "called_back", HOTLINE),
        ("in_progress", "callback_expired", "called_back", HOTLINE),
        ("signed", "request_relay", "signed", UNIT),
        ("signed", "relay_contact", "contacted", HOTLINE),
    ],
)
def test_the_lead_units_path(status, action, target, standing):
    move = assignment_move(role="lead", status=status, action=action, standings={standing})
    assert (move.target, move.standing) == (target, standing)


def test_assisting_units_sign_and_report_only():
    assert assignment_actions(role="assist", status="dispatched", standings={UNIT}) == [
        "sign",
        "request_return",
    ]
    assert assignment_actions(role="assist", status="signed", standings={UNIT}) == [
        "report",
        "request_return",
    ]
    with pytest.raises(AssignmentTransitionError):
        assignment_move(role="assist", status="signed", action="reply", standings={UNIT})


def test_the_message_names_the_current_state():
    with pytest.raises(AssignmentTransitionError, match="已回访|Called back"):
        assignment_move(role="lead", status="called_back", action="sign", standings={UNIT})


def test_the_citizen_through_the_link_may_only_answer_the_callback():
    citizen_moves = {key for key, move in ASSIGNMENT_MOVES.items() if move.standing == CITIZEN}
    assert citizen_moves == {("lead", "replied", "web_callback")}


def test_variants_are_recorded_as_the_step_they_stand_for():
    recorded = {action: move.records for (_r, _s, action), move in ASSIGNMENT_MOVES.items() if move.records}
    assert recorded == {
        "web_callback": "callback",
        "callback_expired": "callback",
        "relay_contact": "contact",
    }


@pytest.mark.parametrize("status", ["replied", "called_back", "closed", "returning", "returned"])
def test_no_callback_on_expiry_once_replied_or_out_of_the_units_hands(status):
    with pytest.raises(AssignmentTransitionError):
        assignment_move(role="lead", status=status, action="callback_expired", standings={HOTLINE})
    with pytest.raises(AssignmentTransitionError):
        assignment_move(role="assist", status="signed", action="callback_expired", standings={HOTLINE})
