"""The beat-scheduled sweep. It takes no ids: it looks for whatever is due."""

import logging
from dataclasses import asdict

from celery import shared_task

from core.locks import single_run
from dispatch.enforcement.run import clocks_enforce

logger = logging.getLogger(__name__)

LOCK_KEY = "dispatch:enforce-deadlines:lock"
# Longer than a normal run, short enough that a worker killed while holding it delays
# enforcement by a couple of minutes at most (alerts keep the time they really happened).
LOCK_SECONDS = 120


@shared_task(name="dispatch.enforce_deadlines")
def enforce_deadlines() -> dict:
    """Record due warnings and breaches. A run that finds another one going skips: that saves work
    only, since two runs at once still record everything once."""
    with single_run(LOCK_KEY, LOCK_SECONDS) as held:
        if not held:
            logger.info("deadline enforcement skipped: another run holds the lock")
            return {"skipped": True}
        return asdict(clocks_enforce())
