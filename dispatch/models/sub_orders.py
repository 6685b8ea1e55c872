"""二次派单: a unit hands its assignment (or a part of it) down to one of its sub-units (a street's
community or section, a department's station) with a note and an inner deadline. The unit stays
accountable to the hotline: its clocks keep running and it replies itself."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubOrder(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Handed down")
        SIGNED = "signed", _("Signed for by the sub-unit")
        REPORTED = "reported", _("Reported to the unit")
        SENT_BACK = "sent_back", _("Sent back to be redone")
        ACCEPTED = "accepted", _("Accepted by the unit")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    assignment = models.ForeignKey(
        "dispatch.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="sub_orders",
    )
    sub_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("sub-unit"), on_delete=models.PROTECT, related_name="sub_orders"
    )
    note = models.TextField(_("note"))
    deadline = models.DateTimeField(_("inner deadline"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ISSUED)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    issued_at = models.DateTimeField(_("handed down at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed down by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    report_text = models.TextField(_("report"), blank=True)
    closed_at = models.DateTimeField(_("accepted or withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("sub-order")
        verbose_name_plural = _("sub-orders")
        constraints = [
            # Several sub-orders per assignment, but one open per sub-unit: a second click cannot
            # hand the same order down twice.
            models.UniqueConstraint(
                fields=["assignment", "sub_unit"],
                condition=~models.Q(status__in=["accepted", "withdrawn"]),
                name="sub_order_one_open_per_sub_unit",
            ),
        ]
        indexes = [
            # A sub-unit's inbox and a unit's open work below it: the open ones by deadline.
            models.Index(
                fields=["sub_unit", "deadline"],
                name="sub_order_open_idx",
                condition=~models.Q(status__in=["accepted", "withdrawn"]),
            ),
        ]

    def __str__(self):
        return f"{self.assignment_id} → {self.sub_unit_id} ({self.status})"
