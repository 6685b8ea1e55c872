"""The composed pages keep the URL names they had before they moved here (``accounts:home``,
``hotline:ticket``): the root URLconf adds each list below to the namespace it names, since a lower
app's URLconf may not import this app."""

from django.urls import path

from console import citizen, views

accounts_pages = [
    path("", views.HomeView.as_view(), name="home"),
]

hotline_pages = [
    path("hotline/tickets/<int:pk>/", views.TicketDetailView.as_view(), name="ticket"),
    path("hotline/tickets/<int:pk>/print/", views.TicketPrintView.as_view(), name="ticket-print"),
    path("track/", citizen.TrackView.as_view(), name="track"),
    path("callback/<str:token>/", citizen.CitizenCallbackView.as_view(), name="callback"),
]
