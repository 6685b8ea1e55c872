from django.contrib import admin

from core.admin import ReadOnlyAdmin
from fieldreports.models import FieldReport, LeaderItem, QuickCategory


@admin.register(QuickCategory)
class QuickCategoryAdmin(admin.ModelAdmin):
    list_display = ["category_code", "request_type_code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(FieldReport)
class FieldReportAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "reporter", "unit", "created_at"]


@admin.register(LeaderItem)
class LeaderItemAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "leader", "source", "created_at"]
