"""The base for tasks published from the outbox, the drain that runs drained tasks in batches, and
the beat-scheduled relay."""

import logging

import kombu.exceptions
from celery import Task, shared_task
from django.db import DatabaseError, OperationalError

from core.locks import single_run
from core.outbox.drain import outbox_drain
from core.outbox.services import outbox_failed, outbox_relay

logger = logging.getLogger(__name__)

# Worth trying again soon: a deadlock or serialization failure (psycopg2's DeadlockDetected and
# SerializationFailure reach us as Django's OperationalError), a locked SQLite file, a broker that
# is briefly away (the task's own publishes, a retry's publish).
TRANSIENT_ERRORS = (OperationalError, kombu.exceptions.OperationalError)

RELAY_LOCK_KEY = "outbox:relay:lock"
# Longer than a relay run (one capped batch); short enough that a worker killed while holding it
# delays the relay by two minutes at most.
RELAY_LOCK_SECONDS = 120


class OutboxedTask(Task):
    """A task the outbox publishes. It receives ``outbox_id`` among its keyword arguments and calls
    ``outbox_done(outbox_id)`` once its service has succeeded. Transient errors are retried with
    exponential backoff (1, 2, 4 … s, jittered); after the last retry the row stays not done and the
    relay publishes it again later. Failures are written on the row for the people who watch it."""

    autoretry_for = TRANSIENT_ERRORS
    max_retries = 6
    retry_backoff = True
    retry_backoff_max = 60
    retry_jitter = True

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        _note_failure(kwargs, exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        _note_failure(kwargs, exc)


def _note_failure(kwargs: dict, exc: BaseException) -> None:
    try:
        outbox_failed(outbox_id=kwargs.get("outbox_id"), error=exc)
    except DatabaseError:  # the database may be what failed; the row stays due for the relay anyway
        logger.exception("outbox: could not record a task's failure")


@shared_task(name="outbox.relay")
def relay_outbox() -> dict:
    """Publish again what is due. A run that finds another one going skips: two relays at once
    would only publish the same rows twice, which idempotent tasks absorb, but it is wasted work."""
    with single_run(RELAY_LOCK_KEY, RELAY_LOCK_SECONDS) as held:
        if not held:
            logger.info("outbox relay skipped: another run holds the lock")
            return {"skipped": True}
        return outbox_relay()


@shared_task(name="outbox.drain")
def drain_outbox(task_name: str) -> int:
    """Run the due rows of a drained task in batches until none is due (core.outbox.drain). Drains
    of the same task may run side by side: each claims rows the others do not hold."""
    return outbox_drain(task_name)
