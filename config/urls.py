from django.contrib import admin
from django.urls import include, path

from accounts import urls as accounts_urls
from console import urls as console_urls
from health.views import healthz
from hotline import urls as hotline_urls


def with_pages(urls, pages):
    """An app's URLconf with the composed pages that keep names in its namespace."""
    return include((urls.urlpatterns + pages, urls.app_name))


# The API first: Django tries the patterns in order, and the pages' dozen includes at the root would
# otherwise be walked on every API call (a tenth of an intake's CPU). No page lies under api/.
urlpatterns = [
    path("api/", include("api.urls")),
    path("", with_pages(accounts_urls, console_urls.accounts_pages)),
    path("", with_pages(hotline_urls, console_urls.hotline_pages)),
    path("", include("dispatch.urls")),
    path("", include("streets.urls")),
    path("", include("departments.urls")),
    path("", include("notifications.urls")),
    path("", include("metrics.urls")),
    path("", include("bulletins.urls")),
    path("", include("supervision.urls")),
    path("", include("governance.urls")),
    path("", include("fieldreports.urls")),
    path("", include("citizenreports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/knowledge/", include("knowledge.urls")),
    path("open311/v2/", include("open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
