"""The unit pickers: the search endpoint lists what the user may name, and every API that takes a
unit accepts its code or its one exact name, refusing anything else in words."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.tests.factories import TicketFactory
from units.models import Unit
from units.tests.factories import DistrictFactory, StreetFactory


def client_for(user, language="zh-hans"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.fixture
def two_districts(db):
    chaoyang = DistrictFactory(code="110105", name="朝阳区")
    haidian = DistrictFactory(code="110108", name="海淀区")
    return {
        "chaoyang": chaoyang,
        "haidian": haidian,
        "blzc": StreetFactory(code="110105013", name="八里庄街道", parent=chaoyang),
        "blzh": StreetFactory(code="110108020", name="八里庄街道", parent=haidian),
        "tjh": StreetFactory(code="110105014", name="团结湖街道", parent=chaoyang),
    }


def picked(user, q, *kinds):
    response = client_for(user).get("/api/v1/units/pick/", {"q": q, "kind": list(kinds)})
    assert response.status_code == 200
    return response.json()


def test_pick_labels_streets_with_their_district(make_user, two_districts):
    rows = picked(make_user(Role.DISPATCHER), "八里庄", "street")
    assert sorted(row["label"] for row in rows) == ["八里庄街道（朝阳区）", "八里庄街道（海淀区）"]
    assert {row["code"] for row in rows} == {"110105013", "110108020"}


def test_pick_by_code_start_and_only_the_kinds_asked(make_user, two_districts):
    dispatcher = make_user(Role.DISPATCHER)
    assert [row["code"] for row in picked(dispatcher, "110105", "district")] == ["110105"]
    assert picked(dispatcher, "八里庄", "department") == []


@pytest.mark.parametrize(
    ("role", "sees_other_district"),
    [
        (Role.DISPATCHER, True),
        (Role.OPERATOR, True),
        (Role.STREET_OFFICIAL, True),  # names the unit a return should go to, anywhere
        (Role.DISTRICT_SUPERVISOR, False),
        (None, False),
    ],
)
def test_pick_visibility(make_user, two_districts, role, sees_other_district):
    unit = {
        Role.STREET_OFFICIAL: two_districts["tjh"],
        Role.DISTRICT_SUPERVISOR: two_districts["chaoyang"],
    }.get(role)
    user = make_user(role, unit=unit) if role else make_user()
    codes = {row["code"] for row in picked(user, "八里庄", "street")}
    assert ("110108020" in codes) is sees_other_district
    assert ("110105013" in codes) is (role is not None)


def test_pick_needs_sign_in(two_districts):
    assert APIClient().get("/api/v1/units/pick/", {"q": "八里庄", "kind": "street"}).status_code in (401, 403)


@pytest.fixture
def queued(make_user, two_districts):
    call_command("load_deadline_policies")
    return {"ticket": TicketFactory(), "dispatcher": make_user(Role.DISPATCHER), **two_districts}


def dispatch(queued, lead_unit, language="zh-hans"):
    return client_for(queued["dispatcher"], language).post(
        f"/api/v1/tickets/{queued['ticket'].pk}/dispatch/", {"lead_unit": lead_unit}, format="json"
    )


@pytest.mark.parametrize("given", ["110105014", "团结湖街道", "八里庄街道（朝阳区）"])
def test_dispatch_accepts_a_code_a_single_name_or_a_label(queued, given):
    response = dispatch(queued, given)
    assert response.status_code == 200, response.json()
    expected = "110105013" if given.startswith("八里庄") else "110105014"
    assert queued["ticket"].assignments.get().unit.code == expected


@pytest.mark.parametrize(
    ("language", "given", "message"),
    [
        ("zh-hans", "人力资源", "找不到名为“人力资源”的单位，请从列表中选择。"),
        ("en", "人力资源", "No unit is named “人力资源”; choose one from the list."),
        ("zh-hans", "八里庄街道", "有多个单位名为“八里庄街道”，请从列表中选择。"),
        ("en", "八里庄街道", "Several units are named “八里庄街道”; choose one from the list."),
        ("zh-hans", "", "请从列表中选择单位。"),
        ("en", "", "Choose a unit from the list."),
    ],
)
def test_dispatch_refuses_in_words(queued, language, given, message):
    response = dispatch(queued, given, language)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"lead_unit": [message]}
    assert not queued["ticket"].assignments.exists()


def test_missing_category_is_asked_for_in_words(make_user):
    operator = make_user(Role.OPERATOR)
    for language, message in (("zh-hans", "请选择分类。"), ("en", "Choose a category.")):
        response = client_for(operator, language).post(
            "/api/v1/tickets/", {"content": "路灯不亮", "category": None}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["error"]["fields"]["category"] == [message]


def test_units_stay_refused_when_inactive(queued):
    Unit.objects.filter(code="110105014").update(is_active=False)
    assert dispatch(queued, "团结湖街道").status_code == 400
