"""Acceptance (metrics): a leader opens the dashboard, sees the ranking and a warning, and drills
into the tickets behind one street's resolution rate."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from dispatch.models import Assignment
from hotline.tests.factories import CategoryFactory, TicketFactory
from metrics import services
from metrics.periods import last_month, month_bounds
from metrics.tests.factories import ScoringSchemeFactory, order
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_sees_the_ranking_a_warning_and_the_tickets_behind_a_rate(page, login):
    cache.clear()
    month = last_month()
    start, _end = month_bounds(month)
    ScoringSchemeFactory(unit_kind="street", effective_from=month)
    district = DistrictFactory(name="朝阳区")
    good, poor = (
        StreetFactory(name="团结湖街道", parent=district),
        StreetFactory(name="三里屯街道", parent=district),
    )
    due, call = start + timedelta(days=5), start + timedelta(days=7)
    for _ in range(6):
        order(good, due=due, callbacks=((call, "solved", "satisfied"),))
    poor_orders = [
        order(poor, due=due, callbacks=((call, solved, "satisfied"),))
        for solved in ["solved", "solved", "not_solved", "not_solved", "not_solved", "not_solved"]
    ]
    services.snapshot_freeze(month=month, unit_kind="street")
    # This week, a burst of one problem in 团结湖 that has not happened there before.
    noise = CategoryFactory(name="夜间施工噪声")
    for _ in range(8):
        Assignment.objects.create(
            ticket=TicketFactory(category=noise, received_at=timezone.now()), unit=good, role="lead"
        )

    login(Role.LEADER)
    page.goto(f"/metrics/?month={month:%Y-%m}&kind=street")
    table = page.locator("#ranking-table")
    expect(table.locator("tbody tr").first).to_contain_text("团结湖街道")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("三里屯街道")
    expect(page.locator("#warnings")).to_contain_text("夜间施工噪声")
    expect(page.locator("#warnings")).to_contain_text("团结湖街道")

    resolution = page.locator(f'#ranking-table tr[data-unit="{poor.code}"] td[data-rate="resolution"] a')
    expect(resolution).to_have_text("33.33")
    resolution.click()
    expect(page.locator("h1")).to_contain_text("三里屯街道")
    solved = page.locator('section[data-part="solved"]')
    for assignment in poor_orders[:2]:
        expect(solved).to_contain_text(assignment.ticket.number)
    denominator = page.locator('section[data-part="denominator"]')
    for assignment in poor_orders:
        expect(denominator).to_contain_text(assignment.ticket.number)
    page.screenshot(path="var/screenshots/leader-dashboard.png", full_page=True)
