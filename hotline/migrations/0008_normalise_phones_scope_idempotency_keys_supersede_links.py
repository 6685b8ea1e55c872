"""Existing data for 0007's constraints and for the phone rules of hotline.caller.

- Phones: the old rules matched digits with a Unicode-aware pattern and stored them as typed, so a
  stored number can hold full-width or Arabic-Indic digits (its shape is already normalised).
  They become ASCII, so duplicates and /track/ find them.
- Idempotency keys: Open311's were stored as "open311:<client>:<key>"; now the scope has its own
  column. Other keys belong to the ticket's operator. Old tickets have no fingerprint (any retry
  with their key matches, as before).
- Callback links: only a ticket's newest link stays current."""

import unicodedata

from django.db import migrations
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, Now


def _ascii_digits(text):
    return "".join(
        str(unicodedata.decimal(char)) if not char.isascii() and unicodedata.decimal(char, None) is not None else char
        for char in text
    )


def forwards(apps, schema_editor):
    Ticket = apps.get_model("hotline", "Ticket")
    CallbackLink = apps.get_model("hotline", "CallbackLink")

    typed = Ticket.objects.exclude(caller_phone="").exclude(caller_phone__regex=r"^[0-9#-]+$")
    for pk, phone in typed.values_list("pk", "caller_phone").iterator():
        Ticket.objects.filter(pk=pk).update(caller_phone=_ascii_digits(phone))

    keyed = Ticket.objects.filter(idempotency_key__isnull=False)
    open311 = keyed.filter(idempotency_key__startswith="open311:")
    for pk, key in open311.values_list("pk", "idempotency_key").iterator():
        _, client, own_key = key.split(":", 2)
        Ticket.objects.filter(pk=pk).update(idempotency_scope=f"open311:{client}", idempotency_key=own_key)
    keyed.exclude(idempotency_key__startswith="open311:").filter(operator__isnull=False).update(
        idempotency_scope=Concat(Value("user:"), Cast("operator_id", output_field=CharField()))
    )

    newest = CallbackLink.objects.filter(ticket=OuterRef("ticket")).order_by("-created_at", "-pk").values("pk")[:1]
    CallbackLink.objects.filter(superseded_at__isnull=True).exclude(pk=Subquery(newest)).update(superseded_at=Now())


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0007_idempotency_scope_fingerprint_callback_link_superseded"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
