"""The outbound SMS channel. ``settings.SMS_GATEWAY`` names the class that sends (a dotted path);
it is built without arguments and reads its own settings.

Shipped: ``sms.gateways.log.LogGateway`` (the embedded default: writes each message to the log and
answers a provider id "log-<message id>") and ``sms.gateways.http.HttpGateway`` (one HTTP request
per message, as Chinese SMS providers take them, configured by ``settings.SMS_HTTP``)."""

from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string


class SmsGatewayError(Exception):
    """The gateway did not take the message."""


class GatewayUnavailable(SmsGatewayError):
    """Down, slow or overloaded (network error, timeout, HTTP 5xx or 429): worth trying again."""


class GatewayRejected(SmsGatewayError):
    """The provider answered and refused this message (bad number, bad signature, HTTP 4xx, a
    failure code): trying again would be refused again."""


@runtime_checkable
class SmsGateway(Protocol):
    def send(self, *, phone: str, text: str, sign: str, message_id: int) -> str:
        """Hand one message to the provider; → the provider's id for it. Raises SmsGatewayError."""
        ...


def configured_gateway() -> SmsGateway:
    return import_string(settings.SMS_GATEWAY)()
