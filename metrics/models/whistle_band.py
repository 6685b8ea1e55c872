"""The normal band of a street's whistle rate (whistles per 1,000 tickets), as effective-dated data:
a city changes it by adding a row with a later date; the rows before stay for the periods they
covered."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class WhistleRateBand(models.Model):
    """A street whose rate lies in [low, high] is within the band; below ``low`` it may leave to the
    departments what it should summon them for, above ``high`` it may summon for what it could fix
    itself. The band in force for a period is the newest row effective on the period's first day."""

    effective_from = models.DateField(_("effective from"), unique=True)
    low_per_1000 = models.DecimalField(
        _("lowest normal rate (per 1,000 tickets)"), max_digits=7, decimal_places=2
    )
    high_per_1000 = models.DecimalField(
        _("highest normal rate (per 1,000 tickets)"), max_digits=7, decimal_places=2
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("whistle rate band")
        verbose_name_plural = _("whistle rate bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(low_per_1000__gte=0) & Q(high_per_1000__gte=F("low_per_1000")),
                name="whistle_rate_band_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.low_per_1000}–{self.high_per_1000} ‰ ≥ {self.effective_from:%Y-%m-%d}"
