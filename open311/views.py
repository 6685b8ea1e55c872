"""Open311 GeoReport v2 endpoints: parse the arguments, call one selector or service, render.

They are public and keep no session: a POST is authorised by its ``api_key``, so there is no
CSRF token to check. Reading needs no key; a key that may read full records (``api_key`` in the
query) turns the public view of requests into the full one. Every failure answers in the
standard's error format, never with a 500."""

import functools

from django.core.exceptions import SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from open311 import selectors
from open311.arguments import idempotency_key_parse, request_filters_parse, submission_parse
from open311.errors import BadRequest, Forbidden, Open311Error, problem
from open311.models import ApiClient
from open311.renderers import render, render_errors
from open311.services import request_submit

FORMATS = ("json", "xml")
READ = ("GET", "HEAD")


def _unknown_format(fmt: str):
    description = _("Unknown format “%(format)s”: use .json or .xml.") % {"format": fmt[:20]}
    return render_errors(status=404, descriptions=[description], fmt="json")


def endpoint(*methods: str):
    """Format check, allowed methods and the error answer, shared by every endpoint."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, fmt: str, **kwargs):
            if fmt not in FORMATS:
                return _unknown_format(fmt)
            if request.method not in methods:
                description = _("Method %(method)s is not allowed here.") % {"method": request.method}
                response = render_errors(status=405, descriptions=[description], fmt=fmt)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                return render_errors(status=error.status, descriptions=error.descriptions, fmt=fmt)

        return wrapper

    return decorate


@endpoint(*READ)
def discovery(request, *, fmt):
    own_path = reverse("open311:discovery", kwargs={"fmt": fmt})
    endpoint_url = request.build_absolute_uri(own_path).removesuffix(f"discovery.{fmt}")
    return render(selectors.discovery(endpoint_url=endpoint_url), fmt=fmt, root="discovery")


@endpoint(*READ)
def services(request, *, fmt):
    return render(selectors.services_list(), fmt=fmt, root="services")


@endpoint(*READ)
def service_definition(request, service_code, *, fmt):
    definition = selectors.service_definition(service_code=service_code)
    return render(definition, fmt=fmt, root="service_definition")


@endpoint(*READ, "POST")
def requests(request, *, fmt):
    if request.method == "POST":
        return _request_submit(request, fmt=fmt)
    full = _reads_full_records(request)
    filters = request_filters_parse(request.GET, now=timezone.now())
    return render(selectors.requests_list(filters=filters, full=full), fmt=fmt, root="service_requests")


def _api_client(key) -> ApiClient:
    client = selectors.api_client_for_key(key=(key or "").strip())
    if client is None:
        raise Forbidden(problem("api_key", _("missing, unknown or no longer active.")))
    return client


def _reads_full_records(request) -> bool:
    """No ``api_key``: the public view. A key that works: the full view if it grants it. A key
    that does not work is refused, as the standard says, rather than quietly read as none."""
    key = request.GET.get("api_key")
    if not (key or "").strip():
        return False
    return _api_client(key).can_read_full


def _request_submit(request, *, fmt):
    try:
        form = request.POST
    except (MultiPartParserError, SuspiciousOperation) as exc:
        raise BadRequest([_("The request body could not be read as a form.")]) from exc
    client = _api_client(form.get("api_key"))
    idempotency_key = idempotency_key_parse(request.headers.get("Idempotency-Key"))
    submission = submission_parse(form)
    filed = request_submit(client=client, submission=submission, idempotency_key=idempotency_key)
    answer = [
        {
            "service_request_id": filed.ticket.number,
            "token": filed.token.token,
            "service_notice": _(
                "Received by the 12345 hotline. Keep the request number to follow its progress."
            ),
            "account_id": submission.account_id,
        }
    ]
    return render(answer, fmt=fmt, root="service_requests", status=201 if filed.created else 200)


@endpoint(*READ)
def request_detail(request, service_request_id, *, fmt):
    full = _reads_full_records(request)
    found = selectors.request_detail(service_request_id=service_request_id, full=full)
    return render(found, fmt=fmt, root="service_requests")


@endpoint(*READ)
def token(request, token, *, fmt):
    return render(selectors.token_lookup(token=token), fmt=fmt, root="service_requests")


@csrf_exempt
def not_found(request, path):
    fmt = "xml" if path.endswith(".xml") else "json"
    return render_errors(status=404, descriptions=[_("There is no such endpoint.")], fmt=fmt)
