"""An assignment as the subject of a notice (``notifications.events``): its unit, ticket and the
words every order's notice names."""

from dispatch.models import Assignment
from notifications.events import Subject
from notifications.services import notify_event


def assignment_subject(
    assignment: Assignment, *, dedupe_key: str, lead_unit_id: int | None = None, **values
) -> Subject:
    return Subject(
        dedupe_key=dedupe_key,
        values={"number": assignment.ticket.number, "unit": assignment.unit.name, **values},
        unit_id=assignment.unit_id,
        lead_unit_id=lead_unit_id,
        ticket_id=assignment.ticket_id,
    )


def assignment_notify(event: str, assignment: Assignment, *, occurrence: str = "", **values) -> None:
    """Tell whom ``event`` names about ``assignment``, once per assignment and ``occurrence`` (a
    request, a cycle, a callback: whatever makes this time a new one)."""
    key = ":".join(part for part in (event, str(assignment.pk), occurrence) if part)
    notify_event(event, assignment_subject(assignment, dedupe_key=key, **values))


def sub_order_notify(event: str, sub_order, *, unit_id: int, occurrence: str = "", **values) -> None:
    """Tell the people of ``unit_id`` (the sub-unit handed the order, or the unit it reports to)
    about a sub-order, once per sub-order and ``occurrence``."""
    assignment = sub_order.assignment
    key = ":".join(part for part in (event, str(sub_order.pk), occurrence) if part)
    notify_event(
        event,
        Subject(
            dedupe_key=key,
            values={
                "number": assignment.ticket.number,
                "unit": assignment.unit.name,
                "sub_unit": sub_order.sub_unit.name,
                **values,
            },
            unit_id=unit_id,
            ticket_id=assignment.ticket_id,
        ),
    )
