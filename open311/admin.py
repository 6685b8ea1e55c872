from django.contrib import admin

from open311.models import ApiClient, RequestToken
from open311.services import API_CLIENT_FIELDS, api_client_issue, api_client_update


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "contact", "is_active", "can_read_full", "created_at"]
    list_filter = ["is_active", "can_read_full"]
    search_fields = ["name", "contact"]
    fields = ["name", "contact", "is_active", "can_read_full", "key", "created_at"]
    readonly_fields = ["key", "created_at"]

    def save_model(self, request, obj, form, change):
        # Through the services: the key is generated on issue and never edited.
        if change:
            api_client_update(client=obj, **{name: form.cleaned_data[name] for name in API_CLIENT_FIELDS})
        else:
            # The admin logs the addition and redirects using the instance it built, not ours.
            issued = api_client_issue(
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                can_read_full=form.cleaned_data["can_read_full"],
            )
            obj.pk = issued.pk
            obj.refresh_from_db()


@admin.register(RequestToken)
class RequestTokenAdmin(admin.ModelAdmin):
    list_display = ["token", "ticket", "client", "created_at"]
    list_filter = [("client", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["token", "ticket__number"]
    list_select_related = ["ticket", "client"]
    readonly_fields = ["token", "ticket", "client", "media_url", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
