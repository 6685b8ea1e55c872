"""The district of each unit from the per-process copy of the unit tree (units.tree)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from units.models import Unit
from units.tree import unit_districts, unit_tree_forget

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    unit_tree_forget()
    city = Unit.objects.create(code="t-city", name="市", kind=Unit.Kind.CITY)
    district = Unit.objects.create(code="t-d", name="区", kind=Unit.Kind.DISTRICT, parent=city)
    street = Unit.objects.create(code="t-s", name="街道", kind=Unit.Kind.STREET, parent=district)
    community = Unit.objects.create(code="t-c", name="社区", kind=Unit.Kind.COMMUNITY, parent=street)
    yield {"city": city, "district": district, "street": street, "community": community}
    unit_tree_forget()


def test_every_unit_below_a_district_gets_it_and_city_units_none(tree):
    ids = [unit.pk for unit in tree.values()]
    district = tree["district"].pk
    assert unit_districts(ids) == {
        district: district,
        tree["street"].pk: district,
        tree["community"].pk: district,
    }


def test_the_copy_answers_without_a_query_once_built(tree):
    ids = [tree["community"].pk, tree["city"].pk]
    unit_districts(ids)
    with CaptureQueriesContext(connection) as queries:
        assert unit_districts(ids) == {tree["community"].pk: tree["district"].pk}
    assert [q for q in queries if "units_unit" in q["sql"]] == []


def test_a_unit_saved_here_drops_the_copy_and_one_the_copy_lacks_is_read(tree):
    unit_districts([tree["street"].pk])
    other = Unit.objects.create(code="t-d2", name="区二", kind=Unit.Kind.DISTRICT, parent=tree["city"])
    Unit.objects.filter(pk=tree["street"].pk).update(parent=other)  # no signal: a bulk write
    moved = Unit.objects.get(pk=tree["street"].pk)
    moved.save()  # a save drops the copy
    assert unit_districts([moved.pk]) == {moved.pk: other.pk}

    Unit.objects.bulk_create([Unit(code="t-s2", name="街道二", kind=Unit.Kind.STREET, parent=other)])
    newer = Unit.objects.get(code="t-s2")  # unknown to the copy: read from the database
    assert unit_districts([newer.pk]) == {newer.pk: other.pk}
