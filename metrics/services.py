"""Writes: assessment scope (exclusions and appeals, each decision logged as a ScopeEvent) and the
frozen monthly rankings. Who may: a unit appeals only its own orders; the hotline's dispatchers and
administrators exclude and decide appeals; administrators recompute a published month."""

from dataclasses import asdict
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import SCOPE_DECIDERS
from accounts.selectors import user_has_role
from dispatch.assignment_states import UNIT
from dispatch.models import Assignment
from dispatch.selectors import assignment_standings
from metrics.analyses import Period, district_volumes, tickets_received, week_start_of
from metrics.analysis_figures import kept_periods, period_figures_compute
from metrics.board import line_as_json
from metrics.early_warning import early_warnings_cache_refresh
from metrics.models import (
    ASSESSED_KINDS,
    AnalysisFigures,
    Appeal,
    Exclusion,
    LiveFigures,
    MonthlyVolume,
    RankingRow,
    RankingSnapshot,
    ReasonCode,
    ScopeEvent,
)
from metrics.periods import last_month, month_bounds, month_of, next_month, previous_month
from metrics.ranking import Ranking, ranking_compute
from metrics.selectors import scheme_in_force


def _require_scope_decider(actor) -> None:
    if not user_has_role(actor, *SCOPE_DECIDERS):
        raise PermissionDenied(
            _("Only the hotline's dispatchers and administrators decide assessment scope.")
        )


def _check_assessed(assignment: Assignment, reason: str) -> None:
    if assignment.role != Assignment.Role.LEAD:
        raise ValidationError({"assignment": _("Only a lead unit's orders are assessed.")})
    if reason not in ReasonCode.values:
        raise ValidationError({"reason": _("Choose one of the reason codes.")})


def _exclusion_create(
    *, assignment: Assignment, reason: str, note: str, actor, appeal: Appeal | None = None
) -> Exclusion:
    try:
        with transaction.atomic():
            return Exclusion.objects.create(
                assignment=assignment, reason=reason, note=note, appeal=appeal, excluded_by=actor
            )
    except IntegrityError:
        raise ValidationError({"assignment": _("This order is already out of assessment.")}) from None


@transaction.atomic
def exclusion_add(*, assignment: Assignment, actor, reason: str, note: str = "") -> Exclusion:
    """The hotline takes an order out of assessment scope, with a reason code."""
    _require_scope_decider(actor)
    _check_assessed(assignment, reason)
    exclusion = _exclusion_create(assignment=assignment, reason=reason, note=note.strip(), actor=actor)
    ScopeEvent.objects.create(
        assignment=assignment,
        action=ScopeEvent.Action.EXCLUDED,
        reason=reason,
        note=note.strip(),
        actor=actor,
        at=exclusion.excluded_at,
    )
    return exclusion


