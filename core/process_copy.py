"""One copy per process of something expensive built from the database (routing's name automaton and
boundary index, intake's reference data, SMS wording), rebuilt only when the data behind it changed.

Two signals say "changed". The writer's: code that changes the data calls ``invalidate()``, which
bumps a token in Django's cache that every process reads on each use (one cache read). The
fallback: a cheap fingerprint query (counts, largest id, newest timestamp) run at most every
``ROUTING_RECHECK_SECONDS`` (default 30), for writers that forgot — a bulk import, a shell session.

A copy read on every request (intake's reference data) may trust the token it read for
``token_seconds``: one cache read per process per that interval instead of one per use; another
process's change then shows that much later."""

import threading
import time
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
DEFAULT_RECHECK_SECONDS = 30


@dataclass
class _Built(Generic[T]):
    value: T
    token: str | None
    fingerprint: Hashable
    next_check: float
    token_until: float = 0.0


class ProcessCopy(Generic[T]):
    def __init__(
        self,
        *,
        name: str,
        build: Callable[[], T],
        fingerprint: Callable[[], Hashable],
        token_seconds: float = 0,
    ):
        self.cache_key = f"core.process_copy.{name}"
        self._token_seconds = token_seconds
        self._build = build
        self._fingerprint = fingerprint
        self._built: _Built[T] | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        built = self._built
        if built is not None and time.monotonic() < min(built.token_until, built.next_check):
            return built.value
        token = cache.get(self.cache_key)
        if built is not None and built.token == token:
            built.token_until = time.monotonic() + self._token_seconds
            if time.monotonic() < built.next_check:
                return built.value
            if self._fingerprint() == built.fingerprint:
                built.next_check = time.monotonic() + _recheck_seconds()
                return built.value
        with self._lock:
            # Another thread may have rebuilt while this one waited (use its copy), or dropped the
            # copy (``forget``, ``invalidate``): read the attribute once, and build when it is empty.
            current = self._built
            if current is None or current is built:
                # Taken before building: a change made during the build shows at the next check.
                fingerprint = self._fingerprint()
                built_at = time.monotonic()
                current = _Built(
                    self._build(),
                    token,
                    fingerprint,
                    built_at + _recheck_seconds(),
                    built_at + self._token_seconds,
                )
                self._built = current
            return current.value

    def invalidate(self) -> None:
        """The data changed. This process rebuilds on its next use; the others when they read the
        bumped token. The token is bumped again after the surrounding transaction commits, so that
        a process which rebuilt in between, from the data as it was before the commit, rebuilds
        once more."""
        self.forget()
        self._bump()
        transaction.on_commit(self._bump)

    def forget(self) -> None:
        """Drop this process's copy only (it was found to be stale)."""
        self._built = None

    def _bump(self) -> None:
        cache.set(self.cache_key, uuid.uuid4().hex, timeout=None)


def _recheck_seconds() -> float:
    return getattr(settings, "ROUTING_RECHECK_SECONDS", DEFAULT_RECHECK_SECONDS)
