"""Checks the tests share: reading our XML answers back and comparing them with the JSON ones,
and proving that a refused request wrote nothing."""

from contextlib import contextmanager
from xml.etree import ElementTree as ET

from hotline.models import Ticket, TicketEvent, TicketSequence
from open311.models import RequestToken


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 — the documents are this API's own answers in tests


def assert_xml_matches(element: ET.Element, data) -> None:
    """The XML carries the same fields and values as the JSON: dicts as named children, lists as
    repeated children, None as empty, booleans as true/false."""
    if isinstance(data, dict):
        assert [child.tag for child in element] == list(data), element.tag
        for key, value in data.items():
            assert_xml_matches(element.find(key), value)
    elif isinstance(data, list):
        children = list(element)
        assert len(children) == len(data), element.tag
        for child, value in zip(children, data, strict=True):
            assert_xml_matches(child, value)
    else:
        expected = (
            "" if data is None else ("true" if data is True else "false" if data is False else str(data))
        )
        assert (element.text or "") == expected, element.tag


def _snapshot():
    return (
        Ticket.objects.count(),
        TicketEvent.objects.count(),
        RequestToken.objects.count(),
        list(TicketSequence.objects.order_by("day").values_list("day", "last")),
    )


@contextmanager
def nothing_written():
    before = _snapshot()
    yield
    assert _snapshot() == before
