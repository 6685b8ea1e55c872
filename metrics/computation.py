"""The three rates per unit and period, computed in the database from the lifecycle records.

Who is assessed: lead assignments (主办) only. An assisting unit (协办) answers to the lead unit,
and departments' part in streets' work is assessed through whistles (双考核), not here.

Scope: an assignment counts unless it has an ``Exclusion`` (added by the hotline, or by accepting
the unit's appeal). An exclusion takes the assignment out of every period's figures — except the
frozen snapshots, which change only by an administrator's recompute.

For a period [start, end) and a unit:

- **Response rate (响应率)** = responded ÷ due.
  *due*: the unit's in-scope lead assignments whose first-cycle first-contact clock (``Clock`` kind
  ``contact``, cycle 1) fell due in the period and is decided — stopped as met or missed, or still
  running past its due time at ``as_of`` (it can no longer be met). A clock cancelled by an approved
  return is not counted: the order was not the unit's. *responded*: those whose cycle-1 sign-for
  clock **and** first-contact clock were both met. Only cycle 1 counts: the rate measures the first
  response to a request; the outcome of a redo shows in the callback answers.
- **Valid callbacks**: the callback of a lead assignment is the ``TicketEvent`` ``callback`` that
  ``dispatch.lifecycle.hotline_actions.assignment_callback`` writes with the assignment and both
  answers in its payload (a ``hotline.Callback`` row names the ticket only, not the assignment).
  It is valid unless the citizen was unreachable. Per assignment, the latest valid callback
  recorded in the period counts: after a redo in the same month the later answer replaces the
  earlier one; a callback in another month counts in that month.
- **Resolution rate (解决率)** = (solved + partly_credit × partly solved) ÷ valid callbacks; a valid
  callback without a "solved?" answer counts as not solved.
- **Satisfaction rate (满意率)** = (satisfied + k × basically satisfied) ÷ valid callbacks.
- **Composite** = w_response·response + w_resolution·resolution + w_satisfaction·satisfaction, with
  the scheme in force (``metrics.formulas``); none while a rate has nothing to divide by.

``unit_counts`` issues three queries (the units of the kind, then two grouped by unit in SQL), whatever the number of units;
``rate_assignments`` lists the assignments behind each part of one unit's figure, built from the
same querysets, so a number and its list cannot disagree."""

from datetime import datetime

from django.db import models
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dispatch.models import Assignment, Clock
from hotline.models import Callback, TicketEvent
from metrics.formulas import Counts
from metrics.models import Exclusion
from units.models import Unit

LEAD = Assignment.Role.LEAD
S = Callback.Satisfaction
VALID_ANSWERS = [S.SATISFIED, S.BASIC, S.DISSATISFIED]


class Rate(models.TextChoices):
    RESPONSE = "response", _("Response rate")
    RESOLUTION = "resolution", _("Resolution rate")
    SATISFACTION = "satisfaction", _("Satisfaction rate")


def _in_scope() -> Exists:
    return ~Exists(Exclusion.objects.filter(assignment_id=OuterRef("assignment_id")))


def _sign_met() -> Exists:
    return Exists(
        Clock.objects.filter(
            assignment_id=OuterRef("assignment_id"), kind=Clock.Kind.SIGN, cycle=1, result=Clock.Result.MET
        )
    )


def counted_contact_clocks(
    *, start: datetime, end: datetime, as_of: datetime | None = None
) -> QuerySet[Clock]:
    """The cycle-1 first-contact clocks of in-scope lead assignments that make the response rate's
    denominator (one per assignment)."""
    as_of = as_of or timezone.now()
    return Clock.objects.filter(
        _in_scope(),
        Q(result__in=[Clock.Result.MET, Clock.Result.MISSED]) | Q(stopped_at__isnull=True, due_at__lte=as_of),
        kind=Clock.Kind.CONTACT,
        cycle=1,
        due_at__gte=start,
        due_at__lt=end,
        assignment__role=LEAD,
    )


def _responded() -> Q:
    return Q(result=Clock.Result.MET) & Q(_sign_met())


