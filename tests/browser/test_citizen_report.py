"""Issue 16, citizens' own reports: on a phone (390 × 844) a citizen, signed out, fills in the public
form, solves the captcha, gets the SMS code (read back from the log gateway, as the phone would
show it), sends the report with a photo and their location, gets the ticket number and finds
the ticket on the tracking page. Script in the text stays text. axe finds no serious violation."""

import logging
import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from hotline.models import Ticket
from hotline.tests.factories import CategoryFactory, RequestTypeFactory
from tests.browser.conftest import watched_page
from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13912345678"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SCRIPT = "<script>window.citizenScriptRan = true</script>"
PHONE_SIZE = {"width": 390, "height": 844}
SCREENSHOTS = "/tmp/citizenform"  # noqa: S108 - looked at by the developer, not read by the test


@pytest.fixture
def reference():
    import_module("citizenreports.migrations.0002_default_rate_limits").add_defaults(apps, None)
    RequestTypeFactory(code="complaint", name="投诉")
    RequestTypeFactory(code="help", name="求助")
    CategoryFactory(code="010101", name="占道经营")
    CategoryFactory(code="010403", name="路灯不亮")


def test_a_citizen_reports_a_problem_from_the_phone_and_follows_it(
    browser, live_server, reference, monkeypatch, caplog
):
    # The test hook: every captcha question is 12 + 3 (random in production).
    monkeypatch.setattr("citizenreports.captcha._operands", lambda: (12, 3))
    caplog.set_level(logging.INFO, logger="sms")
    with watched_page(
        browser,
        live_server,
        viewport=PHONE_SIZE,
        is_mobile=True,
        has_touch=True,
        permissions=["geolocation"],
        geolocation={"latitude": 39.9289, "longitude": 116.4613},
    ) as page:
        page.goto("/report/")
        expect(page.get_by_role("heading", name="反映问题")).to_be_visible()
        assert serious_violations(page, _axe()) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE["width"]

        page.get_by_label("问题类别").select_option(label="路灯不亮")
        page.get_by_label("问题描述").fill(f"小区门口路灯坏了一周 {SCRIPT}")
        page.get_by_label("问题地点").fill("朝阳区团结湖路 12 号")
        page.get_by_role("button", name="使用我的位置").click()
        expect(page.locator(".locate-status")).to_have_text("已获取位置，将随反映一并提交。")
        page.get_by_label("照片（最多3张）").set_input_files(
            {"name": "lamp.png", "mimeType": "image/png", "buffer": PNG}
        )
        page.get_by_label("手机号码").fill(PHONE)
        page.get_by_label("图中算式的答案").fill("15")
        page.get_by_role("button", name="获取短信验证码").click()
        expect(page.locator("#code-status")).to_have_text("验证码已发送，10 分钟内有效。")
        expect(page.get_by_role("button", name=re.compile("秒后可重新发送"))).to_be_disabled()
        page.screenshot(path=f"{SCREENSHOTS}_form.png", full_page=True)

        page.get_by_label("短信验证码").fill(_code_sent(caplog))
        page.get_by_role("button", name="提交").click()

        expect(page.get_by_role("heading", name="您反映的问题已受理")).to_be_visible()
        ticket = Ticket.objects.get()
        expect(page.locator("#ticket-number")).to_have_text(ticket.number)
        expect(page.locator("#reported-content")).to_contain_text(SCRIPT)
        assert page.evaluate("window.citizenScriptRan") is None
        assert (ticket.channel, ticket.caller_phone, ticket.attachments.count()) == ("web", PHONE, 1)
        assert (float(ticket.longitude), float(ticket.latitude)) == (116.4613, 39.9289)
        page.screenshot(path=f"{SCREENSHOTS}_done.png", full_page=True)

        page.get_by_role("link", name="查询办理进度").click()
        expect(page.get_by_label("工单号")).to_have_value(ticket.number)
        page.get_by_label("来电号码后四位").fill(PHONE[-4:])
        page.get_by_role("button", name="查询").click()
        expect(page.locator("#public-timeline")).to_contain_text(ticket.number)
        assert page.evaluate("window.citizenScriptRan") is None


def test_the_form_says_what_is_wrong_on_the_phone(browser, live_server, reference, monkeypatch):
    monkeypatch.setattr("citizenreports.captcha._operands", lambda: (12, 3))
    with watched_page(browser, live_server, viewport=PHONE_SIZE, is_mobile=True) as page:
        page.goto("/report/")
        page.get_by_label("手机号码").fill(PHONE)
        page.get_by_label("图中算式的答案").fill("16")
        first_picture = page.locator("#captcha-image").get_attribute("src")
        page.get_by_role("button", name="获取短信验证码").click()
        expect(page.locator("#code-status")).to_have_text("答案不正确，请按新图片重新计算。")
        assert page.locator("#captcha-image").get_attribute("src") != first_picture
        page.get_by_role("button", name="提交").click()
        expect(page.get_by_role("alert")).to_have_text("请修改标出的内容。")
        expect(page.locator("[data-field=address] .field-error")).to_have_text(
            "请填写地址，或点击“使用我的位置”。"
        )
        assert serious_violations(page, _axe()) == []
        page.screenshot(path=f"{SCREENSHOTS}_errors.png", full_page=True)
    assert not Ticket.objects.exists()


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _code_sent(caplog) -> str:
    for record in reversed(caplog.records):
        if record.name == "sms" and (found := re.search(r"】\D*(\d{6})", record.getMessage())):
            return found[1]
    raise AssertionError("no SMS code was sent")
