from django.views.defaults import server_error as page_server_error

from api.errors import server_error as api_server_error


def server_error(request, *args, **kwargs):
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return page_server_error(request)
