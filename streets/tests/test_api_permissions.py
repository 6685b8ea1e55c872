"""Acceptance 3: who sees and does what on whistles, as role × action × own/other unit. Not visible
→ 404; visible but not yours to act on → 403; lists hold exactly what the user may see; a refused
step changes nothing."""

import pytest
from rest_framework.test import APIClient

from streets.models import Summons, Whistle
from streets.services import whistle_blow
from streets.tests.conftest import answered, api, whistles_state

pytestmark = pytest.mark.django_db

# Three whistles: "ours" from 团结湖 (朝阳) summoning 朝阳城管 and 丰台水务; "neighbour" from 三里屯
# (朝阳) summoning 朝阳住建; "far" from 卢沟桥 (丰台) summoning 丰台水务. Who sees which.
SEES = {
    "official": {"ours"},  # its street
    "plain_official": {"ours"},  # same street, no whistle permission: sees, cannot blow
    "other_official": {"neighbour"},  # another street of the district sees only its own
    "far_official": {"far"},
    "enforcement": {"ours"},  # summoned
    "water": {"ours", "far"},  # summoned by both, across the district line for "ours"
    "housing": {"neighbour"},
    "unsummoned": set(),
    "supervisor": {"ours", "neighbour"},  # the district's streets
    "far_supervisor": {"ours", "far"},  # its streets, and a whistle summoning its department
    "city_leader": {"ours", "neighbour", "far"},
    "operator": set(),
}


def blow(world, official, street, departments, description="楼顶违建"):
    return whistle_blow(
        actor=official,
        street=street,
        domain=world.domain,
        urgency="urgent",
        address="某地",
        description=description,
        departments=departments,
    )


@pytest.fixture
def whistle(world):
    return blow(
        world,
        world.people.official,
        world.street,
        [world.enforcement, world.water],
        description="<script>alert(1)</script>楼顶违建",
    )


@pytest.fixture
def whistles(world, whistle):
    p = world.people
    return {
        "ours": whistle,
        "neighbour": blow(world, p.other_official, world.other_street, [world.housing]),
        "far": blow(world, p.far_official, world.far_street, [world.water]),
    }


def ids(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("who, sees", SEES.items())
def test_who_sees_which_whistles_and_summonses(world, whistles, who, sees):
    client = api(getattr(world.people, who))
    seen = {whistles[name].pk for name in sees}
    assert ids(client, "/api/v1/whistles/") == seen
    assert ids(client, "/api/v1/summonses/") == set(
        Summons.objects.filter(whistle__in=seen).values_list("pk", flat=True)
    )
    for name, whistle in whistles.items():
        expected = 200 if name in sees else 404
        assert client.get(f"/api/v1/whistles/{whistle.pk}/").status_code == expected, name
        for summons in whistle.summonses.all():
            assert client.get(f"/api/v1/summonses/{summons.pk}/").status_code == expected, name


def test_anonymous_sees_nothing(whistle):
    assert APIClient().get(f"/api/v1/whistles/{whistle.pk}/").status_code in (401, 403)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("official", 201),
        ("plain_official", 403),
        ("other_official", 403),  # names 团结湖 but is not its official
        ("enforcement", 403),
        ("supervisor", 403),
        ("city_leader", 403),
        ("operator", 403),
    ],
)
def test_who_may_blow_for_the_street(world, whistle, who, expected):
    before = whistles_state()
    response = api(getattr(world.people, who)).post(
        "/api/v1/whistles/",
        {
            "street": world.street.code,
            "domain": "citizen_requests",
            "urgency": "routine",
            "address": "某地",
            "description": "某事",
            "departments": [world.enforcement.code],
        },
        format="json",
    )
    assert response.status_code == expected
    if expected == 201:
        assert Whistle.objects.count() == 2 and whistles_state() != before
    else:
        assert whistles_state() == before


@pytest.mark.parametrize(
    "who, department, expected",
    [
        ("water", "water", 200),  # own summons
        ("enforcement", "water", 403),  # summoned too, but another department's summons
        ("unsummoned", "water", 404),  # not summoned: does not see it
        ("official", "water", 403),  # the street does not acknowledge for a department
        ("supervisor", "water", 403),
        ("far_supervisor", "water", 403),
        ("city_leader", "water", 403),
        ("operator", "water", 404),
    ],
)
def test_who_may_acknowledge(world, whistle, who, department, expected):
    summons = whistle.summonses.get(department=getattr(world, department))
    before = whistles_state()
    response = api(getattr(world.people, who)).post(f"/api/v1/summonses/{summons.pk}/acknowledge/")
    assert response.status_code == expected
    summons.refresh_from_db()
    if expected == 200:
        assert summons.status == Summons.Status.ACKNOWLEDGED and summons.acknowledged_by == getattr(
            world.people, who
        )
    else:
        assert summons.status == Summons.Status.SUMMONED and whistles_state() == before


@pytest.mark.parametrize(
    "who, expected",
    [
        ("official", 200),
        ("plain_official", 200),  # acting for the street once the whistle is blown
        ("other_official", 404),
        ("enforcement", 403),
        ("water", 403),
        ("unsummoned", 404),
        ("supervisor", 403),
        ("city_leader", 403),
        ("operator", 404),
    ],
)
def test_who_may_rate_and_escalate(world, whistle, who, expected):
    client = api(getattr(world.people, who))
    summons = whistle.summonses.get(department=world.water)
    answered(whistle.summonses.filter(pk=summons.pk))
    before = whistles_state()
    rated = client.post(
        f"/api/v1/whistles/{whistle.pk}/rate/",
        {"summons": summons.pk, "timeliness": 4, "cooperation": 4, "result": 4},
        format="json",
    )
    assert rated.status_code == expected
    escalated = client.post(
        f"/api/v1/whistles/{whistle.pk}/escalate/", {"reason": "需区里协调"}, format="json"
    )
    assert escalated.status_code == expected
    whistle.refresh_from_db()
    if expected == 200:
        assert summons.rating.result == 4 and whistle.escalated_at is not None
    else:
        assert whistles_state() == before


def test_the_department_filter_and_escaped_text(world, whistle):
    rows = (
        api(world.people.supervisor).get(f"/api/v1/whistles/?department={world.water.code}").json()["results"]
    )
    assert [row["id"] for row in rows] == [whistle.pk]
    # JSON carries the text as written; pages escape it (tested with the pages).
    assert rows[0]["description"].startswith("<script>")


def test_the_admin_shows_whistles_read_only(admin_client, whistle):
    assert admin_client.get("/admin/streets/whistle/").status_code == 200
    assert admin_client.get(f"/admin/streets/whistle/{whistle.pk}/change/").status_code == 200
    assert admin_client.get("/admin/streets/arrivalpolicy/").status_code == 200
    assert admin_client.get("/admin/streets/whistle/add/").status_code == 403
