"""The API token endpoint: throttled per client and behind the sign-in lockout
(accounts/login_lockout.py) that the login page shares."""

from django.conf import settings
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, renderers, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.api_tokens import api_token_expires, api_token_issue
from accounts.login_lockout import login_lock_seconds
from config.client_limits import client_address


class LoginLockedError(exceptions.Throttled):
    default_detail = gettext_lazy("Too many failed sign-in attempts.")
    default_code = "locked"


class TokenObtainThrottle(SimpleRateThrottle):
    """``API_TOKEN_THROTTLE_RATE`` requests per client address (config/client_limits.py)."""

    scope = "api-token"

    def get_rate(self):
        return settings.API_TOKEN_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class ApiTokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    expires = serializers.DateTimeField(read_only=True)


class ObtainApiTokenView(APIView):
    """Username and password → the user's API token and when it expires."""

    authentication_classes = ()
    permission_classes = ()
    throttle_classes = (TokenObtainThrottle,)
    renderer_classes = (renderers.JSONRenderer,)

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: ApiTokenSerializer,
            400: OpenApiResponse(description="Wrong username or password."),
            429: OpenApiResponse(description="Too many attempts from this client, or sign-in locked."),
        },
        auth=[],
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            username = (
                serializer.initial_data.get("username") if hasattr(serializer.initial_data, "get") else None
            )
            wait = isinstance(username, str) and login_lock_seconds(
                username=username, client=client_address(request)
            )
            if wait:
                raise LoginLockedError(wait=wait)
            raise exceptions.ValidationError(serializer.errors)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response(ApiTokenSerializer({"token": token.key, "expires": api_token_expires(token)}).data)
