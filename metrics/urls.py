from django.urls import include, path, re_path

from metrics import views

app_name = "metrics"

urlpatterns = [
    path("metrics/", views.DashboardView.as_view(), name="dashboard"),
    re_path(
        r"^metrics/ranking\.(?P<fmt>csv|xlsx)$", views.RankingExportView.as_view(), name="ranking-export"
    ),
    path("metrics/units/<int:unit_pk>/<str:rate>/", views.DrilldownView.as_view(), name="drilldown"),
    path("metrics/departments/", views.DepartmentAssessmentView.as_view(), name="departments"),
    re_path(
        r"^metrics/departments\.(?P<fmt>csv|xlsx)$",
        views.DepartmentExportView.as_view(),
        name="departments-export",
    ),
    path("metrics/recompute/", views.RecomputeView.as_view(), name="recompute"),
    path("metrics/appeals/", views.AppealListView.as_view(), name="appeals"),
    path("metrics/appeals/<int:pk>/decide/", views.AppealDecideView.as_view(), name="appeal-decide"),
    path("metrics/analysis/", include("metrics.analysis_urls")),
]
