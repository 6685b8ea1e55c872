"""/track/ limits: atomic under concurrent guesses, per ticket number and client, per client, and
with the client taken from the trusted proxy's header."""

import itertools

import pytest
from django.test import Client

from hotline.services.tracking import TooManyAttempts, tracking_lookup
from hotline.tests.factories import TicketFactory
from tests.threads import run_at_once

# Each test its own client addresses: the limits' counters outlive a test.
ADDRESSES = (f"10.8.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_guesses_get_exactly_the_allowed_ten_evaluated(settings):
    settings.HOTLINE_TRACKING_MAX_FAILURES = 10
    ticket = TicketFactory(caller_phone="13812345678")
    address = next(ADDRESSES)
    guesses = iter(f"{n:04d}" for n in range(40))

    def guess():
        digits = next(guesses)
        return Client(REMOTE_ADDR=address).post("/track/", {"number": ticket.number, "last_four": digits})

    statuses = [response.status_code for response in run_at_once(guess, 40)]
    assert sorted(statuses) == [200] * 10 + [429] * 30


@pytest.mark.django_db
def test_guesses_at_other_numbers_count_against_the_client_too(settings):
    settings.HOTLINE_TRACKING_MAX_FAILURES = 3
    settings.HOTLINE_TRACKING_CLIENT_MAX_FAILURES = 5
    tickets = TicketFactory.create_batch(3, caller_phone="13812345678")
    client = next(ADDRESSES)
    for ticket in tickets[:2]:
        for digits in ("0000", "1111"):
            assert tracking_lookup(number=ticket.number, last_four=digits, client=client) is None
    # four misses so far: one more is allowed, then every number is refused to this client
    assert tracking_lookup(number=tickets[2].number, last_four="0000", client=client) is None
    with pytest.raises(TooManyAttempts):
        tracking_lookup(number=tickets[2].number, last_four="5678", client=client)
    assert tracking_lookup(number=tickets[2].number, last_four="5678", client=next(ADDRESSES)) == tickets[2]


@pytest.mark.django_db
def test_a_match_does_not_count(settings):
    settings.HOTLINE_TRACKING_MAX_FAILURES = 2
    ticket = TicketFactory(caller_phone="13812345678")
    client = next(ADDRESSES)
    for _look in range(5):
        assert tracking_lookup(number=ticket.number, last_four="5678", client=client) == ticket
    assert tracking_lookup(number=ticket.number, last_four="0000", client=client) is None


@pytest.mark.django_db
def test_two_citizens_behind_the_proxy_do_not_lock_each_other_out(settings):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.HOTLINE_TRACKING_MAX_FAILURES = 2
    ticket = TicketFactory(caller_phone="13812345678")
    proxy, guesser, citizen = next(ADDRESSES), next(ADDRESSES), next(ADDRESSES)
    client = Client(REMOTE_ADDR=proxy)

    def track(forwarded_for, digits):
        return client.post(
            "/track/", {"number": ticket.number, "last_four": digits}, HTTP_X_FORWARDED_FOR=forwarded_for
        )

    for digits in ("0000", "1111", "2222"):
        track(guesser, digits)
    assert track(guesser, "5678").status_code == 429
    # A forged left-most hop does not help the guesser: the proxy appends the real address.
    assert track(f"{citizen}, {guesser}", "5678").status_code == 429
    answer = track(citizen, "5678")
    assert answer.status_code == 200 and 'id="public-timeline"' in answer.content.decode()
