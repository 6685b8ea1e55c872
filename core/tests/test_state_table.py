"""The shared state-table lookup, without the database: a table's own errors, its standings."""

import pytest

from core.transitions import Move, TransitionError, TransitionForbidden, table_actions, table_move

MOVES = {
    ("open", "answer"): Move("answered", "owner", "Answer"),
    ("answered", "close"): Move("closed", "creator", "Close"),
    ("answered", "send_back"): Move("open", "creator", "Send back"),
}


class NotNow(TransitionError):
    pass


class NotYou(TransitionForbidden):
    pass


def _move(status, action, standings):
    return table_move(
        MOVES,
        status=status,
        action=action,
        standings=standings,
        not_possible=lambda label: NotNow(f"{label} / {status}"),
        forbidden=lambda: NotYou(),
    )


def test_an_allowed_move_for_its_standing():
    assert _move("open", "answer", {"owner"}).target == "answered"


def test_a_move_the_state_does_not_allow_names_its_label():
    with pytest.raises(NotNow, match="Close / open"):
        _move("open", "close", {"creator"})
    with pytest.raises(NotNow, match="fly / open"):
        _move("open", "fly", {"creator"})


def test_a_move_for_another_standing_is_forbidden():
    with pytest.raises(NotYou):
        _move("answered", "close", {"owner"})


def test_the_actions_open_to_a_standing():
    assert table_actions(MOVES, status="answered", standings={"creator"}) == ["close", "send_back"]
    assert table_actions(MOVES, status="answered", standings={"owner"}) == []
