"""双考核: departments ranked on whistles — on-time acknowledgement, on-time arrival and ratings,
weighted by the scheme (defaults 0.3 / 0.4 / 0.3), with the minimum number of summonses."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from metrics.department_assessment import department_assessment
from metrics.periods import month_bounds, month_of
from metrics.tests.factories import ScoringSchemeFactory
from streets.models import ArrivalPolicy, Rating, Summons, Whistle, WhistleDomain
from units.tests.factories import DepartmentFactory, DepartmentKindFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


def summon(department, street, user, *, at, on_time: bool, score: int | None):
    whistle = Whistle.objects.create(
        street=street,
        blown_by=user,
        blown_at=at,
        domain=WhistleDomain.objects.get(code="joint_enforcement"),
        urgency="urgent",
        address="某地",
        description="某事",
    )
    summons = Summons.objects.create(
        whistle=whistle,
        department=department,
        policy=ArrivalPolicy.objects.filter(urgency="urgent").first(),
        summoned_at=at,
        acknowledge_due=at + timedelta(minutes=30),
        arrive_due=at + timedelta(hours=2),
        acknowledged_on_time=on_time,
        arrived_on_time=on_time,
    )
    if score is not None:
        Rating.objects.create(
            summons=summons, timeliness=score, cooperation=score, result=score, rated_by=user
        )


def test_departments_ranked_on_whistles(make_user):
    month = month_of(timezone.localdate()) - timedelta(days=1)
    month = month_of(month)
    ScoringSchemeFactory(unit_kind="department", effective_from=month)
    start, _end = month_bounds(month)
    district = DistrictFactory()
    street = StreetFactory(parent=district)
    prompt, slow, rare = (
        DepartmentFactory(parent=district, department_kind=DepartmentKindFactory(code=code, name=name))
        for code, name in [("cg", "城管"), ("zj", "住建"), ("sw", "水务")]
    )
    user = make_user()
    at = start + timedelta(days=3)
    for _ in range(3):
        summon(prompt, street, user, at=at, on_time=True, score=5)
    for on_time in (True, False, False):
        summon(slow, street, user, at=at, on_time=on_time, score=3)
    summon(rare, street, user, at=at, on_time=True, score=5)  # once: below the minimum of 3

    ranked, unranked = department_assessment(month=month)
    assert [(line.unit_code, line.whistle_rank) for line in ranked] == [(prompt.code, 1), (slow.code, 2)]
    # prompt: 0.3·1 + 0.4·1 + 0.3·(5/5) = 1; slow: 0.3·1/3 + 0.4·1/3 + 0.3·(3/5) = 0.413333
    assert [line.whistle_score for line in ranked] == [Decimal("1.000000"), Decimal("0.413333")]
    assert ranked[1].mean_rating == Decimal("3.000000") and ranked[1].summonses == 3
    assert rare.code in [line.unit_code for line in unranked]
