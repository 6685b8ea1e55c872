from api.routers import IdSimpleRouter
from hotline.api import views

router = IdSimpleRouter()
router.register("request-types", views.RequestTypeViewSet, basename="request-type")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("tickets", views.TicketViewSet, basename="ticket")

urlpatterns = router.urls
