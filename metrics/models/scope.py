"""Assessment scope (考核范围): every lead assignment counts unless it is excluded with a reason; a
unit may appeal (申诉) and the hotline decides. Each step is an immutable ScopeEvent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ImmutableModel


class ReasonCode(models.TextChoices):
    OUTSIDE_DUTIES = "outside_duties", _("Outside the unit's duties")
    LEGAL_CHANNEL = "legal_channel", _("Belongs to a legal channel")
    REPEAT = "repeat", _("Repeat of an earlier request")
    UNLAWFUL_DEMAND = "unlawful_demand", _("Unlawful demand")
    CALLER_UNREACHABLE = "caller_unreachable", _("Caller unreachable")
    UNREASONABLE = "unreasonable", _("Judged unreasonable on review")


class Appeal(models.Model):
    """申诉: the unit asks the hotline to take one of its orders out of assessment, on a stated ground
    and with evidence. Accepted, the order is excluded on that ground."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    assignment = models.ForeignKey(
        "dispatch.Assignment", verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="appeals"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("appealing unit"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("ground"), max_length=20, choices=ReasonCode.choices)
    evidence = models.TextField(_("evidence"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            # A second click cannot file two: one open appeal per assignment.
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(decision="pending"), name="appeal_one_pending"
            ),
        ]
        indexes = [models.Index(fields=["decision", "filed_at"])]

    def __str__(self):
        return f"{self.assignment_id} {self.reason} {self.decision}"


class Exclusion(models.Model):
    """The assignment is out of assessment scope: none of the three rates counts it, in any period."""

    assignment = models.OneToOneField(
        "dispatch.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="assessment_exclusion",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReasonCode.choices)
    note = models.TextField(_("note"), blank=True)
    appeal = models.OneToOneField(
        Appeal,
        verbose_name=_("accepted appeal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exclusion",
    )
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("excluded by"), on_delete=models.PROTECT, related_name="+"
    )
    excluded_at = models.DateTimeField(_("excluded at"), default=timezone.now)

    class Meta:
        ordering = ["-excluded_at"]
        verbose_name = _("exclusion from assessment")
        verbose_name_plural = _("exclusions from assessment")

    def __str__(self):
        return f"{self.assignment_id} {self.reason}"


class ScopeEvent(ImmutableModel):
    """One decision on an assignment's assessment scope, written in the same transaction as the
    change and never changed afterwards."""

    class Action(models.TextChoices):
        EXCLUDED = "excluded", _("Excluded from assessment")
        APPEAL_FILED = "appeal_filed", _("Appeal filed")
        APPEAL_ACCEPTED = "appeal_accepted", _("Appeal accepted")
        APPEAL_REJECTED = "appeal_rejected", _("Appeal rejected")

    assignment = models.ForeignKey(
        "dispatch.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="scope_events",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    reason = models.CharField(_("reason code"), max_length=20, choices=ReasonCode.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    appeal = models.ForeignKey(
        Appeal,
        verbose_name=_("appeal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("assessment scope event")
        verbose_name_plural = _("assessment scope events")

    def __str__(self):
        return f"{self.assignment_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
