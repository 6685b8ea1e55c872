"""Public ticket tracking: ticket number + last four digits of the caller's phone, rate-limited so
the pair cannot be guessed."""

import hashlib
import re

from django.conf import settings

from config.client_limits import window_count, window_uncount
from hotline.caller import phone_last_four
from hotline.models import Ticket

NUMBER = re.compile(r"^(\d{8})-?(\d{6})$")


class TooManyAttempts(Exception):
    pass


def _limits(*, number: str, client: str) -> list[tuple[str, int]]:
    """(counter key, failures allowed) per limit: guesses at one ticket from one client, and
    guesses at any ticket from one client."""
    digest = hashlib.sha256(number.encode()).hexdigest()[:32]
    return [
        (f"tracking-failures:{client}:{digest}", settings.HOTLINE_TRACKING_MAX_FAILURES),
        (f"tracking-failures:{client}", settings.HOTLINE_TRACKING_CLIENT_MAX_FAILURES),
    ]


def _matching_ticket(*, number: str, last_four: str) -> Ticket | None:
    match = NUMBER.match(number)
    if not match or not re.fullmatch(r"\d{4}", last_four or ""):
        return None
    ticket = (
        Ticket.objects.select_related("master")
        .filter(number=f"{match[1]}-{match[2]}", caller_anonymous=False)
        .first()
    )
    if ticket is not None and phone_last_four(ticket.caller_phone) != last_four:
        return None
    return ticket


def tracking_lookup(*, number: str, last_four: str, client: str) -> Ticket | None:
    """The ticket when both match; None otherwise. Each look-up first takes one count from every
    limit of the client (see ``config.client_limits.client_address``) and a match gives them
    back, so misses are what count; with a limit spent, look-ups are refused (TooManyAttempts)
    until its window passes. Taking the count before looking keeps concurrent guesses within the
    limit."""
    number = re.sub(r"\s", "", number or "")
    taken = []
    for key, allowed in _limits(number=number.replace("-", ""), client=client):
        if window_count(key, window_seconds=settings.HOTLINE_TRACKING_WINDOW_SECONDS) > allowed:
            for earlier in taken:
                window_uncount(earlier)
            raise TooManyAttempts
        taken.append(key)
    ticket = _matching_ticket(number=number, last_four=last_four)
    if ticket is not None:
        for key in taken:
            window_uncount(key)
    return ticket
