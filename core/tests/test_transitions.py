"""The compare-and-set step, without the database: a stand-in manager records the statement the
helper builds and answers how many rows it changed."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from core.transitions import TransitionError, TransitionForbidden, transition_apply


@dataclass(frozen=True)
class Move:
    target: str


# A small table: draft or queued → sent by a "writer"; sent → read by a "reader".
TABLE = {
    ("draft", "send"): ("sent", "writer"),
    ("queued", "send"): ("sent", "writer"),
    ("sent", "read"): ("read", "reader"),
}


class LetterConflict(TransitionError):
    pass


class LetterForbidden(TransitionForbidden):
    pass


def letter_move(status, action, roles):
    if (status, action) not in TABLE:
        raise LetterConflict(f"cannot {action} while {status}")
    target, role = TABLE[status, action]
    if role not in roles:
        raise LetterForbidden("not yours")
    return Move(target)


class Rows:
    """The manager of the stand-in model: one row per pk, in the state ``stored``."""

    def __init__(self, stored):
        self.stored = stored
        self.statements = []

    def filter(self, **where):
        return SimpleNamespace(update=lambda **values: self._update(where, values))

    def _update(self, where, values):
        self.statements.append((where, values))
        if self.stored.get(where["pk"]) != where["status"]:
            return 0
        self.stored[where["pk"]] = values["status"]
        return 1

    def values_list(self, field, flat):
        return SimpleNamespace(get=lambda pk: self.stored[pk])


def letter(pk, status, stored):
    model = type(
        "Letter", (), {"_default_manager": Rows(stored), "_meta": SimpleNamespace(model_name="letter")}
    )
    row = model()
    row.pk, row.status = pk, status
    return row


def send(row, roles=frozenset({"writer"}), **kw):
    return transition_apply(
        row=row, move_for=lambda status: letter_move(status, "send", roles), conflict=LetterConflict, **kw
    )


def test_the_row_moves_only_from_the_state_it_was_read_in():
    row = letter(1, "draft", {1: "draft"})
    move = send(row, changes={"sent_by": "ann"})
    assert move == Move("sent")
    rows = type(row)._default_manager
    assert rows.statements == [({"pk": 1, "status": "draft"}, {"status": "sent", "sent_by": "ann"})]
    assert rows.stored == {1: "sent"}


def test_the_table_refuses_before_anything_is_written():
    row = letter(1, "draft", {1: "draft"})
    with pytest.raises(LetterForbidden):
        send(row, roles=frozenset({"reader"}))
    with pytest.raises(LetterConflict, match="cannot read while draft"):
        transition_apply(row=row, move_for=lambda status: letter_move(status, "read", {"reader"}))
    assert type(row)._default_manager.statements == []


def test_a_row_moved_meanwhile_is_refused_naming_the_state_it_is_in_now():
    row = letter(1, "draft", {1: "sent"})  # read as draft; someone sent it since
    with pytest.raises(LetterConflict, match="cannot send while sent"):
        send(row)
    assert type(row)._default_manager.stored == {1: "sent"}


def test_a_row_moved_meanwhile_is_refused_even_where_the_table_would_allow_the_move_from_there():
    stored = {7: "queued"}
    row = letter(7, "draft", stored)  # read as a draft; queued since, from where it may be sent too
    with pytest.raises(LetterConflict, match="^letter 7 changed meanwhile") as refused:
        send(row)
    assert isinstance(refused.value, TransitionError)
    assert stored == {7: "queued"}


def test_the_conflict_names_the_row_as_the_caller_labels_it():
    row = letter(1, "draft", {1: "queued"})
    with pytest.raises(LetterConflict, match="^letter N-1 changed meanwhile"):
        send(row, label="letter N-1")
