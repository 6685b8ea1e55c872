"""The rates per unit and period, computed in the database from the lifecycle records.

Who is assessed: lead assignments (主办) only. An assisting unit (协办) answers to the lead unit,
and departments' part in streets' work is assessed through whistles (双考核), not here. Whose
orders make a unit's figures — a district's are its whole territory's — and in which table a
department is ranked is ``metrics.territory``'s.

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
- **On-time reply rate (按时反馈率)** = replied by the deadline ÷ reply deadlines due.
  *due*: the reply clocks (``Clock`` kind ``reply``, every cycle: a redo is a new promise to the
  citizen) of the unit's in-scope lead assignments that fell due in the period and are decided, as
  for the response rate — stopped as met or missed, or still running past their due time at
  ``as_of``; cancelled ones (an approved return) are not counted. The due time is the clock's,
  which an approved extension moves (``dispatch.deadlines.clocks.clock_extend``): an order replied
  within its extended deadline is on time. *replied by the deadline*: the clocks stopped as met.
  One order can count twice in a month when a redo's deadline falls in the same month as the first.
- **Valid callbacks**: the callback of a lead assignment is the ``TicketEvent`` ``callback`` that
  ``dispatch.lifecycle.hotline_actions.assignment_callback`` writes with the assignment and both
  answers in its payload (a ``hotline.Callback`` row names the ticket only, not the assignment).
  It is valid unless the citizen was unreachable. Per assignment, the latest valid callback
  recorded in the period counts: after a redo in the same month the later answer replaces the
  earlier one; a callback in another month counts in that month.
- **Not replied (逾期未反馈)**: an in-scope lead assignment one of whose reply clocks counts in the
  on-time reply rate's *due* and was not met (replied late, or not at all by ``as_of``), and which
  has no valid callback recorded in the period. It enters the period in which its deadline fell
  due, as an outcome that is neither solved nor satisfied. Replied late and called back in the same
  period, it counts by that callback instead — once. Replied late and called back next month, it
  counts here as not replied and there by its callback: each month judges what it saw. It is
  counted per deadline, which is once per order: a second deadline in the same month follows a
  redo, and a redo follows a callback recorded between the two deadlines, in the month — except
  after a "not solved" answer from a citizen then unreachable (not a valid callback), where both
  deadlines can count; the list behind the figure names the order once.
- **Assessed outcomes** = valid callbacks + not replied (each order once per period).
- **Resolution rate (解决率)** = (solved + partly_credit × partly solved) ÷ assessed outcomes; a
  valid callback without a "solved?" answer counts as not solved.
- **Satisfaction rate (满意率)** = (satisfied + k × basically satisfied) ÷ assessed outcomes.
- **Composite** = w_response·response + w_resolution·resolution + w_satisfaction·satisfaction
  + w_on_time_reply·on-time reply, with the scheme in force (``metrics.formulas``); none while a
  weighed rate has nothing to divide by.
- **Returns (退单)**: the unit's return requests (``dispatch.UnitRequest`` kind ``return``, lead
  or assisting) filed in the period, approved, refused or still pending. **Mis-dispatches (错派)**:
  its return requests approved in the period — the order was re-dispatched elsewhere. Counted and
  shown, not scored: a unit must not be punished for the hotline's error, nor scored for disputing.

The shipped example schemes keep the on-time reply rate's weight at 0: an order left without a
reply already weighs twice in their composite (as "not replied" in the resolution and the
satisfaction rates), and their reported 20/40/40 and 10/45/45 splits have no fourth term to take a
share from. The rate is shown beside the others; a city that weighs it adds a scheme with a later
date.

What bounds it to its period: each clock names the unit it counts for (``Clock.assessed_unit``,
copied from its lead assignment when it starts), so the deadlines are read from the month's clocks
alone (an index range on ``due_at``, metrics' migration 0005) without joining the assignments; whether
the sign-for was met is a semi-join to the sign-for clocks started in the window that can matter
(migration 0007); callbacks start from their index range on ``at`` and reach their assignment by
key; the period's return requests look their unit up by key (migration 0008). None of them hashes
a whole table, so a month costs what the month holds (``benchmark_metrics --compute-only``:
7.2–7.6 s with one month of 2 M tickets stored, 6.5–8.3 s with two). With few months stored a
month is a large share of the clock and event tables and PostgreSQL may still choose to scan them
whole. The pages never wait for it: the periodic task stores its result (``metrics.models.live``).

``unit_counts`` issues seven queries (the territory's units, the longest first-contact limit, then
five grouped by unit in SQL), whatever the number of units; ``rate_assignments`` lists the
assignments behind each part of one unit's figure, built from the same querysets and conditions, so
a number and its list cannot disagree (except an order counted twice in the on-time reply rate,
listed once)."""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Count, Exists, F, FilteredRelation, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dispatch.models import Assignment, Clock, DeadlinePolicy, UnitRequest
from hotline.models import Callback, TicketEvent
from metrics.formulas import Counts
from metrics.models import Exclusion
from metrics.territory import territory_ids, territory_map
from units.models import Unit

