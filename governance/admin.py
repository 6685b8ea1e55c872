from django.contrib import admin

from core.admin import ReadOnlyAdmin
from governance.models import ProactiveTask, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["month", "title", "lead_unit", "carry_on"]
    list_filter = ["month"]
    search_fields = ["title", "keywords"]
    autocomplete_fields = ["lead_unit"]
    filter_horizontal = ["categories"]


@admin.register(ProactiveTask)
class ProactiveTaskAdmin(ReadOnlyAdmin):
    """Read-only: tasks change through their pages (the state table and its events)."""

    list_display = ["pk", "title", "status", "opened_at", "deadline"]
    list_filter = ["status", "source"]
    search_fields = ["title"]
