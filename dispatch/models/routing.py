"""Routing: why a ticket went where it did, and what decides it (the responsibility list, ordered
rules, place aliases, street boundaries)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoutingDecision(models.Model):
    """Why a ticket went (or was proposed to go) where it did: kept with the ticket for the
    dispatcher and for later review. A ticket may be routed more than once; the newest counts."""

    class Status(models.TextChoices):
        ROUTED = "routed", _("Routed")
        AMBIGUOUS = "ambiguous", _("Ambiguous")
        QUEUED = "queued", _("Queued for a dispatcher")

    ticket = models.ForeignKey("hotline.Ticket", on_delete=models.CASCADE, related_name="routing_decisions")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    lead_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assisting_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("assisting units"), blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "units.Unit",
        verbose_name=_("district copied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confidence = models.FloatField(_("confidence"), default=0.0)
    rule = models.CharField(_("rule"), max_length=64, blank=True)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    applied = models.BooleanField(_("applied automatically"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("routing decision")
        verbose_name_plural = _("routing decisions")
        indexes = [models.Index(fields=["ticket", "-created_at"])]

    def __str__(self):
        return f"{self.ticket_id}: {self.status} {self.lead_unit_id or ''}"


class ResponsibilityEntry(models.Model):
    """One line of the 部门职责清单: which kind of department leads on a category (optionally only in
    one district), and which kinds assist."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("The department of the ticket's district")
        CITY = "city", _("The municipal department")

    category = models.ForeignKey(
        "hotline.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    district = models.ForeignKey(
        "units.Unit",
        verbose_name=_("only in district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "district"},
    )
    lead_kind = models.ForeignKey(
        "units.DepartmentKind",
        verbose_name=_("lead department kind"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.DISTRICT)
    assisting_kinds = models.ManyToManyField(
        "units.DepartmentKind", verbose_name=_("assisting department kinds"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("responsibility list entry")
        verbose_name_plural = _("responsibility list")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "district"], name="responsibility_unique_category_district"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(district__isnull=True),
                name="responsibility_unique_category_citywide",
            ),
        ]

    def __str__(self):
        return f"{self.category} → {self.lead_kind}"


class RoutingRule(models.Model):
    """An ordered override: the first active rule whose conditions all hold decides the lead unit."""

    order = models.PositiveIntegerField(_("order"), default=100)
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)
    category = models.ForeignKey(
        "hotline.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    request_type = models.ForeignKey(
        "hotline.RequestType",
        verbose_name=_("request type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    district = models.ForeignKey(
        "units.Unit",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    street = models.ForeignKey(
        "units.Unit",
        verbose_name=_("street"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    keyword = models.CharField(_("keyword in the content"), max_length=64, blank=True)
    from_time = models.TimeField(_("from (time of day)"), null=True, blank=True)
    to_time = models.TimeField(
        _("to (time of day)"), null=True, blank=True, help_text=_("May wrap past midnight.")
    )
    target_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("send to unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    target_kind = models.ForeignKey(
        "units.DepartmentKind",
        verbose_name=_("or to the department kind of the ticket's district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_unit__isnull=False) | models.Q(target_kind__isnull=False),
                name="routing_rule_has_a_target",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"


class PlaceAlias(models.Model):
    """A phrase people use for a place (road, landmark, compound) and the unit it belongs to: added by
    a city's administrators, or learned from dispatchers' corrections."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("Entered by an administrator")
        LEARNED = "learned", _("Learned from a correction")

    phrase = models.CharField(_("phrase"), max_length=100, unique=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="aliases"
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.ADMIN)
    confirmations = models.PositiveIntegerField(_("confirmations"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")

    def __str__(self):
        return f"{self.phrase} → {self.unit_id}"


class StreetBoundary(models.Model):
    """A street/township's polygon (GeoJSON geometry, WGS-84), imported from a city's boundary file."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("street"), on_delete=models.CASCADE, related_name="boundary"
    )
    geometry = models.JSONField(_("GeoJSON geometry"))
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("street boundary")
        verbose_name_plural = _("street boundaries")

    def __str__(self):
        return str(self.unit_id)
