from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.login_lockout import login_attempt_begin, login_attempt_failed, login_attempt_succeeded
from config.client_limits import client_address


class LockoutModelBackend(ModelBackend):
    """Django's username/password check behind the sign-in lockout. Every door that signs in
    with a password (login page, admin, API token endpoint) comes through here."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        attempt = {"username": str(username), "client": client_address(request)}
        login_attempt_begin(**attempt)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_attempt_failed(**attempt)
        else:
            login_attempt_succeeded(**attempt)
        return user
