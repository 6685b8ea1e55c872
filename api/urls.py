from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser

from api import views
from api.parsers import BoundedJSONParser
from api.routers import IdDefaultRouter
from dispatch.api import TicketDispatchView
from dispatch.deadlines.api import DeadlinePreviewView
from dispatch.deadlines.policy_api import CalendarDayViewSet, DeadlinePolicyViewSet
from dispatch.lifecycle_api import AssignmentViewSet, UnitRequestViewSet
from metrics.api import AppealViewSet, ExclusionViewSet
from notifications.api import NotificationViewSet
from streets.api import SummonsViewSet, WhistleViewSet

router = IdDefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("unit-requests", UnitRequestViewSet, basename="unitrequest")
router.register("deadline-policies", DeadlinePolicyViewSet, basename="deadlinepolicy")
router.register("calendar-days", CalendarDayViewSet, basename="calendarday")
router.register("whistles", WhistleViewSet, basename="whistle")
router.register("summonses", SummonsViewSet, basename="summons")
router.register("appeals", AppealViewSet, basename="appeal")
router.register("exclusions", ExclusionViewSet, basename="exclusion")
router.register("notifications", NotificationViewSet, basename="notification")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/", include("hotline.api.urls")),
    path("v1/tickets/<int:pk>/dispatch/", TicketDispatchView.as_view(), name="ticket-dispatch"),
    path("v1/deadlines/preview/", DeadlinePreviewView.as_view(), name="deadline-preview"),
    path("v1/me/", views.MeView.as_view(), name="me"),
    # DRF's token view names its own parsers; it gets the project's bounded JSON parser too.
    path(
        "v1/auth/token/",
        ObtainAuthToken.as_view(parser_classes=[BoundedJSONParser, FormParser, MultiPartParser]),
        name="token",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
