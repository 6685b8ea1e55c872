"""Reads for Open311: the services offered (category leaves), which tickets the public may see,
the filtered request list, and the standard's representation of each of them.

Two views of a request. The public one, for anyone: the content only where the city marks it
public (the ticket's own flag, else its category's), with phone, ID and room numbers hidden; the
address cut back to street level; coordinates rounded (``OPEN311_PUBLIC_COORDINATE_DECIMALS``).
The full one, for API clients whose key ``can_read_full``: content, address and coordinates as
recorded. Neither ever carries the caller's name, phone or e-mail, nor a confidential ticket."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import Assignment
from hotline.models import Category, RequestType, Ticket
from open311.errors import NotFound, problem
from open311.models import ApiClient, RequestToken
from open311.redaction import address_generalise, coordinate_round, text_redact

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API's documents last changed shape; clients compare it to refresh cached discovery.
CHANGESET = "2026-11-22T00:00:00+08:00"
MEDIA_TYPES = ["text/xml", "application/json"]
DEFAULT_REQUEST_TYPE = "help"

S = Ticket.Status
# Everything else is "open": a state added later counts as not finished until mapped here.
CLOSED_STATUSES = frozenset({S.ANSWERED, S.DISPOSED, S.MERGED, S.CLOSED})


@dataclass(frozen=True)
class RequestFilters:
    """GET requests' arguments, parsed (``open311.arguments.request_filters_parse``). Ids, when
    given, override every other filter."""

    service_request_ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: frozenset[str] = frozenset()
    start: datetime | None = None
    end: datetime | None = None
    page: int = 1
    page_size: int = 50


def datetime_iso(value: datetime | None) -> str | None:
    """2026-11-22T10:00:00+08:00: local time of the hotline with its offset, as the standard asks."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat(timespec="seconds")


def discovery(*, endpoint_url: str) -> dict:
    return {
        "changeset": CHANGESET,
        "contact": _("12345 citizen service hotline"),
        "key_service": _("API keys for filing requests are issued by the hotline's administrators."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": MEDIA_TYPES,
            }
        ],
    }


# --- services -----------------------------------------------------------------------------------


def service_categories() -> QuerySet[Category]:
    """The services offered: every active leaf of the category tree."""
    return Category.objects.filter(level=3, is_active=True).select_related("parent__parent").order_by("code")


def service_category(*, service_code: str) -> Category | None:
    return service_categories().filter(code=service_code).first()


def service_representation(category: Category) -> dict:
    group = category.parent.parent if category.parent and category.parent.parent else category.parent
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": category.display_path,
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(category.keywords.split()),
        "group": group.display_name if group else None,
    }


def services_list() -> list[dict]:
    return [service_representation(category) for category in service_categories()]


def request_types_offered() -> QuerySet[RequestType]:
    return RequestType.objects.filter(is_active=True).order_by("sort_order", "code")


def request_type_offered(*, code: str) -> RequestType | None:
    return request_types_offered().filter(code=code).first()


def service_definition(*, service_code: str) -> dict:
    """The extra fields of a service: the kind of request (咨询, 求助, 投诉 …)."""
    if service_category(service_code=service_code) is None:
        raise NotFound(problem("service_code", _("there is no service “%(code)s”.") % {"code": service_code}))
    request_types = list(request_types_offered())
    default = next((t for t in request_types if t.code == DEFAULT_REQUEST_TYPE), None)
    description = _("What kind of request this is.")
    if default is not None:
        description = _("What kind of request this is; %(name)s when not given.") % {"name": default.name}
    return {
        "service_code": service_code,
        "attributes": [
            {
                "variable": True,
                "code": "request_type",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("One of the listed keys."),
                "order": 1,
                "description": description,
                "values": [{"key": t.code, "name": t.name} for t in request_types],
            }
        ],
    }


# --- clients and tokens -------------------------------------------------------------------------


def api_client_for_key(*, key: str) -> ApiClient | None:
    if not key or "\x00" in key:
        return None
    return ApiClient.objects.filter(key=key, is_active=True).first()


def token_lookup(*, token: str) -> list[dict]:
    found = RequestToken.objects.select_related("ticket").filter(token=token).first()
    if found is None:
        raise NotFound(problem("token", _("there is no token “%(token)s”.") % {"token": token}))
    return [{"service_request_id": found.ticket.number, "token": found.token}]


# --- requests -----------------------------------------------------------------------------------


