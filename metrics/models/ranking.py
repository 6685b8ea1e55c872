"""Frozen monthly rankings: what was published stays as it was. A recompute adds a version."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrics.formulas import Counts
from metrics.models.scheme import ASSESSED_KINDS


class _Immutable(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name} is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} is frozen")


class RankingSnapshot(_Immutable):
    """One kind of unit's ranking for one month, as computed at ``created_at`` under the scheme then
    in force. Version 1 is frozen by the monthly task; an administrator's recompute adds version 2,
    3 … with its reason. Every version stays readable; the newest is the one in force."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    unit_kind = models.CharField(
        _("unit kind"), max_length=16, choices=[(kind.value, kind.label) for kind in ASSESSED_KINDS]
    )
    version = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason for this version"), blank=True)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end (exclusive)"))
    scheme = models.ForeignKey(
        "metrics.ScoringScheme", verbose_name=_("scoring scheme"), on_delete=models.PROTECT, related_name="+"
    )
    scheme_terms = models.JSONField(
        _("scheme terms used"),
        help_text=_("A copy, so that a later edit of the scheme changes nothing here."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the monthly task."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-month", "unit_kind", "-version"]
        verbose_name = _("ranking snapshot")
        verbose_name_plural = _("ranking snapshots")
        constraints = [
            # Freezing twice (a retry, two workers) makes one version 1.
            models.UniqueConstraint(
                fields=["month", "unit_kind", "version"], name="ranking_snapshot_unique_version"
            ),
            models.CheckConstraint(condition=models.Q(month__day=1), name="ranking_snapshot_month_first_day"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.unit_kind} v{self.version}"


class RankingRow(_Immutable):
    """One unit's line in a snapshot: the counts behind each rate, the rates, composite and rank as
    published (rates rounded to six places, ranks from the rounded composite; a department's rank is
    within its level's table)."""

    snapshot = models.ForeignKey(RankingSnapshot, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_code = models.CharField(_("unit code then"), max_length=32)
    unit_name = models.CharField(_("unit name then"), max_length=100)
    response_met = models.PositiveIntegerField(_("responded in time"))
    response_due = models.PositiveIntegerField(_("response deadlines in the period"))
    solved = models.PositiveIntegerField(_("solved"))
    partly = models.PositiveIntegerField(_("partly solved"))
    satisfied = models.PositiveIntegerField(_("satisfied"))
    basic = models.PositiveIntegerField(_("basically satisfied"))
    valid_callbacks = models.PositiveIntegerField(_("valid callbacks"))
    reply_met = models.PositiveIntegerField(_("replied by the deadline"), default=0)
    reply_due = models.PositiveIntegerField(_("reply deadlines in the period"), default=0)
    not_replied = models.PositiveIntegerField(_("not replied by the deadline"), default=0)
    returns = models.PositiveIntegerField(_("returns"), default=0)
    misdispatches = models.PositiveIntegerField(_("mis-dispatches"), default=0)
    level = models.CharField(
        _("level then"),
        max_length=8,
        blank=True,
        help_text=_("Departments and enterprises: city or district level, each ranked in its own table."),
    )
    response_rate = models.DecimalField(
        _("response rate"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    resolution_rate = models.DecimalField(
        _("resolution rate"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    satisfaction_rate = models.DecimalField(
        _("satisfaction rate"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    on_time_reply_rate = models.DecimalField(
        _("on-time reply rate"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    composite = models.DecimalField(
        _("composite score"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    ranked = models.BooleanField(_("ranked"), help_text=_("False: below the minimum sample, listed apart."))
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    rank_change = models.IntegerField(
        _("change against last month"),
        null=True,
        blank=True,
        help_text=_("Places gained (positive) or lost since last month's snapshot."),
    )
    is_top = models.BooleanField(_("in the top list"), default=False)
    is_bottom = models.BooleanField(_("in the bottom list"), default=False)

    class Meta:
        ordering = ["snapshot", "level", models.F("rank").asc(nulls_last=True), "unit_code"]
        verbose_name = _("ranking row")
        verbose_name_plural = _("ranking rows")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "unit"], name="ranking_row_unique_unit"),
        ]

    def __str__(self):
        return f"{self.snapshot} {self.unit_code} #{self.rank or '-'}"

    @property
    def counts(self) -> Counts:
        return Counts(
            response_met=self.response_met,
            response_due=self.response_due,
            solved=self.solved,
            partly=self.partly,
            satisfied=self.satisfied,
            basic=self.basic,
            valid_callbacks=self.valid_callbacks,
            reply_met=self.reply_met,
            reply_due=self.reply_due,
            not_replied=self.not_replied,
            returns=self.returns,
            misdispatches=self.misdispatches,
        )
