from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from accounts.services import membership_validate


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit") and cleaned.get("role"):
            membership_validate(role=cleaned["role"], unit=cleaned["unit"])
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Profile"), {"fields": ["full_name"]}),)
    list_display = ["username", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "unit"]
