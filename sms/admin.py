"""Templates are edited here by the hotline's supervisors (dispatchers) and administrators; messages
are shown read-only, the number masked and callback links shortened (a link answers the callback,
so whoever reads it here must not be able to answer for the citizen)."""

import re

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.selectors import user_has_role
from core.admin import ReadOnlyAdmin
from hotline.caller import phone_mask
from sms.models import SmsMessage, SmsTemplate

TEMPLATE_EDITORS = (Role.DISPATCHER, Role.ADMINISTRATOR)
CALLBACK_TOKEN = re.compile(r"(/callback/)[^/\s]+/")


def _editor(request) -> bool:
    return request.user.is_active and (
        request.user.is_superuser or user_has_role(request.user, *TEMPLATE_EDITORS)
    )


class ForTemplateEditors:
    """Admin access by role rather than by per-model permission rows (the user must still be staff
    to reach the admin site at all)."""

    def has_module_permission(self, request):
        return _editor(request)

    def has_view_permission(self, request, obj=None):
        return _editor(request)


@admin.register(SmsTemplate)
class SmsTemplateAdmin(ForTemplateEditors, admin.ModelAdmin):
    list_display = ["kind", "language", "effective_from", "is_active", "text", "note"]
    list_filter = ["kind", "language", "is_active"]

    def has_add_permission(self, request):
        return _editor(request)

    def has_change_permission(self, request, obj=None):
        return _editor(request)

    def has_delete_permission(self, request, obj=None):
        return False  # the history of wordings stays; deactivate a template instead


@admin.register(SmsMessage)
class SmsMessageAdmin(ForTemplateEditors, ReadOnlyAdmin):
    list_display = [
        "created_at",
        "ticket",
        "kind",
        "masked_phone",
        "status",
        "attempts",
        "provider_id",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["ticket"]
    search_fields = ["ticket__number", "provider_id"]
    fields = [
        "ticket",
        "kind",
        "masked_phone",
        "safe_text",
        "status",
        "attempts",
        "last_error",
        "provider_id",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("phone"))
    def masked_phone(self, message):
        return phone_mask(message.phone)

    @admin.display(description=_("text"))
    def safe_text(self, message):
        return CALLBACK_TOKEN.sub(r"\1…/", message.text)
