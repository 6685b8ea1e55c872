"""What every limiter of guessing (sign-in, API token, public tracking) shares: who the client is,
and an atomic counter per key and time window.

The client is the connecting address, unless ``TRUSTED_PROXY_HEADER`` names the header our own
reverse proxies fill in (e.g. ``HTTP_X_FORWARDED_FOR``). Then the address is the right-most hop
that none of the ``TRUSTED_PROXY_COUNT`` proxies wrote for themselves: each proxy appends the
address it received the request from, so hops to its left may be forged by the client and hops
to its right belong to our proxies. Set the header only when the application can be reached
through those proxies alone; otherwise a client could name any address it likes."""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address as a string; "" when there is no request (e.g. a shell)."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    if not hops:
        return remote
    hop = hops[-min(max(settings.TRUSTED_PROXY_COUNT, 1), len(hops))]
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return remote


def window_count(key: str, *, window_seconds: int) -> int:
    """Adds one to the counter at ``key`` and answers its new value. The counter starts with the
    first call and vanishes ``window_seconds`` later. ``cache.add`` and ``cache.incr`` are atomic
    on Redis and on the local-memory cache, so concurrent callers each get a different value."""
    while True:
        if cache.add(key, 1, window_seconds):
            return 1
        try:
            value = cache.incr(key)
        except ValueError:  # expired between add and incr: start a new window
            continue
        if value == 1:
            # Redis' incr recreated a key that expired after its existence check, without expiry.
            cache.touch(key, window_seconds)
        return value


def window_uncount(key: str) -> None:
    """Gives back one count taken by ``window_count`` (an attempt that turned out not to count)."""
    try:
        if cache.decr(key) <= 0:
            cache.delete(key)
    except ValueError:  # the window has already ended
        pass
