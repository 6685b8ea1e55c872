from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import ObtainApiTokenView
from api import views
from api.routers import IdDefaultRouter
from bulletins.views import BulletinViewSet
from departments.api import DepartmentSummonsViewSet
from dispatch.api.sub_orders import SubOrderViewSet
from dispatch.api.views import (
    AssignmentViewSet,
    FailingTaskListView,
    StrandedTicketListView,
    TicketDispatchView,
    UnitRequestViewSet,
)
from dispatch.deadlines.api import DeadlinePreviewView
from dispatch.deadlines.policy_api import CalendarDayViewSet, DeadlinePolicyViewSet
from fieldreports.api import FieldReportViewSet
from metrics.api import AppealViewSet, ExclusionViewSet
from metrics.channel_views import ChannelFiguresView
from metrics.counts_views import CountsFiguresView
from notifications.api import NotificationViewSet
from streets.api.views import WhistleViewSet
from supervision.api.views import SupervisionOrderViewSet

router = IdDefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("sub-orders", SubOrderViewSet, basename="suborder")
router.register("unit-requests", UnitRequestViewSet, basename="unitrequest")
router.register("deadline-policies", DeadlinePolicyViewSet, basename="deadlinepolicy")
router.register("calendar-days", CalendarDayViewSet, basename="calendarday")
router.register("whistles", WhistleViewSet, basename="whistle")
router.register("summonses", DepartmentSummonsViewSet, basename="summons")
router.register("appeals", AppealViewSet, basename="appeal")
router.register("exclusions", ExclusionViewSet, basename="exclusion")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("supervision-orders", SupervisionOrderViewSet, basename="supervisionorder")
router.register("field-reports", FieldReportViewSet, basename="fieldreport")
router.register("bulletins", BulletinViewSet, basename="bulletin")

app_name = "api"

urlpatterns = [
    # Tickets first: intake is the busiest call, and the patterns are tried in order.
    path("v1/", include("hotline.api.urls")),
    path("v1/", include(router.urls)),
    path("v1/tickets/<int:pk>/dispatch/", TicketDispatchView.as_view(), name="ticket-dispatch"),
    path("v1/routing/stranded/", StrandedTicketListView.as_view(), name="routing-stranded"),
    path("v1/routing/failing-tasks/", FailingTaskListView.as_view(), name="routing-failing-tasks"),
    path("v1/deadlines/preview/", DeadlinePreviewView.as_view(), name="deadline-preview"),
    path("v1/analysis/channels/", ChannelFiguresView.as_view(), name="analysis-channels"),
    path("v1/analysis/counts/", CountsFiguresView.as_view(), name="analysis-counts"),
    path("v1/me/", views.MeView.as_view(), name="me"),
    path("v1/auth/token/", ObtainApiTokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