LEAD = Assignment.Role.LEAD
S = Callback.Satisfaction
VALID_ANSWERS = [S.SATISFIED, S.BASIC, S.DISSATISFIED]
DECIDED = [Clock.Result.MET, Clock.Result.MISSED]


class Rate(models.TextChoices):
    RESPONSE = "response", _("Response rate")
    RESOLUTION = "resolution", _("Resolution rate")
    SATISFACTION = "satisfaction", _("Satisfaction rate")
    ON_TIME_REPLY = "on_time_reply", _("On-time reply rate")


def _in_scope() -> Exists:
    return ~Exists(Exclusion.objects.filter(assignment_id=OuterRef("assignment_id")))


def _sign_met_since(*, start: datetime, end: datetime) -> QuerySet[Clock]:
    """The assignments whose cycle-1 sign-for clock was met, among those that can have a first-contact
    clock due in [start, end): both clocks start at the same moment (the dispatch), and a contact
    clock falls due its policy's ``contact_minutes`` later, in natural time and never extended, so
    that moment is at most the longest contact limit of any policy before ``start``. Read as one
    uncorrelated subquery over that window (a hashed set) rather than a join per counted clock."""
    longest = DeadlinePolicy.objects.aggregate(longest=Max("contact_minutes"))["longest"] or 0
    return Clock.objects.filter(
        kind=Clock.Kind.SIGN,
        cycle=1,
        result=Clock.Result.MET,
        started_at__gte=start - timedelta(minutes=longest),
        started_at__lt=end,
    ).values("assignment_id")


CONTACT_CLOCK = Q(kind=Clock.Kind.CONTACT, cycle=1)
REPLY_CLOCK = Q(kind=Clock.Kind.REPLY)


def _decided_clocks(*, kinds: Q, start: datetime, end: datetime, as_of: datetime | None) -> QuerySet[Clock]:
    as_of = as_of or timezone.now()
    return Clock.objects.filter(
        kinds,
        _in_scope(),
        Q(result__in=DECIDED) | Q(stopped_at__isnull=True, due_at__lte=as_of),
        due_at__gte=start,
        due_at__lt=end,
        assessed_unit__isnull=False,  # a lead assignment's clock
    )


def counted_contact_clocks(
    *, start: datetime, end: datetime, as_of: datetime | None = None
) -> QuerySet[Clock]:
    """The cycle-1 first-contact clocks of in-scope lead assignments that make the response rate's
    denominator (one per assignment)."""
    return _decided_clocks(kinds=CONTACT_CLOCK, start=start, end=end, as_of=as_of)


def counted_reply_clocks(*, start: datetime, end: datetime, as_of: datetime | None = None) -> QuerySet[Clock]:
    """The reply clocks (every cycle) of in-scope lead assignments that make the on-time reply
    rate's denominator."""
    return _decided_clocks(kinds=REPLY_CLOCK, start=start, end=end, as_of=as_of)


def _responded(*, start: datetime, end: datetime) -> Q:
    """On a counted first-contact clock: met, and the order's sign-for met too."""
    return Q(result=Clock.Result.MET, assignment_id__in=_sign_met_since(start=start, end=end))


