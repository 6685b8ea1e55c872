from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from citizenreports.models import CitizenReport, PhoneCode, RateLimitPolicy
from core.admin import ReadOnlyAdmin
from hotline.caller import phone_mask


@admin.register(RateLimitPolicy)
class RateLimitPolicyAdmin(admin.ModelAdmin):
    list_display = ["action", "scope", "limit", "window_minutes", "effective_from", "note"]
    list_filter = ["action", "scope"]


@admin.display(description=_("phone"))
def masked_phone(row):
    return phone_mask(row.phone)


@admin.register(PhoneCode)
class PhoneCodeAdmin(ReadOnlyAdmin):
    """Phones masked, as everywhere outside the hotline; the code itself is never stored."""

    list_display = [masked_phone, "client", "created_at", "expires_at", "attempts", "used_at", "send_error"]
    fields = readonly_fields = [
        masked_phone,
        "client",
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
        "send_error",
    ]


@admin.register(CitizenReport)
class CitizenReportAdmin(ReadOnlyAdmin):
    list_display = ["ticket", masked_phone, "client", "created_at"]
    fields = readonly_fields = ["ticket", masked_phone, "client", "created_at"]
    search_fields = ["ticket__number"]
