"""Assignments: a ticket given to a unit, the unit's contacts with the citizen, and its requests to
the hotline (return, extension, relay)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """A ticket given to one unit to handle: the lead unit (主办) or an assisting one (协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        ASSIST = "assist", _("Assisting unit")

    ticket = models.ForeignKey("hotline.Ticket", on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )

    class Status(models.TextChoices):
        DISPATCHED = "dispatched", _("Dispatched")
        SIGNED = "signed", _("Signed for")
        CONTACTED = "contacted", _("Citizen contacted")
        IN_PROGRESS = "in_progress", _("In progress")
        RETURNING = "returning", _("Return requested")
        REPLIED = "replied", _("Replied")
        CALLED_BACK = "called_back", _("Called back")
        REPORTED = "reported", _("Reported to the lead unit")
        RETURNED = "returned", _("Returned")
        CLOSED = "closed", _("Closed")

    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DISPATCHED)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    cycle = models.PositiveSmallIntegerField(
        _("cycle"), default=1, help_text=_("1, then 2 after a redo (重办) …")
    )
    extensions_used = models.PositiveSmallIntegerField(_("extensions used"), default=0)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["ticket", "role", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "unit"], name="assignment_unique_ticket_unit"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "assigned_at"]),
            # A unit's tickets from the index alone: its ticket list and that list's count.
            models.Index(fields=["unit", "ticket"], name="assignment_unit_ticket_idx"),
            # A unit's open orders (its inbox), a few hundred among the unit's whole history.
            models.Index(
                fields=["unit", "assigned_at"],
                name="assignment_open_unit_idx",
                condition=~models.Q(status__in=["closed", "returned"]),
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id} → {self.unit_id} ({self.role})"

    @property
    def assessed_unit_id(self) -> int | None:
        """The unit this order's clocks count for in the assessment: its own when it leads (主办),
        none when it assists (协办); each clock keeps a copy (``Clock.assessed_unit``)."""
        return self.unit_id if self.role == self.Role.LEAD else None


class ContactRecord(models.Model):
    """联系诉求人: when and how the unit reached the citizen."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")
        SMS = "sms", _("SMS")
        OTHER = "other", _("Other")
        RELAY = "relay", _("Relayed by the hotline (confidential caller)")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    contacted_at = models.DateTimeField(_("contacted at"))
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["contacted_at"]
        verbose_name = _("contact record")
        verbose_name_plural = _("contact records")

    def __str__(self):
        return f"{self.assignment_id} {self.method} {self.contacted_at:%Y-%m-%d %H:%M}"


class UnitRequest(models.Model):
    """A unit asking the hotline to decide: a return (退单), an extension (延期), or to relay its first
    contact to a confidential caller (请热线转达)."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Return (dispute the dispatch)")
        EXTENSION = "extension", _("Extension")
        RELAY = "relay", _("Relay to the citizen")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    suggested_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("suggested unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    extra_days = models.PositiveSmallIntegerField(_("extra days asked"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("unit request")
        verbose_name_plural = _("unit requests")
        constraints = [
            # One open request of a kind per assignment: a second click cannot file two.
            models.UniqueConstraint(
                fields=["assignment", "kind"],
                condition=models.Q(decision="pending"),
                name="unit_request_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["decision", "kind", "requested_at"])]

    def __str__(self):
        return f"{self.assignment_id} {self.kind} {self.decision}"
