"""The beat-scheduled freeze of last month's rankings. It takes no ids: it looks for what is missing."""

import logging
import uuid

from celery import shared_task
from django.core.cache import cache

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
    token = uuid.uuid4().hex
    if not cache.add(LOCK_KEY, token, timeout=LOCK_SECONDS):
        logger.info("ranking freeze skipped: another run holds the lock")
        return {"skipped": True}
    try:
        return snapshots_freeze_last_month()
    finally:
        if cache.get(LOCK_KEY) == token:
            cache.delete(LOCK_KEY)
