from django.urls import path
from rest_framework.routers import SimpleRouter

from knowledge.api import ArticleSearchView, ArticleViewSet

app_name = "knowledge"

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [
    path("search/", ArticleSearchView.as_view(), name="search"),
    *router.urls,
]
