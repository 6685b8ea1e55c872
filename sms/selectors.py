from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from core.process_copy import ProcessCopy
from sms.models import SmsMessage, SmsTemplate


def _templates_build() -> dict[tuple[str, str], list[SmsTemplate]]:
    """Active templates by (kind, language), latest effective first."""
    templates = defaultdict(list)
    for template in SmsTemplate.objects.filter(is_active=True).order_by("-effective_from", "-pk"):
        templates[template.kind, template.language].append(template)
    return dict(templates)


def _templates_fingerprint() -> tuple:
    return tuple(SmsTemplate.objects.aggregate(rows=Count("pk"), last=Max("pk")).values())


# One copy per process: every intake reads the receipt's wording. Dropped in every process when a
# template is saved or deleted (sms.apps connects the signals; other processes notice within
# TOKEN_SECONDS), checked against the fingerprint every ROUTING_RECHECK_SECONDS otherwise.
TOKEN_SECONDS = 2

_templates: ProcessCopy[dict] = ProcessCopy(
    name="sms.templates",
    build=_templates_build,
    fingerprint=_templates_fingerprint,
    token_seconds=TOKEN_SECONDS,
)


def template_in_force(kind: str, *, at: datetime | None = None) -> SmsTemplate | None:
    """The wording of ``kind`` in settings.SMS_LANGUAGE in force at ``at`` (now)."""
    at = at or timezone.now()
    candidates = _templates.get().get((kind, settings.SMS_LANGUAGE), ())
    return next((template for template in candidates if template.effective_from <= at), None)


def sms_templates_changed(**_signal) -> None:
    """Receiver for saves and deletes of templates."""
    _templates.invalidate()


def sms_templates_forget() -> None:
    """Drop this process's copy only (tests: rows a rolled-back test made must not linger)."""
    _templates.forget()


def sms_last_to(phone: str, *, kind: str | None = None) -> SmsMessage | None:
    """The newest message written to ``phone`` (of ``kind``, if given): what a citizen last
    received, for a browser test or a support call. With the log gateway it is the only copy."""
    messages = SmsMessage.objects.filter(phone=phone)
    if kind:
        messages = messages.filter(kind=kind)
    return messages.order_by("-created_at", "-pk").first()


def ticket_sms_messages(ticket) -> QuerySet[SmsMessage]:
    """A ticket's messages, oldest first."""
    return SmsMessage.objects.filter(ticket=ticket).order_by("created_at", "pk")
