"""The public form end to end through Django's test client: a good report files a web ticket the
citizen can follow; every bad input is refused on the form with nothing saved."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from citizenreports.models import CitizenReport, PhoneCode
from citizenreports.tests.conftest import PHONE, PNG
from hotline.models import Attachment, Channel, Ticket

pytestmark = pytest.mark.django_db


def photo(name="photo.png", size=0):
    return SimpleUploadedFile(name, PNG + b"\x00" * max(size - len(PNG), 0), content_type="image/png")


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def proved(ask_code, sms_log, report_fields):
    """The phone has asked for a code: → the code the SMS carried."""
    assert ask_code().status_code == 200
    return sms_log()


def test_a_good_report_files_a_web_ticket_the_citizen_can_follow(client, proved, report_fields):
    response = client.post("/report/", {**report_fields(code=proved), "photos": [photo()]})

    assert response.status_code == 302 and response["Location"] == "/report/done/"
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.caller_phone, ticket.category.code) == (Channel.WEB, PHONE, "010101")
    assert ticket.request_type.code == "complaint" and ticket.address == "朝阳区团结湖路 12 号"
    assert Attachment.objects.get(ticket=ticket).kind == "image"
    assert CitizenReport.objects.get().ticket == ticket
    assert PhoneCode.objects.get().used_at is not None
    done = client.get("/report/done/").content.decode()
    assert ticket.number in done and f"/track/?number={ticket.number}" in done
    tracked = client.post("/track/", {"number": ticket.number, "last_four": PHONE[-4:]})
    assert ticket.number in tracked.content.decode() and "public-timeline" in tracked.content.decode()


def test_coordinates_from_the_device_are_enough(client, proved, report_fields):
    fields = report_fields(code=proved, address="", longitude="116.4613", latitude="39.9289")
    assert client.post("/report/", fields).status_code == 302
    ticket = Ticket.objects.get()
    assert (float(ticket.longitude), float(ticket.latitude), ticket.address) == (116.4613, 39.9289, "")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("category", "该字段是必填项。"),
        ("content", "该字段是必填项。"),
        ("address", "请填写地址，或点击“使用我的位置”。"),
        ("phone", "该字段是必填项。"),
        ("code", "该字段是必填项。"),
    ],
)
def test_a_missing_field_is_named_and_nothing_is_saved(client, proved, report_fields, missing, message):
    response = client.post("/report/", {**report_fields(code=proved), missing: ""})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ticket.objects.exists()
    assert PhoneCode.objects.get().used_at is None and PhoneCode.objects.get().attempts == 0


def test_a_10_mb_photo_is_refused_and_no_file_is_left(client, proved, report_fields):
    before = stored_files()
    big = photo("big.png", size=10 * 1024 * 1024)
    response = client.post("/report/", {**report_fields(code=proved), "photos": [photo(), big]})

    assert response.status_code == 400
    assert "big.png: 照片超过 5 MB。" in response.content.decode()
    assert not Ticket.objects.exists() and stored_files() == before
    assert PhoneCode.objects.get().used_at is None


def test_a_fourth_photo_is_refused(client, proved, report_fields):
    before = stored_files()
    photos = [photo(f"p{n}.png") for n in range(4)]
    response = client.post("/report/", {**report_fields(code=proved), "photos": photos})

    assert response.status_code == 400
    assert "最多 3 张照片。" in response.content.decode()
    assert not Ticket.objects.exists() and stored_files() == before


def test_a_file_that_is_not_a_photo_is_refused(client, proved, report_fields):
    fake = SimpleUploadedFile("photo.png", b"MZ not a png at all", content_type="image/png")
    response = client.post("/report/", {**report_fields(code=proved), "photos": [fake]})
    assert response.status_code == 400 and not Ticket.objects.exists()


def test_script_in_the_text_is_stored_as_text_and_shown_escaped(client, proved, report_fields):
    script = '<script>alert("x")</script>路灯坏了'
    client.post("/report/", report_fields(code=proved, content=script, address="<b>团结湖</b>"))

    ticket = Ticket.objects.get()
    assert ticket.content == script
    done = client.get("/report/done/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;路灯坏了" in done
    assert "<script>alert" not in done and "<b>团结湖</b>" not in done
    tracked = client.post("/track/", {"number": ticket.number, "last_four": PHONE[-4:]}).content.decode()
    assert ticket.number in tracked and "<script>alert" not in tracked


def test_a_wrong_code_is_refused_and_counts_a_try(client, proved, report_fields):
    wrong = f"{(int(proved) + 1) % 10**6:06d}"
    response = client.post("/report/", report_fields(code=wrong))

    assert response.status_code == 400 and "短信验证码不正确。" in response.content.decode()
    assert not Ticket.objects.exists()
    assert PhoneCode.objects.get().attempts == 1 and PhoneCode.objects.get().used_at is None


def test_five_wrong_tries_kill_the_code(client, proved, report_fields):
    wrong = f"{(int(proved) + 1) % 10**6:06d}"
    for _ in range(settings.CITIZEN_CODE_MAX_ATTEMPTS):
        client.post("/report/", report_fields(code=wrong))

    response = client.post("/report/", report_fields(code=proved))
    assert response.status_code == 400 and "错误次数过多，请重新获取验证码。" in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_expired_code_is_refused(client, proved, report_fields):
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post("/report/", report_fields(code=proved))

    assert response.status_code == 400 and "短信验证码已过期，请重新获取。" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_code_files_one_report_only(client, proved, report_fields):
    assert client.post("/report/", report_fields(code=proved)).status_code == 302
    response = client.post("/report/", report_fields(code=proved, content="再报一次"))

    assert response.status_code == 400 and "验证码已使用，请重新获取。" in response.content.decode()
    assert Ticket.objects.count() == 1


def test_the_done_page_shows_only_this_browsers_report(client, reference):
    assert client.get("/report/done/")["Location"] == "/report/"


def test_the_form_speaks_chinese_and_offers_the_curated_categories(client, reference):
    page = client.get("/report/").content.decode()
    assert "反映问题" in page and "占道经营" in page and "路灯不亮" in page
    assert 'for="id_phone"' in page and 'for="id_captcha"' in page and 'for="id_code"' in page
