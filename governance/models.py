"""Proactive governance (主动治理): tasks that fix the source of a recurring problem — opened from an
early warning, a hot category or address, a monthly topic, or by hand — with the owner units'
answer (a written result and before/after photos) and the task's events; and the monthly topics
(每月一题) the city picks to work on."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ImmutableModel
from uploads.storage_names import RandomName


class Topic(models.Model):
    """每月一题: one problem the city takes on for a month — which tickets are about it (their
    categories and/or words in their content), the department that leads, and what it aims at."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    title = models.CharField(_("title"), max_length=200)
    categories = models.ManyToManyField(
        "hotline.Category", verbose_name=_("categories"), blank=True, related_name="+"
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Words in the tickets' content, separated by spaces."),
    )
    lead_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.TextField(_("target"), blank=True)
    # Count the tickets after the month as well (the work goes on): "since" rather than "within".
    carry_on = models.BooleanField(_("count later tickets too"), default=False)

    class Meta:
        ordering = ["-month", "title"]
        verbose_name = _("monthly topic")
        verbose_name_plural = _("monthly topics")
        constraints = [models.UniqueConstraint(fields=["month", "title"], name="governance_topic_unique")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.title}"

    def clean(self):
        if self.month is not None and self.month.day != 1:
            raise ValidationError({"month": _("Give the first day of the month.")})

    @property
    def words(self) -> list[str]:
        return [
            word
            for word in self.keywords.replace(",", " ").replace("，", " ").replace("、", " ").split()
            if word
        ]


class ProactiveTask(models.Model):
    """One task: the problem and the place, the tickets behind it, the units that own it, by when,
    and what they did about it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        SENT_BACK = "sent_back", _("Sent back")

    class Source(models.TextChoices):
        WARNING = "warning", _("An early warning")
        CATEGORY = "category", _("A hot category")
        ADDRESS = "address", _("A hot address")
        TOPIC = "topic", _("A monthly topic")
        MANUAL = "manual", _("By hand")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("problem"), blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    # An early warning is computed, not stored: street id / category id / week start.
    source_key = models.CharField(_("source key"), max_length=64, blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("monthly topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    category = models.ForeignKey(
        "hotline.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "units.Unit",
        verbose_name=_("street / township"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_key = models.CharField(_("normalised address"), max_length=255, blank=True)
    tickets = models.ManyToManyField(
        "hotline.Ticket", verbose_name=_("tickets"), blank=True, related_name="+"
    )
    owners = models.ManyToManyField(
        "units.Unit", verbose_name=_("owner units"), related_name="proactive_tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    result = models.TextField(_("result"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("proactive task")
        verbose_name_plural = _("proactive tasks")
        indexes = [models.Index(fields=["status", "-opened_at"], name="governance_task_status_idx")]

    def __str__(self):
        return f"#{self.pk} {self.title}"


EVENT_LABELS = {
    "open": _("Opened"),
    "answer": _("Answered"),
    "close": _("Closed"),
    "send_back": _("Sent back"),
}


class TaskEvent(ImmutableModel):
    """One change of a task: who, from which state to which, when, and a note."""

    task = models.ForeignKey(ProactiveTask, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("proactive task event")
        verbose_name_plural = _("proactive task events")

    def __str__(self):
        return f"{self.task_id} {self.action} {self.from_status}→{self.to_status}"

    @property
    def action_label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)


class TaskPhoto(models.Model):
    """A photo with the owner's answer: the place before the work, or after it."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    task = models.ForeignKey(ProactiveTask, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(TaskEvent, on_delete=models.PROTECT, related_name="photos")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    file = models.FileField(_("photo"), upload_to=RandomName("governance"))
    content_type = models.CharField(_("content type"), max_length=100)  # from the photo's bytes
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("proactive task photo")
        verbose_name_plural = _("proactive task photos")

    def __str__(self):
        return self.original_name or self.file.name
