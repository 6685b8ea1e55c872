"""One lock for periodic (beat) tasks: a run that finds another one going skips."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache


@contextmanager
def beat_lock(key: str, seconds: int) -> Iterator[bool]:
    """→ True while this run holds ``key``, False when another run holds it. The lock expires after
    ``seconds``, so a worker killed while holding it delays the next run by that much at most; it is
    released only by the run that took it (a run that outlived its lock leaves the next one's alone)."""
    token = uuid.uuid4().hex
    if not cache.add(key, token, timeout=seconds):
        yield False
        return
    try:
        yield True
    finally:
        if cache.get(key) == token:
            cache.delete(key)
