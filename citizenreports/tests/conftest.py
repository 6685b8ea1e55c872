"""A citizen on the public form: the curated categories exist, the captcha's sum is known and the
codes the log gateway 'sends' can be read back."""

import logging
import re
from importlib import import_module

import pytest
from django.apps import apps

from hotline.tests.factories import CategoryFactory, RequestTypeFactory

PHONE = "13912345678"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CAPTCHA_ANSWER = "15"


@pytest.fixture(autouse=True)
def known_captcha(monkeypatch):
    """The test hook: every question is 12 + 3. In production the numbers are random."""
    monkeypatch.setattr("citizenreports.captcha._operands", lambda: (12, 3))


@pytest.fixture
def reference(db):
    """Two curated categories the hotline offers, and the default limits (a transactional test's
    flush deletes what the migration wrote)."""
    import_module("citizenreports.migrations.0002_default_rate_limits").add_defaults(apps, None)
    RequestTypeFactory(code="complaint", name="投诉")
    RequestTypeFactory(code="help", name="求助")
    return {
        "vending": CategoryFactory(code="010101", name="占道经营"),
        "lights": CategoryFactory(code="010403", name="路灯不亮"),
    }


@pytest.fixture
def sms_log(caplog):
    """→ a function answering the last code the log gateway wrote for the phone ending in ``tail``."""
    caplog.set_level(logging.INFO, logger="sms")

    def last_code(tail: str = PHONE[-4:]) -> str | None:
        for record in reversed(caplog.records):
            message = record.getMessage()
            if (
                record.name == "sms"
                and f"{tail}:" in message
                and (found := re.search(r"】\D*(\d{6})", message))
            ):
                return found[1]
        return None

    return last_code


@pytest.fixture
def ask_code(client):
    """``ask_code(phone)`` → the response of asking for a code with the right captcha answer."""

    def ask(phone: str = PHONE, *, captcha: str = CAPTCHA_ANSWER, json: bool = False):
        client.get("/report/")
        headers = {"Accept": "application/json"} if json else {}
        return client.post("/report/code/", {"phone": phone, "captcha": captcha}, headers=headers)

    return ask


@pytest.fixture
def report_fields(reference):
    def fields(**changes):
        return {
            "category": "010101",
            "content": "小区门口有人占道摆摊，晚上很吵",
            "address": "朝阳区团结湖路 12 号",
            "phone": PHONE,
            "code": "",
            **changes,
        }

    return fields
