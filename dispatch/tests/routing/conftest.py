"""Fixtures for the routing tests: Beijing's 7,900 units loaded once for the whole package (a
committed load, removed again afterwards, so that other packages never see it), aliases and
boundaries created inside each test's transaction."""

from pathlib import Path

import pytest

from dispatch.models import PlaceAlias
from dispatch.routing.boundaries import features_read, street_boundaries_import
from dispatch.routing.coordinates import boundaries_changed
from dispatch.routing.gazetteer import gazetteer_changed
from units.models import Unit
from units.services import divisions_load

SAMPLE_BOUNDARIES = Path(__file__).resolve().parent / "streets_sample.geojson"
# Children before parents: Unit.parent protects a parent from deletion.
REMOVAL_ORDER = ["community", "street", "district", "hotline", "city"]


@pytest.fixture(scope="package")
def beijing_units(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        existing = set(Unit.objects.values_list("id", flat=True))
        divisions_load()
        gazetteer_changed()
    yield
    with django_db_blocker.unblock():
        loaded = Unit.objects.exclude(id__in=existing)
        for kind in REMOVAL_ORDER:
            loaded.filter(kind=kind).delete()
        gazetteer_changed()
        boundaries_changed()


@pytest.fixture
def beijing_places(beijing_units, db):
    """The Beijing units, with a gazetteer that forgets whatever an earlier test added."""
    gazetteer_changed()
    boundaries_changed()
    yield
    gazetteer_changed()
    boundaries_changed()


@pytest.fixture
def add_alias(beijing_places):
    def add(phrase: str, unit_code: str, *, confirmations: int = 1, source: str = "admin") -> PlaceAlias:
        alias = PlaceAlias.objects.create(
            phrase=phrase, unit=Unit.objects.get(code=unit_code), confirmations=confirmations, source=source
        )
        gazetteer_changed()
        return alias

    return add


@pytest.fixture
def sample_boundaries(beijing_places):
    return street_boundaries_import(features=features_read(SAMPLE_BOUNDARIES))
