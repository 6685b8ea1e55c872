"""The ticket's state in words for the citizen — a pure function, no database."""

from datetime import date

import pytest
from django.utils import translation

from dispatch.citizen_view import citizen_state_words


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("ticket_status", "lead_status", "cycle", "extended_to", "words"),
    [
        ("pending", None, 1, None, "已受理"),
        ("dispatched", None, 1, None, "已受理"),
        ("dispatched", "dispatched", 1, None, "已派单"),
        ("dispatched", "signed", 1, None, "办理中"),
        ("dispatched", "contacted", 1, None, "办理中"),
        ("dispatched", "in_progress", 1, None, "办理中"),
        ("dispatched", "returning", 1, None, "办理中"),
        ("dispatched", "returned", 1, None, "已派单"),
        ("dispatched", "replied", 1, None, "已反馈"),
        ("dispatched", "called_back", 1, None, "已反馈"),
        ("dispatched", "replied", 2, date(2026, 3, 9), "已反馈"),
        ("dispatched", "dispatched", 2, None, "重办中"),
        ("dispatched", "in_progress", 2, None, "重办中"),
        ("dispatched", "in_progress", 1, date(2026, 3, 9), "延期至 2026-03-09"),
        ("dispatched", "signed", 2, date(2026, 3, 9), "延期至 2026-03-09"),
        ("dispatched", "closed", 1, None, "已办结"),
        ("closed", "closed", 1, None, "已办结"),
        ("answered", None, 1, None, "已办结"),
        ("disposed", None, 1, None, "已办结"),
    ],
)
def test_state_words(ticket_status, lead_status, cycle, extended_to, words):
    assert (
        citizen_state_words(
            ticket_status=ticket_status, lead_status=lead_status, cycle=cycle, extended_to=extended_to
        )
        == words
    )
