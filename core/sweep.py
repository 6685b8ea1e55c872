"""The loop every enforcement sweep shares: take a locked batch of due rows, settle it, and go on
batch by batch until nothing is left or the run has had its share.

Each sweep keeps its own queries, flags, alert rows and notices; this module only knows that there
are a few *kinds* of lateness to sweep (a warning and a breach, a late acknowledgement and a late
arrival), that each batch is one transaction, and when to stop. The batch query must lock its rows
with ``select_for_update(skip_locked=True)``: the transaction below holds those locks while the
batch is settled, so that two workers settle different rows."""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction

Kind = TypeVar("Kind")
Row = TypeVar("Row")


@dataclass(frozen=True)
class Settled:
    """What settling one batch did."""

    handled: int  # rows of the batch it dealt with; the others are held elsewhere and come back later
    recorded: Mapping[str, int] = field(default_factory=dict)  # counts for the sweep's report


@dataclass
class SweepTally:
    batches: int = 0  # batches that found rows
    recorded: Counter[str] = field(default_factory=Counter)


def sweep_batches(
    kinds: Sequence[Kind],
    *,
    fetch: Callable[[Kind, int], Sequence[Row]],
    settle: Callable[[Kind, Sequence[Row]], Settled],
    batch_size: int,
    max_batches: int,
) -> SweepTally:
    """Sweep ``kinds`` in turn, one batch of each per round, so that a long backlog of one does not
    starve the others; a kind leaves the round when its batch comes back short (nothing is left) or
    when none of its rows could be handled (what is left is held by someone else right now: the next
    run will see it). ``fetch(kind, batch_size)`` returns at most ``batch_size`` locked rows;
    ``settle(kind, rows)`` is called in the same transaction, with the rows, when there are any.
    After ``max_batches`` batches that found rows the rest is left for the next run."""
    tally = SweepTally()
    pending = list(kinds)
    while pending and tally.batches < max_batches:
        for kind in list(pending):
            if tally.batches >= max_batches:
                break
            with transaction.atomic():
                rows = fetch(kind, batch_size)
                settled = settle(kind, rows) if rows else Settled(handled=0)
            if rows:
                tally.batches += 1
            tally.recorded.update(settled.recorded)
            if len(rows) < batch_size or not settled.handled:
                pending.remove(kind)
    return tally
