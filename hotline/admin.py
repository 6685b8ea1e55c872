from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin
from hotline.models import Callback, Category, PhoneReveal, RequestType, Tag, Ticket, TicketEvent
from hotline.services.publication import ticket_open311_publication_set


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
    list_display = [
        "code",
        "path",
        "level",
        "default_tier",
        "matter",
        "department_kind",
        "is_active",
        "open311_public_content",
    ]
    list_editable = ["open311_public_content"]
    list_filter = [
        "level",
        "default_tier",
        "matter",
        "department_kind",
        "is_active",
        "open311_public_content",
    ]
    search_fields = ["code", "name", "path", "keywords"]
    list_select_related = ["department_kind"]
    raw_id_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class TicketEventInline(admin.TabularInline):
    model = TicketEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "unit", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _open311_publication_action(public: bool | None, description):
    """An admin action setting whether Open311 publishes the selected tickets' content."""

    @admin.action(description=description, permissions=["open311_publication"])
    def action(modeladmin, request, queryset):
        changed = sum(
            ticket_open311_publication_set(ticket_id=pk, public=public, actor=request.user)
            for pk in queryset.values_list("pk", flat=True)
        )
        message = ngettext("%(count)d ticket changed.", "%(count)d tickets changed.", changed)
        modeladmin.message_user(request, message % {"count": changed}, messages.SUCCESS)

    action.__name__ = {True: "open311_publish", False: "open311_withhold", None: "open311_follow_category"}[
        public
    ]
    return action


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    """Tickets change through the hotline pages and API (services), never by editing rows here.
    Whether Open311 publishes a ticket's content is set here, by actions, through its service."""

    list_display = [
        "number",
        "received_at",
        "channel",
        "request_type",
        "category",
        "tier",
        "status",
        "open311_public_content",
    ]
    list_filter = ["status", "channel", "tier", "request_type", "open311_public_content"]
    actions = [
        _open311_publication_action(True, _("Publish the content on Open311 (numbers hidden)")),
        _open311_publication_action(False, _("Do not publish the content on Open311")),
        _open311_publication_action(None, _("Publish the content on Open311 as the category says")),
    ]
    search_fields = ["number", "address", "content"]
    date_hierarchy = "received_at"
    list_select_related = ["request_type", "category"]
    exclude = ["caller_phone"]
    inlines = [TicketEventInline]

    def has_open311_publication_permission(self, request):
        return request.user.has_perm("hotline.change_ticket")


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
