"""Templates: placeholders checked at save time (in the admin too), the shipped defaults valid, and
only the hotline's supervisors and administrators may edit them."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from accounts.models import Role
from sms.models import SmsTemplate
from sms.placeholders import Kind, placeholders_check, placeholders_fill

RECEIPT = "工单号{number}，查询：{tracking_url}"


def test_a_complete_template_passes_and_fills():
    placeholders_check(kind=Kind.RECEIPT, text=RECEIPT)
    assert (
        placeholders_fill(RECEIPT, {"number": "N1", "tracking_url": "U", "unused": "x"})
        == "工单号N1，查询：U"
    )


@pytest.mark.parametrize(
    ("kind", "text", "says"),
    [
        (Kind.RECEIPT, "工单号{number}", "Missing placeholders: {tracking_url}"),
        (
            Kind.RECEIPT,
            "工单号{number} {tracking_url} {callback_url}",
            "Unknown placeholders: {callback_url}",
        ),
        (Kind.REPLY, "{number} {result}", "Missing placeholders: {callback_url}"),
        (Kind.EXTENSION, "{number} {new_date} {phone}", "Unknown placeholders: {phone}"),
        (Kind.RECEIPT, "{number.__class__} {tracking_url}", "Write placeholders as {name}"),
        (Kind.RECEIPT, "{number!r} {tracking_url}", "Write placeholders as {name}"),
        (Kind.RECEIPT, "{number:>30} {tracking_url}", "Write placeholders as {name}"),
        (Kind.RECEIPT, "{number} {tracking_url", "Unbalanced braces"),
    ],
)
def test_a_bad_template_is_refused(kind, text, says):
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        placeholders_check(kind=kind, text=text)
    assert says in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_the_shipped_chinese_templates_are_valid():
    templates = SmsTemplate.objects.filter(language="zh-hans")
    assert {template.kind for template in templates} == set(Kind.values)
    for template in templates:
        template.full_clean()


@pytest.fixture
def staff(make_user):
    def make(role):
        user = make_user(role, is_staff=True)
        client = Client()
        client.force_login(user)
        return client

    return make


def _add(client, text):
    return client.post(
        "/admin/sms/smstemplate/add/",
        {
            "kind": "receipt",
            "language": "zh-hans",
            "text": text,
            "effective_from_0": "2026-06-01",
            "effective_from_1": "00:00:00",
            "is_active": "on",
            "note": "",
        },
    )


@pytest.mark.django_db
def test_the_admin_refuses_a_template_with_a_missing_placeholder(staff):
    client = staff(Role.DISPATCHER)
    before = SmsTemplate.objects.count()

    response = _add(client, "您的诉求已受理，工单号{number}。")

    assert response.status_code == 200
    assert "{tracking_url}" in response.content.decode()
    assert SmsTemplate.objects.count() == before


@pytest.mark.django_db
def test_a_supervisor_adds_a_template_in_the_admin(staff):
    response = _add(staff(Role.DISPATCHER), RECEIPT)
    assert response.status_code == 302
    assert SmsTemplate.objects.filter(text=RECEIPT).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STREET_OFFICIAL, Role.OPERATOR, Role.DEPARTMENT_STAFF])
def test_other_staff_may_not_touch_templates(staff, role):
    client = staff(role)
    assert client.get("/admin/sms/smstemplate/").status_code == 403
    assert _add(client, RECEIPT).status_code == 403
    assert not SmsTemplate.objects.filter(text=RECEIPT).exists()
