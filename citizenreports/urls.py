from django.urls import path

from citizenreports import views

app_name = "citizenreports"

urlpatterns = [
    path("report/", views.ReportView.as_view(), name="form"),
    path("report/code/", views.SendCodeView.as_view(), name="send_code"),
    path("report/captcha.svg", views.CaptchaView.as_view(), name="captcha"),
    path("report/done/", views.DoneView.as_view(), name="done"),
]
