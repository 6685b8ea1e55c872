"""The sub-order's table, without the database: every action from every state for every standing —
the allowed moves go where the table says, every other pair raises."""

import itertools

import pytest

from dispatch.models import SubOrder
from dispatch.sub_order_states import (
    EVENT_ACTIONS,
    EVENT_LABELS,
    SUB_ORDER_MOVES,
    SUB_UNIT,
    SYSTEM,
    UNIT,
    SubOrderForbidden,
    SubOrderTransitionError,
    sub_order_actions,
    sub_order_move,
)

S = SubOrder.Status
ACTIONS = sorted(action for action in EVENT_ACTIONS if action != "issue")
STANDINGS = [
    frozenset(),
    frozenset({UNIT}),
    frozenset({SUB_UNIT}),
    frozenset({UNIT, SUB_UNIT}),
    frozenset({SYSTEM}),
]

# The whole table, written out: (state, action) → (target, who).
EXPECTED = {
    (S.ISSUED, "sign"): (S.SIGNED, SUB_UNIT),
    (S.SIGNED, "report"): (S.REPORTED, SUB_UNIT),
    (S.SENT_BACK, "report"): (S.REPORTED, SUB_UNIT),
    (S.REPORTED, "accept"): (S.ACCEPTED, UNIT),
    (S.REPORTED, "send_back"): (S.SENT_BACK, UNIT),
    (S.ISSUED, "withdraw"): (S.WITHDRAWN, UNIT),
    (S.SIGNED, "withdraw"): (S.WITHDRAWN, UNIT),
    (S.SENT_BACK, "withdraw"): (S.WITHDRAWN, UNIT),
    (S.REPORTED, "withdraw"): (S.WITHDRAWN, UNIT),
    # Only the platform, when the assignment's own work ends.
    (S.ISSUED, "lapse"): (S.WITHDRAWN, SYSTEM),
    (S.SIGNED, "lapse"): (S.WITHDRAWN, SYSTEM),
    (S.SENT_BACK, "lapse"): (S.WITHDRAWN, SYSTEM),
    (S.REPORTED, "lapse"): (S.WITHDRAWN, SYSTEM),
}


def test_the_table_is_exactly_the_expected_one():
    assert {key: (move.target, move.standing) for key, move in SUB_ORDER_MOVES.items()} == EXPECTED


@pytest.mark.parametrize(
    ("status", "action", "standings"), list(itertools.product(S.values, ACTIONS, STANDINGS))
)
def test_every_action_from_every_state_for_every_standing(status, action, standings):
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(SubOrderTransitionError):
            sub_order_move(status=status, action=action, standings=standings)
    elif expected[1] not in standings:
        with pytest.raises(SubOrderForbidden):
            sub_order_move(status=status, action=action, standings=standings)
    else:
        assert sub_order_move(status=status, action=action, standings=standings).target == expected[0]
        assert action in sub_order_actions(status=status, standings=standings)


def test_closed_orders_allow_nothing():
    for status, standings in itertools.product((S.ACCEPTED, S.WITHDRAWN), STANDINGS):
        assert sub_order_actions(status=status, standings=standings) == []


def test_every_recorded_action_has_words_for_the_timeline():
    assert set(EVENT_LABELS) == set(EVENT_ACTIONS.values())
