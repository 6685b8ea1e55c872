"""Asking for an SMS code: only behind a solved captcha, within the limits per phone and per
address (policy rows with effective dates), and the code reaches the phone through the gateway."""

from datetime import timedelta

import pytest
from django.utils import timezone

from citizenreports.captcha import SESSION_KEY, captcha_svg
from citizenreports.models import PhoneCode, RateLimitPolicy
from citizenreports.tests.conftest import PHONE
from sms.gateways import GatewayUnavailable

pytestmark = pytest.mark.django_db


def test_a_code_is_sent_through_the_gateway_and_only_its_hash_is_kept(ask_code, sms_log, reference):
    response = ask_code(json=True)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": "验证码已发送，10 分钟内有效。", "errors": {}}
    code = sms_log()
    row = PhoneCode.objects.get()
    assert code and code not in row.code_hash and row.phone == PHONE and row.client == "127.0.0.1"
    assert timedelta(minutes=9) < row.expires_at - timezone.now() <= timedelta(minutes=10)


def test_without_script_the_form_comes_back_with_what_was_typed(client, reference, sms_log):
    client.get("/report/")
    response = client.post(
        "/report/code/", {"phone": PHONE, "captcha": "15", "content": "路灯不亮", "category": "010403"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "验证码已发送" in page and "路灯不亮</textarea>" in page
    assert sms_log()


def test_a_wrong_captcha_sends_nothing_and_asks_a_new_question(ask_code, sms_log, reference, client):
    response = ask_code(captcha="16", json=True)

    assert response.status_code == 400
    assert response.json()["errors"] == {"captcha": ["答案不正确，请按新图片重新计算。"]}
    assert not PhoneCode.objects.exists() and sms_log() is None
    assert SESSION_KEY in client.session


def test_a_captcha_is_answered_once(client, reference, sms_log):
    client.get("/report/")
    assert client.post("/report/code/", {"phone": PHONE, "captcha": "15"}).status_code == 200
    session = client.session
    session.pop(SESSION_KEY)
    session.save()
    assert client.post("/report/code/", {"phone": PHONE, "captcha": "15"}).status_code == 400
    assert PhoneCode.objects.count() == 1


def test_an_expired_captcha_is_refused(client, reference):
    client.get("/report/")
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "at": 0}
    session.save()
    assert client.post("/report/code/", {"phone": PHONE, "captcha": "15"}).status_code == 400


@pytest.mark.parametrize("phone", ["", "12345", "010-12345678", "匿名"])
def test_a_code_goes_to_a_mobile_only(ask_code, reference, phone):
    response = ask_code(phone, json=True)
    assert response.status_code == 400
    assert response.json()["errors"]["phone"] and not PhoneCode.objects.exists()


def test_the_sixth_code_for_one_phone_in_an_hour_is_refused(ask_code, reference, sms_log):
    for _ in range(5):
        assert ask_code(json=True).status_code == 200

    response = ask_code(json=True)
    assert response.status_code == 429
    assert response.json()["errors"] == {"phone": ["获取验证码次数过多，请一小时后再试。"]}
    assert PhoneCode.objects.count() == 5
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert ask_code(json=True).status_code == 200


def test_the_limit_per_address_counts_every_phone(ask_code, reference):
    RateLimitPolicy.objects.create(action="code", scope="client", limit=2, window_minutes=60)
    assert ask_code("13900000001").status_code == 200
    assert ask_code("13900000002").status_code == 200
    assert ask_code("13900000003").status_code == 429


def test_a_later_policy_row_replaces_the_earlier_from_its_date(ask_code, reference):
    RateLimitPolicy.objects.create(
        action="code", scope="phone", limit=1, effective_from=timezone.now() + timedelta(days=1)
    )
    assert ask_code().status_code == 200 and ask_code().status_code == 200
    RateLimitPolicy.objects.create(action="code", scope="phone", limit=2)
    assert ask_code().status_code == 429


def test_without_a_policy_in_force_the_form_sends_nothing(ask_code, reference):
    RateLimitPolicy.objects.all().delete()
    assert ask_code().status_code == 429 and not PhoneCode.objects.exists()


def test_the_sixth_report_from_one_phone_in_an_hour_is_refused(client, ask_code, sms_log, report_fields):
    for n in range(5):
        ask_code()
        assert client.post("/report/", report_fields(code=sms_log(), content=f"第{n}次")).status_code == 302
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(hours=2))
    ask_code()
    code = sms_log()
    response = client.post("/report/", report_fields(code=code))
    assert response.status_code == 429 and "该手机号或网络提交次数过多" in response.content.decode()
    assert PhoneCode.objects.filter(used_at__isnull=True).get().attempts == 0


def test_a_gateway_failure_kills_the_code_and_says_so(ask_code, reference, monkeypatch):
    def refuse(**_message):
        raise GatewayUnavailable("down")

    monkeypatch.setattr("sms.gateways.log.LogGateway.send", lambda self, **message: refuse(**message))
    response = ask_code(json=True)
    assert response.status_code == 503
    assert response.json()["errors"] == {"phone": ["短信发送失败，请稍后再试。"]}
    assert PhoneCode.objects.get().send_error == "down"


def test_the_captcha_picture_draws_the_sum_without_text(client, reference):
    response = client.get("/report/captcha.svg")
    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml" and response["Cache-Control"] == "no-store"
    assert svg.startswith("<svg") and "<text" not in svg and "15" not in svg.split("<path", 1)[0]
    assert captcha_svg(12, 3) != captcha_svg(12, 3)
