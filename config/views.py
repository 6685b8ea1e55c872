from django.views.defaults import bad_request as page_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import server_error as page_server_error

from api import errors as api_errors


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def server_error(request, *args, **kwargs):
    if _is_api(request):
        return api_errors.server_error(request)
    return page_server_error(request)


def not_found(request, exception=None):
    if _is_api(request):
        return api_errors.not_found(request, exception)
    return page_not_found(request, exception)


def bad_request(request, exception=None):
    if _is_api(request):
        return api_errors.bad_request(request, exception)
    return page_bad_request(request, exception)
