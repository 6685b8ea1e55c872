from django.contrib import admin, messages
from django.utils import timezone

from core.admin import ReadOnlyAdmin
from dispatch.deadlines.calendar import calendar_warnings
from dispatch.models import (
    Assignment,
    CalendarDay,
    Clock,
    ClockAlert,
    DeadlinePolicy,
    PlaceAlias,
    ResponsibilityEntry,
    RoutingDecision,
    RoutingRule,
    StreetBoundary,
    UnitRequest,
)
from dispatch.routing.gazetteer import gazetteer_changed


@admin.register(ResponsibilityEntry)
class ResponsibilityEntryAdmin(admin.ModelAdmin):
    list_display = ["category", "district", "lead_kind", "level"]
    list_filter = ["level", "lead_kind", "district"]
    search_fields = ["category__path", "category__code"]
    autocomplete_fields = ["district"]
    raw_id_fields = ["category"]
    filter_horizontal = ["assisting_kinds"]
    list_select_related = ["category", "district", "lead_kind"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "order",
        "name",
        "is_active",
        "category",
        "district",
        "keyword",
        "from_time",
        "to_time",
        "target_unit",
        "target_kind",
    ]
    list_editable = ["order", "is_active"]
    list_display_links = ["name"]
    raw_id_fields = ["category"]
    autocomplete_fields = ["district", "street", "target_unit"]


@admin.register(PlaceAlias)
class PlaceAliasAdmin(admin.ModelAdmin):
    """Aliases a city enters, and the ones learned from corrections; deactivating one undoes it."""

    list_display = ["phrase", "unit", "source", "confirmations", "is_active", "updated_at"]
    list_filter = ["source", "is_active"]
    search_fields = ["phrase", "unit__name"]
    autocomplete_fields = ["unit"]
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        gazetteer_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        gazetteer_changed()

    @admin.action(description="Deactivate (undo) the selected aliases")
    def deactivate(self, request, queryset):
        queryset.update(is_active=False)
        gazetteer_changed()


@admin.register(StreetBoundary)
class StreetBoundaryAdmin(admin.ModelAdmin):
    list_display = ["unit", "imported_at"]
    search_fields = ["unit__name", "unit__code"]
    readonly_fields = ["unit", "geometry", "imported_at"]


@admin.register(RoutingDecision)
class RoutingDecisionAdmin(admin.ModelAdmin):
    list_display = ["ticket", "status", "lead_unit", "confidence", "rule", "applied", "created_at"]
    list_filter = ["status", "applied", "rule"]
    list_select_related = ["ticket", "lead_unit"]
    readonly_fields = [f.name for f in RoutingDecision._meta.fields] + ["assisting_units"]

    def has_add_permission(self, request):
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["ticket", "unit", "role", "assigned_at", "assigned_by"]
    list_filter = ["role"]
    list_select_related = ["ticket", "unit", "assigned_by"]
    readonly_fields = ["ticket", "unit", "role", "assigned_at", "assigned_by"]

    def has_add_permission(self, request):
        return False


class CalendarWarningMixin:
    """Tells administrators, where they edit deadlines, that next year's holidays are missing."""

    def changelist_view(self, request, extra_context=None):
        for warning in calendar_warnings(timezone.localdate()):
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(CalendarWarningMixin, admin.ModelAdmin):
    """Add a row with a later effective date to change the policy: running clocks keep theirs."""

    list_display = [
        "tier",
        "effective_from",
        "sign_minutes",
        "contact_minutes",
        "reply_amount",
        "reply_unit",
        "warning_ratio",
        "max_extensions",
    ]
    list_filter = ["tier"]


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarWarningMixin, admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "kind", "cycle", "started_at", "due_at", "stopped_at", "result"]
    list_filter = ["kind", "result"]
    raw_id_fields = ["assignment", "policy"]


@admin.register(ClockAlert)
class ClockAlertAdmin(ReadOnlyAdmin):
    list_display = ["clock", "kind", "happened_at", "recorded_at"]
    list_filter = ["kind"]
    raw_id_fields = ["clock"]


@admin.register(UnitRequest)
class UnitRequestAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "kind", "requested_at", "decision", "decided_at"]
    list_filter = ["kind", "decision"]
    raw_id_fields = ["assignment"]
