"""吹哨报到: a street summons the departments that have the power to fix what it can see; each
summoned department acknowledges, arrives on site within the arrival policy's limits, reports, and
is rated by the street."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ImmutableModel
from uploads.storage_names import RandomName


class WhistleDomain(models.Model):
    """群众诉求 / 重点工作 / 综合执法 / 应急处置 (Beijing Street Office Regulations, art. 5), as data."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("whistle domain")
        verbose_name_plural = _("whistle domains")

    def __str__(self):
        return self.name


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class ArrivalPolicy(models.Model):
    """How long a summoned department has to acknowledge and to arrive on site, for one urgency (and
    optionally one domain), from a moment on. A new row changes new summonses only."""

    domain = models.ForeignKey(
        WhistleDomain,
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: every domain without a row of its own."),
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    effective_from = models.DateTimeField(_("effective from"))
    acknowledge_minutes = models.PositiveIntegerField(_("acknowledge within (minutes)"))
    arrive_minutes = models.PositiveIntegerField(_("arrive within (minutes)"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["urgency", "domain", "-effective_from"]
        verbose_name = _("arrival policy")
        verbose_name_plural = _("arrival policies")
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "urgency", "effective_from"], name="arrival_policy_unique_start"
            ),
            models.UniqueConstraint(
                fields=["urgency", "effective_from"],
                condition=Q(domain__isnull=True),
                name="arrival_policy_unique_default_start",
            ),
            models.CheckConstraint(
                condition=Q(arrive_minutes__gte=models.F("acknowledge_minutes")),
                name="arrival_policy_arrive_after_acknowledge",
            ),
        ]

    def __str__(self):
        return f"{self.domain or '*'} {self.urgency} ≥ {self.effective_from:%Y-%m-%d}"


