from django.contrib import admin

from core.admin import ReadOnlyAdmin
from streets.models import ArrivalPolicy, Rating, Summons, SummonsAlert, Whistle, WhistleDomain, WhistleEvent


@admin.register(WhistleDomain)
class WhistleDomainAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name", "is_active"]
    list_editable = ["is_active"]
    list_display_links = ["code"]


@admin.register(ArrivalPolicy)
class ArrivalPolicyAdmin(admin.ModelAdmin):
    """Add a row with a later effective date to change the limits: running summonses keep theirs."""

    list_display = ["urgency", "domain", "effective_from", "acknowledge_minutes", "arrive_minutes", "note"]
    list_filter = ["urgency", "domain"]


class SummonsInline(admin.TabularInline):
    model = Summons
    fields = ["department", "status", "acknowledge_due", "acknowledged_at", "arrive_due", "arrived_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Whistle)
class WhistleAdmin(ReadOnlyAdmin):
    list_display = ["blown_at", "street", "domain", "urgency", "address", "status"]
    list_filter = ["status", "urgency", "domain"]
    search_fields = ["address", "description", "street__name"]
    list_select_related = ["street", "domain"]
    inlines = [SummonsInline]


@admin.register(SummonsAlert)
class SummonsAlertAdmin(ReadOnlyAdmin):
    list_display = ["summons", "kind", "happened_at", "recorded_at"]
    list_filter = ["kind"]
    list_select_related = ["summons__department", "summons__whistle__street"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["summons", "timeliness", "cooperation", "result", "rated_at", "department_commented_at"]
    list_select_related = ["summons__department", "summons__whistle__street"]


@admin.register(WhistleEvent)
class WhistleEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "whistle", "summons", "action", "actor", "unit"]
    list_filter = ["action"]
    list_select_related = ["whistle__street", "summons__department", "actor", "unit"]
