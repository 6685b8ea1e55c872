import pytest

from hotline.tests.factories import CategoryFactory, RequestTypeFactory


@pytest.fixture
def call_fields(db):
    """The fields of a valid call for the ticket API."""
    RequestTypeFactory(code="help", name="求助")
    CategoryFactory(code="010101")
    return {
        "request_type": "help",
        "category": "010101",
        "content": "路灯不亮",
        "caller_phone": "13812345678",
    }
