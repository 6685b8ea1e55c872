"""Acceptance 3: who sees and does what on whistles, as role × action × own/other unit. Not visible
→ 404; visible but not yours to act on → 403."""

import pytest
from rest_framework.test import APIClient

from streets.services import whistle_blow

pytestmark = pytest.mark.django_db

# Who sees a whistle of 团结湖 (朝阳) summoning 朝阳城管 and 丰台水务.
SEES = {
    "official": True,  # its street
    "plain_official": True,  # same street, no whistle permission: sees, cannot blow
    "other_official": False,  # another street of the district
    "far_official": False,
    "enforcement": True,  # summoned
    "water": True,  # summoned, other district
    "housing": False,  # not summoned
    "unsummoned": False,
    "supervisor": True,  # the street's district
    "far_supervisor": True,  # the district of a summoned department
    "city_leader": True,
    "operator": False,
}


@pytest.fixture
def whistle(world):
    return whistle_blow(
        actor=world.people.official,
        street=world.street,
        domain=world.domain,
        urgency="urgent",
        address="团结湖北里3号楼",
        description="<script>alert(1)</script>楼顶违建",
        departments=[world.enforcement, world.water],
    )


def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who, sees", SEES.items())
def test_who_sees_the_whistle(world, whistle, who, sees):
    client = api(getattr(world.people, who))
    detail = client.get(f"/api/v1/whistles/{whistle.pk}/")
    assert detail.status_code == (200 if sees else 404)
    listed = [row["id"] for row in client.get("/api/v1/whistles/").json()["results"]]
    assert listed == ([whistle.pk] if sees else [])
    summons = whistle.summonses.get(department=world.water)
    assert client.get(f"/api/v1/summonses/{summons.pk}/").status_code == (200 if sees else 404)


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
def test_who_may_blow_for_the_street(world, who, expected):
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
    response = api(getattr(world.people, who)).post(f"/api/v1/summonses/{summons.pk}/acknowledge/")
    assert response.status_code == expected


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
