"""Migration 0008 brings existing rows under the new rules: ASCII phones, scoped idempotency keys,
one current callback link per ticket (which 0007's constraints then require)."""

from datetime import timedelta

import pytest
from django.utils import timezone

BEFORE = [("hotline", "0007_idempotency_scope_fingerprint_callback_link_superseded")]
AFTER = [("hotline", "0009_idempotency_key_per_scope_one_current_callback_link")]


@pytest.mark.django_db(transaction=True)
def test_existing_phones_keys_and_links_are_brought_under_the_new_rules(make_user, migrate_to):
    operator = make_user()
    old = migrate_to(BEFORE)
    try:
        Ticket, CallbackLink = old.get_model("hotline", "Ticket"), old.get_model("hotline", "CallbackLink")
        request_type = old.get_model("hotline", "RequestType").objects.create(code="help", name="求助")
        category = old.get_model("hotline", "Category").objects.create(
            code="990101", name="路灯", level=3, path="城市管理 / 路灯"
        )

        def ticket(number, **fields):
            return Ticket.objects.create(
                number=number,
                channel="phone",
                request_type=request_type,
                category=category,
                content="内容",
                tier="T3",
                **fields,
            )

        typed = ticket(
            "20260101-000001", caller_phone="13８1234888８", idempotency_key="k", operator_id=operator.pk
        )
        landline = ticket("20260101-000002", caller_phone="٠١٠-١٢٣٤٥٦٧٨#١٢")
        open311 = ticket("20260101-000003", caller_phone="13812348888", idempotency_key="open311:7:k")
        now = timezone.now()
        links = [
            CallbackLink.objects.create(
                ticket=typed,
                nonce=f"n{i}",
                created_at=now + timedelta(minutes=i),
                expires_at=now + timedelta(days=7),
            )
            for i in range(3)
        ]
    finally:
        new = migrate_to(AFTER)

    Ticket, CallbackLink = new.get_model("hotline", "Ticket"), new.get_model("hotline", "CallbackLink")
    phones = dict(Ticket.objects.values_list("number", "caller_phone"))
    assert phones == {
        "20260101-000001": "13812348888",
        "20260101-000002": "010-12345678#12",
        "20260101-000003": "13812348888",
    }
    keys = {t.pk: (t.idempotency_scope, t.idempotency_key) for t in Ticket.objects.all()}
    assert keys[typed.pk] == (f"user:{operator.pk}", "k")
    assert keys[open311.pk] == ("open311:7", "k")
    assert keys[landline.pk] == ("", None)
    current = CallbackLink.objects.filter(superseded_at__isnull=True)
    assert list(current.values_list("nonce", flat=True)) == [links[-1].nonce]
