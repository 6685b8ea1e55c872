"""The table of events, read without the database: every event tells someone, its text takes the
values its services give, and the module's documented table names every event."""

import re

import pytest
from django.utils import translation

from notifications import events
from notifications.events import EVENTS, To


@pytest.mark.parametrize("name", list(EVENTS))
def test_every_event_tells_someone_and_each_language_takes_the_same_values(name):
    event = EVENTS[name]
    assert event.to and all(isinstance(to, To) for to in event.to)
    names = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            names[language] = set(re.findall(r"%\((\w+)\)s", str(event.text)))
    assert names["en"] == names["zh-hans"] and names["en"]


def test_the_documented_table_names_every_event_and_no_other():
    rows = re.findall(r"^([a-z_]+)\s{2,}", events.__doc__, flags=re.MULTILINE)
    assert set(rows) - {"event"} == set(EVENTS)  # "event" heads the table
