"""The beat-scheduled bulletin work: it takes no ids; each run generates what the schedule makes due
and is missing (see bulletins.services)."""

import logging

from celery import shared_task

from bulletins.services import bulletins_generate_due
from core.locks import single_run

logger = logging.getLogger(__name__)

LOCK_KEY = "bulletins:generate-due:lock"
# Longer than one run (a monthly bulletin reads the kept figures and the snapshots: seconds).
LOCK_SECONDS = 15 * 60


@shared_task(name="bulletins.generate_due")
def generate_due() -> dict:
    """Run twice, it leaves one bulletin per period (the unique constraint); a run that finds another
    one going skips."""
    with single_run(LOCK_KEY, LOCK_SECONDS) as held:
        if not held:
            logger.info("bulletins skipped: another run holds the lock")
            return {"skipped": True}
        return bulletins_generate_due()
