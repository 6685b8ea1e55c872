import pytest
from django.core.management import call_command

from hotline.models import Category, RequestType, Ticket
from hotline.services.reference import categories_load, request_types_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    call_command("load_divisions")
    call_command("load_departments")
    request_types_load()
    return categories_load()


def test_the_default_tree_is_realistic(reference):
    assert reference == (Category.objects.count(), 0)
    leaves = Category.objects.filter(level=3)
    assert leaves.count() >= 80
    assert Category.objects.filter(level=1).count() >= 12
    assert not leaves.filter(default_tier="").exists() and not leaves.filter(matter="").exists()
    assert not leaves.filter(matter="departmental", department_kind__isnull=True).exists()
    heating = Category.objects.get(name="供热温度不达标")
    assert (heating.path, heating.default_tier, heating.matter) == (
        "公共服务（水电气热） / 供热 / 供热温度不达标",
        "T2",
        "departmental",
    )
    assert set(RequestType.objects.values_list("name", flat=True)) == {
        "咨询",
        "求助",
        "投诉",
        "举报",
        "建议",
        "表扬",
    }


def test_loading_again_changes_nothing(reference):
    assert categories_load() == (0, 0)
    assert request_types_load() == 6


def test_demo_tickets_load_once(reference):
    call_command("load_demo_tickets")
    count = Ticket.objects.count()
    call_command("load_demo_tickets")
    assert Ticket.objects.count() == count == 8
