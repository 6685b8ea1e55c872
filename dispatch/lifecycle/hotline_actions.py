"""What the hotline decides on an assignment: returns and extensions, relaying a confidential
caller's first contact, the callback (after the reply, or on expiry of the reply deadline), closing,
and a redo with a new cycle of clocks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.assignment_states import AssignmentTransitionError
from dispatch.deadlines.clocks import clock_extend, clock_stop, clocks_cancel, clocks_start
from dispatch.lifecycle.transition import assignment_transition
from dispatch.models import Assignment, Clock, ContactRecord, UnitRequest
from dispatch.notices import assignment_notify, assignment_subject
from dispatch.selectors import reply_clock_breached
from dispatch.services import assignment_redispatch
from hotline.models import Callback, Ticket
from hotline.services.transitions import ticket_transition
from notifications.services import notify_events
from sms.services import sms_extension_queue
from units.models import Unit

REDO_ANSWERS = ({Callback.Solved.NOT_SOLVED}, {Callback.Satisfaction.DISSATISFIED})


def _decide(request: UnitRequest, *, actor, approve: bool, note: str) -> UnitRequest:
    decided = UnitRequest.objects.filter(pk=request.pk, decision=UnitRequest.Decision.PENDING).update(
        decision=UnitRequest.Decision.APPROVED if approve else UnitRequest.Decision.REFUSED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=note,
    )
    if not decided:
        raise AssignmentTransitionError(_("This request has already been decided."))
    request.refresh_from_db()
    return request


@transaction.atomic
def return_decide(
    *, request: UnitRequest, actor, approve: bool, note: str = "", new_unit: Unit | None = None
):
    """Approve: the assignment ends as returned, its clocks are cancelled and the ticket goes to
    ``new_unit`` (the one the unit suggested, unless the hotline picks another). Refuse: the unit
    keeps the order."""
    assignment = request.assignment
    if approve:
        _decide(request, actor=actor, approve=True, note=note)  # rolled back if anything below refuses
        new_unit = new_unit or request.suggested_unit
        if new_unit is None:
            raise ValidationError({"new_unit": _("Choose the unit the ticket goes to now.")})
        assignment = assignment_transition(
            assignment=assignment, action="approve_return", actor=actor, reason=note
        )
        clocks_cancel(assignment=assignment, at=assignment.status_changed_at)
        assignment_notify("return_approved", assignment, occurrence=str(request.pk), note=note)
        if assignment.role == Assignment.Role.LEAD:
            assignment_redispatch(ticket=assignment.ticket, lead_unit=new_unit, actor=actor, reason=note)
        return assignment
    _decide(request, actor=actor, approve=False, note=note)
    assignment = assignment_transition(
        assignment=assignment, action="refuse_return", actor=actor, reason=note
    )
    assignment_notify("return_refused", assignment, occurrence=str(request.pk), note=note)
    return assignment


@transaction.atomic
def extension_decide(*, request: UnitRequest, actor, approve: bool, note: str = "") -> Assignment:
    assignment = request.assignment
    _decide(request, actor=actor, approve=approve, note=note)
    assignment = assignment_transition(
        assignment=assignment,
        action="decide_extension",
        actor=actor,
        reason=note,
        payload={"approved": approve, "days": request.extra_days},
        is_public=approve,
    )
    if approve:
        clock = clock_extend(assignment=assignment, extra_days=request.extra_days)
        Assignment.objects.filter(pk=assignment.pk).update(extensions_used=F("extensions_used") + 1)
        assignment.refresh_from_db()
        sms_extension_queue(assignment=assignment, new_due=clock.due_at)
        assignment_notify(
            "extension_approved",
            assignment,
            occurrence=str(request.pk),
            days=request.extra_days,
            due=f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}",
        )
    else:
        assignment_notify("extension_refused", assignment, occurrence=str(request.pk), note=note)
    return assignment


# The payload key that marks a callback recorded on expiry of the reply deadline (the rates tell it
# from a callback after a reply by it).
ON_EXPIRY = "on_expiry"


def _callback(
    *,
    assignment: Assignment,
    action: str,
    actor,
    via: str,
    solved: str,
    satisfaction: str,
    comment: str,
    **marks,
) -> Callback:
    assignment = assignment_transition(
        assignment=assignment,
        action=action,
        actor=actor,
        payload={"via": via, "solved": solved, "satisfaction": satisfaction, **marks},
        is_public=True,
    )
    callback = Callback.objects.create(
        ticket=assignment.ticket,
        via=via,
        solved=solved,
        satisfaction=satisfaction,
        comment=comment,
        recorded_by=actor,
    )
    _callback_announce(assignment, callback)
    return callback


def _callback_announce(assignment: Assignment, callback: Callback) -> None:
    """The unit hears every callback result; its district's supervisors hear a dissatisfied one."""
    events = ["callback_recorded"]
    if callback.satisfaction == Callback.Satisfaction.DISSATISFIED:
        events.append("callback_dissatisfied")
    values = {
        "solved": Callback.Solved(callback.solved).label if callback.solved else "—",
        "satisfaction": Callback.Satisfaction(callback.satisfaction).label,
    }
    notify_events(
        (event, assignment_subject(assignment, dedupe_key=f"{event}:{callback.pk}", **values))
        for event in events
    )


