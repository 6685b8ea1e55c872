"""Who is told of what: every event a role must act on or know about, in one table.

Each event names who is told and the text they read. The service that causes the event describes
it once (a ``Subject``: the unit it concerns, the street, the lead unit, the ticket, the values of
the text and a dedupe key) and hands it to ``notifications.services.notify_events``, which reads the
recipients of all the subjects together and writes every notice with one insert in the caller's
transaction. The dedupe key says which occurrence a notice is about; the unique (user, dedupe key)
makes a repeat tell nobody twice. Outside channels (SMS, …) follow through the outbox.

=========================  ==========================================  =====================================
event                      who is told                                 when
=========================  ==========================================  =====================================
dispatched                 the order's unit's people                   an order is given to a unit (派单,
                                                                       改派 after a return)
dispatched_copy            the supervisors of the unit's district      same moment: the copy (抄送)
return_requested           every hotline dispatcher                    a unit asks to return its order (退单)
extension_requested        every hotline dispatcher                    a unit asks for more time (延期)
return_approved            the requesting unit's people                the hotline approves the return
return_refused             the requesting unit's people                the hotline refuses it
extension_approved         the requesting unit's people                the hotline approves the extension
extension_refused          the requesting unit's people                the hotline refuses it
replied                    every hotline dispatcher                    the lead unit replies (反馈)
assist_reported            the lead unit's people                      an assisting unit reports its part
escalated                  the supervisors of the unit's district      a unit escalates its order (提级)
handed_down                the sub-unit's people                       a unit hands its order down to a
                                                                       community, station or section (二次派单)
sub_order_reported         the people of the unit that handed it down  the sub-unit reports back
callback_recorded          the order's unit's people                   a callback result is recorded (回访)
callback_dissatisfied      the supervisors of the unit's district      … and the citizen is dissatisfied
redo                       the order's unit's people                   the hotline sends it back (重办)
deadline_warning           the order's unit's people                   a clock passes its warning point
                                                                       (dispatch.enforcement sweep)
deadline_breach            the unit's people, its district's           a clock misses its deadline (same
                           supervisors, every hotline dispatcher       sweep)
summoned                   the summoned department's people            a street blows a whistle (吹哨)
summons_arrived            the whistling street's people               a department checks in on site (报到)
whistle_escalated          the supervisors of the street's district    a street asks its district to
                                                                       coordinate a whistle
summons_late_acknowledge   the department's and the street's people    the summons sweep finds a summons
                                                                       not acknowledged in time
summons_late_arrival       the department's and the street's people,   … a department not on site in time
                           the supervisors of the street's district
supervision_issued         the answering unit's people                 a supervision order (督办单) is issued
                                                                       to a unit, or escalated to it
supervision_overdue        the unit's people, its district's           the supervision sweep finds an
                           supervisors                                 order unanswered past its deadline
supervision_answered       the issuer (for an order the system         the unit answers an order
                           issued on escalation: its level's people)
=========================  ==========================================  =====================================

The table is data read without the database; ``notifications/tests/test_events.py`` checks it and
``notifications/tests/test_event_delivery.py`` triggers every event through its real service."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class To(StrEnum):
    """Who, relative to the event's subject."""

    UNIT = "unit"  # the people of the unit the event concerns (the order's unit, the summoned department)
    DISTRICT = "district"  # the supervisors of the district that unit lies in
    LEAD_UNIT = "lead_unit"  # the people of the ticket's lead unit (for an assisting unit's report)
    STREET = "street"  # the people of the street that blew the whistle
    STREET_DISTRICT = "street_district"  # the supervisors of that street's district
    DISPATCHERS = "dispatchers"  # every hotline dispatcher
    ISSUER = "issuer"  # the people the service names as the subject's issuer (``Subject.user_ids``)


@dataclass(frozen=True)
class Event:
    to: tuple[To, ...]
    text: Promise  # %-formatted with the subject's values


@dataclass(frozen=True)
class Subject:
    """One occurrence of an event, as its service describes it."""

    dedupe_key: str
    values: Mapping[str, object] = field(default_factory=dict)
    unit_id: int | None = None
    street_id: int | None = None
    lead_unit_id: int | None = None
    ticket_id: int | None = None
    user_ids: frozenset[int] = frozenset()  # To.ISSUER