@transaction.atomic
def appeal_file(*, assignment: Assignment, actor, reason: str, evidence: str) -> Appeal:
    """申诉: a member of the order's unit (in the role that acts for it) asks to take it out of
    assessment on one of the reason codes, with evidence."""
    if UNIT not in assignment_standings(actor, assignment):
        raise PermissionDenied(_("A unit may appeal only its own orders."))
    _check_assessed(assignment, reason)
    if not evidence.strip():
        raise ValidationError({"evidence": _("Give the evidence for the appeal.")})
    if Exclusion.objects.filter(assignment=assignment).exists():
        raise ValidationError({"assignment": _("This order is already out of assessment.")})
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                assignment=assignment,
                unit=assignment.unit,
                reason=reason,
                evidence=evidence.strip(),
                filed_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"assignment": _("An appeal on this order is already waiting.")}) from None
    ScopeEvent.objects.create(
        assignment=assignment,
        action=ScopeEvent.Action.APPEAL_FILED,
        reason=reason,
        note=appeal.evidence,
        appeal=appeal,
        actor=actor,
        at=appeal.filed_at,
    )
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, actor, accept: bool, reason: str) -> Appeal:
    """The hotline accepts (the order is excluded on the appeal's ground) or rejects, saying why.
    Deciding twice decides once: the second gets a ValidationError."""
    _require_scope_decider(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the appeal is accepted or rejected.")})
    now = timezone.now()
    decided = Appeal.objects.filter(pk=appeal.pk, decision=Appeal.Decision.PENDING).update(
        decision=Appeal.Decision.ACCEPTED if accept else Appeal.Decision.REJECTED,
        decision_reason=reason.strip(),
        decided_by=actor,
        decided_at=now,
    )
    if not decided:
        raise ValidationError({"appeal": _("This appeal has already been decided.")})
    appeal.refresh_from_db()
    # Excluded meanwhile by the hotline on its own: the exclusion stands, the decision is logged.
    if accept and not Exclusion.objects.filter(assignment_id=appeal.assignment_id).exists():
        _exclusion_create(
            assignment=appeal.assignment,
            reason=appeal.reason,
            note=appeal.decision_reason,
            actor=actor,
            appeal=appeal,
        )
    ScopeEvent.objects.create(
        assignment_id=appeal.assignment_id,
        action=ScopeEvent.Action.APPEAL_ACCEPTED if accept else ScopeEvent.Action.APPEAL_REJECTED,
        reason=appeal.reason,
        note=appeal.decision_reason,
        appeal=appeal,
        actor=actor,
        at=now,
    )
    return appeal


def _require_month_over(month: date, now: datetime) -> None:
    if month_bounds(month)[1] > now:
        raise ValidationError({"month": _("A month is frozen only once it is over.")})


def _snapshot_write(ranking: Ranking, *, version: int, reason: str, actor) -> RankingSnapshot:
    snapshot = RankingSnapshot.objects.create(
        month=ranking.month,
        unit_kind=ranking.unit_kind,
        version=version,
        reason=reason,
        period_start=ranking.period_start,
        period_end=ranking.period_end,
        scheme=ranking.scheme,
        scheme_terms=ranking.terms.as_json(),
        created_by=actor,
    )
    RankingRow.objects.bulk_create(
        RankingRow(
            snapshot=snapshot,
            unit_id=line.unit_id,
            unit_code=line.unit_code,
            unit_name=line.unit_name,
            **asdict(line.counts),
            response_rate=line.response_rate,
            resolution_rate=line.resolution_rate,
            satisfaction_rate=line.satisfaction_rate,
            on_time_reply_rate=line.on_time_reply_rate,
            composite=line.composite,
            level=line.level,
            ranked=line.standing.ranked,
            rank=line.standing.rank,
            rank_change=line.standing.rank_change,
            is_top=line.standing.is_top,
            is_bottom=line.standing.is_bottom,
        )
        for line in [*ranking.ranked, *ranking.unranked]
    )
    return snapshot


def snapshot_freeze(
    *, month: date, unit_kind: str, now: datetime | None = None
) -> tuple[RankingSnapshot, bool]:
    """Version 1 of a finished month's ranking, once: → (snapshot, created). Run twice, or by two
    workers at once, it makes one version 1 (the unique constraint decides)."""
    month, now = month_of(month), now or timezone.now()
    _require_month_over(month, now)
    existing = RankingSnapshot.objects.filter(month=month, unit_kind=unit_kind, version=1).first()
    if existing is not None:
        return existing, False
    ranking = ranking_compute(month=month, unit_kind=unit_kind, as_of=now)
    try:
        with transaction.atomic():
            return _snapshot_write(ranking, version=1, reason="", actor=None), True
    except IntegrityError:
        return RankingSnapshot.objects.get(month=month, unit_kind=unit_kind, version=1), False


@transaction.atomic
def snapshot_recompute(*, month: date, unit_kind: str, reason: str, actor) -> RankingSnapshot:
    """An administrator recomputes a finished month from today's data (an appeal accepted late, a
    corrected callback): a new version with its reason. Earlier versions stay as they were."""
    if not user_has_role(actor, Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only an administrator may recompute a published ranking."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the month is recomputed.")})
    month, now = month_of(month), timezone.now()
    _require_month_over(month, now)
    ranking = ranking_compute(month=month, unit_kind=unit_kind, as_of=now)
    newest = RankingSnapshot.objects.filter(month=month, unit_kind=unit_kind).aggregate(v=Max("version"))["v"]
    try:
        with transaction.atomic():
            return _snapshot_write(ranking, version=(newest or 0) + 1, reason=reason.strip(), actor=actor)
    except IntegrityError:
        raise ValidationError(
            {"month": _("Another version of this month has just been saved; look at it first.")}
        ) from None


def snapshots_freeze_last_month(*, now: datetime | None = None) -> dict[str, str]:
    """Freeze last month for every kind of unit that has a scheme: after the first success it does
    nothing (a few small queries), so running it hourly catches up after any downtime on the 1st."""
    now = now or timezone.now()
    month = last_month(now)
    done = {}
    for kind in ASSESSED_KINDS:
        if scheme_in_force(unit_kind=kind, on=month) is None:
            done[kind.value] = "no scheme"
            continue
        _snapshot, created = snapshot_freeze(month=month, unit_kind=kind, now=now)
        done[kind.value] = "frozen" if created else "already frozen"
    return done


