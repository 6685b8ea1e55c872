"""The figures of proactive governance, aggregated by the database: a task's effect (the tickets of
its category in its place in the N weeks after it opened against the N weeks before — one query),
and a monthly topic's tickets, weekly trend, owners and outcomes.

A ticket's place is its street when the task names one — the unit of its lead assignment in force,
as every figure of the analysis page places it (``metrics.analyses``) — else its normalised address.
A category counts with its sub-categories, so a task or topic may name a level-1 or level-2 node."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from dispatch.selectors import current_leads
from governance.models import ProactiveTask, Topic
from hotline.models import Callback, Category, Ticket
from metrics.analyses import within_district
from metrics.computation import VALID_ANSWERS
from metrics.periods import month_bounds
from units.models import Unit

DEFAULT_EFFECT_WEEKS = 4
MAX_EFFECT_WEEKS = 26


def in_categories(categories) -> Q:
    """On a Ticket queryset: its category is one of ``categories`` or lies under one."""
    ids = [category.pk if isinstance(category, Category) else category for category in categories]
    return Q(category_id__in=ids) | Q(category__parent_id__in=ids) | Q(category__parent__parent_id__in=ids)


@dataclass(frozen=True)
class Effect:
    weeks: int
    before: int
    after: int
    complete: bool  # the N weeks after have all passed

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def percent(self) -> int | None:
        """The change as a whole percentage of the weeks before (None when there were none)."""
        return round(100 * self.change / self.before) if self.before else None


def task_place_tickets(task: ProactiveTask) -> QuerySet[Ticket]:
    """The tickets of the task's category in its place (its street, else its address), any time."""
    tickets = Ticket.objects.filter(in_categories([task.category_id]))
    if task.street_id is not None:
        return tickets.filter(pk__in=current_leads().filter(unit_id=task.street_id).values("ticket_id"))
    if task.address_key:
        return tickets.filter(address_key=task.address_key)
    return tickets


def task_effect(
    task: ProactiveTask, *, weeks: int = DEFAULT_EFFECT_WEEKS, now: datetime | None = None
) -> Effect:
    """The tickets of the task's category in its place received in the ``weeks`` weeks before it
    opened and in the ``weeks`` weeks from then (so far, while they run): one query."""
    weeks = max(1, min(weeks, MAX_EFFECT_WEEKS))
    opened, span = task.opened_at, timedelta(weeks=weeks)
    counts = (
        task_place_tickets(task)
        .filter(received_at__gte=opened - span, received_at__lt=opened + span)
        .order_by()
        .aggregate(
            before=Count("pk", filter=Q(received_at__lt=opened)),
            after=Count("pk", filter=Q(received_at__gte=opened)),
        )
    )
    return Effect(
        weeks=weeks,
        before=counts["before"],
        after=counts["after"],
        complete=(now or timezone.now()) >= opened + span,
    )


# --- monthly topics ------------------------------------------------------------------------------


def topic_window(topic: Topic) -> tuple[datetime, datetime]:
    """[start, end): the topic's month, or from its first day until now when it carries on."""
    start, end = month_bounds(topic.month)
    return start, max(end, timezone.now()) if topic.carry_on else end


def topic_about(topic: Topic) -> Q:
    """Which tickets are about the topic: of its categories (and theirs below), or with one of its
    words in their content. The topic page and the bulletins both ask this."""
    about = Q(pk__in=[])
    category_ids = [category.pk for category in topic.categories.all()]
    if category_ids:
        about |= in_categories(category_ids)
    for word in topic.words:
        about |= Q(content__icontains=word)
    return about


def topic_tickets(topic: Topic, *, districts: QuerySet[Unit] | None = None) -> QuerySet[Ticket]:
    """The tickets about the topic received in its window: of its categories, or with one of its
    words in their content. With ``districts``, those whose lead unit lies in one of them."""
    start, end = topic_window(topic)
    tickets = Ticket.objects.filter(topic_about(topic), received_at__gte=start, received_at__lt=end)
    if districts is not None:
        territory = Q(pk__in=[])
        for district in districts:
            territory |= within_district(district)
        tickets = tickets.filter(pk__in=current_leads().filter(territory).values("ticket_id"))
    return tickets


def weekly_trend(tickets: QuerySet[Ticket]) -> list[tuple[datetime, int]]:
    """(Monday, tickets received that week) in the city's time zone, oldest first: one query."""
    rows = (
        tickets.order_by()
        .annotate(week=TruncWeek("received_at", tzinfo=timezone.get_default_timezone()))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("week")
    )
    return [(row["week"], row["count"]) for row in rows]


def top_owners(tickets: QuerySet[Ticket], *, limit: int = 10) -> list[dict]:
    """The units leading most of the tickets: {unit_id, unit__name, count}, largest first."""
    return list(
        current_leads()
        .filter(ticket_id__in=tickets.values("pk"))
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(count=Count("ticket_id", distinct=True))
        .order_by("-count", "unit__code")[:limit]
    )


@dataclass(frozen=True)
class Outcomes:
    tickets: int
    closed: int
    valid_callbacks: int
    solved: int
    satisfied: int  # satisfied or basically satisfied

    def share(self, part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def closed_percent(self):
        return self.share(self.closed, self.tickets)

    @property
    def solved_percent(self):
        return self.share(self.solved, self.valid_callbacks)

    @property
    def satisfied_percent(self):
        return self.share(self.satisfied, self.valid_callbacks)


def ticket_outcomes(tickets: QuerySet[Ticket]) -> Outcomes:
    """What became of the tickets: how many are closed, and of their valid callbacks (the citizen
    reached) how many said solved and how many satisfied or basically satisfied. Not the assessed
    rates (those are per unit and month, over the lead assignments): a plain tally. Two queries."""
    totals = tickets.order_by().aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(status=Ticket.Status.CLOSED))
    )
    answers = (
        Callback.objects.filter(ticket_id__in=tickets.values("pk"), satisfaction__in=VALID_ANSWERS)
        .order_by()
        .aggregate(
            valid=Count("pk"),
            solved=Count("pk", filter=Q(solved=Callback.Solved.SOLVED)),
            satisfied=Count(
                "pk",
                filter=Q(satisfaction__in=[Callback.Satisfaction.SATISFIED, Callback.Satisfaction.BASIC]),
            ),
        )
    )
    return Outcomes(
        tickets=totals["total"],
        closed=totals["closed"],
        valid_callbacks=answers["valid"],
        solved=answers["solved"],
        satisfied=answers["satisfied"],
    )
