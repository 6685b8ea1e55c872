"""The page, included at the site root: ``notifications/`` and its mark-all-read form. The API is the
``NotificationViewSet`` in ``notifications.api``, registered on the API router."""

from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="list"),
    path("notifications/mark-read/", views.MarkAllReadView.as_view(), name="mark-read"),
]
