"""The answer limit per level is data: defaults from the data migration, a later row changes new
orders only, and a limit out of bounds is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from supervision.models import Level, SupervisionPolicy
from supervision.policy import DEFAULTS, deadline_for, policy_in_force
from supervision.services import supervision_issue

pytestmark = pytest.mark.django_db


def test_the_defaults_are_loaded_by_the_migration():
    rows = {row.level: (row.answer_amount, row.answer_unit) for row in SupervisionPolicy.objects.all()}
    assert rows == {level: (amount, str(unit)) for level, (amount, unit) in DEFAULTS.items()}


def test_a_later_row_changes_new_orders_only(s):
    before = supervision_issue(actor=s.people.dispatcher, unit=s.street, subject="积水", reason="多次来电")
    SupervisionPolicy.objects.create(
        level=Level.HOTLINE, effective_from=timezone.now(), answer_amount=4, answer_unit="hours"
    )
    after = supervision_issue(actor=s.people.dispatcher, unit=s.street, subject="积水", reason="多次来电")
    assert after.deadline - after.issued_at == timedelta(hours=4)
    assert (
        before.policy.answer_amount == 2
        and before.deadline == before.__class__.objects.get(pk=before.pk).deadline
    )
    assert policy_in_force(level=Level.HOTLINE, at=before.issued_at) == before.policy


def test_an_emptied_table_gets_the_defaults_back():
    SupervisionPolicy.objects.all().delete()
    policy, deadline = deadline_for(level=Level.CITY, start=timezone.now())
    assert policy.answer_amount == 5 and deadline > timezone.now()


@pytest.mark.parametrize(("amount", "unit"), [(0, "hours"), (10**6, "working_days")])
def test_a_limit_out_of_bounds_is_refused(amount, unit):
    row = SupervisionPolicy(
        level=Level.CITY, effective_from=timezone.now(), answer_amount=amount, answer_unit=unit
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "answer_amount" in error.value.message_dict
