"""The beat-scheduled freeze of last month's rankings. It takes no ids: it looks for what is missing."""

import logging

from celery import shared_task

from core.locks import beat_lock
from metrics.services import snapshots_freeze_last_month

logger = logging.getLogger(__name__)

LOCK_KEY = "metrics:freeze-last-month:lock"
# Longer than one computation of every kind of unit; a worker killed while holding it delays the
# freeze to the next daily run at most.
LOCK_SECONDS = 30 * 60


@shared_task(name="metrics.freeze_last_month")
def freeze_last_month() -> dict:
    """Freeze last month's rankings that are not frozen yet. A run that finds another one going
    skips: that saves work only, since the unique version constraint makes one version 1 anyway."""
    with beat_lock(LOCK_KEY, LOCK_SECONDS) as held:
        if not held:
            logger.info("ranking freeze skipped: another run holds the lock")
            return {"skipped": True}
        return snapshots_freeze_last_month()
