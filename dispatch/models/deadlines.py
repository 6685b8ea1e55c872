"""Deadline policy, the working calendar, and the clocks that run on assignments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.bounds import validate_in_date_window
from hotline.models import Tier


class DeadlinePolicy(models.Model):
    """The limits for one urgency tier from a date on. A new row changes new clocks only: each
    clock keeps the policy it started under."""

    class Unit(models.TextChoices):
        MINUTES = "minutes", _("Minutes (natural time)")
        HOURS = "hours", _("Hours (natural time)")
        NATURAL_DAYS = "natural_days", _("Natural days")
        WORKING_DAYS = "working_days", _("Working days")

    tier = models.CharField(_("tier"), max_length=2, choices=Tier.choices)
    effective_from = models.DateTimeField(_("effective from"))
    sign_minutes = models.PositiveIntegerField(_("sign-for limit (minutes)"))
    contact_minutes = models.PositiveIntegerField(_("first-contact limit (minutes)"))
    reply_amount = models.PositiveIntegerField(_("reply limit"))
    reply_unit = models.CharField(_("reply limit unit"), max_length=16, choices=Unit.choices)
    warning_ratio = models.DecimalField(
        _("warning point"),
        max_digits=3,
        decimal_places=2,
        default=0.75,
        help_text=_("Share of the time used, e.g. 0.75."),
    )
    max_extensions = models.PositiveSmallIntegerField(_("maximum extensions"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["tier", "-effective_from"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "effective_from"], name="deadline_policy_unique_tier_start"
            ),
        ]

    def __str__(self):
        return f"{self.tier} ≥ {self.effective_from:%Y-%m-%d}"

    def clean(self):
        """Limits a deadline can be computed from: at least a minute, at most
        DEADLINE_POLICY_MAX_MINUTES (minutes, hours) or DEADLINE_POLICY_MAX_DAYS (days)."""
        errors = {}
        for field in ("sign_minutes", "contact_minutes"):
            problem = _limit_problem(getattr(self, field), self.Unit.MINUTES)
            if problem:
                errors[field] = problem
        problem = _limit_problem(self.reply_amount, self.reply_unit)
        if problem:
            errors["reply_amount"] = problem
        if self.effective_from is not None:
            try:
                validate_in_date_window(self.effective_from)
            except ValidationError as error:
                errors["effective_from"] = error.messages
        if errors:
            raise ValidationError(errors)


def policy_limit_max(unit: str) -> int:
    """The largest limit a policy may set in ``unit``."""
    max_minutes = settings.DEADLINE_POLICY_MAX_MINUTES
    return {
        DeadlinePolicy.Unit.MINUTES: max_minutes,
        DeadlinePolicy.Unit.HOURS: max_minutes // 60,
    }.get(unit, settings.DEADLINE_POLICY_MAX_DAYS)


def _limit_problem(amount, unit: str) -> str | None:
    if amount is None or unit not in DeadlinePolicy.Unit.values:
        return None  # the field's own validation reports it
    largest = policy_limit_max(unit)
    if not 1 <= amount <= largest:
        return _("Give a whole number from 1 to %(max)d (%(unit)s).") % {
            "max": largest,
            "unit": DeadlinePolicy.Unit(unit).label,
        }
    return None


class CalendarDay(models.Model):
    """An administrator's word on one date, over what the chinese-calendar package says (or for a
    year it does not know yet): a holiday, or a make-up working day (调休)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self):
        return f"{self.date} {'work' if self.is_workday else 'rest'}"


class Clock(models.Model):
    """One deadline running on an assignment: sign for, first contact, or reply, in one cycle."""

    class Kind(models.TextChoices):
        SIGN = "sign", _("Sign for")
        CONTACT = "contact", _("First contact")
        REPLY = "reply", _("Reply")

    class Result(models.TextChoices):
        MET = "met", _("Met")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled (returned or superseded)")

    # No index of its own: the unique (assignment, kind, cycle) below starts with it. The sweep
    # updates clocks often, and every index is one more write per update.
    assignment = models.ForeignKey(
        "dispatch.Assignment", on_delete=models.CASCADE, related_name="clocks", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    # The unit the clock counts for in the assessment: the assignment's unit when it leads (主办),
    # none when it assists (协办). Copied when the clock starts (an assignment's unit and role never
    # change), so that the monthly computation reads the month's clocks alone, without joining every
    # assignment ever made (metrics.computation).
    assessed_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("assessed unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    policy = models.ForeignKey(
        DeadlinePolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("warning at"))
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    warned = models.BooleanField(_("warning recorded"), default=False)
    breached = models.BooleanField(_("breach recorded"), default=False)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "cycle"], name="clock_unique_assignment_kind_cycle"
            ),
        ]
        indexes = [
            # The enforcement task asks only for running clocks past a point: these two partial
            # indexes make that cost what is due, not what exists.
            models.Index(
                fields=["warn_at"],
                name="clock_running_warn_idx",
                condition=models.Q(stopped_at__isnull=True, warned=False),
            ),
            models.Index(
                fields=["due_at"],
                name="clock_running_due_idx",
                condition=models.Q(stopped_at__isnull=True, breached=False),
            ),
            # Whether an assignment's cycle-1 sign-for clock was met, answered from this small
            # index alone: the drill-down behind a response rate (metrics.computation
            # rate_assignments) asks it per listed order.
            models.Index(
                fields=["assignment"],
                name="clock_cycle1_sign_met_idx",
                condition=models.Q(kind="sign", cycle=1, result="met"),
            ),
            # The running reply clock of each order in an inbox (its due time orders the inbox),
            # read from this small index alone.
            models.Index(
                fields=["assignment", "-cycle", "due_at", "started_at"],
                name="clock_running_reply_idx",
                condition=models.Q(kind="reply", stopped_at__isnull=True),
            ),
            # Running reply clocks by due time: the orders past their reply deadline, oldest first.
            models.Index(
                fields=["due_at"],
                name="clock_running_reply_due_idx",
                condition=models.Q(kind="reply", stopped_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.assignment_id} {self.kind}#{self.cycle} → {self.due_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # A clock made one at a time (fixtures, the admin) names its unit as a started one does
        # (dispatch.deadlines.clocks.assignments_clocks_start, which inserts in bulk).
        if self._state.adding and self.assessed_unit_id is None:
            self.assessed_unit_id = self.assignment.assessed_unit_id
        super().save(*args, **kwargs)


class ClockAlert(models.Model):
    """A warning or a breach of one clock, recorded exactly once (the unique constraint), with the
    time it really happened — even when the enforcement task ran late."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        BREACH = "breach", _("Breach")

    # Indexed by the unique (clock, kind) below, which starts with it.
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="alerts", db_index=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    happened_at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["happened_at"]
        verbose_name = _("clock alert")
        verbose_name_plural = _("clock alerts")
        constraints = [models.UniqueConstraint(fields=["clock", "kind"], name="clock_alert_once_per_kind")]

    def __str__(self):
        return f"{self.clock_id} {self.kind} @ {self.happened_at:%Y-%m-%d %H:%M}"
