"""One answer, two encodings: JSON, and the XML the standard requires (built with ElementTree).

Data are plain dicts and lists. In XML a dict becomes child elements named by its keys, a list
becomes repeated elements named after its container (``services`` → ``service``), None an empty
element and booleans ``true``/``false``."""

import json
import re
from xml.etree import ElementTree as ET

from django.http import HttpResponse

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

LIST_ITEMS = {
    "attributes": "attribute",
    "endpoints": "endpoint",
    "errors": "error",
    "formats": "format",
    "service_requests": "request",
    "services": "service",
    "values": "value",
}

# Characters XML 1.0 cannot carry at all; ElementTree would write them and produce a broken document.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        for child in value:
            _fill(ET.SubElement(element, LIST_ITEMS[element.tag]), child)
    else:
        element.text = _text(value)


def xml_document(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return ET.tostring(element, encoding="UTF-8", xml_declaration=True)


def render(data, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """``fmt`` is "json" or "xml"; ``root`` names the XML document element."""
    body = xml_document(root, data) if fmt == "xml" else json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(*, status: int, descriptions: list[str], fmt: str) -> HttpResponse:
    errors = [{"code": status, "description": str(description)} for description in descriptions]
    return render(errors, fmt=fmt, root="errors", status=status)
