"""Which language a request is answered in.

Pages are Chinese unless the user picked another language in the menu (Django's language cookie,
set by ``/i18n/setlang/``): staff work on shared and borrowed machines whose browsers often ask for
English, and the hotline's words must not change with them. The machine interfaces (``/api/``,
``/open311/``) keep Django's negotiation, so a client's ``Accept-Language`` still picks the language
of its error messages."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

NEGOTIATED_PREFIXES = ("/api/", "/open311/")


def chosen_language(request) -> str:
    """The language picked in the menu if it is one we offer, else the default (Chinese)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class InterfaceLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith(NEGOTIATED_PREFIXES):
            return super().process_request(request)
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if request.path_info.startswith(NEGOTIATED_PREFIXES):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
