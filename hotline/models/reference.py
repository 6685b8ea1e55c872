"""Reference data the hotline loads from CSV: request types and the three-level category tree."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_interface_language(chinese: str, english: str) -> str:
    """The English wording when the interface speaks English and the row has one, else the
    Chinese: the one rule for every page, API and export that names reference data."""
    if english and (get_language() or "").startswith("en"):
        return english
    return chinese


class Tier(models.TextChoices):
    """Urgency tiers. Their deadlines are effective-dated policy rows, not constants here."""

    T1 = "T1", _("T1 · emergency")
    T2 = "T2", _("T2 · urgent utility")
    T3 = "T3", _("T3 · ordinary")
    T4 = "T4", _("T4 · complex")


class RequestType(models.Model):
    """咨询 / 求助 / 投诉 / 举报 / 建议 / 表扬 …, kept as data so a city can add its own."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=32)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    direct_answer_allowed = models.BooleanField(
        _("may be answered directly"), default=False, help_text=_("Only consultations (咨询).")
    )
    confidential_by_default = models.BooleanField(
        _("confidential by default"), default=False, help_text=_("Reports of wrongdoing (举报).")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("request type")
        verbose_name_plural = _("request types")

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return in_interface_language(self.name, self.name_en)


class Category(models.Model):
    """One node of the 一级/二级/三级 tree. Tickets use leaves (level 3), which carry the default
    tier and whether the matter belongs to the street where it happens or to a department."""

    class Matter(models.TextChoices):
        TERRITORIAL = "territorial", _("Territorial (street/township)")
        DEPARTMENTAL = "departmental", _("Departmental")

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"))
    path = models.CharField(_("full name"), max_length=200, help_text=_("一级 / 二级 / 三级"))
    path_en = models.CharField(_("English full name"), max_length=300, blank=True)
    default_tier = models.CharField(_("default tier"), max_length=2, choices=Tier.choices, blank=True)
    matter = models.CharField(_("matter"), max_length=16, choices=Matter.choices, blank=True)
    department_kind = models.ForeignKey(
        "units.DepartmentKind",
        verbose_name=_("department kind"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="categories",
    )
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    open311_public_content = models.BooleanField(
        _("content public on Open311"),
        default=False,
        help_text=_(
            "Show what callers said about this matter to anyone reading the Open311 API, with phone, "
            "ID and room numbers hidden. A ticket can override this."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        indexes = [models.Index(fields=["level", "is_active"])]

    def __str__(self):
        return self.path

    @property
    def display_name(self) -> str:
        return in_interface_language(self.name, self.name_en)

    @property
    def display_path(self) -> str:
        return in_interface_language(self.path, self.path_en)

    @property
    def is_leaf(self) -> bool:
        return self.level == 3


class Tag(models.Model):
    """Free labels such as 每月一题 (problem of the month) or 七有五性."""

    name = models.CharField(_("name"), max_length=32, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name
