"""The admin for rows written by services only (event histories, snapshots, tickets): it shows
them and offers no add, change or delete. Registers nothing itself."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by the services only; the admin shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
