"""One-time SMS codes that prove a citizen holds a phone: sent through the SMS gateway, kept only
as a keyed hash, dead once used, expired (CITIZEN_CODE_LIFETIME_MINUTES) or tried wrongly
CITIZEN_CODE_MAX_ATTEMPTS times. Only the newest code of a phone counts."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from citizenreports.models import PhoneCode
from hotline.caller import ascii_digits
from sms.gateways import SmsGatewayError, configured_gateway

# The provider de-duplicates on the message id it is given, and sms.SmsMessage ids start at 1 too:
# codes take ids from this base up so that a code never shares an id with a ticket's message.
MESSAGE_ID_BASE = 10**12


class CodeRefused(Exception):
    """The code does not prove the phone; ``str(exc)`` says why, for the citizen."""


class CodeNotSent(Exception):
    """The gateway did not take the message."""


def ascii_number(text: str) -> str:
    """Digits typed in any script, as ASCII, without spaces."""
    return "".join(ascii_digits(text or "").split())


def _digest(phone: str, code: str) -> str:
    return salted_hmac("citizenreports.phone_code", f"{phone}:{code}", algorithm="sha256").hexdigest()


def phone_code_send(*, phone: str, client: str) -> PhoneCode:
    """Write a new code for ``phone`` and send it. The row is written first so that it counts
    against the limits even when the gateway fails; a code the gateway refused is dead at once."""
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    row = PhoneCode.objects.create(
        phone=phone,
        code_hash=_digest(phone, code),
        client=client,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.CITIZEN_CODE_LIFETIME_MINUTES),
    )
    with translation.override(settings.SMS_LANGUAGE):
        text = _(
            "Your verification code is %(code)s, valid for %(minutes)s minutes. Do not tell it to anyone."
        ) % {"code": code, "minutes": settings.CITIZEN_CODE_LIFETIME_MINUTES}
    try:
        configured_gateway().send(
            phone=phone, text=text, sign=settings.SMS_SIGN, message_id=MESSAGE_ID_BASE + row.pk
        )
    except SmsGatewayError as exc:
        PhoneCode.objects.filter(pk=row.pk).update(send_error=str(exc)[:200], expires_at=now)
        raise CodeNotSent from exc
    return row


def phone_code_check(*, phone: str, code: str) -> PhoneCode:
    """The phone's newest code when ``code`` is it; raises CodeRefused otherwise. Every check,
    right or wrong, takes one try (a compare-and-set, so concurrent guesses cannot pass the
    limit); call it outside the transaction that files the report, so a wrong try stays counted."""
    code = ascii_number(code)
    row = PhoneCode.objects.filter(phone=phone, send_error="").order_by("-created_at", "-pk").first()
    if row is None:
        raise CodeRefused(_("Ask for an SMS code first."))
    if row.used_at is not None:
        raise CodeRefused(_("This code has already been used. Ask for a new one."))
    if row.expires_at <= timezone.now():
        raise CodeRefused(_("The SMS code has expired. Ask for a new one."))
    tried = PhoneCode.objects.filter(
        pk=row.pk, used_at__isnull=True, attempts__lt=settings.CITIZEN_CODE_MAX_ATTEMPTS
    ).update(attempts=F("attempts") + 1)
    if not tried:
        raise CodeRefused(_("Too many wrong codes. Ask for a new one."))
    if not constant_time_compare(row.code_hash, _digest(phone, code)):
        raise CodeRefused(_("The SMS code is wrong."))
    return row


def phone_code_use(*, row: PhoneCode) -> None:
    """Spend the code: inside the transaction that files the report, so a report that fails
    leaves it unspent, and two reports racing with one code file once."""
    used = PhoneCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not used:
        raise CodeRefused(_("This code has already been used. Ask for a new one."))
