from django.urls import path, re_path

from bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("metrics/bulletins/", views.BulletinListView.as_view(), name="list"),
    re_path(
        r"^metrics/bulletins/(?P<pk>\d+)\.(?P<fmt>docx|pdf)$", views.BulletinFileView.as_view(), name="file"
    ),
]
