import pytest
from django.core.management import call_command

from hotline.services.reference import categories_load, request_types_load


@pytest.fixture
def beijing(db):
    """Beijing's divisions, departments, request types, categories and the default responsibility list."""
    call_command("load_divisions")
    call_command("load_departments")
    request_types_load()
    categories_load()
    call_command("load_responsibilities")
