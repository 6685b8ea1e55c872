from django.contrib import admin

from core.admin import ReadOnlyAdmin
from supervision.models import SupervisionEvent, SupervisionOrder, SupervisionPolicy


@admin.register(SupervisionPolicy)
class SupervisionPolicyAdmin(admin.ModelAdmin):
    """Add a row with a later effective date to change a level's limit: issued orders keep theirs."""

    list_display = ["level", "effective_from", "answer_amount", "answer_unit", "note"]
    list_filter = ["level"]


class EventInline(admin.TabularInline):
    model = SupervisionEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(ReadOnlyAdmin):
    list_display = ["issued_at", "level", "unit", "subject", "deadline", "status"]
    list_filter = ["level", "status"]
    search_fields = ["subject", "reason", "unit__name", "ticket__number"]
    list_select_related = ["unit"]
    inlines = [EventInline]
