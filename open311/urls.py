"""GeoReport v2 under /open311/v2/; every endpoint takes its format from the suffix (.json, .xml)."""

from django.urls import re_path

from open311 import views

app_name = "open311"

FORMAT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, views.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, views.services, name="services"),
    re_path(r"^services/(?P<service_code>[\w-]+)" + FORMAT, views.service_definition, name="service"),
    re_path(r"^requests" + FORMAT, views.requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[\w-]+)" + FORMAT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[\w-]+)" + FORMAT, views.token, name="token"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
