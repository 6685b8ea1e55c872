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
