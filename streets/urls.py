from django.urls import path

from streets import views
from streets.photo_views import WhistlePhotoView

app_name = "streets"

urlpatterns = [
    path("streets/whistles/", views.WhistleListView.as_view(), name="whistles"),
    path("streets/whistles/new/", views.WhistleBlowView.as_view(), name="blow"),
    path("streets/whistles/<int:pk>/", views.WhistleDetailView.as_view(), name="whistle"),
    path("streets/whistles/<int:pk>/<slug:action>/", views.WhistleStepView.as_view(), name="step"),
    path("streets/photos/<int:pk>/", WhistlePhotoView.as_view(), name="photo"),
]
