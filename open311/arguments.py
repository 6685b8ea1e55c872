"""The standard's arguments, parsed into typed values — or a 400 listing every problem, each
description beginning with the argument it is about. Optional arguments mean the same absent or
empty."""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hotline.caller import InvalidPhone, phone_normalise
from hotline.geo import in_china
from hotline.models import Channel
from hotline.services.intake import TicketDraft
from open311.errors import BadRequest, problem
from open311.selectors import (
    DEFAULT_REQUEST_TYPE,
    RequestFilters,
    request_type_offered,
    request_types_offered,
    service_category,
)

MAX_SPAN = timedelta(days=90)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
ADDRESS_MAX = 255
NAME_MAX = 64
MEDIA_URL_MAX = 1000
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]+$")
IDEMPOTENCY_KEY_MAX = 64  # Ticket.idempotency_key
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
STATUSES = ("open", "closed")
# Far beyond any real listing (90 days at the largest page size), and small enough for every database.
MAX_PAGE = 100_000


def text(value) -> str:
    """A form or query value as text: NUL characters (which PostgreSQL refuses) removed, trimmed."""
    return (value or "").replace("\x00", "").strip()


def _comma_list(value) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in (text(part) for part in text(value).split(",")) if item))


@dataclass(frozen=True)
class Submission:
    """A POSTed request, validated: the ticket to create and what Open311 keeps beside it."""

    draft: TicketDraft
    media_url: str
    account_id: str | None


def _coordinate(form: Mapping, name: str, problems: list[str]) -> float | None:
    raw = text(form.get(name))
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.append(problem(name, _("“%(value)s” is not a number.") % {"value": raw[:40]}))
        return None
    return value


def _location(form: Mapping, problems: list[str]) -> tuple[float | None, float | None, str]:
    """→ (lat, long, address). ``address_id`` has no address register behind it here, so it is
    kept as address text when no ``address_string`` is given."""
    before = len(problems)
    lat, lng = _coordinate(form, "lat", problems), _coordinate(form, "long", problems)
    lat_given, lng_given = bool(text(form.get("lat"))), bool(text(form.get("long")))
    if lat_given and not lng_given:
        problems.append(problem("long", _("give both lat and long, or neither.")))
    if lng_given and not lat_given:
        problems.append(problem("lat", _("give both lat and long, or neither.")))
    if lat is not None and lng is not None and not in_china(lng, lat):
        problems.append(problem("lat/long", _("these coordinates (WGS-84) are outside China.")))
    address = ""
    for name in ("address_string", "address_id"):
        value = text(form.get(name))
        if len(value) > ADDRESS_MAX:
            problems.append(problem(name, _("at most %(max)d characters.") % {"max": ADDRESS_MAX}))
        address = address or value
    if not (lat_given or lng_given or address) and len(problems) == before:
        problems.append(
            problem("lat/long/address_string", _("give a location, as lat and long or as address_string."))
        )
    if lat is None or lng is None:
        lat = lng = None
    return lat, lng, address


def _caller_name(form: Mapping, problems: list[str]) -> str:
    """Family name first, as Chinese names are written; Latin names keep a space between."""
    first, last = text(form.get("first_name")), text(form.get("last_name"))
    separator = "" if CJK.search(first + last) else " "
    name = separator.join(part for part in (last, first) if part)
    if len(name) > NAME_MAX:
        problems.append(
            problem("first_name/last_name", _("at most %(max)d characters together.") % {"max": NAME_MAX})
        )
    return name


def _phone(form: Mapping, problems: list[str]) -> tuple[str, bool]:
    raw = text(form.get("phone"))
    if not raw:
        return "", False
    try:
        return phone_normalise(raw)
    except InvalidPhone as exc:
        problems.append(problem("phone", exc))
        return "", False


def _request_type(form: Mapping, problems: list[str]):
    code = text(form.get("attribute[request_type]")) or DEFAULT_REQUEST_TYPE
    request_type = request_type_offered(code=code)
    if request_type is None:
        choices = ", ".join(request_types_offered().values_list("code", flat=True))
        problems.append(
            problem("attribute[request_type]", _("choose one of %(choices)s.") % {"choices": choices})
        )
    return request_type


def _media_url(form: Mapping, problems: list[str]) -> str:
    url = text(form.get("media_url"))
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        valid = False
    else:
        valid = len(url) <= MEDIA_URL_MAX
    if not valid:
        message = _("give an http or https address of at most %(max)d characters.")
        problems.append(problem("media_url", message % {"max": MEDIA_URL_MAX}))
        return ""
    return url


