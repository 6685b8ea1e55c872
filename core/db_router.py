"""Reads that may come from a PostgreSQL streaming replica, and the router that sends them there.

Nothing reads from the replica unless the code asks: inside ``reading_from_replica()`` (a context
manager and a decorator) reads go to the ``replica`` alias when ``DATABASE_REPLICA_URL`` configured
one, to ``default`` when not. Everything else stays on ``default``: every write, every read outside
the block, and every read inside a transaction on ``default`` (it may be followed by a write that
depends on it, and a standby refuses ``SELECT … FOR UPDATE``). Migrations run on ``default`` only;
the replica receives the schema through replication.

A replica lags its primary by a little (usually well under a second): only code that can show
figures a moment old asks for it — the metrics and analysis pages (``core.replica_middleware``)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """``with reading_from_replica():`` or ``@reading_from_replica()``: reads inside go to the
    replica (see ``read_alias``). Nests, and restores the previous choice on the way out; a context
    variable, so each thread and async task has its own."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def read_alias() -> str:
    """The alias reads go to here and now (what the router answers, for any model)."""
    if _replica_reads.get() and replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return REPLICA
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reads as ``read_alias()`` says, writes and migrations on default."""

    def db_for_read(self, model, **hints) -> str:
        return read_alias()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows as default: an object read from one may point to the other.
        together = {obj1._state.db, obj2._state.db}
        return True if together <= {DEFAULT_DB_ALIAS, REPLICA, None} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
