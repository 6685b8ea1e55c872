"""The published bulletins: 日通报 (a day), 周汇总 (an ISO week), 月分析 (a month). One row per kind and
period, its two files written once when it is generated; generating again finds the row and does
nothing."""

import uuid

from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from metrics.analyses import PeriodKind


@deconstructible
class BulletinFileName:
    """``upload_to``: ``bulletins/<2 hex>/<32 hex><suffix>`` — a random name, never a guessable one
    (the files are served only through a view that checks who may read them)."""

    def __init__(self, suffix: str):
        self.suffix = suffix

    def __call__(self, instance, filename: str) -> str:
        token = uuid.uuid4().hex
        return f"bulletins/{token[:2]}/{token}{self.suffix}"

    def __eq__(self, other):
        return isinstance(other, BulletinFileName) and other.suffix == self.suffix

    def __hash__(self):
        return hash(self.suffix)


class Bulletin(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=PeriodKind.choices)
    first_day = models.DateField(_("first day of the period"))
    last_day = models.DateField(_("last day of the period"))
    generated_at = models.DateTimeField(_("generated at"))
    docx = models.FileField(_("Word document"), upload_to=BulletinFileName(".docx"))
    pdf = models.FileField(_("PDF document"), upload_to=BulletinFileName(".pdf"))
    has_chart = models.BooleanField(_("with a chart"), default=True)

    class Meta:
        ordering = ["-first_day", "kind"]
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            # Generating twice (a retry, two workers, a catch-up overlapping the schedule) makes one.
            models.UniqueConstraint(fields=["kind", "first_day"], name="bulletin_unique_period"),
        ]

    def __str__(self):
        return f"{self.kind} {self.first_day:%Y-%m-%d}"

    def file_name(self, fmt: str) -> str:
        """The name offered on download: 12345-month-2026-11.pdf."""
        day = f"{self.first_day:%Y-%m}" if self.kind == PeriodKind.MONTH else f"{self.first_day:%Y-%m-%d}"
        return f"12345-{self.kind}-{day}.{fmt}"
