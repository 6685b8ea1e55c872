from django.contrib import admin

from knowledge.models import Article
from knowledge.services import ARTICLE_EDITABLE_FIELDS, article_create, article_update


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "owner_unit", "valid_from", "valid_to", "is_published", "updated_at"]
    list_filter = ["is_published", "valid_from", "valid_to", ("owner_unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "keywords"]
    raw_id_fields = ["category", "owner_unit"]
    readonly_fields = ["created_at", "updated_at", "updated_by"]
    list_select_related = ["category", "owner_unit"]
    date_hierarchy = "valid_from"

    def save_model(self, request, obj, form, change):
        # Through the services, so the search index is rebuilt with every save made here.
        fields = {name: value for name, value in form.cleaned_data.items() if name in ARTICLE_EDITABLE_FIELDS}
        if change:
            article_update(article=obj, actor=request.user, **fields)
        else:
            # The admin logs the addition and redirects using the instance it built, not ours.
            obj.pk = article_create(actor=request.user, **fields).pk
            obj.refresh_from_db()
