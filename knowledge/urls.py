from django.urls import path

from api.routers import IdSimpleRouter
from knowledge.api import ArticleSearchView, ArticleViewSet

app_name = "knowledge"

router = IdSimpleRouter()
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [
    path("search/", ArticleSearchView.as_view(), name="search"),
    *router.urls,
]
