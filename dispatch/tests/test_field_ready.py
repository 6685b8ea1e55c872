"""What a user sees and must confirm on the ticket and queue pages: 办结 asks for confirmation (the
close API requires it), callbacks preselect no answer (the API refuses a missing one), the header
shows the lead unit's step, and the router's codes appear in words."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.countdown import countdown_text
from dispatch.decision_words import rule_label
from dispatch.models import Assignment, RoutingDecision
from hotline.models import Callback, Ticket
from hotline.tests.factories import TicketFactory
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


def api_as(user, language="zh-hans"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def called_back(order):
    Assignment.objects.filter(pk=order["assignment"].pk).update(status=Assignment.Status.CALLED_BACK)


@pytest.mark.parametrize(
    ("body", "language", "message"),
    [
        ({}, "zh-hans", "请确认办结：办结后不能撤回。"),
        ({"confirm": False}, "zh-hans", "请确认办结：办结后不能撤回。"),
        ({}, "en", "Confirm the closing: it cannot be undone."),
    ],
)
def test_closing_without_confirmation_is_refused_and_changes_nothing(order, body, language, message):
    called_back(order)
    response = api_as(order["dispatcher"], language).post(
        f"/api/v1/assignments/{order['assignment'].pk}/close/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"confirm": [message]}
    assert Ticket.objects.get(pk=order["ticket"].pk).status == "dispatched"
    assert Assignment.objects.get(pk=order["assignment"].pk).status == "called_back"


def test_closing_with_confirmation_closes(order):
    called_back(order)
    response = api_as(order["dispatcher"]).post(
        f"/api/v1/assignments/{order['assignment'].pk}/close/", {"confirm": True}, format="json"
    )
    assert response.status_code == 200
    assert Ticket.objects.get(pk=order["ticket"].pk).status == "closed"


def test_the_close_button_asks_first(client, order):
    called_back(order)
    client.force_login(order["dispatcher"])
    page = client.get(f"/hotline/tickets/{order['ticket'].pk}/").content.decode()
    assert 'id="close-form"' in page and 'data-confirm="确定办结此工单吗？办结后不能撤回。"' in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_callback_without_an_answer_is_refused_and_saves_nothing(order, language):
    Assignment.objects.filter(pk=order["assignment"].pk).update(status=Assignment.Status.REPLIED)
    response = api_as(order["dispatcher"], language).post(
        f"/api/v1/assignments/{order['assignment'].pk}/callback/",
        {"solved": "solved", "satisfaction": ""},
        format="json",
    )
    assert response.status_code == 400
    expected = "请选择是否满意。" if language == "zh-hans" else "Choose whether the citizen is satisfied."
    assert response.json()["error"]["fields"]["satisfaction"] == [expected]
    assert not Callback.objects.exists()
    assert Assignment.objects.get(pk=order["assignment"].pk).status == "replied"


def test_the_callback_form_preselects_no_answer(client, order):
    Assignment.objects.filter(pk=order["assignment"].pk).update(status=Assignment.Status.REPLIED)
    client.force_login(order["dispatcher"])
    page = client.get(f"/hotline/tickets/{order['ticket'].pk}/").content.decode()
    form = page[page.index('id="assignment-callback-form"') :]
    form = form[: form.index("</form>")]
    assert '<option value="" selected>' in form
    assert 'value="satisfied" selected' not in form and "checked" not in form


def test_the_header_shows_the_lead_units_step(client, order):
    Assignment.objects.filter(pk=order["assignment"].pk).update(status=Assignment.Status.IN_PROGRESS)
    client.force_login(order["dispatcher"])
    page = client.get(f"/hotline/tickets/{order['ticket'].pk}/").content.decode()
    unit = order["assignment"].unit.name
    assert f'<span class="lead-step" id="lead-step">{unit}：办理中</span>' in page


def test_the_queue_shows_the_rule_in_words_and_candidates_with_their_district(client, make_user):
    chaoyang = DistrictFactory(code="110105", name="朝阳区")
    haidian = DistrictFactory(code="110108", name="海淀区")
    StreetFactory(code="110105013", name="八里庄街道", parent=chaoyang)
    StreetFactory(code="110108020", name="八里庄街道", parent=haidian)
    ticket = TicketFactory()
    RoutingDecision.objects.create(
        ticket=ticket,
        status=RoutingDecision.Status.AMBIGUOUS,
        lead_unit=chaoyang,
        rule="fallback_district",
        candidates=[
            {"unit_code": "110105013", "unit_name": "八里庄街道", "kind": "street", "reason": ""},
            {"unit_code": "110108020", "unit_name": "八里庄街道", "kind": "street", "reason": ""},
        ],
    )
    client.force_login(make_user(Role.DISPATCHER))
    page = client.get("/hotline/queue/").content.decode()
    assert "fallback_district" not in page and "街道不明，派至区" in page
    assert "八里庄街道（朝阳区）" in page and "八里庄街道（海淀区）" in page
    assert 'id="queue-count">1<' in page


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("territory", "by the place named"),
        ("category_department", "by the category's department"),
        ("rule:12", "routing rule no. 12"),
        ("", "—"),
    ],
)
def test_rule_words(rule, words):
    with translation.override("en"):
        assert rule_label(rule) == words


def test_countdown_words_in_both_languages():
    with translation.override("zh-hans"):
        text = countdown_text()
        assert (text["left"], text["h"], text["m"]) == ("剩余%(time)s", "%(n)s小时", "%(n)s分钟")
    with translation.override("en"):
        assert countdown_text()["left"] == "%(time)s left"
