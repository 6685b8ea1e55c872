from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("supervision/", views.OrderListView.as_view(), name="orders"),
    path("supervision/new/", views.IssueView.as_view(), name="issue"),
    path("supervision/photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("supervision/<int:pk>/", views.OrderDetailView.as_view(), name="order"),
    path("supervision/<int:pk>/<slug:action>/", views.OrderDetailView.as_view(), name="step"),
]
