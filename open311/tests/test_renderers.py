"""JSON and XML encodings of the same data, without the database."""

import json

from open311.renderers import render, render_errors, xml_document
from open311.tests.checks import parse_xml


def test_xml_names_list_items_after_their_container():
    data = {"service_code": "010101", "attributes": [{"values": [{"key": "help", "name": "求助"}]}]}
    root = parse_xml(xml_document("service_definition", data))
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "help"
    assert root.find("attributes/attribute/values/value/name").text == "求助"


def test_xml_writes_booleans_numbers_and_empty_values_as_the_standard_does():
    root = parse_xml(xml_document("services", [{"metadata": True, "lat": 39.9, "group": None, "x": False}]))
    service = root.find("service")
    assert service.find("metadata").text == "true"
    assert service.find("x").text == "false"
    assert service.find("lat").text == "39.9"
    assert service.find("group").text is None


def test_xml_drops_characters_xml_cannot_carry():
    root = parse_xml(xml_document("service_requests", [{"description": "a\x01b\x0bc\nd"}]))
    assert root.find("request/description").text == "abc\nd"


def test_json_keeps_chinese_readable_and_xml_declares_utf8():
    response = render([{"service_name": "占道经营"}], fmt="json", root="services")
    assert "占道经营".encode() in response.content
    assert json.loads(response.content) == [{"service_name": "占道经营"}]
    xml = render([{"service_name": "占道经营"}], fmt="xml", root="services")
    assert xml["Content-Type"] == "text/xml; charset=utf-8"
    assert xml.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_errors_in_both_formats():
    response = render_errors(status=400, descriptions=["lat: not a number.", "phone: invalid."], fmt="json")
    assert response.status_code == 400
    assert json.loads(response.content) == [
        {"code": 400, "description": "lat: not a number."},
        {"code": 400, "description": "phone: invalid."},
    ]
    root = parse_xml(render_errors(status=403, descriptions=["api_key: missing."], fmt="xml").content)
    assert root.tag == "errors"
    assert [(e.find("code").text, e.find("description").text) for e in root.findall("error")] == [
        ("403", "api_key: missing.")
    ]
