"""Ticket search, always inside what the user may see (``visible_tickets``), and a caller's history
for the hotline.

Text search is substring matching (``LIKE '%word%'``), which the trigram GIN indexes of migration
``hotline 0014`` serve on PostgreSQL for words of three characters or more. A word of one or two
characters (most Chinese words are two) yields no trigram, so the index cannot narrow it and the
database would read every ticket: such a word is accepted only together with a date range of at
most ``SHORT_WORD_MAX_DAYS`` days, which the received-at index bounds instead."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.models import Ticket
from hotline.selectors.tickets import may_reveal_phone, visible_tickets

# A word shorter than this has no trigram of its own (pg_trgm pads only anchored ends).
INDEXED_WORD_LENGTH = 3
SHORT_WORD_MAX_DAYS = 31
MAX_WORDS = 5
ORDERINGS = {
    "-received_at": ("-received_at", "-id"),
    "received_at": ("received_at", "id"),
    "-number": ("-number",),
    "number": ("number",),
}
CALLER_HISTORY_SHOWN = 10


@dataclass(frozen=True)
class TicketCriteria:
    """What a search asks for; every field is optional. ``received_to`` is an inclusive day."""

    number: str = ""
    phone: str = ""  # normalised (hotline.caller.phone_normalise)
    address: str = ""
    content: str = ""
    received_from: date | None = None
    received_to: date | None = None
    status: str = ""
    unit: str = ""  # unit code: tickets with an order to that unit
    category: str = ""  # category code
    tag: str = ""  # tag name
    ordering: str = "-received_at"


class SearchRefused(ValueError):
    """A criterion the user may not use, or one the database could not answer in time; ``field``
    names it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def search_words(text: str) -> list[str]:
    """The words of a query, split on whitespace (full-width spaces too), at most ``MAX_WORDS``."""
    return text.split()[:MAX_WORDS]


def short_words_allowed(criteria: TicketCriteria) -> bool:
    first, last = criteria.received_from, criteria.received_to
    return first is not None and last is not None and (last - first).days < SHORT_WORD_MAX_DAYS


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_problems(user, criteria: TicketCriteria) -> dict[str, str]:
    """Field → why the search cannot run as asked (empty when it can)."""
    problems = {}
    if criteria.phone and not may_reveal_phone(user):
        problems["phone"] = _("Only the hotline may search by the caller's phone number.")
    first, last = criteria.received_from, criteria.received_to
    if first and last and first > last:
        problems["received_to"] = _("The end date comes before the start date.")
    if criteria.ordering not in ORDERINGS:
        problems["ordering"] = _("Unknown sort order.")
    for field in ("address", "content"):
        words = search_words(getattr(criteria, field))
        if any(len(word) < INDEXED_WORD_LENGTH for word in words) and not short_words_allowed(criteria):
            problems[field] = _(
                "Words of one or two characters need a date range of at most %(days)d days; "
                "or type a longer word."
            ) % {"days": SHORT_WORD_MAX_DAYS}
    return problems


def tickets_matching(tickets: QuerySet[Ticket], criteria: TicketCriteria) -> QuerySet[Ticket]:
    """``tickets`` narrowed by ``criteria`` and ordered. The caller checks ``search_problems``
    first (``ticket_search`` does)."""
    if criteria.number:
        tickets = tickets.filter(number__startswith=criteria.number)
    if criteria.phone:
        tickets = tickets.filter(caller_phone=criteria.phone)
    for word in search_words(criteria.address):
        tickets = tickets.filter(address__contains=word)
    for word in search_words(criteria.content):
        tickets = tickets.filter(content__contains=word)
    if criteria.received_from:
        tickets = tickets.filter(received_at__gte=_day_start(criteria.received_from))
    if criteria.received_to:
        tickets = tickets.filter(received_at__lt=_day_start(criteria.received_to + timedelta(days=1)))
    if criteria.status:
        tickets = tickets.filter(status=criteria.status)
    if criteria.category:
        tickets = tickets.filter(category__code=criteria.category)
    if criteria.tag:
        tagged = Ticket.tags.through.objects.filter(tag__name=criteria.tag)
        tickets = tickets.filter(pk__in=tagged.values("ticket_id"))
    if criteria.unit:
        orders = Ticket._meta.get_field("assignments").related_model.objects  # hotline imports no dispatch
        tickets = tickets.filter(pk__in=orders.filter(unit__code=criteria.unit).values("ticket_id"))
    return tickets.order_by(*ORDERINGS.get(criteria.ordering, ORDERINGS["-received_at"]))


def ticket_search(user, criteria: TicketCriteria) -> QuerySet[Ticket]:
    """The tickets the user may see that match; raises ``SearchRefused`` for a criterion the user
    may not use or that would read every ticket."""
    problems = search_problems(user, criteria)
    if problems:
        field, message = next(iter(problems.items()))
        raise SearchRefused(field, message)
    return tickets_matching(visible_tickets(user), criteria)


def caller_history(user, phone: str, *, limit: int = CALLER_HISTORY_SHOWN) -> list[Ticket]:
    """A caller's latest tickets (``phone`` normalised) for the hotline, newest first, read from
    the (caller_phone, received_at) index; nobody else may look a caller up by number."""
    if not phone or not may_reveal_phone(user):
        return []
    return list(visible_tickets(user).filter(caller_phone=phone).order_by("-received_at", "-id")[:limit])
