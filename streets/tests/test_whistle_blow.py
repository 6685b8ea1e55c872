"""Blowing a whistle through the services: the suggested departments, who may blow for which street,
and bad whistles that save nothing. The whole cycle with the departments' steps is tested in
``departments/tests/test_whistle_cycle.py``."""

import pytest
from django.core.exceptions import ValidationError

from streets.models import Summons, Whistle
from streets.services import whistle_blow
from streets.suggestions import departments_suggest
from streets.tests.conftest import linked_ticket
from streets.whistle_states import WhistleForbidden

pytestmark = pytest.mark.django_db


def test_suggestions_prefer_the_streets_district(world):
    ticket = linked_ticket(world)
    suggested = departments_suggest(street=world.street, tickets=[ticket])
    assert [(s.department, s.categories) for s in suggested] == [(world.enforcement, ["违章建筑"])]


def test_only_officials_with_the_permission_blow_for_their_own_street(world):
    p = world.people
    common = {
        "domain": world.domain,
        "urgency": "routine",
        "address": "某地",
        "description": "某事",
        "departments": [world.enforcement],
    }
    for user, street in [
        (p.plain_official, world.street),  # no permission
        (p.other_official, world.street),  # another street's official
        (p.enforcement, world.street),
        (p.supervisor, world.street),
    ]:
        with pytest.raises(WhistleForbidden):
            whistle_blow(actor=user, street=street, **common)
    assert not Whistle.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"departments": []}, "departments"),
        ({"address": "  "}, "address"),
        ({"description": ""}, "description"),
    ],
)
def test_bad_whistles_save_nothing(world, changes, field):
    values = {
        "actor": world.people.official,
        "street": world.street,
        "domain": world.domain,
        "urgency": "routine",
        "address": "某地",
        "description": "某事",
        "departments": [world.enforcement],
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        whistle_blow(**values)
    assert field in error.value.message_dict
    assert not Whistle.objects.exists() and not Summons.objects.exists()


def test_a_street_cannot_summon_a_street_or_the_same_department_twice(world):
    for departments in ([world.other_street], [world.enforcement, world.enforcement]):
        with pytest.raises(ValidationError):
            whistle_blow(
                actor=world.people.official,
                street=world.street,
                domain=world.domain,
                urgency="routine",
                address="某地",
                description="某事",
                departments=departments,
            )
