"""Text messages to citizens: the templates supervisors edit, and one row per message sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sms.placeholders import Kind, placeholders_check


class SmsTemplate(models.Model):
    """The wording of one kind of message in one language. A new row with a later date replaces the
    wording from then on; messages already written keep theirs."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="zh-hans")
    text = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders in braces. Receipt: {number} {tracking_url}. Reply: {number} {result} "
            "{callback_url}, optionally {tracking_url}. Extension: {number} {new_date}, optionally "
            "{tracking_url}. The signature is added by the gateway."
        ),
    )
    effective_from = models.DateTimeField(_("effective from"), default=timezone.now)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "language", "-effective_from"]
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "effective_from"], name="sms_template_one_per_moment"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.language} · {self.effective_from:%Y-%m-%d}"

    def clean(self):
        if self.kind in Kind.values:
            placeholders_check(kind=self.kind, text=self.text or "")


class SmsMessage(models.Model):
    """One text to one citizen, caused by one ticket event. The unique (ticket, event, kind) makes
    it exist once however often its cause is processed; the row is written in the transaction that
    records the event, so a message is never lost between the event and the sending task."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("sms status", "Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    ticket = models.ForeignKey(
        "hotline.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="sms_messages"
    )
    event = models.ForeignKey(
        "hotline.TicketEvent", verbose_name=_("caused by"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    phone = models.CharField(_("phone"), max_length=24)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    provider_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # A sender holds the row while it talks to the gateway; a claim older than
    # SMS_SEND_LEASE_SECONDS belongs to a worker that died and may be taken over.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim = models.CharField(_("claim"), max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "event", "kind"], name="sms_message_once_per_event")
        ]
        indexes = [
            # The sweep reads only the pending rows (sms.sweep), however many were ever sent.
            models.Index(
                fields=["next_attempt_at"], name="sms_message_pending_idx", condition=Q(status="pending")
            ),
            models.Index(fields=["phone", "created_at"], name="sms_message_phone_idx"),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.kind} {self.status}"
