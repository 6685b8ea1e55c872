"""The district each unit lies in, from one copy of the unit tree per process (core.process_copy).

Who is told about a new order (notifications.recipients) needs the district of the unit it went
to; reading the chain of parents costs a query of five self-joins per dispatch, while the tree
changes a few times a year. The copy is dropped when a unit is saved or deleted (units.apps) and
checked against a fingerprint every ROUTING_RECHECK_SECONDS for bulk writes; a unit it does not
know yet (made in another process a moment ago) is read from the database."""

from collections.abc import Iterable

from django.db.models import Count, Max

from core.process_copy import ProcessCopy
from units.models import Unit

# City → district → street → community → station is the deepest chain above a unit.
MAX_DEPTH = 5


def _districts_in(rows: dict[int, tuple[int | None, str]]) -> dict[int, int | None]:
    """unit id → its district's id, or None when its chain of parents reaches none (city level)."""
    districts: dict[int, int | None] = dict.fromkeys(rows)
    for unit_id in rows:
        at = unit_id
        for _depth in range(MAX_DEPTH):
            if at is None or at not in rows:
                break
            parent_id, kind = rows[at]
            if kind == Unit.Kind.DISTRICT:
                districts[unit_id] = at
                break
            at = parent_id
    return districts


def _build() -> dict[int, int | None]:
    return _districts_in(
        {pk: (parent, kind) for pk, parent, kind in Unit.objects.values_list("pk", "parent_id", "kind")}
    )


def _fingerprint() -> tuple:
    return tuple(Unit.objects.aggregate(rows=Count("pk"), last=Max("pk"), parents=Count("parent")).values())


_copy: ProcessCopy[dict[int, int | None]] = ProcessCopy(
    name="units.tree", build=_build, fingerprint=_fingerprint
)


def _read(unit_ids: set[int]) -> dict[int, int]:
    """The chain of parents of ``unit_ids`` in one query."""
    chain = [f"{'parent__' * depth}{name}" for depth in range(MAX_DEPTH) for name in ("id", "kind")]
    districts: dict[int, int] = {}
    for row in Unit.objects.filter(pk__in=unit_ids).order_by().values_list(*chain):
        for depth in range(MAX_DEPTH):
            if row[2 * depth + 1] == Unit.Kind.DISTRICT:
                districts[row[0]] = row[2 * depth]
                break
    return districts


def unit_districts(unit_ids: Iterable[int]) -> dict[int, int]:
    """unit id → the district it lies in (a district is its own); city-level units have none."""
    unit_ids = set(unit_ids)
    known = _copy.get()
    districts = {pk: known[pk] for pk in unit_ids if known.get(pk) is not None}
    unknown = {pk for pk in unit_ids if pk not in known}
    if unknown:  # newer than the copy
        districts.update(_read(unknown))
    return districts


def unit_tree_changed(**_signal) -> None:
    """Receiver for saves and deletes of units."""
    _copy.invalidate()


def unit_tree_forget() -> None:
    """Drop this process's copy only (tests: rows a rolled-back test made must not linger)."""
    _copy.forget()
