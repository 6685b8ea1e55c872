from django.contrib import admin

from hotline.models import Callback, Category, PhoneReveal, RequestType, Tag, Ticket, TicketEvent


@admin.register(RequestType)
class RequestTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "direct_answer_allowed",
        "confidential_by_default",
        "sort_order",
        "is_active",
    ]
    list_editable = ["sort_order", "is_active"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "path", "level", "default_tier", "matter", "department_kind", "is_active"]
    list_filter = ["level", "default_tier", "matter", "department_kind", "is_active"]
    search_fields = ["code", "name", "path", "keywords"]
    list_select_related = ["department_kind"]
    raw_id_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by the services only; the admin shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "unit", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    """Tickets change through the hotline pages and API (services), never by editing rows here."""

    list_display = ["number", "received_at", "channel", "request_type", "category", "tier", "status"]
    list_filter = ["status", "channel", "tier", "request_type"]
    search_fields = ["number", "address", "content"]
    date_hierarchy = "received_at"
    list_select_related = ["request_type", "category"]
    exclude = ["caller_phone"]
    inlines = [TicketEventInline]


@admin.register(PhoneReveal)
class PhoneRevealAdmin(ReadOnlyAdmin):
    list_display = ["revealed_at", "user", "ticket"]
    list_select_related = ["user", "ticket"]
    search_fields = ["user__username", "ticket__number"]


@admin.register(Callback)
class CallbackAdmin(ReadOnlyAdmin):
    list_display = ["recorded_at", "ticket", "via", "solved", "satisfaction", "recorded_by"]
    list_filter = ["via", "solved", "satisfaction"]
    list_select_related = ["ticket", "recorded_by"]
