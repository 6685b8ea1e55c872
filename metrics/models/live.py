"""What the leaders' pages read for months not frozen yet, written by the periodic task
(``metrics.tasks.refresh_live_figures``) so that no page computes a month of orders on a request."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from metrics.models.scheme import ASSESSED_KINDS


class LiveFigures(models.Model):
    """One kind of unit's ranking for a month not frozen yet, as last computed: the board's rows
    (ranked first, then the units below the minimum sample), each with its counts, rates (six
    places, as strings) and standing, and a copy of the scheme's terms. One row per month and kind,
    replaced in place by each run."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    unit_kind = models.CharField(
        _("unit kind"), max_length=16, choices=[(kind.value, kind.label) for kind in ASSESSED_KINDS]
    )
    computed_at = models.DateTimeField(_("computed at"))
    scheme_terms = models.JSONField(_("scheme terms used"))
    lines = models.JSONField(_("ranking lines"), default=list)

    class Meta:
        verbose_name = _("live ranking figures")
        verbose_name_plural = _("live ranking figures")
        constraints = [
            models.UniqueConstraint(fields=["month", "unit_kind"], name="live_figures_unique_month_kind"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="live_figures_month_first_day"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.unit_kind} @ {self.computed_at:%Y-%m-%d %H:%M}"


class MonthlyVolume(models.Model):
    """Tickets received in a month, city-wide and per district (by the lead unit in force, as
    ``metrics.analyses.district_volumes`` counts them): the trend charts read these rather than
    a year of tickets. The periodic task refreshes this month and last month on each run and
    fills any missing month of the trend's span once."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    tickets = models.PositiveIntegerField(_("tickets received"))
    districts = models.JSONField(
        _("tickets per district"), default=dict, help_text=_("{district id: tickets}")
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("monthly volume")
        verbose_name_plural = _("monthly volumes")
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_volume_month_first_day"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.tickets}"


class AnalysisFigures(models.Model):
    """The city-wide analysis page's figures for one period (a day, an ISO week or a month, by its
    first day), as ``metrics.analysis_figures`` computes and stores them: kept by the periodic task
    for the current periods and the ones just before; ``final`` once computed after the period
    ended (then not computed again)."""

    kind = models.CharField(_("period"), max_length=8)
    first_day = models.DateField(_("first day"))
    computed_at = models.DateTimeField(_("computed at"))
    final = models.BooleanField(_("final"), default=False)
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("analysis figures")
        verbose_name_plural = _("analysis figures")
        constraints = [
            models.UniqueConstraint(fields=["kind", "first_day"], name="analysis_figures_unique_period"),
        ]

    def __str__(self):
        return f"{self.kind} {self.first_day}"
