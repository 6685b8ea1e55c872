"""API tokens that expire: ``API_TOKEN_TTL_HOURS`` after they were issued a token answers 401, and
obtaining a token again issues a new one (accounts/api.py has the endpoint). Kept free of DRF's
views: DRF imports this module while it is loading its own settings."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def api_token_expires(token: Token) -> datetime:
    return token.created + timedelta(hours=settings.API_TOKEN_TTL_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if api_token_expires(token) <= timezone.now():
            raise exceptions.AuthenticationFailed(_("Token has expired. Obtain a new one."))
        return user, token


@transaction.atomic
def api_token_issue(*, user) -> Token:
    """The user's token; a new one when it has none or it has expired (the old key stops working)."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and api_token_expires(token) <= timezone.now():
        token.delete()
        token = None
    return token or Token.objects.create(user=user)
