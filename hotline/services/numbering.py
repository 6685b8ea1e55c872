"""Ticket numbers: the day of receipt and a per-day counter, ``YYYYMMDD-NNNNNN``.

The counter is taken in one statement (an upsert that returns the new value) before the intake's
transaction opens. Outside a transaction that statement commits at once, so the day's counter row
is locked for the statement alone and concurrent intakes do not queue behind each other until
their commits. Inside a caller's transaction (open311 files a ticket and its token in one) the row
stays locked until that transaction ends: correct, only not as concurrent.

Numbers are unique and increase within a day, but they may have gaps: a number taken by an intake
that then fails (a refused outcome, a retry that finds the ticket its first attempt filed, a crash)
is not given out again. Nobody relies on a gapless day: the number only has to be unique, short
and readable out over the phone."""

from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from hotline.models import TicketSequence


def _counter_take(day: date) -> int:
    quote = connection.ops.quote_name
    table, day_column, last = (quote(name) for name in (TicketSequence._meta.db_table, "day", "last"))
    new_row = "VALUES (%s, 1)"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # This statement's own commit need not wait for the disk: a ticket that uses the number
        # commits later, and its (waited-for) commit flushes the log up to there, this counter
        # included; a crash before that loses only a number nobody used. Saves a disk flush per
        # intake. Never inside a caller's transaction: the setting would hold for its commit too.
        new_row = "SELECT %s, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS local_setting"
    # One statement on PostgreSQL and SQLite 3.35+ alike: the first intake of a day inserts 1,
    # every later one adds 1 to the existing row; RETURNING hands back the value this call set.
    # Only the quoted names of our own table are formatted in; the day is a parameter.
    sql = (
        f"INSERT INTO {table} ({day_column}, {last}) {new_row} "  # noqa: S608
        f"ON CONFLICT ({day_column}) DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datefield_value(day)])
        return cursor.fetchone()[0]


def ticket_number_take(*, received_at: datetime) -> str:
    """The next number of the day ``received_at`` falls on (in the local time zone). Call it outside
    the transaction that writes the ticket (see the module's docstring)."""
    day = timezone.localdate(received_at)
    return f"{day:%Y%m%d}-{_counter_take(day):06d}"