def public_tickets() -> QuerySet[Ticket]:
    """The tickets Open311 lists, to anyone: every ticket but the confidential ones. How much of
    each is shown depends on the reader (``request_representation``)."""
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("unit").order_by("id")
    return (
        Ticket.objects.filter(confidential=False)
        .select_related("category", "master")
        .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="lead_assignments"))
        .order_by("-received_at", "-id")
    )


def expected_datetime(ticket: Ticket) -> datetime | None:
    """When the reply is due. The deadline engine does not exist yet; it fills this in."""
    return None


def request_status(ticket: Ticket) -> str:
    return "closed" if ticket.status in CLOSED_STATUSES else "open"


def _service_notice(ticket: Ticket) -> str | None:
    if ticket.status == S.MERGED and ticket.master is not None:
        return _("Handled together with request %(number)s.") % {"number": ticket.master.number}
    return None


def _agency_responsible(ticket: Ticket) -> str | None:
    """The lead unit's name; ``public_tickets`` prefetches it as ``lead_assignments``."""
    leads = getattr(ticket, "lead_assignments", None)
    if leads is None:
        leads = ticket.assignments.filter(role=Assignment.Role.LEAD).select_related("unit").order_by("id")[:1]
    return leads[0].unit.name if leads else None


def _coordinate(value) -> float | None:
    return None if value is None else float(value)


def content_public(ticket: Ticket) -> bool:
    """The ticket's own choice when the hotline made one, else its category's."""
    if ticket.open311_public_content is not None:
        return ticket.open311_public_content
    return ticket.category.open311_public_content


def _public_place(ticket: Ticket) -> dict:
    decimals = settings.OPEN311_PUBLIC_COORDINATE_DECIMALS
    return {
        "description": text_redact(ticket.content) if content_public(ticket) else None,
        "address": address_generalise(ticket.address) or None,
        "lat": coordinate_round(ticket.latitude, decimals=decimals),
        "long": coordinate_round(ticket.longitude, decimals=decimals),
    }


def _full_place(ticket: Ticket) -> dict:
    return {
        "description": ticket.content,
        "address": ticket.address or None,
        "lat": _coordinate(ticket.latitude),
        "long": _coordinate(ticket.longitude),
    }


def request_representation(ticket: Ticket, *, full: bool = False) -> dict:
    """The standard's fields, and nothing about the caller: no name, phone or email. The public
    view unless ``full`` (a key that may read full records)."""
    place = _full_place(ticket) if full else _public_place(ticket)
    return {
        "service_request_id": ticket.number,
        "status": request_status(ticket),
        "status_notes": str(ticket.get_status_display()),
        "service_name": ticket.category.display_name,
        "service_code": ticket.category.code,
        "description": place["description"],
        "agency_responsible": _agency_responsible(ticket),
        "service_notice": _service_notice(ticket),
        "requested_datetime": datetime_iso(ticket.received_at),
        "updated_datetime": datetime_iso(ticket.status_changed_at),
        "expected_datetime": datetime_iso(expected_datetime(ticket)),
        "address": place["address"],
        "address_id": None,
        "zipcode": None,
        "lat": place["lat"],
        "long": place["long"],
        "media_url": None,
    }


def requests_query(*, filters: RequestFilters) -> QuerySet[Ticket]:
    tickets = public_tickets()
    if filters.service_request_ids:
        return tickets.filter(number__in=filters.service_request_ids)
    if filters.service_codes:
        tickets = tickets.filter(category__code__in=filters.service_codes)
    if filters.statuses == {"open"}:
        tickets = tickets.exclude(status__in=CLOSED_STATUSES)
    elif filters.statuses == {"closed"}:
        tickets = tickets.filter(status__in=CLOSED_STATUSES)
    if filters.start is not None:
        tickets = tickets.filter(received_at__gte=filters.start)
    if filters.end is not None:
        tickets = tickets.filter(received_at__lte=filters.end)
    return tickets


def requests_list(*, filters: RequestFilters, full: bool = False) -> list[dict]:
    """One page of the filtered list, newest first; ids given are one page of their own."""
    tickets = requests_query(filters=filters)
    if not filters.service_request_ids:
        offset = (filters.page - 1) * filters.page_size
        tickets = tickets[offset : offset + filters.page_size]
    return [request_representation(ticket, full=full) for ticket in tickets]


def request_detail(*, service_request_id: str, full: bool = False) -> list[dict]:
    """A list of one, as the standard answers ``requests/{id}``."""
    ticket = public_tickets().filter(number=service_request_id).first()
    if ticket is None:
        raise NotFound(
            problem("service_request_id", _("there is no request “%(id)s”.") % {"id": service_request_id})
        )
    return [request_representation(ticket, full=full)]
