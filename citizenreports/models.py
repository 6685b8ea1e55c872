"""Citizens' own reports through the public form: the limits on it (policy rows with effective
dates), the one-time SMS codes that prove a phone, and the record of each report filed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateLimitPolicy(models.Model):
    """At most ``limit`` of ``action`` per phone (or per client address) within ``window_minutes``.
    A row with a later ``effective_from`` replaces the earlier one for its (action, scope)."""

    class Action(models.TextChoices):
        CODE = "code", _("SMS code sent")
        REPORT = "report", _("Report filed")

    class Scope(models.TextChoices):
        PHONE = "phone", _("Per phone number")
        CLIENT = "client", _("Per client address")

    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    limit = models.PositiveIntegerField(_("limit"))
    window_minutes = models.PositiveIntegerField(_("window (minutes)"), default=60)
    effective_from = models.DateTimeField(_("effective from"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["action", "scope", "-effective_from"]
        verbose_name = _("rate limit")
        verbose_name_plural = _("rate limits")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "scope", "effective_from"], name="citizen_rate_limit_one_per_moment"
            )
        ]

    def __str__(self):
        return (
            f"{self.get_action_display()} · {self.get_scope_display()} · {self.limit}/{self.window_minutes}"
        )


class PhoneCode(models.Model):
    """One code sent to one phone. Only its keyed hash is kept; it dies when used, when it
    expires, or after too many wrong tries (citizenreports.phone_codes)."""

    phone = models.CharField(_("phone"), max_length=24)
    code_hash = models.CharField(_("code hash"), max_length=64)
    client = models.CharField(_("client address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    send_error = models.CharField(_("send error"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("SMS code")
        verbose_name_plural = _("SMS codes")
        indexes = [
            models.Index(fields=["phone", "created_at"], name="phone_code_phone_idx"),
            models.Index(fields=["client", "created_at"], name="phone_code_client_idx"),
        ]

    def __str__(self):
        return f"{self.phone} {self.created_at:%Y-%m-%d %H:%M}"


class CitizenReport(models.Model):
    """A ticket a citizen filed through the public form, with the phone they proved and the address
    they came from: what the per-phone and per-address limits count."""

    ticket = models.OneToOneField(
        "hotline.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="citizen_report"
    )
    phone = models.CharField(_("phone"), max_length=24)
    client = models.CharField(_("client address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("citizen's report")
        verbose_name_plural = _("citizens' reports")
        indexes = [
            models.Index(fields=["phone", "created_at"], name="citizen_report_phone_idx"),
            models.Index(fields=["client", "created_at"], name="citizen_report_client_idx"),
        ]

    def __str__(self):
        return str(self.ticket_id)
