"""The analysis pages, included by metrics.urls under /metrics/analysis/ (namespace "metrics")."""

from django.urls import path

from metrics import analysis_views, channel_views

urlpatterns = [
    path("", analysis_views.AnalysisView.as_view(), name="analysis-overview"),
    path("channels.csv", channel_views.ChannelFiguresCsvView.as_view(), name="analysis-channels-csv"),
    path(
        "warnings/<int:street_id>/<int:category_id>/<str:week_start>/",
        analysis_views.WarningTicketsView.as_view(),
        name="analysis-warning-tickets",
    ),
]
