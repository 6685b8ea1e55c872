from django.urls import path

from fieldreports import views

app_name = "fieldreports"

urlpatterns = [
    path("field/report/", views.FieldReportView.as_view(), name="report"),
    path("field/reports/", views.MyReportsView.as_view(), name="mine"),
    path("leader/items/new/", views.LeaderItemView.as_view(), name="item-new"),
    path("leader/items/", views.MyItemsView.as_view(), name="items"),
]
