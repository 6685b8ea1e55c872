from django.contrib import admin
from django.urls import include, path

from health.views import healthz

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("hotline.urls")),
    path("", include("dispatch.urls")),
    path("", include("streets.urls")),
    path("", include("departments.urls")),
    path("", include("notifications.urls")),
    path("", include("metrics.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("api/v1/knowledge/", include("knowledge.urls")),
    path("open311/v2/", include("open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
