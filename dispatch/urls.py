from django.urls import path

from dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("hotline/queue/", views.QueueView.as_view(), name="queue"),
]
