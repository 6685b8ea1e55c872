"""The street's side of a whistle: blow it, rate the summoned departments, close it, blow it again,
escalate to the district. Notifications are queued on commit."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hotline.models import Ticket
from hotline.selectors.tickets import visible_tickets
from notifications.events import Subject
from notifications.services import notify_event, notify_events
from streets.models import Rating, Summons, Whistle, WhistleDomain
from streets.photos import whistle_photo_add
from streets.policy import arrival_policy_in_force, summons_due
from streets.selectors import whistle_standings, whistling_streets
from streets.transitions import whistle_event_record, whistle_transition
from streets.whistle_states import STREET, WhistleForbidden, WhistleTransitionError, summons_rateable
from units.models import Unit

SUMMONABLE_KINDS = {Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE}


def _check_departments(departments: list[Unit]) -> None:
    if not departments:
        raise ValidationError({"departments": _("Summon at least one department.")})
    if any(unit.kind not in SUMMONABLE_KINDS or not unit.is_active for unit in departments):
        raise ValidationError(
            {"departments": _("Only departments and public-service enterprises can be summoned.")}
        )
    if len({unit.pk for unit in departments}) != len(departments):
        raise ValidationError({"departments": _("A department can be summoned only once per whistle.")})


@transaction.atomic
def whistle_blow(
    *,
    actor,
    street: Unit,
    domain: WhistleDomain,
    urgency: str,
    address: str,
    description: str,
    departments: Iterable[Unit],
    tickets: Iterable[Ticket] = (),
    longitude: Decimal | None = None,
    latitude: Decimal | None = None,
    photos: Iterable = (),
    previous: Whistle | None = None,
) -> Whistle:
    """吹哨. Only a street official holding the whistle permission, for their own street. Linked
    tickets must be ones the official can see."""
    if not whistling_streets(actor).filter(pk=street.pk).exists():
        raise WhistleForbidden(_("You may not blow the whistle for this street."))
    departments, tickets = list(departments), list(tickets)
    _check_departments(departments)
    if not address.strip():
        raise ValidationError({"address": _("Say where the departments must go.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the problem.")})
    ticket_ids = {ticket.pk for ticket in tickets}
    if len(ticket_ids) != visible_tickets(actor).filter(pk__in=ticket_ids).count():
        raise ValidationError({"tickets": _("You can link only tickets you can see.")})

    now = timezone.now()
    whistle = Whistle.objects.create(
        street=street,
        blown_by=actor,
        blown_at=now,
        domain=domain,
        urgency=urgency,
        address=address.strip(),
        description=description.strip(),
        longitude=longitude,
        latitude=latitude,
        previous=previous,
    )
    whistle.tickets.set(tickets)
    whistle_event_record(
        whistle=whistle,
        action="blow",
        actor=actor,
        unit=street,
        to_status=whistle.status,
        payload={
            "departments": [unit.name for unit in departments],
            "tickets": [ticket.number for ticket in tickets],
            "previous": previous.pk if previous else None,
        },
        at=now,
    )
    summonses = _summon(whistle, departments, now)
    for upload in photos:
        whistle_photo_add(whistle=whistle, upload=upload, actor=actor)
    summonses_announce(whistle, summonses)
    return whistle


def _summon(whistle: Whistle, departments: list[Unit], now) -> list[Summons]:
    policy = arrival_policy_in_force(domain=whistle.domain, urgency=whistle.urgency, at=now)
    acknowledge_due, arrive_due = summons_due(policy, now)
    return Summons.objects.bulk_create(
        Summons(
            whistle=whistle,
            department=unit,
            policy=policy,
            summoned_at=now,
            acknowledge_due=acknowledge_due,
            arrive_due=arrive_due,
        )
        for unit in departments
    )


def summonses_announce(whistle: Whistle, summonses: list[Summons]) -> None:
    """Each summoned department's people are told (``notifications.events``: summoned), all in one
    insert."""
    notify_events(
        (
            "summoned",
            Subject(
                dedupe_key=f"summoned:{summons.pk}",
                values={
                    "street": whistle.street.name,
                    "department": summons.department.name,
                    "address": whistle.address,
                },
                unit_id=summons.department_id,
                street_id=whistle.street_id,
            ),
        )
        for summons in summonses
    )


@transaction.atomic
def whistle_rate(
    *,
    whistle: Whistle,
    summons: Summons,
    actor,
    timeliness: int,
    cooperation: int,
    result: int,
    comment: str = "",
) -> Rating:
    """The street rates one summoned department, once (a rating can be corrected until closing)."""
    if summons.whistle_id != whistle.pk:
        raise ValidationError({"summons": _("This department was not summoned by this whistle.")})
    scores = {"timeliness": timeliness, "cooperation": cooperation, "result": result}
    bad = {field: [_("Give 1 to 5.")] for field, value in scores.items() if not 1 <= int(value) <= 5}
    if bad:
        raise ValidationError(bad)
    whistle_transition(
        whistle=whistle,
        action="rate",
        actor=actor,
        note=comment,
        payload={"department": summons.department.name, **scores},
    )
    # After the standing check (an outsider hears 403); the transaction drops the event.
    if not summons_rateable(
        status=summons.status, acknowledge_due=summons.acknowledge_due, now=timezone.now()
    ):
        raise ValidationError(
            {
                "summons": _(
                    "A department is rated once it has acknowledged the summons or checked in, or its "
                    "time to acknowledge has run out."
                )
            }
        )
    rating, _created = Rating.objects.update_or_create(
        summons=summons,
        defaults={**scores, "comment": comment, "rated_by": actor, "rated_at": timezone.now()},
    )
    return rating


@transaction.atomic
def whistle_close(*, whistle: Whistle, actor, result: str) -> Whistle:
    """Closing needs a result and a rating of every summoned department."""
    if not result.strip():
        raise ValidationError({"result": _("Write the result.")})
    if STREET not in whistle_standings(actor, whistle):
        raise WhistleForbidden(_("Your role may not do this."))
    unrated = list(whistle.summonses.filter(rating__isnull=True).values_list("department__name", flat=True))
    if unrated:
        raise WhistleTransitionError(
            _("Rate every summoned department before closing: %(departments)s.")
            % {"departments": "、".join(unrated)}
        )
    return whistle_transition(
        whistle=whistle,
        action="close",
        actor=actor,
        note=result,
        changes={"result": result.strip(), "closed_at": timezone.now()},
    )


@transaction.atomic
def whistle_rewhistle(
    *, whistle: Whistle, actor, departments: Iterable[Unit] | None = None, description: str = ""
) -> Whistle:
    """再次吹哨: a second whistle linked to the first, by default to the departments that are late
    (not on site yet). The first stays open until closed."""
    departments = (
        list(departments)
        if departments is not None
        else [
            summons.department
            for summons in whistle.summonses.select_related("department").filter(arrived_at__isnull=True)
        ]
    )
    whistle_transition(
        whistle=whistle,
        action="rewhistle",
        actor=actor,
        note=description,
        payload={"departments": [unit.name for unit in departments]},
    )
    return whistle_blow(
        actor=actor,
        street=whistle.street,
        domain=whistle.domain,
        urgency=whistle.urgency,
        address=whistle.address,
        description=description.strip() or whistle.description,
        departments=departments,
        tickets=whistle.tickets.all(),
        longitude=whistle.longitude,
        latitude=whistle.latitude,
        previous=whistle,
    )


@transaction.atomic
def whistle_escalate(*, whistle: Whistle, actor, reason: str) -> Whistle:
    """提请区级协调: the district's supervisors are told."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the district must coordinate.")})
    whistle = whistle_transition(
        whistle=whistle, action="escalate", actor=actor, note=reason, changes={"escalated_at": timezone.now()}
    )
    whistle_escalation_announce(whistle)
    return whistle


def whistle_escalation_announce(whistle: Whistle) -> None:
    """The district's supervisors hear of each escalation (a second one is told again)."""
    notify_event(
        "whistle_escalated",
        Subject(
            dedupe_key=f"whistle_escalated:{whistle.pk}:{whistle.escalated_at.isoformat()}",
            values={"street": whistle.street.name, "address": whistle.address},
            street_id=whistle.street_id,
        ),
    )
