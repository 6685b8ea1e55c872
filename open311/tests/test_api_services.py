"""discovery, services and service definitions, in JSON and XML; unknown things answer 404."""

import pytest

from hotline.models import RequestType
from hotline.tests.factories import CategoryFactory
from open311.tests import schemas
from open311.tests.checks import assert_xml_matches, parse_xml

pytestmark = pytest.mark.django_db


def test_discovery_lists_this_endpoint_in_both_formats(api):
    data = api.get("discovery").json()
    [endpoint] = data["endpoints"]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = parse_xml(api.get("discovery", fmt="xml").content)
    assert root.tag == "discovery"
    assert_xml_matches(root, data)


def test_services_one_per_active_leaf_of_the_hotline_tree(api, reference):
    data = api.get("services").json()
    leaves = reference.filter(is_active=True).order_by("code")
    assert len(data) == leaves.count() == 166
    assert [service["service_code"] for service in data] == [leaf.code for leaf in leaves]
    first = data[0]
    assert first == {
        "service_code": "010101",
        "service_name": "占道经营",
        "description": "城市管理 / 市容环境 / 占道经营",
        "metadata": True,
        "type": "realtime",
        "keywords": "占道经营,摆摊,小商贩,流动摊贩,出摊,店外经营",
        "group": "城市管理",
    }


def test_services_in_xml_carry_the_same_fields(api, reference):
    data = api.get("services").json()
    root = parse_xml(api.get("services", fmt="xml").content)
    assert root.tag == "services"
    assert [child.tag for child in root] == ["service"] * len(data)
    assert_xml_matches(root, data)


def test_inactive_and_non_leaf_categories_are_not_services(api, category):
    retired = CategoryFactory(is_active=False)
    codes = {service["service_code"] for service in api.get("services").json()}
    assert codes == {category.code}
    assert retired.code not in codes
    for code in (retired.code, category.parent.code):
        assert api.get(f"services/{code}").status_code == 404


def test_service_definition_offers_the_active_request_types(api, category, request_types):
    RequestType.objects.filter(code="praise").update(is_active=False)
    data = api.get(f"services/{category.code}").json()
    assert data["service_code"] == category.code
    [attribute] = data["attributes"]
    assert attribute["code"] == "request_type"
    assert attribute["datatype"] == "singlevaluelist"
    assert attribute["required"] is False
    assert attribute["variable"] is True
    assert [value["key"] for value in attribute["values"]] == [
        "consult",
        "help",
        "complaint",
        "report",
        "suggestion",
    ]
    assert {"key": "help", "name": "求助"} in attribute["values"]
    assert "求助" in attribute["description"]
    root = parse_xml(api.get(f"services/{category.code}", fmt="xml").content)
    assert root.tag == "service_definition"
    assert_xml_matches(root, data)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_code_is_404(api, category, fmt):
    response = api.get("services/999999", fmt=fmt)
    assert response.status_code == 404
    if fmt == "xml":
        root = parse_xml(response.content)
        assert root.tag == "errors"
        assert root.find("error/code").text == "404"
        assert root.find("error/description").text.startswith("service_code")


@pytest.mark.parametrize(
    "path", ["services.csv", "services/010101.html", "nothing.json", "services/a/b.xml", ""]
)
def test_unknown_endpoints_and_formats_are_404_in_the_error_format(client, path):
    response = client.get(f"/open311/v2/{path}")
    assert response.status_code == 404
    if path.endswith(".xml"):
        assert parse_xml(response.content).find("error/code").text == "404"
    else:
        schemas.validate(response.json(), schemas.ERRORS)
        assert response.json()[0]["code"] == 404


def test_methods_the_standard_does_not_define_are_refused(client, category):
    response = client.post("/open311/v2/services.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    schemas.validate(response.json(), schemas.ERRORS)
    assert response.json()[0]["code"] == 405
    assert client.delete("/open311/v2/requests.json").status_code == 405


def test_head_answers_like_get_without_a_body(client, category):
    response = client.head("/open311/v2/services.xml")
    assert (response.status_code, response.content) == (200, b"")
    assert response["Content-Type"] == "text/xml; charset=utf-8"


def test_errors_follow_the_request_language(client, category):
    english = client.get("/open311/v2/services/999999.json", headers={"accept-language": "en"}).json()
    chinese = client.get("/open311/v2/services/999999.json", headers={"accept-language": "zh-hans"}).json()
    schemas.validate(english, schemas.ERRORS)
    schemas.validate(chinese, schemas.ERRORS)
    assert english[0]["description"] == "service_code: there is no service “999999”."
    assert chinese[0]["description"].startswith("service_code: ")
    assert chinese[0]["description"] != english[0]["description"]
