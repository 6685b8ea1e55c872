from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import units_to_pick, user_memberships
from api.filters import UnitFilter
from api.serializers import MembershipSerializer, MeSerializer, UnitPickSerializer, UnitSerializer
from units.models import Unit
from units.selectors import unit_list, units_matching

# A picker lists this many units; typing more narrows it.
PICK_LIMIT = 20


@extend_schema(parameters=[OpenApiParameter("q", str, description="name contains, or code starts with")])
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisational tree: city, hotline, districts, streets, communities, departments."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self):
        return unit_list(search=self.request.query_params.get("q", "").strip())

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="a few characters of the name, or the code's start"),
            OpenApiParameter("kind", str, many=True, description="unit kinds to list (repeat)"),
        ],
        responses=UnitPickSerializer(many=True),
    )
    @action(detail=False, pagination_class=None, filterset_class=None)
    def pick(self, request):
        """For the pickers: the units of these kinds the user may name in a form, whose name
        contains ``q`` (or whose code starts with it), each with its district beside it."""
        search = request.query_params.get("q", "").strip()[:50]
        kinds = [kind for kind in request.query_params.getlist("kind") if kind in Unit.Kind.values]
        if not search or not kinds:
            return Response([])
        units = units_matching(units_to_pick(request.user, kinds=kinds), search)[:PICK_LIMIT]
        return Response(UnitPickSerializer(units, many=True).data)


class MeView(APIView):
    """The signed-in user with their roles and units."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        data = MeSerializer(request.user).data
        data["memberships"] = MembershipSerializer(user_memberships(request.user), many=True).data
        return Response(data)
