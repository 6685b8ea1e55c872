"""Signed-in sessions end ``SESSION_IDLE_TIMEOUT_MINUTES`` after the last request, and
``SESSION_COOKIE_AGE`` seconds after sign-in however busy the user is (Django alone would renew the
cookie's age whenever the session is saved, which recording activity does)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# Activity is recorded at most this often, so that not every request writes the session.
LAST_SEEN_RESOLUTION_SECONDS = 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session, now = request.session, time.time()
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen_at = session.get(LAST_SEEN_AT, now)
        if (
            now - last_seen_at > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            or now - signed_in_at > settings.SESSION_COOKIE_AGE
        ):
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
            return
        if LAST_SEEN_AT not in session or now - last_seen_at >= LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN_AT] = now
