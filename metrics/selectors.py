"""Reads: the scheme in force, and the frozen rankings."""

from datetime import date

from django.db.models import QuerySet

from metrics.models import RankingRow, RankingSnapshot, ScoringScheme
from metrics.periods import month_of


def scheme_in_force(*, unit_kind: str, on: date) -> ScoringScheme | None:
    """The newest scheme for ``unit_kind`` effective on ``on`` (for a month: its first day)."""
    return (
        ScoringScheme.objects.filter(unit_kind=unit_kind, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def snapshot_versions(*, month: date, unit_kind: str) -> QuerySet[RankingSnapshot]:
    """Every version of a month's ranking, newest first."""
    return RankingSnapshot.objects.filter(month=month_of(month), unit_kind=unit_kind).order_by("-version")


def snapshot_in_force(*, month: date, unit_kind: str) -> RankingSnapshot | None:
    """The newest version: what the month's ranking is now."""
    return snapshot_versions(month=month, unit_kind=unit_kind).select_related("created_by").first()


def snapshot_rows(snapshot: RankingSnapshot) -> QuerySet[RankingRow]:
    """Ranked units by level, rank (then code), then the units below the minimum sample by level
    and code."""
    return snapshot.rows.order_by("-ranked", "level", "rank", "unit_code")


def snapshot_ranks(*, month: date, unit_kind: str) -> dict[int, int]:
    """{unit id: rank} in the version in force of a month's ranking (empty if none): one query."""
    newest = snapshot_versions(month=month, unit_kind=unit_kind).values("pk")[:1]
    return dict(
        RankingRow.objects.filter(snapshot__in=newest, rank__isnull=False).values_list("unit_id", "rank")
    )
