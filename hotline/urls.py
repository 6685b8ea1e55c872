from django.urls import path

from hotline import views

app_name = "hotline"

urlpatterns = [
    path("hotline/console/", views.ConsoleView.as_view(), name="console"),
    path("tickets/", views.TicketSearchView.as_view(), name="ticket-search"),
]
