"""Grid workers' one-tap reports (一键报送): the service, the page and the API with its role matrix."""

import pytest
from django.urls import reverse

from accounts.models import Role
from core.outbox.models import OutboxTask
from dispatch.stranded import routing_outbox_key
from fieldreports.models import FieldReport
from fieldreports.selectors import quick_choices
from fieldreports.services import Place, field_report_file
from fieldreports.tests.conftest import photo
from hotline.models import Channel, Ticket

pytestmark = pytest.mark.django_db


def test_the_short_list_offers_the_loaded_categories_in_order(quick):
    assert [choice.category.code for choice in quick_choices()] == ["010101", "010403"]
    assert quick_choices()[0].request_type.code == "complaint"


def test_a_report_is_a_grid_ticket_routed_like_a_call(make_user, quick, place):
    worker = make_user(Role.GRID_WORKER, unit=place["community"], full_name="王网格")
    choice = quick_choices()[1]
    report = field_report_file(
        reporter=worker,
        unit=place["community"],
        category=choice.category,
        request_type=choice.request_type,
        content="团结湖北里3号楼前路灯不亮",
        place=Place(longitude=116.46, latitude=39.93),
        photo=photo(),
    )
    ticket = report.ticket
    assert (ticket.channel, ticket.operator, ticket.status) == (Channel.GRID, None, Ticket.Status.PENDING)
    assert ticket.caller_name == "王网格" and ticket.sms_consent is False
    assert ticket.attachments.count() == 1
    assert (report.reporter, report.unit) == (worker, place["community"])
    assert OutboxTask.objects.filter(dedupe_key=routing_outbox_key(ticket.pk)).exists()


def _post(client, **fields):
    data = {"category": "010403", "content": "路灯不亮", "address": "", "longitude": "", "latitude": ""}
    return client.post(reverse("fieldreports:report"), {**data, **fields})


def test_the_page_refuses_with_field_messages_in_chinese_and_saves_nothing(client, make_user, quick, place):
    client.force_login(make_user(Role.GRID_WORKER, unit=place["community"]))
    response = _post(client, category="", content="")
    assert response.status_code == 200
    text = response.content.decode()
    assert "请选择问题类型" in text and "请描述问题" in text and "请使用定位或填写地址" in text
    assert not Ticket.objects.exists() and not FieldReport.objects.exists()


def test_the_page_files_and_lists_the_report_with_its_number(client, make_user, quick, place):
    client.force_login(make_user(Role.GRID_WORKER, unit=place["community"]))
    page = client.get(reverse("fieldreports:report")).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page and "路灯不亮" in page
    response = _post(client, address="团结湖北里3号楼", photo=photo())
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    mine = client.get(response.url).content.decode()
    assert ticket.number in mine and "待派单" in mine


def test_a_photo_that_is_not_one_is_refused(client, make_user, quick, place):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(make_user(Role.GRID_WORKER, unit=place["community"]))
    fake = SimpleUploadedFile("scene.png", b"<html>not a photo</html>", content_type="image/png")
    response = _post(client, address="团结湖北里3号楼", photo=fake)
    assert response.status_code == 200 and not Ticket.objects.exists()


URL = "/api/v1/field-reports/"


def _unit_for(role, place):
    return {Role.GRID_WORKER: place["community"], Role.STREET_OFFICIAL: place["street"]}.get(role)


@pytest.mark.parametrize("role", Role.values)
def test_only_grid_workers_and_street_chiefs_file(api_client, make_user, quick, place, role):
    user = make_user(role, unit=_unit_for(role, place))
    api_client.force_authenticate(user)
    response = api_client.post(
        URL, {"category": "010101", "content": "门口占道经营", "address": "团结湖路1号"}, format="multipart"
    )
    if role in (Role.GRID_WORKER, Role.STREET_OFFICIAL):
        assert response.status_code == 201, response.content
        assert response.json()["number"] == Ticket.objects.get().number
        assert Ticket.objects.get().channel == Channel.GRID
    else:
        assert response.status_code == 403
        assert not Ticket.objects.exists()


def test_a_reporter_sees_only_their_own_reports(api_client, make_user, quick, place):
    mine, theirs = (make_user(Role.GRID_WORKER, unit=place["community"]) for _ in range(2))
    for user in (mine, theirs):
        api_client.force_authenticate(user)
        api_client.post(URL, {"category": "010101", "content": "占道", "address": "团结湖路1号"})
    api_client.force_authenticate(mine)
    rows = api_client.get(URL).json()
    rows = rows.get("results", rows)
    assert [row["number"] for row in rows] == [mine.field_reports.get().ticket.number]
    other = theirs.field_reports.get()
    assert api_client.get(f"{URL}{other.pk}/").status_code == 404


def test_bad_input_is_400_with_field_messages_and_nothing_saved(api_client, make_user, quick, place):
    api_client.force_authenticate(make_user(Role.GRID_WORKER, unit=place["community"]))
    response = api_client.post(URL, {"category": "999999", "content": "", "longitude": 500})
    assert response.status_code == 400
    assert {"category", "content", "longitude"} <= set(response.json()["error"]["fields"])
    response = api_client.post(URL, {"category": "010101", "content": "占道"})
    assert response.status_code == 400 and "address" in response.json()["error"]["fields"]
    assert not Ticket.objects.exists()


def test_a_grid_worker_starts_on_the_report_page_and_others_on_home(client, make_user, place):
    client.force_login(make_user(Role.GRID_WORKER, unit=place["community"]))
    assert client.get("/").url == "/field/report/"
    client.force_login(make_user(Role.STREET_OFFICIAL, unit=place["street"]))
    assert client.get("/").status_code == 200
