import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.services.reference import categories_load, request_types_load
from units.services import departments_load, divisions_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_trained_model(settings, tmp_path):
    settings.CATEGORY_MODEL_PATH = tmp_path / "none.joblib"  # keyword rules answer


def test_operator_gets_ranked_category_suggestions_for_the_text(make_user):
    divisions_load()
    departments_load()
    request_types_load()
    categories_load()
    api = APIClient()
    api.force_authenticate(make_user(Role.OPERATOR))

    response = api.get("/api/v1/categories/suggest/", {"text": "家里暖气不热，室温才16度"})

    assert response.status_code == 200
    first = response.json()[0]
    assert (first["category_code"], first["default_tier"], first["department_kind_code"]) == (
        "070401",
        "T2",
        "gr",
    )
    assert first["source"] == "keywords" and 0 < first["score"] <= 1
    assert api.get("/api/v1/categories/suggest/", {"text": ""}).json() == []