class Whistle(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    street = models.ForeignKey(
        "units.Unit", verbose_name=_("street"), on_delete=models.PROTECT, related_name="whistles"
    )
    blown_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("blown by"), on_delete=models.PROTECT, related_name="+"
    )
    blown_at = models.DateTimeField(_("blown at"), default=timezone.now)
    domain = models.ForeignKey(WhistleDomain, verbose_name=_("domain"), on_delete=models.PROTECT)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    address = models.CharField(_("place"), max_length=300)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"), max_length=4000)
    tickets = models.ManyToManyField(
        "hotline.Ticket", verbose_name=_("linked tickets"), blank=True, related_name="whistles"
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("re-whistle of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    escalated_at = models.DateTimeField(_("escalated to the district at"), null=True, blank=True)
    result = models.TextField(_("result"), max_length=4000, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-blown_at", "-pk"]
        verbose_name = _("whistle")
        verbose_name_plural = _("whistles")
        permissions = [("blow_whistle", _("May blow the whistle for their street"))]
        indexes = [
            models.Index(fields=["street", "blown_at"], name="whistle_street_time_idx"),
            models.Index(fields=["status", "blown_at"], name="whistle_status_time_idx"),
        ]

    def __str__(self):
        return f"{self.street} {self.blown_at:%Y-%m-%d %H:%M}"


class Summons(models.Model):
    """One department summoned by one whistle (报到)."""

    class Status(models.TextChoices):
        SUMMONED = "summoned", _("Summoned")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ARRIVED = "arrived", _("On site")
        DONE = "done", _("Done")

    whistle = models.ForeignKey(Whistle, on_delete=models.CASCADE, related_name="summonses")
    department = models.ForeignKey(
        "units.Unit", verbose_name=_("department"), on_delete=models.PROTECT, related_name="summonses"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUMMONED)
    policy = models.ForeignKey(ArrivalPolicy, on_delete=models.PROTECT, related_name="+")
    summoned_at = models.DateTimeField(_("summoned at"))
    acknowledge_due = models.DateTimeField(_("acknowledge by"))
    arrive_due = models.DateTimeField(_("arrive by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    arrived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checkin_note = models.CharField(_("check-in note"), max_length=500, blank=True)
    checkin_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    checkin_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # Stored when the step happens, so a later policy change never rewrites the record.
    acknowledged_on_time = models.BooleanField(_("acknowledged on time"), null=True)
    arrived_on_time = models.BooleanField(_("arrived on time"), null=True)
    # Set once a late flag is recorded: takes the row out of the partial index the sweep reads.
    acknowledge_flagged = models.BooleanField(default=False)
    arrive_flagged = models.BooleanField(default=False)

    class Meta:
        ordering = ["whistle", "pk"]
        verbose_name = _("summons")
        verbose_name_plural = _("summonses")
        constraints = [
            models.UniqueConstraint(fields=["whistle", "department"], name="summons_unique_department"),
        ]
        indexes = [
            models.Index(
                fields=["acknowledge_due"],
                condition=Q(acknowledged_at__isnull=True, acknowledge_flagged=False),
                name="summons_ack_due_idx",
            ),
            models.Index(
                fields=["arrive_due"],
                condition=Q(arrived_at__isnull=True, arrive_flagged=False),
                name="summons_arrive_due_idx",
            ),
            models.Index(fields=["department", "status"], name="summons_department_status_idx"),
            models.Index(fields=["department", "summoned_at"], name="summons_department_time_idx"),
        ]

    def __str__(self):
        return f"{self.department} ← {self.whistle}"


class SummonsAlert(models.Model):
    """A department late to acknowledge or to arrive: recorded exactly once per summons and kind."""

    class Kind(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Not acknowledged in time")
        ARRIVE = "arrive", _("Not on site in time")

    summons = models.ForeignKey(Summons, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    happened_at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("late summons")
        verbose_name_plural = _("late summonses")
        constraints = [models.UniqueConstraint(fields=["summons", "kind"], name="summons_alert_once")]

    def __str__(self):
        return f"{self.summons} {self.kind}"


class SummonsReport(models.Model):
    """What a department did on site, reported to the street."""

    summons = models.ForeignKey(Summons, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("actions taken"), max_length=4000)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reported_at", "pk"]
        verbose_name = _("summons report")
        verbose_name_plural = _("summons reports")

    def __str__(self):
        return f"{self.summons}: {self.text[:30]}"


class WhistlePhoto(models.Model):
    """A photo of the place: taken by the street when whistling, or by a department checking in."""

    whistle = models.ForeignKey(Whistle, on_delete=models.CASCADE, related_name="photos")
    summons = models.ForeignKey(
        Summons, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField(_("photo"), upload_to=RandomName("whistles"))
    # From the photo's bytes; blank on photos stored before it was recorded (sniffed when served).
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("whistle photo")
        verbose_name_plural = _("whistle photos")

    def __str__(self):
        return self.original_name or self.file.name


SCORE = Q(
    timeliness__gte=1, timeliness__lte=5, cooperation__gte=1, cooperation__lte=5, result__gte=1, result__lte=5
)


class Rating(models.Model):
    """The street's rating of one summoned department (1–5 each), and the department's one reply."""

    summons = models.OneToOneField(Summons, on_delete=models.CASCADE, related_name="rating")
    timeliness = models.PositiveSmallIntegerField(_("timeliness"))
    cooperation = models.PositiveSmallIntegerField(_("cooperation"))
    result = models.PositiveSmallIntegerField(_("result"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department_comment = models.CharField(_("department's comment"), max_length=1000, blank=True)
    department_commented_at = models.DateTimeField(null=True, blank=True)
    department_commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.CheckConstraint(condition=SCORE, name="rating_scores_1_to_5")]

    def __str__(self):
        return f"{self.summons}: {self.timeliness}/{self.cooperation}/{self.result}"


class WhistleEvent(ImmutableModel):
    """Immutable: every step of a whistle and of each summons, in the transaction that made it."""

    whistle = models.ForeignKey(Whistle, on_delete=models.CASCADE, related_name="events")
    summons = models.ForeignKey(
        Summons, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("whistle event")
        verbose_name_plural = _("whistle events")
        indexes = [models.Index(fields=["whistle", "at"], name="whistle_event_time_idx")]

    def __str__(self):
        return f"{self.whistle_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
