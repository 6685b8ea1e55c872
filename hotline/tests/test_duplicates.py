from datetime import timedelta

import pytest
from django.utils import timezone

from hotline.selectors.duplicates import duplicate_candidates
from hotline.tests.factories import CategoryFactory, TicketFactory

pytestmark = pytest.mark.django_db


def numbers(candidates):
    return {c.ticket.number for c in candidates}


def test_same_phone_within_thirty_days_but_not_older():
    recent = TicketFactory(caller_phone="13811112222", received_at=timezone.now() - timedelta(days=29))
    TicketFactory(caller_phone="13811112222", received_at=timezone.now() - timedelta(days=31))
    TicketFactory(caller_phone="13900000000")
    found = duplicate_candidates(phone="13811112222")
    assert numbers(found) == {recent.number}
    assert found[0].reasons == ["phone"]


def test_same_category_nearby_or_same_address_within_seven_days():
    category = CategoryFactory()
    near = TicketFactory(category=category, longitude=116.46100, latitude=39.92600, address="甲")
    TicketFactory(category=category, longitude=116.47500, latitude=39.92600, address="乙")  # ~1.2 km away
    same_address = TicketFactory(category=category, address="北京市朝阳区 团结湖路１号")
    TicketFactory(
        category=category, address="朝阳区团结湖路1号", received_at=timezone.now() - timedelta(days=8)
    )
    TicketFactory(category=CategoryFactory(), address="朝阳区团结湖路1号")  # other category

    found = duplicate_candidates(
        category_id=category.pk, longitude=116.46150, latitude=39.92620, address="朝阳区团结湖路1号"
    )

    assert numbers(found) == {near.number, same_address.number}
    reasons = {c.ticket.number: c.reasons for c in found}
    assert reasons[near.number] == ["place"] and reasons[same_address.number] == ["address"]


def test_similar_content_in_the_same_category():
    category = CategoryFactory()
    alike = TicketFactory(
        category=category, content="小区门口每天晚上都有人占道经营烧烤，油烟很大", address="x"
    )
    TicketFactory(category=category, content="路灯坏了好几天没人修", address="y")
    found = duplicate_candidates(category_id=category.pk, content="小区门口晚上有人占道经营烧烤油烟大")
    assert numbers(found) == {alike.number}
    assert found[0].reasons == ["content"]


def test_several_reasons_rank_first_and_closed_tickets_are_not_mergeable():
    category = CategoryFactory()
    strong = TicketFactory(category=category, caller_phone="13811112222", address="团结湖路1号")
    weak = TicketFactory(caller_phone="13811112222", status="disposed")
    found = duplicate_candidates(phone="13811112222", category_id=category.pk, address="团结湖路1号")
    assert [c.ticket.number for c in found] == [strong.number, weak.number]
    assert [c.mergeable for c in found] == [True, False]
