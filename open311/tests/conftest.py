import csv
import re

import pytest
from django.test import Client

from hotline.models import Category, RequestType
from hotline.services.reference import DATA_DIR, categories_load, request_types_load
from hotline.tests.factories import CategoryFactory
from open311.services import api_client_issue
from open311.tests import schemas
from open311.tests.checks import parse_xml
from units.models import DepartmentKind

BASE = "/open311/v2/"
LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
DATETIME_FIELDS = ("requested_datetime", "updated_datetime", "expected_datetime")


def _schema_for(method: str, path: str):
    if method == "POST":
        return schemas.POST_ANSWER
    if path == "discovery":
        return schemas.DISCOVERY
    if path == "services":
        return "services.json"
    if path.startswith("services/"):
        return "service-definition.json"
    if path.startswith("tokens/"):
        return schemas.TOKEN_ANSWER
    return "requests.json"


def _check_json(response, method: str, path: str) -> None:
    """Every JSON answer fits its schema; every request's datetimes carry the +08:00 offset."""
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    if response.status_code >= 400:
        schemas.validate(data, schemas.ERRORS)
        assert {error["code"] for error in data} == {response.status_code}
        return
    schema = _schema_for(method, path)
    schemas.validate(data, schema)
    if schema == "requests.json":
        for item in data:
            schemas.validate(item, "request.json")
            for field in DATETIME_FIELDS:
                assert item[field] is None or LOCAL_DATETIME.match(item[field]), item[field]


class Open311Client:
    """Talks to /open311/v2/ as an outside client does, checking each answer's form on the way."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)

    def get(self, path: str, fmt: str = "json", headers: dict | None = None, **params):
        response = self.client.get(f"{BASE}{path}.{fmt}", params, headers=headers)
        self._check(response, "GET", path, fmt)
        return response

    def post(self, data: dict, fmt: str = "json", **headers):
        response = self.client.post(f"{BASE}requests.{fmt}", data, headers=headers)
        self._check(response, "POST", "requests", fmt)
        return response

    @staticmethod
    def _check(response, method: str, path: str, fmt: str) -> None:
        if fmt == "json":
            _check_json(response, method, path)
        elif fmt == "xml":
            assert response["Content-Type"] == "text/xml; charset=utf-8"
            assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
            parse_xml(response.content)


@pytest.fixture
def api():
    return Open311Client()


@pytest.fixture
def request_types(db):
    request_types_load()
    return {request_type.code: request_type for request_type in RequestType.objects.all()}


@pytest.fixture
def reference(request_types):
    """The hotline's own reference data: request types and the full category tree."""
    with (DATA_DIR / "categories.csv").open(encoding="utf-8-sig", newline="") as handle:
        kinds = {row["department_kind"] for row in csv.DictReader(handle) if row["department_kind"]}
    for code in kinds:
        DepartmentKind.objects.get_or_create(code=code, defaults={"name": code})
    categories_load()
    return Category.objects.filter(level=3)


@pytest.fixture
def category(db):
    return CategoryFactory(code="019901", name="占道经营", keywords="占道经营 摆摊  小商贩")


@pytest.fixture
def api_client_row(db):
    return api_client_issue(name="FixMyStreet Beijing", contact="ops@example.org")


@pytest.fixture
def form(api_client_row, category, request_types):
    """A complete, valid POST."""
    return {
        "api_key": api_client_row.key,
        "service_code": category.code,
        "lat": "39.9288",
        "long": "116.4601",
        "address_string": "朝阳区团结湖路1号",
        "first_name": "三",
        "last_name": "张",
        "phone": "138 1234 5678",
        "email": "zhang@example.org",
        "device_id": "device-1",
        "account_id": "acct-42",
        "description": "小区门口有人占道经营，晚上很吵。",
    }
