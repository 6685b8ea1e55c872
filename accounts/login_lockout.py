"""Sign-in lockout: after ``LOGIN_LOCKOUT_FAILURES`` wrong passwords for one username from one
client within ``LOGIN_LOCKOUT_WINDOW_SECONDS``, that username is refused from that client (even
with the right password) for ``LOGIN_LOCKOUT_COOLDOWN_SECONDS``. Other clients are not affected,
so an attacker cannot lock a user out everywhere.

Each attempt takes its count *before* the password is checked, so concurrent guesses cannot
exceed the limit; a successful sign-in clears the count. State lives in the cache (Redis in
production), where counters are atomic and expire by themselves."""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from config.client_limits import window_count

logger = logging.getLogger(__name__)


class LoginLocked(PermissionDenied):
    """Raised from the authentication backend; Django's ``authenticate`` then answers None."""


def _keys(*, username: str, client: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{username}\0{client}".encode()).hexdigest()[:40]
    return f"login-attempts:{digest}", f"login-locked:{digest}"


def login_lock_seconds(*, username: str, client: str) -> int:
    """Seconds until ``username`` may sign in again from ``client``; 0 when not locked."""
    _attempts, locked = _keys(username=username, client=client)
    until = cache.get(locked)
    return max(math.ceil(until - time.time()), 0) if until else 0


def login_attempt_begin(*, username: str, client: str) -> None:
    """Counts an attempt about to be checked; raises LoginLocked when none is allowed."""
    attempts, _locked = _keys(username=username, client=client)
    if login_lock_seconds(username=username, client=client):
        raise LoginLocked
    if window_count(attempts, window_seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS) > (
        settings.LOGIN_LOCKOUT_FAILURES
    ):
        # Guesses sent together with the last allowed one: refused while it is being checked.
        raise LoginLocked


def login_attempt_failed(*, username: str, client: str) -> None:
    """After a wrong password: locks the pair once its failures reach the limit."""
    attempts, locked = _keys(username=username, client=client)
    if (cache.get(attempts) or 0) < settings.LOGIN_LOCKOUT_FAILURES:
        return
    cooldown = settings.LOGIN_LOCKOUT_COOLDOWN_SECONDS
    if cache.add(locked, time.time() + cooldown, cooldown):
        # The cooldown replaces the window: afterwards the user has the full number of tries.
        cache.delete(attempts)
        logger.warning(
            "sign-in locked: username=%r client=%s after %d failures, for %d s",
            username,
            client or "-",
            settings.LOGIN_LOCKOUT_FAILURES,
            cooldown,
        )


def login_attempt_succeeded(*, username: str, client: str) -> None:
    attempts, _locked = _keys(username=username, client=client)
    cache.delete(attempts)
