from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import user_memberships
from api.filters import UnitFilter
from api.serializers import MembershipSerializer, MeSerializer, UnitSerializer
from units.selectors import unit_list


@extend_schema(parameters=[OpenApiParameter("q", str, description="name contains, or code starts with")])
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisational tree: city, hotline, districts, streets, communities, departments."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self):
        return unit_list(search=self.request.query_params.get("q", "").strip())


class MeView(APIView):
    """The signed-in user with their roles and units."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        data = MeSerializer(request.user).data
        data["memberships"] = MembershipSerializer(user_memberships(request.user), many=True).data
        return Response(data)
