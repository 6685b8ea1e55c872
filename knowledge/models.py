"""Articles operators read answers from while the caller is on the line, and their search index."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from knowledge.terms import TERM_MAX_LENGTH

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000


class Article(models.Model):
    """One answer to a question callers ask, valid for a period (policies change on known dates)."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(
        _("body"), max_length=BODY_MAX_LENGTH, validators=[MaxLengthValidator(BODY_MAX_LENGTH)]
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Words callers use for this matter, separated by spaces or commas."),
    )
    category = models.ForeignKey(
        "hotline.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_articles",
    )
    owner_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_articles",
        help_text=_("The unit responsible for the answer being right."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Last day the answer applies; empty for no end.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        indexes = [models.Index(fields=["is_published", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="knowledge_article_valid_to_not_before_valid_from",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The last valid day cannot be before the first.")})


class ArticleTerm(models.Model):
    """One row of the inverted index: how much ``term`` says about ``article``. Written only by the
    article services, which rebuild an article's rows whenever it is saved."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="terms"
    )
    term = models.CharField(_("term"), max_length=TERM_MAX_LENGTH)
    weight = models.FloatField(_("weight"))

    class Meta:
        verbose_name = _("index term")
        verbose_name_plural = _("index terms")
        indexes = [models.Index(fields=["term"])]
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="knowledge_articleterm_unique"),
        ]

    def __str__(self):
        return f"{self.term} ({self.weight:.2f})"