# --- live figures: what the leaders' pages read for months not frozen yet -------------------------

# Months of the trend charts (12) and the month before them, kept in MonthlyVolume.
VOLUME_MONTHS = 13


def live_months(now: datetime) -> list[date]:
    """The months whose figures may still move: this month and last month (until it is frozen)."""
    this = month_of(timezone.localdate(now))
    return [previous_month(this), this]


def live_figures_refresh(*, month: date, unit_kind: str, now: datetime | None = None) -> LiveFigures | None:
    """Compute one kind's ranking for a month not frozen yet and store it in place of the last one
    (one row per month and kind: run twice, one row). None, and nothing stored, for a frozen month
    or a kind without a scheme in force — a frozen month's page reads its snapshot."""
    month, now = month_of(month), now or timezone.now()
    if RankingSnapshot.objects.filter(month=month, unit_kind=unit_kind).exists():
        LiveFigures.objects.filter(month=month, unit_kind=unit_kind).delete()
        return None
    if scheme_in_force(unit_kind=unit_kind, on=month) is None:
        return None
    ranking = ranking_compute(month=month, unit_kind=unit_kind, as_of=now)
    live, _created = LiveFigures.objects.update_or_create(
        month=month,
        unit_kind=unit_kind,
        defaults={
            "computed_at": now,
            "scheme_terms": ranking.terms.as_json(),
            "lines": [line_as_json(line) for line in [*ranking.ranked, *ranking.unranked]],
        },
    )
    return live


def _volume_write(month: date, now: datetime) -> None:
    start, end = month_bounds(month)
    MonthlyVolume.objects.update_or_create(
        month=month,
        defaults={
            "tickets": tickets_received(start=start, end=end).count(),
            "districts": {str(pk): count for pk, count in district_volumes(start=start, end=end).items()},
            "computed_at": now,
        },
    )


def live_figures_refresh_all(*, now: datetime | None = None) -> dict[str, str]:
    """The periodic task's work: the live months' rankings of every assessed kind, their monthly
    volumes, and any month of the trend's span that has no volume yet (a finished month's volume is
    counted once). Rows of months no longer live are removed."""
    now = now or timezone.now()
    months = live_months(now)
    done = {}
    for month in months:
        for kind in ASSESSED_KINDS:
            live = live_figures_refresh(month=month, unit_kind=kind, now=now)
            done[f"{month:%Y-%m} {kind.value}"] = "computed" if live else "frozen or no scheme"
        _volume_write(month, now)
    LiveFigures.objects.filter(month__lt=months[0]).delete()
    for period in kept_periods(now):
        if analysis_figures_refresh(period=period, now=now):
            done[f"{period.kind} {period.first_day}"] = "analysis figures computed"
    # The weeks whose warnings the dashboard and the kept analysis periods show: the running one,
    # refreshed; those of the finished periods' last days, once.
    today = timezone.localdate(now)
    this_week = week_start_of(today)
    early_warnings_cache_refresh(week_start=this_week)
    for week_start in {week_start_of(min(p.last_day, today)) for p in kept_periods(now)} - {this_week}:
        early_warnings_cache_refresh(week_start=week_start, only_missing=True)
    first = months[-1]
    for _step in range(VOLUME_MONTHS - 1):
        first = previous_month(first)
    stored = set(MonthlyVolume.objects.filter(month__gte=first).values_list("month", flat=True))
    month = first
    while month < months[0]:
        if month not in stored:
            _volume_write(month, now)
            done[f"{month:%Y-%m} volume"] = "counted"
        month = next_month(month)
    return done


def analysis_figures_refresh(*, period: Period, now: datetime | None = None) -> bool:
    """Compute and keep the city-wide analysis figures of ``period`` unless they are final already;
    → whether it computed them. One row per period, replaced in place."""
    now = now or timezone.now()
    if AnalysisFigures.objects.filter(kind=period.kind, first_day=period.first_day, final=True).exists():
        return False
    figures = period_figures_compute(period)
    AnalysisFigures.objects.update_or_create(
        kind=period.kind,
        first_day=period.first_day,
        defaults={"computed_at": now, "final": period.end <= now, "figures": figures.as_json()},
    )
    return True