EVENTS: dict[str, Event] = {
    "dispatched": Event((To.UNIT,), _("New order %(number)s for %(unit)s")),
    "dispatched_copy": Event((To.DISTRICT,), _("Copy: order %(number)s dispatched to %(unit)s")),
    "return_requested": Event((To.DISPATCHERS,), _("%(unit)s asks to return ticket %(number)s: %(reason)s")),
    "extension_requested": Event(
        (To.DISPATCHERS,), _("%(unit)s asks for %(days)s more days on ticket %(number)s: %(reason)s")
    ),
    "return_approved": Event(
        (To.UNIT,), _("Ticket %(number)s: the hotline approved the return by %(unit)s. %(note)s")
    ),
    "return_refused": Event(
        (To.UNIT,),
        _("Ticket %(number)s: the hotline refused the return by %(unit)s; the order stays. %(note)s"),
    ),
    "extension_approved": Event(
        (To.UNIT,), _("Ticket %(number)s: %(days)s more days approved for %(unit)s, reply by %(due)s.")
    ),
    "extension_refused": Event(
        (To.UNIT,), _("Ticket %(number)s: the extension asked by %(unit)s was refused. %(note)s")
    ),
    "replied": Event((To.DISPATCHERS,), _("%(unit)s replied on ticket %(number)s")),
    "assist_reported": Event(
        (To.LEAD_UNIT,), _("Ticket %(number)s: assisting unit %(unit)s reported its part")
    ),
    "escalated": Event((To.DISTRICT,), _("%(unit)s escalated ticket %(number)s")),
    "handed_down": Event(
        (To.UNIT,), _("Ticket %(number)s: %(unit)s hands it down to %(sub_unit)s, due %(due)s")
    ),
    "sub_order_reported": Event((To.UNIT,), _("Ticket %(number)s: %(sub_unit)s reported back to %(unit)s")),
    "callback_recorded": Event(
        (To.UNIT,), _("Ticket %(number)s callback for %(unit)s: %(solved)s, %(satisfaction)s")
    ),
    "callback_dissatisfied": Event(
        (To.DISTRICT,), _("Ticket %(number)s: the citizen is dissatisfied with %(unit)s")
    ),
    "redo": Event((To.UNIT,), _("Ticket %(number)s is sent back to %(unit)s to be redone: %(reason)s")),
    "deadline_warning": Event(
        (To.UNIT,), _("Ticket %(number)s: %(unit)s must complete “%(clock)s” by %(due)s.")
    ),
    "deadline_breach": Event(
        (To.UNIT, To.DISTRICT, To.DISPATCHERS),
        _("Ticket %(number)s: %(unit)s missed the “%(clock)s” deadline (%(due)s)."),
    ),
    "summoned": Event((To.UNIT,), _("%(street)s summons %(department)s to %(address)s")),
    "summons_arrived": Event((To.STREET,), _("%(department)s is on site")),
    "whistle_escalated": Event(
        (To.STREET_DISTRICT,), _("%(street)s asks the district to coordinate a whistle at %(address)s")
    ),
    "summons_late_acknowledge": Event(
        (To.UNIT, To.STREET),
        _("%(department)s has not acknowledged the whistle of %(street)s (due %(due)s)."),
    ),
    "summons_late_arrival": Event(
        (To.UNIT, To.STREET, To.STREET_DISTRICT),
        _("%(department)s has not arrived at %(address)s, where %(street)s blew the whistle (due %(due)s)."),
    ),
    "supervision_issued": Event(
        (To.UNIT,), _("Supervision order (%(level)s) for %(unit)s: %(subject)s. Answer by %(due)s.")
    ),
    "supervision_overdue": Event(
        (To.UNIT, To.DISTRICT),
        _("Supervision order (%(level)s) for %(unit)s was not answered by %(due)s: %(subject)s"),
    ),
    "supervision_answered": Event(
        (To.ISSUER,), _("%(unit)s answered the supervision order (%(level)s): %(subject)s")
    ),
}
