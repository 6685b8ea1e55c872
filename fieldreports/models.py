"""Who filed a ticket through the two front doors beside the phone, and the short category list.

A report's ticket is an ordinary ticket (channel "grid" or "leader"); its ``operator`` stays empty
(nobody took a call) and the row here says who filed it for which unit — the one thing intake does
not know. Both rows are written in intake's own transaction (see ``fieldreports.services``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuickCategory(models.Model):
    """One button of the grid worker's short category list (the problems they report most), by the
    category's code: the category tree is loaded as data after migrations, so a code whose category
    is missing or inactive is simply not offered."""

    category_code = models.CharField(_("category code"), max_length=16, unique=True)
    request_type_code = models.SlugField(_("request type code"), max_length=32, default="help")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "category_code"]
        verbose_name = _("quick category")
        verbose_name_plural = _("quick categories")

    def __str__(self):
        return self.category_code


class FieldReport(models.Model):
    """A grid worker's (or street chief's) report: the ticket it became, who filed it, for which unit."""

    ticket = models.OneToOneField(
        "hotline.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="field_report"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="field_reports",
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        indexes = [models.Index(fields=["reporter", "-created_at"], name="fieldreport_reporter_idx")]

    def __str__(self):
        return f"{self.ticket_id} · {self.reporter_id}"


class LeaderItem(models.Model):
    """A leader's item (领导交办): the ticket it became (dispatched at once to the units the leader
    chose) and what it came from — a ticket, an early warning, or a place seen on a visit."""

    class Source(models.TextChoices):
        TICKET = "ticket", _("A ticket")
        WARNING = "warning", _("An early warning")
        PLACE = "place", _("A place")

    ticket = models.OneToOneField(
        "hotline.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="leader_item"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="leader_items",
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    source_ticket = models.ForeignKey(
        "hotline.Ticket",
        verbose_name=_("source ticket"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # An early warning is computed, not stored: street id / category id / week start (YYYY-MM-DD),
    # the key of its ticket list (metrics:analysis-warning-tickets).
    source_warning = models.CharField(_("source warning"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("leader's item")
        verbose_name_plural = _("leaders' items")
        indexes = [models.Index(fields=["leader", "-created_at"], name="leaderitem_leader_idx")]

    def __str__(self):
        return f"{self.ticket_id} · {self.leader_id}"