def _valid_callbacks(*, start: datetime, end: datetime) -> QuerySet[TicketEvent]:
    return TicketEvent.objects.filter(
        action="callback", at__gte=start, at__lt=end, payload__satisfaction__in=VALID_ANSWERS
    )


def counted_callbacks(*, start: datetime, end: datetime) -> QuerySet[TicketEvent]:
    """The callback events that count in the period: per in-scope lead assignment, its latest valid
    callback recorded in [start, end)."""
    valid = _valid_callbacks(start=start, end=end)
    later = valid.filter(assignment_id=OuterRef("assignment_id")).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    return valid.filter(_in_scope(), ~Exists(later), assignment__role=LEAD)


def _not_replied(*, start: datetime, end: datetime) -> Q:
    """On a counted reply clock: not met, and no valid callback of the order in the period."""
    called_back = Exists(
        _valid_callbacks(start=start, end=end).filter(assignment_id=OuterRef("assignment_id"))
    )
    return ~Q(result=Clock.Result.MET) & ~Q(called_back)


ANSWER_FILTERS = {
    "solved": Q(payload__solved=Callback.Solved.SOLVED),
    "partly": Q(payload__solved=Callback.Solved.PARTLY),
    "satisfied": Q(payload__satisfaction=S.SATISFIED),
    "basic": Q(payload__satisfaction=S.BASIC),
}


def _returns(*, start: datetime, end: datetime) -> tuple[Q, Q]:
    """(filed in the period, approved in the period) on return requests."""
    return (
        Q(requested_at__gte=start, requested_at__lt=end),
        Q(decision=UnitRequest.Decision.APPROVED, decided_at__gte=start, decided_at__lt=end),
    )


def unit_counts(
    *, unit_kind: str, start: datetime, end: datetime, as_of: datetime | None = None
) -> dict[int, Counts]:
    """{unit id: counts} for the units of ``unit_kind`` that have anything in the period; a
    district's counts are its territory's (``metrics.territory``)."""
    # The units' ids first, rather than a join on the unit's kind: PostgreSQL cannot estimate how
    # many orders a kind receives from a join (communities receive none), and a bad estimate picks
    # nested loops over millions of rows (benchmark_metrics: 11 s → under 6 s with this and the
    # join below).
    owner = territory_map(unit_kind=unit_kind)
    unit_ids = list(owner)
    # The response and the reply deadlines in one pass over the month's clocks, which name the unit
    # they count for (no join to the assignments: that would hash every assignment ever made).
    # No DISTINCT for "not replied" (it would sort every clock of the month): counted per deadline,
    # see the module's docstring.
    contact, reply = CONTACT_CLOCK, REPLY_CLOCK
    clocks = (
        _decided_clocks(kinds=contact | reply, start=start, end=end, as_of=as_of)
        .filter(assessed_unit_id__in=unit_ids)
        .values(assessed=F("assessed_unit_id"))
        .annotate(
            response_due=Count("pk", filter=contact),
            reply_due=Count("pk", filter=reply),
            reply_met=Count("pk", filter=reply & Q(result=Clock.Result.MET)),
        )
        .order_by()
    )
    # Apart, over the first-contact deadlines met: whether the sign-for was met too is a semi-join
    # to the sign-for clocks started in the window that can matter (in a count's FILTER the same
    # test would be a subquery run per row, too large to hash).
    responded = (
        counted_contact_clocks(start=start, end=end, as_of=as_of)
        .filter(_responded(start=start, end=end), assessed_unit_id__in=unit_ids)
        .values(assessed=F("assessed_unit_id"))
        .annotate(response_met=Count("pk"))
        .order_by()
    )
    # Apart, over the few deadlines missed, and as a left join to the period's valid callbacks
    # rather than a subquery: a correlated subquery keeps PostgreSQL from aggregating in parallel
    # workers and inflates the plan's cost into JIT compilation (benchmark_metrics: seconds). A
    # deadline without a callback joins exactly one row with none, however many others have.
    callback = FilteredRelation(
        "assignment__events",
        condition=Q(
            assignment__events__action="callback",
            assignment__events__at__gte=start,
            assignment__events__at__lt=end,
            assignment__events__payload__satisfaction__in=VALID_ANSWERS,
        ),
    )
    not_replied = (
        counted_reply_clocks(start=start, end=end, as_of=as_of)
        .filter(~Q(result=Clock.Result.MET), assessed_unit_id__in=unit_ids)
        .annotate(callback=callback)
        .values(assessed=F("assessed_unit_id"))
        .annotate(not_replied=Count("pk", filter=Q(callback__isnull=True)))
        .order_by()
    )
    callbacks = (
        counted_callbacks(start=start, end=end)
        .filter(assignment__unit_id__in=unit_ids)
        .values(assessed=F("assignment__unit_id"))
        .annotate(
            valid_callbacks=Count("pk"),
            **{name: Count("pk", filter=answer) for name, answer in ANSWER_FILTERS.items()},
        )
        .order_by()
    )
    filed, approved = _returns(start=start, end=end)
    # Each of the period's few return requests looks its unit up by the assignment's key: a join
    # would hash every assignment ever made.
    returns = (
        UnitRequest.objects.filter(filed | approved, kind=UnitRequest.Kind.RETURN)
        .annotate(
            unit_of=Subquery(
                Assignment.objects.filter(pk=OuterRef("assignment_id")).order_by().values("unit_id")
            )
        )
        .filter(unit_of__in=unit_ids)
        .values(assessed=F("unit_of"))
        .annotate(returns=Count("pk", filter=filed), misdispatches=Count("pk", filter=approved))
        .order_by()
    )
    found: dict[int, dict[str, int]] = {}
    for rows in (clocks, responded, not_replied, callbacks, returns):
        for row in rows:
            totals = found.setdefault(owner[row.pop("assessed")], {})
            for name, value in row.items():
                totals[name] = totals.get(name, 0) + value
    return {unit_id: Counts(**values) for unit_id, values in found.items()}


