from django.urls import path

from dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("hotline/queue/", views.QueueView.as_view(), name="queue"),
    path("hotline/requests/", views.RequestQueueView.as_view(), name="requests"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("sub-orders/", views.SubInboxView.as_view(), name="sub-inbox"),
]
