"""The request types and categories intake accepts, one copy per process (every intake looks both
up; they change a few times a year).

The copy is dropped in every process when a row is saved or deleted (hotline.apps connects the
signals; core.process_copy bumps a token every process reads, here at most once every
TOKEN_SECONDS rather than on every intake) and checked against a
fingerprint every ROUTING_RECHECK_SECONDS for changes made without signals (QuerySet.update). A code
the copy does not know is looked up in the database, so a new row is accepted at once; only a row
deactivated behind the signals' back can be accepted for those few seconds longer."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from core.process_copy import ProcessCopy
from hotline.models import Category, RequestType


@dataclass(frozen=True)
class IntakeReference:
    request_types: dict[str, RequestType]
    categories: dict[str, Category]
    request_types_by_id: dict[int, RequestType]
    categories_by_id: dict[int, Category]


def categories_matching(categories: QuerySet[Category], text: str) -> QuerySet[Category]:
    """Categories whose Chinese or English name or path, or whose keywords, contain ``text``
    (English without regard to case: "noise" finds 噪声污染 / Noise pollution)."""
    text = text.strip()
    if not text:
        return categories
    return categories.filter(
        Q(name__contains=text)
        | Q(path__contains=text)
        | Q(keywords__contains=text)
        | Q(name_en__icontains=text)
        | Q(path_en__icontains=text)
    )


def request_types_offered():
    return RequestType.objects.filter(is_active=True)


def categories_offered():
    """Intake files tickets under active third-level categories only."""
    return Category.objects.filter(level=3, is_active=True)


def _build() -> IntakeReference:
    request_types, categories = list(request_types_offered()), list(categories_offered())
    return IntakeReference(
        request_types={row.code: row for row in request_types},
        categories={row.code: row for row in categories},
        request_types_by_id={row.pk: row for row in request_types},
        categories_by_id={row.pk: row for row in categories},
    )


def _fingerprint() -> tuple:
    def figures(model) -> tuple:
        return tuple(
            model.objects.aggregate(
                rows=Count("pk"), last=Max("pk"), active=Count("pk", filter=Q(is_active=True))
            ).values()
        )

    return figures(RequestType), figures(Category)


# How long another process may go on with its copy after a change: a cache read per process per
# interval instead of two per intake.
TOKEN_SECONDS = 2

_copy: ProcessCopy[IntakeReference] = ProcessCopy(
    name="hotline.intake_reference", build=_build, fingerprint=_fingerprint, token_seconds=TOKEN_SECONDS
)


def request_type_offered(code: str) -> RequestType | None:
    return _copy.get().request_types.get(code) or request_types_offered().filter(code=code).first()


def category_offered(code: str) -> Category | None:
    return _copy.get().categories.get(code) or categories_offered().filter(code=code).first()


def intake_reference_changed(**_signal) -> None:
    """Receiver for saves and deletes of request types and categories."""
    _copy.invalidate()


def intake_reference_forget() -> None:
    """Drop this process's copy only (tests: rows a rolled-back test made must not linger)."""
    _copy.forget()


def ticket_reference(ticket) -> None:
    """Give ``ticket`` its request type and category from this process's copy (a query each only
    for one no longer offered), for work that reads them on many tickets (routing)."""
    reference = _copy.get()
    request_type = reference.request_types_by_id.get(ticket.request_type_id)
    category = reference.categories_by_id.get(ticket.category_id)
    ticket.request_type = request_type or RequestType.objects.get(pk=ticket.request_type_id)
    ticket.category = category or Category.objects.get(pk=ticket.category_id)
