from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.Model):
    """A line of government work (城管执法, 公安, 供水 …). Departments and enterprises belong to one;
    the responsibility list and the router speak of kinds, then pick the unit of the right area."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    is_utility = models.BooleanField(_("public utility"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department kind")
        verbose_name_plural = _("department kinds")

    def __str__(self):
        return self.name


class Unit(models.Model):
    """Every organisation the platform dispatches to, ranks or staffs: one table, one tree."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        HOTLINE = "hotline", _("Hotline centre")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street / township")
        COMMUNITY = "community", _("Community / village")
        DEPARTMENT = "department", _("Functional department")
        ENTERPRISE = "enterprise", _("Public-service enterprise")
        # Sub-units a first receiver hands work down to (二次派单): a department's station (所/队),
        # a township's or street's section (科室). Communities are sub-units of their street.
        STATION = "station", _("Station / brigade")
        SECTION = "section", _("Section / office")

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("National division code for areas; an identifier such as 110105-cgzf otherwise."),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    department_kind = models.ForeignKey(
        DepartmentKind,
        verbose_name=_("department kind"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["kind", "parent"]),
            models.Index(fields=["name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department_kind__isnull=True)
                | models.Q(kind__in=["department", "enterprise"]),
                name="unit_department_kind_only_for_departments",
            ),
        ]

    def __str__(self):
        return self.name
