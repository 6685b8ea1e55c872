"""API tokens that expire: ``API_TOKEN_TTL_HOURS`` after they were issued a token answers 401, and
obtaining a token again issues a new one (accounts/api.py has the endpoint). Kept free of DRF's
views: DRF imports this module while it is loading its own settings.

Each process remembers a token it has checked, with its user and the user's memberships, for
``API_TOKEN_CACHE_SECONDS`` (default 5): a client calling many times a second (an operator's
console, a bulk import) costs those two queries once per interval instead of on every call. The
price is that long for a change made elsewhere to reach this process: a token replaced, a user
deactivated, a membership ended still works here for at most that many seconds. Expiry itself is
checked on every call. Each request gets its own copy of the user."""

import copy
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

_checked: dict[str, tuple[float, object, Token]] = {}
_checked_lock = threading.Lock()


def api_token_expires(token: Token) -> datetime:
    return token.created + timedelta(hours=settings.API_TOKEN_TTL_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        remembered = _checked.get(key)
        if remembered is not None and remembered[0] > time.monotonic():
            user, token = remembered[1:]
            user = copy.copy(user)
        else:
            user, token = super().authenticate_credentials(key)
            if settings.API_TOKEN_CACHE_SECONDS > 0:
                _remember(key, user, token)
        if api_token_expires(token) <= timezone.now():
            _forget(key)
            raise exceptions.AuthenticationFailed(_("Token has expired. Obtain a new one."))
        return user, token


def _remember(key: str, user, token: Token) -> None:
    from accounts.selectors import memberships_preload  # models: not while DRF loads its settings

    memberships_preload(user)
    with _checked_lock:
        if len(_checked) >= CHECKED_MAX:
            # Mostly tokens nobody uses any more: drop them all, the live ones come back.
            _checked.clear()
        _checked[key] = (time.monotonic() + settings.API_TOKEN_CACHE_SECONDS, copy.copy(user), token)


def _forget(key: str) -> None:
    with _checked_lock:
        _checked.pop(key, None)


# A process remembers at most this many tokens (each a few hundred bytes).
CHECKED_MAX = 10_000


@transaction.atomic
def api_token_issue(*, user) -> Token:
    """The user's token; a new one when it has none or it has expired (the old key stops working)."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and api_token_expires(token) <= timezone.now():
        _forget(token.key)
        token.delete()
        token = None
    return token or Token.objects.create(user=user)