def rate_assignments(
    *, unit: Unit, rate: str, start: datetime, end: datetime, as_of: datetime | None = None
) -> dict[str, QuerySet[Assignment]]:
    """The assignments behind one unit's rate (a district's: its territory's), part by part:

    - response and on-time reply: ``numerator`` (in time) and ``denominator`` (due);
    - resolution: ``solved``, ``partly``, ``not_replied`` and ``denominator`` (assessed outcomes);
    - satisfaction: ``satisfied``, ``basic``, ``not_replied`` and ``denominator``."""
    units = territory_ids(unit)
    assignments = (
        Assignment.objects.filter(unit_id__in=units).select_related("ticket").order_by("assigned_at", "pk")
    )
    if rate in (Rate.RESPONSE, Rate.ON_TIME_REPLY):
        if rate == Rate.RESPONSE:
            clocks, in_time = (
                counted_contact_clocks(start=start, end=end, as_of=as_of),
                _responded(start=start, end=end),
            )
        else:
            clocks, in_time = (
                counted_reply_clocks(start=start, end=end, as_of=as_of),
                Q(result=Clock.Result.MET),
            )
        clocks = clocks.filter(assessed_unit_id__in=units)
        return {
            "numerator": assignments.filter(pk__in=clocks.filter(in_time).values("assignment_id")),
            "denominator": assignments.filter(pk__in=clocks.values("assignment_id")),
        }
    callbacks = counted_callbacks(start=start, end=end).filter(assignment__unit_id__in=units)
    not_replied = (
        counted_reply_clocks(start=start, end=end, as_of=as_of)
        .filter(_not_replied(start=start, end=end), assessed_unit_id__in=units)
        .values("assignment_id")
    )
    parts = {Rate.RESOLUTION: ("solved", "partly"), Rate.SATISFACTION: ("satisfied", "basic")}[Rate(rate)]
    return {
        **{
            part: assignments.filter(pk__in=callbacks.filter(ANSWER_FILTERS[part]).values("assignment_id"))
            for part in parts
        },
        "not_replied": assignments.filter(pk__in=not_replied),
        "denominator": assignments.filter(
            Q(pk__in=callbacks.values("assignment_id")) | Q(pk__in=not_replied)
        ),
    }
