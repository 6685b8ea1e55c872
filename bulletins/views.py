"""The bulletins page (a list of past bulletins to download), the downloads, and the API list."""

from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import ListView
from rest_framework import serializers, viewsets
from rest_framework.reverse import reverse

from accounts.permissions import ANALYSTS, RoleRequiredMixin, has_role
from bulletins.models import Bulletin
from bulletins.selectors import visible_bulletins
from metrics.analyses import analysis_districts
from uploads.content_types import DOCX, PDF
from uploads.serving import protected_file_response

FORMATS = {"docx": DOCX, "pdf": PDF}
PAGE_SIZE = 50


class BulletinListView(RoleRequiredMixin, ListView):
    required_roles = ANALYSTS
    template_name = "bulletins/list.html"
    context_object_name = "bulletins"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return visible_bulletins(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(city_wide=analysis_districts(self.request.user) is None, **kwargs)


class BulletinFileView(View):
    """A bulletin's file for who may read it; 404 for anyone else, as for a bulletin not there."""

    def get(self, request, pk, fmt):
        bulletin = get_object_or_404(visible_bulletins(request.user), pk=pk)
        return protected_file_response(
            file=getattr(bulletin, fmt), content_type=FORMATS[fmt], original_name=bulletin.file_name(fmt)
        )


class BulletinSerializer(serializers.ModelSerializer):
    docx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = ["id", "kind", "first_day", "last_day", "generated_at", "has_chart", "docx_url", "pdf_url"]

    def _url(self, bulletin: Bulletin, fmt: str) -> str:
        return reverse(
            "bulletins:file", kwargs={"pk": bulletin.pk, "fmt": fmt}, request=self.context.get("request")
        )

    def get_docx_url(self, bulletin) -> str:
        return self._url(bulletin, "docx")

    def get_pdf_url(self, bulletin) -> str:
        return self._url(bulletin, "pdf")


class BulletinViewSet(viewsets.ReadOnlyModelViewSet):
    """The bulletins the user may read, newest first; ``?kind=day|week|month`` filters."""

    serializer_class = BulletinSerializer
    permission_classes = [has_role(*ANALYSTS)]

    def get_queryset(self):
        bulletins = visible_bulletins(self.request.user)
        kind = self.request.query_params.get("kind")
        return bulletins.filter(kind=kind) if kind else bulletins