def submission_parse(form: Mapping) -> Submission:
    """POST requests' form. ``email`` and ``device_id`` are accepted and not kept: a ticket has no
    place for them, and the hotline reaches callers by phone."""
    problems: list[str] = []
    service_code = text(form.get("service_code"))
    category = None
    if not service_code:
        problems.append(problem("service_code", _("required.")))
    elif (category := service_category(service_code=service_code)) is None:
        message = _("there is no service “%(code)s”.") % {"code": service_code[:40]}
        problems.append(problem("service_code", message))
    request_type = _request_type(form, problems)
    lat, lng, address = _location(form, problems)
    description = text(form.get("description"))
    max_chars = settings.HOTLINE_CONTENT_MAX_CHARS
    if not description:
        problems.append(problem("description", _("required — describe the matter.")))
    elif len(description) > max_chars:
        message = _("at most %(max)d characters (this one has %(count)d).")
        problems.append(problem("description", message % {"max": max_chars, "count": len(description)}))
    caller_name = _caller_name(form, problems)
    phone, anonymous = _phone(form, problems)
    media_url = _media_url(form, problems)
    if problems:
        raise BadRequest(problems)
    draft = TicketDraft(
        channel=Channel.OPEN311,
        request_type=request_type,
        category=category,
        content=description,
        caller_name=caller_name,
        caller_phone=phone,
        caller_anonymous=anonymous,
        address=address,
        longitude=lng,
        latitude=lat,
    )
    return Submission(draft=draft, media_url=media_url, account_id=text(form.get("account_id")) or None)


def idempotency_key_parse(value) -> str | None:
    """The ``Idempotency-Key`` header (request_submit scopes it to the client)."""
    key = (value or "").strip()
    if not key:
        return None
    if not IDEMPOTENCY_KEY.match(key) or len(key) > IDEMPOTENCY_KEY_MAX:
        description = _("at most %(max)d printable ASCII characters, no spaces.")
        raise BadRequest([problem("Idempotency-Key", description % {"max": IDEMPOTENCY_KEY_MAX})])
    return key


def _moment(query: Mapping, name: str, problems: list[str]) -> tuple[datetime | None, bool]:
    """→ (the moment, given as a date only). Naive values are the hotline's local time."""
    raw = text(query.get(name))
    if not raw:
        return None, False
    try:
        try:
            value, date_only = datetime.combine(date.fromisoformat(raw), time.min), True
        except ValueError:
            value, date_only = parse_datetime(raw), False
        if value is None:
            raise ValueError(raw)
    except ValueError:
        message = _("“%(value)s” is not an ISO 8601 date-time such as 2026-11-22T10:00:00+08:00.")
        problems.append(problem(name, message % {"value": raw[:40]}))
        return None, False
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    try:
        in_range = EARLIEST <= value <= LATEST
    except OverflowError:  # years 1 and 9999 cannot be moved to UTC
        in_range = False
    if not in_range:
        message = _("“%(value)s” lies outside the years 1900 to 2999.")
        problems.append(problem(name, message % {"value": raw[:40]}))
        return None, False
    return value, date_only


def _whole_number(query: Mapping, name: str, *, default: int, most: int, problems: list[str]) -> int:
    raw = text(query.get(name))
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= most:
        message = _("a whole number from 1 to %(max)d.") % {"max": most}
        problems.append(problem(name, message))
        return default
    return int(raw)


def request_filters_parse(query: Mapping, *, now: datetime) -> RequestFilters:
    """GET requests' arguments. ``service_request_id`` overrides the others; without dates the
    last 90 days are listed, and a single date opens a 90-day window from (or up to) it. The list
    comes in pages (``page``, ``page_size``): a page larger than ``OPEN311_PAGE_SIZE_MAX`` is a
    400, not silently cut, so that a client never takes a short page for the end of the list."""
    problems: list[str] = []
    most = settings.OPEN311_PAGE_SIZE_MAX
    ids = _comma_list(query.get("service_request_id"))
    if ids:
        if len(ids) > most:
            raise BadRequest([problem("service_request_id", _("at most %(max)d ids.") % {"max": most})])
        return RequestFilters(service_request_ids=ids)
    page = _whole_number(query, "page", default=1, most=MAX_PAGE, problems=problems)
    default_size = min(settings.OPEN311_PAGE_SIZE_DEFAULT, most)
    page_size = _whole_number(query, "page_size", default=default_size, most=most, problems=problems)
    statuses = frozenset(_comma_list(query.get("status")))
    if not statuses <= set(STATUSES):
        problems.append(problem("status", _("use open, closed or both, comma-separated.")))
    start, _start_date_only = _moment(query, "start_date", problems)
    end, end_date_only = _moment(query, "end_date", problems)
    if start is not None and end is not None:
        if start > end:
            problems.append(problem("start_date/end_date", _("start_date is later than end_date.")))
        elif end - start > MAX_SPAN:
            problems.append(problem("start_date/end_date", _("at most 90 days apart.")))
    if problems:
        raise BadRequest(problems)
    if end is not None and end_date_only:
        end += timedelta(days=1, microseconds=-1)  # a date as end_date includes that whole day
    if start is None and end is None:
        start, end = now - MAX_SPAN, now
    elif start is None:
        start = end - MAX_SPAN
    elif end is None:
        end = start + MAX_SPAN
    service_codes = _comma_list(query.get("service_code"))
    return RequestFilters(
        service_codes=service_codes,
        statuses=statuses,
        start=start,
        end=end,
        page=page,
        page_size=page_size,
    )
