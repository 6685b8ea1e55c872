"""The sweep loop with stand-in kinds and rows: which batches it takes in which order, when it stops,
what it counts; and, against the database, that each batch is one transaction of its own."""

from collections import Counter
from contextlib import contextmanager

import pytest
from django.utils import timezone

from core import sweep as sweep_module
from core.outbox.models import OutboxTask
from core.sweep import Settled, SweepTally, sweep_batches


class Backlog:
    """Rows due per kind; ``held`` rows are locked by someone else (fetched, never handled)."""

    def __init__(self, due: dict[str, int], *, held: dict[str, int] | None = None):
        self.rows = {kind: [f"{kind}{n}" for n in range(count)] for kind, count in due.items()}
        self.held = held or {}
        self.log: list[tuple] = []

    def fetch(self, kind, limit):
        self.log.append(("fetch", kind, limit))
        return self.rows[kind][:limit]

    def settle(self, kind, rows):
        self.log.append(("settle", kind, list(rows)))
        handled = [row for row in rows if row not in self.held.get(kind, ())]
        self.rows[kind] = [row for row in self.rows[kind] if row not in handled]
        return Settled(handled=len(handled), recorded={kind: len(handled), "rows": len(handled)})

    def sweep(self, kinds=("a", "b"), *, batch_size=2, max_batches=50):
        return sweep_batches(
            list(kinds), fetch=self.fetch, settle=self.settle, batch_size=batch_size, max_batches=max_batches
        )

    def settled(self):
        return [(kind, rows) for step, kind, rows in self.log if step == "settle"]


@pytest.fixture(autouse=True)
def transactions(request, monkeypatch):
    """A stand-in for ``transaction.atomic`` that logs where each batch's transaction begins and
    ends, so that the loop's tests need no database (those marked ``django_db`` keep the real one)."""
    log = []
    if request.node.get_closest_marker("django_db"):
        return log

    @contextmanager
    def atomic():
        log.append("begin")
        try:
            yield
        finally:
            log.append("end")

    monkeypatch.setattr(sweep_module.transaction, "atomic", atomic)
    return log


def test_kinds_take_turns_one_batch_each_until_each_comes_back_short():
    backlog = Backlog({"a": 5, "b": 2})

    tally = backlog.sweep(batch_size=2)

    assert backlog.log == [
        ("fetch", "a", 2),
        ("settle", "a", ["a0", "a1"]),
        ("fetch", "b", 2),
        ("settle", "b", ["b0", "b1"]),
        ("fetch", "a", 2),
        ("settle", "a", ["a2", "a3"]),
        ("fetch", "b", 2),  # b's batch was full: look once more; nothing, b leaves the round
        ("fetch", "a", 2),
        ("settle", "a", ["a4"]),  # short: a is done too
    ]
    assert tally == SweepTally(batches=4, recorded=Counter({"a": 5, "b": 2, "rows": 7}))
    assert backlog.rows == {"a": [], "b": []}


def test_nothing_due_is_one_fetch_per_kind_and_an_empty_tally():
    backlog = Backlog({"a": 0, "b": 0})

    assert backlog.sweep() == SweepTally()
    assert backlog.log == [("fetch", "a", 2), ("fetch", "b", 2)]


def test_max_batches_leaves_the_rest_for_the_next_run():
    backlog = Backlog({"a": 6, "b": 6})

    first = backlog.sweep(batch_size=2, max_batches=3)

    assert first == SweepTally(batches=3, recorded=Counter({"a": 4, "b": 2, "rows": 6}))
    assert backlog.settled() == [("a", ["a0", "a1"]), ("b", ["b0", "b1"]), ("a", ["a2", "a3"])]
    rest = backlog.sweep(batch_size=2)
    assert rest.recorded == {"a": 2, "b": 4, "rows": 6}
    assert backlog.rows == {"a": [], "b": []}


def test_a_kind_whose_rows_are_all_held_elsewhere_leaves_the_round():
    backlog = Backlog({"a": 4, "b": 3}, held={"a": {"a0", "a1"}})

    tally = backlog.sweep(batch_size=2)

    # a's full batch handled nothing: what is left is someone else's for now; b goes on alone.
    assert backlog.settled() == [("a", ["a0", "a1"]), ("b", ["b0", "b1"]), ("b", ["b2"])]
    assert tally == SweepTally(batches=3, recorded=Counter({"a": 0, "b": 3, "rows": 3}))
    assert backlog.rows["a"] == ["a0", "a1", "a2", "a3"]


def test_a_batch_partly_held_elsewhere_goes_on():
    backlog = Backlog({"a": 3}, held={"a": {"a0"}})

    tally = backlog.sweep(kinds=["a"], batch_size=2)

    # The held row comes back in every batch; the others are handled around it.
    assert backlog.settled() == [("a", ["a0", "a1"]), ("a", ["a0", "a2"]), ("a", ["a0"])]
    assert tally == SweepTally(batches=3, recorded=Counter({"a": 2, "rows": 2}))


def test_each_batch_is_fetched_and_settled_in_one_transaction_of_its_own(transactions):
    backlog = Backlog({"a": 3})
    seen = []  # (step, transactions begun, transactions ended) when each step ran
    fetch, settle = backlog.fetch, backlog.settle
    backlog.fetch = lambda kind, limit: seen.append(("fetch", *_count(transactions))) or fetch(kind, limit)
    backlog.settle = lambda kind, rows: seen.append(("settle", *_count(transactions))) or settle(kind, rows)

    backlog.sweep(kinds=["a"], batch_size=2)

    assert seen == [("fetch", 1, 0), ("settle", 1, 0), ("fetch", 2, 1), ("settle", 2, 1)]
    assert transactions == ["begin", "end", "begin", "end"]


def _count(transactions):
    return transactions.count("begin"), transactions.count("end")


@pytest.mark.django_db
def test_a_failing_batch_rolls_back_alone_and_stops_the_sweep():
    due = ["a0", "a1", "a2", "a3"]
    settled = []

    def settle(kind, rows):
        OutboxTask.objects.create(task="test.sweep", dedupe_key=f"sweep:{rows[0]}", due_at=timezone.now())
        if settled:
            raise RuntimeError("the second batch fails after writing")
        settled.extend(rows)
        return Settled(handled=len(rows))

    with pytest.raises(RuntimeError):
        sweep_batches(
            ["a"],
            fetch=lambda kind, limit: [row for row in due if row not in settled][:limit],
            settle=settle,
            batch_size=2,
            max_batches=50,
        )

    assert list(OutboxTask.objects.values_list("dedupe_key", flat=True)) == ["sweep:a0"]
