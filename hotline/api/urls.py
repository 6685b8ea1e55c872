from django.urls import path

from api.routers import IdSimpleRouter
from hotline.api import views
from hotline.api.attachments import AttachmentFileView

router = IdSimpleRouter()
router.register("request-types", views.RequestTypeViewSet, basename="request-type")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("tickets", views.TicketViewSet, basename="ticket")

urlpatterns = [
    *router.urls,
    path("attachments/<int:pk>/", AttachmentFileView.as_view(), name="attachment-file"),
]
