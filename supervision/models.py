"""Supervision orders (督办单): a formal notice that a unit must answer in writing by a deadline,
issued by the hotline, a district or the city; the deadline policy per level; the order's events."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ImmutableModel
from dispatch.models import DeadlinePolicy
from dispatch.models.deadlines import policy_limit_max
from uploads.storage_names import RandomName


class Level(models.TextChoices):
    """Who supervises, lowest first: an overdue order escalates one step up this list."""

    HOTLINE = "hotline", _("Hotline")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")


class SupervisionPolicy(models.Model):
    """How long a unit has to answer an order of one level, from a date on. A new row changes new
    orders only: each order keeps the deadline computed when it was issued (or sent back)."""

    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    effective_from = models.DateTimeField(_("effective from"))
    answer_amount = models.PositiveSmallIntegerField(_("answer limit"))
    answer_unit = models.CharField(_("answer limit unit"), max_length=16, choices=DeadlinePolicy.Unit.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["level", "-effective_from"]
        verbose_name = _("supervision policy")
        verbose_name_plural = _("supervision policies")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "effective_from"], name="supervision_policy_unique_level_start"
            ),
        ]

    def __str__(self):
        return f"{self.level} ≥ {self.effective_from:%Y-%m-%d}"

    def clean(self):
        """A limit a deadline can be computed from: the same bounds as the deadline policies."""
        if self.answer_amount is None or self.answer_unit not in DeadlinePolicy.Unit.values:
            return  # the fields' own validation reports it
        largest = policy_limit_max(self.answer_unit)
        if not 1 <= self.answer_amount <= largest:
            raise ValidationError(
                {
                    "answer_amount": _("Give a whole number from 1 to %(max)d (%(unit)s).")
                    % {"max": largest, "unit": DeadlinePolicy.Unit(self.answer_unit).label}
                }
            )


class SupervisionOrder(models.Model):
    """One order: the unit it asks to answer, why, by when, and what became of it."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Accepted")
        SENT_BACK = "sent_back", _("Sent back")
        OVERDUE = "overdue", _("Overdue")
        ESCALATED = "escalated", _("Escalated")

    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    # The unit that must answer: the assignment's unit when the order is about a ticket's order.
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="supervision_orders"
    )
    # The district the unit lies in (a district is its own), copied at issue: who decides a
    # district-level order, and whose supervisors hear that it is overdue. None for city-level units.
    district = models.ForeignKey(
        "units.Unit",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ticket = models.ForeignKey(
        "hotline.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_orders",
    )
    assignment = models.ForeignKey(
        "dispatch.Assignment",
        verbose_name=_("dispatch order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_orders",
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    # None: issued by the system when a lower level's order went unanswered (escalated_from).
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    policy = models.ForeignKey(
        SupervisionPolicy, verbose_name=_("answer policy"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateTimeField(_("answer by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    flagged_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)
    # The lower level's order this one escalates; unique: an order escalates once.
    escalated_from = models.OneToOneField(
        "self",
        verbose_name=_("escalated from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_to",
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        indexes = [
            # The sweep asks only for unanswered orders not flagged yet: its cost is what is due.
            models.Index(
                fields=["deadline"],
                name="supervision_unflagged_idx",
                condition=models.Q(flagged_at__isnull=True, status__in=["issued", "sent_back"]),
            ),
            # The month's counts per unit beside the ranking.
            models.Index(fields=["issued_at", "unit"], name="supervision_issued_unit_idx"),
            models.Index(fields=["unit", "status"], name="supervision_unit_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} #{self.pk} → {self.unit_id}"


EVENT_LABELS = {
    "issue": _("Issued"),
    "answer": _("Answered"),
    "accept": _("Accepted"),
    "send_back": _("Sent back"),
    "flag": _("Flagged overdue"),
    "escalate": _("Escalated"),
}


class SupervisionEvent(ImmutableModel):
    """One change of an order: who (None: the sweep), from which state to which, when, and a note."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")

    def __str__(self):
        return f"{self.order_id} {self.action} {self.from_status}→{self.to_status}"

    @property
    def action_label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)


class SupervisionPhoto(models.Model):
    """A photo sent with the unit's answer (the place after the work, a notice posted …)."""

    order = models.ForeignKey(SupervisionOrder, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=RandomName("supervision"))
    content_type = models.CharField(_("content type"), max_length=100)  # from the photo's bytes
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("supervision answer photo")
        verbose_name_plural = _("supervision answer photos")

    def __str__(self):
        return self.original_name or self.file.name