@transaction.atomic
def assignment_callback(
    *,
    assignment: Assignment,
    actor,
    satisfaction: str,
    solved: str = "",
    comment: str = "",
    via: str = Callback.Via.PHONE,
) -> Callback:
    """回访 after the lead unit replied: two separate answers, recorded on the ticket — by an
    operator on the phone, or by the citizen through the signed web link (``via`` web, no actor)."""
    return _callback(
        assignment=assignment,
        action="web_callback" if via == Callback.Via.WEB else "callback",
        actor=actor,
        via=via,
        solved=solved,
        satisfaction=satisfaction,
        comment=comment,
    )


@transaction.atomic
def assignment_callback_on_expiry(
    *, assignment: Assignment, actor, satisfaction: str, solved: str = "", comment: str = ""
) -> Callback:
    """回访 when the reply deadline (moved by any approved extension) passed without a reply: the
    hotline asks the citizen itself. The reply clock stops as missed; the event is a callback marked
    ``on_expiry``."""
    callback = _callback(
        assignment=assignment,
        action="callback_expired",
        actor=actor,
        via=Callback.Via.PHONE,
        solved=solved,
        satisfaction=satisfaction,
        comment=comment,
        **{ON_EXPIRY: True},
    )
    # Checked after the move, so that a state that allows no callback answers as such (409); the
    # clock is still running here, and a refusal rolls the move back.
    if not reply_clock_breached(Assignment.objects.get(pk=assignment.pk), at=callback.recorded_at):
        raise ValidationError(
            {"satisfaction": _("The reply deadline of this order has not passed; wait for the unit's reply.")}
        )
    clock_stop(assignment=assignment, kind=Clock.Kind.REPLY, at=callback.recorded_at)
    return callback


@transaction.atomic
def relay_decide(*, request: UnitRequest, actor, approve: bool, note: str = "") -> UnitRequest:
    """请热线转达: the hotline called the confidential caller for the unit (approve), which is the
    unit's first contact, recorded as relayed; or could not (refuse: the unit may ask again)."""
    _decide(request, actor=actor, approve=approve, note=note)
    if approve:
        assignment = assignment_transition(
            assignment=request.assignment,
            action="relay_contact",
            actor=actor,
            reason=note,
            payload={"method": ContactRecord.Method.RELAY},
        )
        ContactRecord.objects.create(
            assignment=assignment,
            contacted_at=assignment.status_changed_at,
            method=ContactRecord.Method.RELAY,
            note=note,
            recorded_by=actor,
        )
        clock_stop(assignment=assignment, kind=Clock.Kind.CONTACT, at=assignment.status_changed_at)
    request.refresh_from_db()
    return request


@transaction.atomic
def assignment_close(*, assignment: Assignment, actor) -> Ticket:
    assignment = assignment_transition(assignment=assignment, action="close", actor=actor, is_public=True)
    return ticket_transition(ticket=assignment.ticket, action="close", actor=actor, is_public=True)


@transaction.atomic
def assignment_redo(*, assignment: Assignment, actor, reason: str) -> Assignment:
    """重办 after a "not solved" or "dissatisfied" callback: a new cycle with new clocks; the old
    cycle's clocks, events and callback stay as they were."""
    callback = assignment.ticket.callbacks.order_by("-recorded_at").first()
    if callback is None or not (
        callback.solved in REDO_ANSWERS[0] or callback.satisfaction in REDO_ANSWERS[1]
    ):
        raise ValidationError({"reason": _("A redo follows a “not solved” or “dissatisfied” callback.")})
    assignment = assignment_transition(
        assignment=assignment,
        action="redo",
        actor=actor,
        reason=reason,
        changes={"cycle": F("cycle") + 1, "is_overdue": False},
        is_public=True,
    )
    clocks_start(assignment=assignment, start=assignment.status_changed_at)
    assignment_notify("redo", assignment, occurrence=str(assignment.cycle), reason=reason.strip())
    return assignment
