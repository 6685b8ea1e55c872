from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ImmutableModel


class TicketEvent(ImmutableModel):
    """One step of a ticket's history. Written in the same transaction as the change it records and
    never changed afterwards: deadlines, statistics and the public timeline are computed from these."""

    ticket = models.ForeignKey("hotline.Ticket", on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True
    )
    assignment = models.ForeignKey(
        "dispatch.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    is_public = models.BooleanField(_("shown to the citizen"), default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        indexes = [
            models.Index(fields=["ticket", "at"]),
            # The resolution and satisfaction rates (metrics.computation) read a period's callbacks
            # per assignment, the latest one counting: the callbacks alone, not every event of
            # every assignment (`benchmark_metrics`, 2,000,000 tickets: that query ~6 s → ~5 s).
            models.Index(
                fields=["assignment", "at"],
                name="ticket_event_callback_idx",
                condition=models.Q(action="callback"),
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
