from datetime import UTC, datetime, timedelta

import factory

from dispatch.models import Assignment, Clock, DeadlinePolicy
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory


class DeadlinePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeadlinePolicy
        django_get_or_create = ["tier", "effective_from"]

    tier = "T3"
    effective_from = datetime(2020, 1, 1, tzinfo=UTC)
    sign_minutes = 30
    contact_minutes = 120
    reply_amount = 7
    reply_unit = DeadlinePolicy.Unit.WORKING_DAYS


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    ticket = factory.SubFactory(TicketFactory)
    unit = factory.SubFactory(StreetFactory)
    role = Assignment.Role.LEAD


class ClockFactory(factory.django.DjangoModelFactory):
    """A running reply clock; set ``warn_at``/``due_at`` (or pass ``due_in``) as the test needs."""

    class Meta:
        model = Clock

    class Params:
        due_in = timedelta(days=7)

    assignment = factory.SubFactory(AssignmentFactory)
    kind = Clock.Kind.REPLY
    cycle = 1
    policy = factory.SubFactory(DeadlinePolicyFactory)
    due_at = factory.LazyAttribute(lambda o: datetime.now(UTC) + o.due_in)
    started_at = factory.LazyAttribute(lambda o: o.due_at - timedelta(days=7))
    warn_at = factory.LazyAttribute(lambda o: o.due_at - timedelta(hours=42))
