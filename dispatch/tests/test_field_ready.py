"""What a user sees and must confirm on the ticket and queue pages: 办结 asks for confirmation (the
close API requires it), callbacks preselect no answer (the API refuses a missing one), the header
shows the lead unit's step, and the router's codes appear in words."""

import pytest
from rest_framework.test import APIClient

from dispatch.models import Assignment
from hotline.models import Callback, Ticket

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
