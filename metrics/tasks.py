"""The beat-scheduled metrics work: the freeze of last month's rankings, and the live months'
figures the leaders' pages read. Neither takes ids: each looks for what is missing or due."""

import logging

from celery import shared_task

from core.locks import single_run
from metrics.services import live_figures_refresh_all, snapshots_freeze_last_month

logger = logging.getLogger(__name__)

LOCK_KEY = "metrics:freeze-last-month:lock"
# Longer than one computation of every kind of unit; a worker killed while holding it delays the
# freeze to the next daily run at most.
LOCK_SECONDS = 30 * 60


@shared_task(name="metrics.freeze_last_month")
def freeze_last_month() -> dict:
    """Freeze last month's rankings that are not frozen yet. A run that finds another one going
    skips: that saves work only, since the unique version constraint makes one version 1 anyway."""
    with single_run(LOCK_KEY, LOCK_SECONDS) as held:
        if not held:
            logger.info("ranking freeze skipped: another run holds the lock")
            return {"skipped": True}
        return snapshots_freeze_last_month()


LIVE_LOCK_KEY = "metrics:refresh-live-figures:lock"
# Longer than one run (every kind of unit for two months: tens of seconds at 2 M orders a month).
LIVE_LOCK_SECONDS = 20 * 60


@shared_task(name="metrics.refresh_live_figures")
def refresh_live_figures() -> dict:
    """Compute the live months' rankings and volumes into LiveFigures and MonthlyVolume. Run twice,
    it leaves one row per month and kind (replaced in place); a run that finds another one going
    skips."""
    with single_run(LIVE_LOCK_KEY, LIVE_LOCK_SECONDS) as held:
        if not held:
            logger.info("live figures skipped: another run holds the lock")
            return {"skipped": True}
        return live_figures_refresh_all()
