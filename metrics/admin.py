"""Schemes are edited here (a new row with a later date changes the months from then on). Scope
decisions and snapshots are shown read-only: they change only through metrics.services, which logs
every decision."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from metrics.models import (
    Appeal,
    Exclusion,
    RankingRow,
    RankingSnapshot,
    ScopeEvent,
    ScoringScheme,
    WhistleRateBand,
)


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(admin.ModelAdmin):
    list_display = [
        "unit_kind",
        "effective_from",
        "weight_response",
        "weight_resolution",
        "weight_satisfaction",
        "weight_on_time_reply",
        "basic_credit",
        "partly_credit",
        "min_assessed",
        "top_n",
        "bottom_n",
        "note",
    ]
    list_filter = ["unit_kind"]


@admin.register(Exclusion)
class ExclusionAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "reason", "excluded_by", "excluded_at", "appeal"]
    list_filter = ["reason"]
    list_select_related = ["excluded_by"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "unit", "reason", "filed_by", "filed_at", "decision", "decided_at"]
    list_filter = ["decision", "reason"]
    list_select_related = ["unit", "filed_by"]


@admin.register(ScopeEvent)
class ScopeEventAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "action", "reason", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["actor"]


class RankingRowInline(admin.TabularInline):
    model = RankingRow
    fields = [
        "level",
        "rank",
        "unit_code",
        "unit_name",
        "response_rate",
        "on_time_reply_rate",
        "resolution_rate",
        "satisfaction_rate",
        "composite",
        "not_replied",
        "returns",
        "misdispatches",
        "rank_change",
        "ranked",
        "is_top",
        "is_bottom",
    ]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RankingSnapshot)
class RankingSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["month", "unit_kind", "version", "created_by", "created_at", "reason"]
    list_filter = ["unit_kind", "month"]
    inlines = [RankingRowInline]


@admin.register(WhistleRateBand)
class WhistleRateBandAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "low_per_1000", "high_per_1000", "note"]
