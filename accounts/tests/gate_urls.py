"""A URLconf for testing the role gates in isolation, with one operator-only page and API."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import View
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import RoleRequiredMixin, has_role


class OperatorPage(RoleRequiredMixin, View):
    required_roles = (Role.OPERATOR,)

    def get(self, request):
        return HttpResponse("ok")


class OperatorApi(APIView):
    permission_classes = [has_role(Role.OPERATOR)]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("page/", OperatorPage.as_view()),
    path("api/", OperatorApi.as_view()),
    path("", include("config.urls")),
]
