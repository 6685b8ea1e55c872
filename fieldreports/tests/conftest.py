import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.tests.factories import CategoryFactory, RequestTypeFactory
from units.tests.factories import CommunityFactory, DistrictFactory, StreetFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def photo(name: str = "scene.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def quick(db):
    """Two categories of the default short list (migration 0002) loaded, with their request types."""
    RequestTypeFactory(code="help", name="求助")
    RequestTypeFactory(code="complaint", name="投诉")
    return {
        "vending": CategoryFactory(code="010101", name="占道经营"),
        "light": CategoryFactory(code="010403", name="路灯不亮"),
    }


@pytest.fixture
def place(db):
    district = DistrictFactory(name="朝阳区")
    street = StreetFactory(name="团结湖街道", parent=district)
    return {"district": district, "street": street, "community": CommunityFactory(parent=street)}


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