def counted_callbacks(*, start: datetime, end: datetime) -> QuerySet[TicketEvent]:
    """The callback events that count in the period: per in-scope lead assignment, its latest valid
    callback recorded in [start, end)."""
    valid = TicketEvent.objects.filter(
        action="callback", at__gte=start, at__lt=end, payload__satisfaction__in=VALID_ANSWERS
    )
    later = valid.filter(assignment_id=OuterRef("assignment_id")).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    return valid.filter(_in_scope(), ~Exists(later), assignment__role=LEAD)


ANSWER_FILTERS = {
    "solved": Q(payload__solved=Callback.Solved.SOLVED),
    "partly": Q(payload__solved=Callback.Solved.PARTLY),
    "satisfied": Q(payload__satisfaction=S.SATISFIED),
    "basic": Q(payload__satisfaction=S.BASIC),
}


def unit_counts(
    *, unit_kind: str, start: datetime, end: datetime, as_of: datetime | None = None
) -> dict[int, Counts]:
    """{unit id: counts} for the units of ``unit_kind`` that have anything in the period."""
    # The units' ids first, rather than a join on the unit's kind: PostgreSQL cannot estimate how
    # many orders a kind receives from a join (communities receive none), and a bad estimate picks
    # nested loops over millions of rows (benchmark_metrics: 11 s → under 6 s with this and the
    # join below).
    unit_ids = list(Unit.objects.filter(kind=unit_kind).values_list("pk", flat=True))
    # Whether the cycle-1 sign-for clock was met, as one left join (the unique assignment, kind,
    # cycle key keeps it to one row) rather than a subquery per counted clock.
    sign = FilteredRelation(
        "assignment__clocks",
        condition=Q(assignment__clocks__kind=Clock.Kind.SIGN, assignment__clocks__cycle=1),
    )
    response = (
        counted_contact_clocks(start=start, end=end, as_of=as_of)
        .filter(assignment__unit_id__in=unit_ids)
        .annotate(sign=sign)
        .values("assignment__unit_id")
        .annotate(
            due=Count("pk"),
            met=Count("pk", filter=Q(result=Clock.Result.MET, sign__result=Clock.Result.MET)),
        )
        .order_by()
    )
    callbacks = (
        counted_callbacks(start=start, end=end)
        .filter(assignment__unit_id__in=unit_ids)
        .values("assignment__unit_id")
        .annotate(
            valid=Count("pk"), **{name: Count("pk", filter=answer) for name, answer in ANSWER_FILTERS.items()}
        )
        .order_by()
    )
    found: dict[int, dict] = {}
    for row in response:
        found.setdefault(row["assignment__unit_id"], {}).update(
            response_met=row["met"], response_due=row["due"]
        )
    for row in callbacks:
        found.setdefault(row["assignment__unit_id"], {}).update(
            valid_callbacks=row["valid"], **{name: row[name] for name in ANSWER_FILTERS}
        )
    return {unit_id: Counts(**values) for unit_id, values in found.items()}


def rate_assignments(
    *, unit: Unit, rate: str, start: datetime, end: datetime, as_of: datetime | None = None
) -> dict[str, QuerySet[Assignment]]:
    """The assignments behind one unit's rate, part by part:

    - response: ``numerator`` (responded in time) and ``denominator`` (due);
    - resolution: ``solved``, ``partly`` and ``denominator`` (valid callbacks);
    - satisfaction: ``satisfied``, ``basic`` and ``denominator`` (valid callbacks)."""
    assignments = Assignment.objects.filter(unit=unit).select_related("ticket").order_by("assigned_at", "pk")
    if rate == Rate.RESPONSE:
        clocks = counted_contact_clocks(start=start, end=end, as_of=as_of).filter(assignment__unit=unit)
        return {
            "numerator": assignments.filter(pk__in=clocks.filter(_responded()).values("assignment_id")),
            "denominator": assignments.filter(pk__in=clocks.values("assignment_id")),
        }
    callbacks = counted_callbacks(start=start, end=end).filter(assignment__unit=unit)
    parts = {Rate.RESOLUTION: ("solved", "partly"), Rate.SATISFACTION: ("satisfied", "basic")}[Rate(rate)]
    return {
        **{
            part: assignments.filter(pk__in=callbacks.filter(ANSWER_FILTERS[part]).values("assignment_id"))
            for part in parts
        },
        "denominator": assignments.filter(pk__in=callbacks.values("assignment_id")),
    }
