"""How each kind of unit is scored, as effective-dated data."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from metrics.formulas import Terms
from units.models import Unit

# The kinds of unit that are ranked: they receive orders as lead units.
ASSESSED_KINDS = (Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE)


def _share(name: str) -> Q:
    return Q(**{f"{name}__gte": 0, f"{name}__lte": 1})


class ScoringScheme(models.Model):
    """The weights of the four rates, the credits for half answers, the minimum sample and the sizes
    of the top and bottom lists for one kind of unit, from a date on. The scheme in force for a month
    is the newest one effective on its first day; a city changes it by adding a row."""

    unit_kind = models.CharField(
        _("unit kind"),
        max_length=16,
        choices=[(kind.value, kind.label) for kind in ASSESSED_KINDS],
    )
    effective_from = models.DateField(_("effective from"))
    weight_response = models.DecimalField(_("weight of the response rate"), max_digits=4, decimal_places=3)
    weight_resolution = models.DecimalField(
        _("weight of the resolution rate"), max_digits=4, decimal_places=3
    )
    weight_satisfaction = models.DecimalField(
        _("weight of the satisfaction rate"), max_digits=4, decimal_places=3
    )
    weight_on_time_reply = models.DecimalField(
        _("weight of the on-time reply rate"),
        max_digits=4,
        decimal_places=3,
        default=Decimal(0),
        help_text=_(
            "0 leaves the rate shown but not scored: an order not replied by its deadline already "
            "counts against the resolution and satisfaction rates."
        ),
    )
    basic_credit = models.DecimalField(
        _("credit for “basically satisfied” (k)"),
        max_digits=4,
        decimal_places=3,
        help_text=_("Between 0 and 1: how much a “basically satisfied” answer counts."),
    )
    partly_credit = models.DecimalField(
        _("credit for “partly solved”"),
        max_digits=4,
        decimal_places=3,
        help_text=_("Between 0 and 1: how much a “partly solved” answer counts."),
    )
    min_assessed = models.PositiveIntegerField(
        _("minimum assessed orders"),
        help_text=_("A unit is ranked only when both its response count and its valid callbacks reach this."),
    )
    top_n = models.PositiveSmallIntegerField(_("top list size"))
    bottom_n = models.PositiveSmallIntegerField(_("bottom list size"))
    # 双考核: departments and enterprises are also scored on the whistles that summon them.
    weight_whistle_acknowledge = models.DecimalField(
        _("whistle assessment: weight of on-time acknowledgement"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.3"),
    )
    weight_whistle_arrival = models.DecimalField(
        _("whistle assessment: weight of on-time arrival"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.4"),
    )
    weight_whistle_rating = models.DecimalField(
        _("whistle assessment: weight of the streets' ratings"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.3"),
        help_text=_("The mean of the three ratings, 1–5, counted as a share of 5."),
    )
    min_summonses = models.PositiveIntegerField(
        _("whistle assessment: minimum summonses"),
        default=3,
        help_text=_(
            "A department is ranked on whistles only when summoned at least this often in the month."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit_kind", "-effective_from"]
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kind", "effective_from"], name="scoring_scheme_unique_start"
            ),
            models.CheckConstraint(
                condition=_share("weight_response")
                & _share("weight_resolution")
                & _share("weight_satisfaction")
                & _share("weight_on_time_reply")
                & _share("basic_credit")
                & _share("partly_credit"),
                name="scoring_scheme_shares_between_0_and_1",
            ),
        ]

    def __str__(self):
        return f"{self.get_unit_kind_display()} ≥ {self.effective_from:%Y-%m-%d}"

    def clean(self):
        # Checked here and not by the database: SQLite adds decimals as floats (0.2 + 0.4 + 0.4 ≠ 1).
        weights = (
            self.weight_response,
            self.weight_resolution,
            self.weight_satisfaction,
            self.weight_on_time_reply,
        )
        if None not in weights and sum(weights, Decimal(0)) != 1:
            raise ValidationError(_("The four weights must add up to 1."))
        whistle = (self.weight_whistle_acknowledge, self.weight_whistle_arrival, self.weight_whistle_rating)
        if None not in whistle and sum(whistle, Decimal(0)) != 1:
            raise ValidationError(_("The three whistle weights must add up to 1."))

    def terms(self) -> Terms:
        return Terms(
            weight_response=self.weight_response,
            weight_resolution=self.weight_resolution,
            weight_satisfaction=self.weight_satisfaction,
            weight_on_time_reply=self.weight_on_time_reply,
            basic_credit=self.basic_credit,
            partly_credit=self.partly_credit,
            min_assessed=self.min_assessed,
            top_n=self.top_n,
            bottom_n=self.bottom_n,
        )
