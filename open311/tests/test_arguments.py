"""Parsing GET requests' filters and the Idempotency-Key header: pure rules, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from open311.arguments import idempotency_key_parse, request_filters_parse
from open311.errors import BadRequest

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
DAYS_90 = timedelta(days=90)


def parse(**query):
    return request_filters_parse(query, now=NOW)


def problems(**query) -> list[str]:
    with pytest.raises(BadRequest) as caught:
        parse(**query)
    assert caught.value.status == 400
    return caught.value.descriptions


def test_without_dates_the_last_90_days():
    filters = parse()
    assert (filters.start, filters.end) == (NOW - DAYS_90, NOW)
    assert filters.service_codes == () and filters.statuses == frozenset()


def test_empty_arguments_mean_the_same_as_absent_ones():
    assert parse(service_request_id="", service_code=" ", status="", start_date="", end_date="") == parse()


def test_one_date_opens_a_90_day_window():
    start = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
    filters = parse(start_date="2026-03-01T00:00:00Z")
    assert (filters.start, filters.end) == (start, start + DAYS_90)
    filters = parse(end_date="2026-03-01T08:00:00+08:00")
    assert (filters.start, filters.end) == (start - DAYS_90, start)


def test_naive_datetimes_are_beijing_time_and_a_date_as_end_includes_the_whole_day():
    filters = parse(start_date="2026-03-01T08:00:00", end_date="2026-03-02")
    assert filters.start == datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
    assert filters.end == datetime(2026, 3, 2, 16, 0, tzinfo=UTC) - timedelta(microseconds=1)


def test_exactly_90_days_apart_is_allowed_one_second_more_is_not():
    assert parse(start_date="2026-01-01T00:00:00+08:00", end_date="2026-04-01T00:00:00+08:00")
    found = problems(start_date="2026-01-01T00:00:00+08:00", end_date="2026-04-01T00:00:01+08:00")
    assert len(found) == 1 and found[0].startswith("start_date/end_date")


def test_start_after_end_is_refused():
    found = problems(start_date="2026-05-01", end_date="2026-04-01")
    assert found[0].startswith("start_date/end_date")


@pytest.mark.parametrize(
    "value", ["yesterday", "2026-13-01", "2026-02-30T10:00:00", "0001-01-01", "99999-01-01"]
)
def test_malformed_or_absurd_dates_are_refused_naming_the_argument(value):
    assert [p.split(":")[0] for p in problems(start_date=value)] == ["start_date"]
    assert [p.split(":")[0] for p in problems(end_date=value)] == ["end_date"]


def test_every_problem_is_reported_at_once():
    found = problems(status="pending", start_date="soon", end_date="later")
    assert [p.split(":")[0] for p in found] == ["status", "start_date", "end_date"]


def test_statuses_and_service_codes_are_comma_lists():
    filters = parse(status="open,closed", service_code="010101, 010102,,010101")
    assert filters.statuses == {"open", "closed"}
    assert filters.service_codes == ("010101", "010102")


def test_service_request_ids_override_every_other_argument():
    filters = parse(service_request_id="20261122-000001, 20261122-000002", status="bogus", start_date="never")
    assert filters.service_request_ids == ("20261122-000001", "20261122-000002")
    assert (filters.start, filters.end, filters.statuses) == (None, None, frozenset())


def test_at_most_1000_ids():
    ids = ",".join(f"20261122-{n:06d}" for n in range(1001))
    assert problems(service_request_id=ids)[0].startswith("service_request_id")


def test_idempotency_key_is_the_trimmed_header():
    assert idempotency_key_parse(None) is None
    assert idempotency_key_parse("  ") is None
    assert idempotency_key_parse(" abc-123 ") == "abc-123"
    assert idempotency_key_parse("x" * 64) == "x" * 64


@pytest.mark.parametrize("key", ["x" * 65, "has space", "中文"])
def test_idempotency_key_must_fit_the_ticket_column(key):
    with pytest.raises(BadRequest) as caught:
        idempotency_key_parse(key)
    assert caught.value.descriptions[0].startswith("Idempotency-Key")
