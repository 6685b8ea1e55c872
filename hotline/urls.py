from django.urls import path

from hotline import views

app_name = "hotline"

urlpatterns = [
    path("hotline/console/", views.ConsoleView.as_view(), name="console"),
    path("track/", views.TrackView.as_view(), name="track"),
    path("callback/<str:token>/", views.CitizenCallbackView.as_view(), name="callback"),
]
