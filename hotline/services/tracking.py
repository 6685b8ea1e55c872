"""Public ticket tracking: ticket number + last four digits of the caller's phone, rate-limited so
the pair cannot be guessed."""

import re

from django.conf import settings
from django.core.cache import cache

from hotline.caller import phone_last_four
from hotline.models import Ticket

NUMBER = re.compile(r"^(\d{8})-?(\d{6})$")


class TooManyAttempts(Exception):
    pass


def _failures_key(client: str) -> str:
    return f"tracking-failures:{client}"


def tracking_lookup(*, number: str, last_four: str, client: str) -> Ticket | None:
    """The ticket when both match; None otherwise. Each miss counts against the client (its IP
    address); past the limit every look-up is refused until the window passes."""
    key = _failures_key(client)
    if cache.get(key, 0) >= settings.HOTLINE_TRACKING_MAX_FAILURES:
        raise TooManyAttempts
    match = NUMBER.match(re.sub(r"\s", "", number or ""))
    ticket = None
    if match and re.fullmatch(r"\d{4}", last_four or ""):
        ticket = (
            Ticket.objects.select_related("master")
            .filter(number=f"{match[1]}-{match[2]}", caller_anonymous=False)
            .first()
        )
        if ticket is not None and phone_last_four(ticket.caller_phone) != last_four:
            ticket = None
    if ticket is None:
        cache.add(key, 0, settings.HOTLINE_TRACKING_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.HOTLINE_TRACKING_WINDOW_SECONDS)
    return ticket
