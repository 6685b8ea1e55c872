"""The compare-and-set step every state table is applied with. Each domain keeps its own table (which
move leads where and who may take it), its own exceptions (subclasses of the two below) and its own
event writer; this module only moves the row, safely against a second person acting at once."""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.db import models


class TransitionError(Exception):
    """The action is not possible from the row's current state (HTTP 409)."""


class TransitionForbidden(Exception):
    """The state allows the action, but the user may not take it (HTTP 403)."""


@dataclass(frozen=True)
class Move:
    """One row of a state table: where the action leads, the standing that may take it, its words."""

    target: str
    standing: str
    label: str


def table_move(
    moves: Mapping[tuple[str, str], Move],
    *,
    status: str,
    action: str,
    standings: Collection[str],
    not_possible: Callable[[str], TransitionError],
    forbidden: Callable[[], TransitionForbidden],
) -> Move:
    """The move a table allows for ``action`` from ``status``, or the table's own errors:
    ``not_possible(action's label)`` when the state allows no such action, ``forbidden()`` when it
    does but for another standing."""
    move = moves.get((status, action))
    if move is None:
        label = next((m.label for (_state, a), m in moves.items() if a == action), action)
        raise not_possible(label)
    if move.standing not in standings:
        raise forbidden()
    return move


def table_actions(
    moves: Mapping[tuple[str, str], Move], *, status: str, standings: Collection[str]
) -> list[str]:
    """The actions a user of ``standings`` may take from ``status`` (for a page's buttons)."""
    return [
        action for (state, action), move in moves.items() if state == status and move.standing in standings
    ]


class _Move(Protocol):
    target: str


M = TypeVar("M", bound=_Move)


def transition_apply(
    *,
    row: models.Model,
    move_for: Callable[[str], M],
    changes: dict | None = None,
    conflict: type[TransitionError] = TransitionError,
    label: str = "",
    state_field: str = "status",
) -> M:
    """Look up the move from the row's state as read (``move_for(state)`` returns it or raises the
    table's TransitionError / TransitionForbidden), then ``UPDATE … SET state=target, **changes
    WHERE pk=… AND state=<as read>``. When no row changed, someone moved it meanwhile: ``move_for``
    is asked again with the state it is in now, so that its own error names that state, and if the
    table would allow the move from there too, ``conflict`` is raised all the same (the caller acted
    on what it read). Correct on SQLite and PostgreSQL alike. The caller writes its event row in the
    same transaction and refreshes ``row`` if it needs the new values."""
    read = getattr(row, state_field)
    move = move_for(read)
    manager = type(row)._default_manager
    updated = manager.filter(pk=row.pk, **{state_field: read}).update(
        **{state_field: move.target}, **(changes or {})
    )
    if not updated:
        move_for(manager.values_list(state_field, flat=True).get(pk=row.pk))
        name = label or f"{row._meta.model_name} {row.pk}"
        raise conflict(f"{name} changed meanwhile; reload and try again")
    return move
