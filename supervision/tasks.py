"""The beat-scheduled supervision sweep. It takes no ids: it looks for whatever is due."""

import logging
from dataclasses import asdict

from celery import shared_task

from core.locks import single_run
from supervision.enforcement import supervision_enforce

logger = logging.getLogger(__name__)

LOCK_KEY = "supervision:enforce:lock"
LOCK_SECONDS = 120


@shared_task(name="supervision.enforce_supervision")
def enforce_supervision() -> dict:
    """Flag and escalate overdue orders. A run that finds another one going skips: that saves work
    only, since two runs at once still flag and escalate each order once."""
    with single_run(LOCK_KEY, LOCK_SECONDS) as held:
        if not held:
            logger.info("supervision enforcement skipped: another run holds the lock")
            return {"skipped": True}
        return asdict(supervision_enforce())
