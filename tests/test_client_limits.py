"""Who the client is (the one function every limiter uses) and the atomic window counter."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from config.client_limits import client_address, window_count, window_uncount
from tests.threads import run_at_once


def request(remote="10.0.0.1", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_header_the_connecting_address_counts(settings):
    settings.TRUSTED_PROXY_HEADER = ""
    assert client_address(request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.1"
    assert client_address(None) == ""


@pytest.mark.parametrize(
    ("forwarded_for", "proxies", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("198.51.100.1, 203.0.113.7", 1, "203.0.113.7"),  # the left hop is what the client wrote
        ("198.51.100.1, 203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),  # two proxies of ours
        ("203.0.113.7", 2, "203.0.113.7"),  # fewer hops than proxies: the left-most there is
        ("2001:db8::1", 1, "2001:db8::1"),
        ("", 1, "10.0.0.1"),  # not through the proxy (an internal health check)
        ("not-an-address", 1, "10.0.0.1"),
    ],
)
def test_the_right_most_hop_our_proxies_did_not_write(settings, forwarded_for, proxies, expected):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request(HTTP_X_FORWARDED_FOR=forwarded_for)) == expected


def test_the_window_counter_gives_each_concurrent_caller_its_own_value():
    key = "test-window-counter-concurrent"
    cache.delete(key)
    values = run_at_once(lambda: window_count(key, window_seconds=60), 30)
    assert sorted(values) == list(range(1, 31))
    window_uncount(key)
    assert cache.get(key) == 29
    cache.delete(key)
    window_uncount(key)  # an ended window: nothing to give back, no error
    assert cache.get(key) is None
