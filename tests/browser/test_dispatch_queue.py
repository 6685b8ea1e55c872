"""Acceptance (routing): a queued ticket is dispatched from the dispatcher's queue page."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Role
from dispatch.services import ticket_route
from hotline.models import Category, RequestType, Ticket
from hotline.services.intake import TicketDraft, ticket_create
from hotline.services.reference import categories_load, request_types_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_routing"),
]


@pytest.fixture
def queued(settings):
    call_command("load_divisions")
    call_command("load_departments")
    request_types_load()
    categories_load()
    call_command("load_responsibilities")
    settings.ROUTING_AUTO_DISPATCH_CONFIDENCE = 1.01  # keep every ticket in the queue for the test

    def file(address: str) -> Ticket:
        draft = TicketDraft(
            channel="phone",
            request_type=RequestType.objects.get(code="complaint"),
            category=Category.objects.get(level=3, name="占道经营"),
            content="门口占道经营，堵住了消防通道",
            caller_phone="13812345678",
            address=address,
        )
        ticket = ticket_create(draft=draft, outcome=lambda t: t)[0]  # filed without the async router
        ticket_route(ticket_id=ticket.pk)
        return ticket

    return file


def test_dispatcher_confirms_a_proposal_and_picks_a_unit_for_an_unknown_place(page, login, queued):
    proposed = queued("朝阳区团结湖街道团结湖北里3号楼")
    unknown = queued("我家楼下的幸福家园小区")
    login(Role.DISPATCHER)
    page.goto("/hotline/queue/")

    proposed_row = page.locator(f'tr[data-number="{proposed.number}"]')
    expect(proposed_row.locator(".proposal")).to_contain_text("团结湖街道")
    expect(proposed_row.locator("mark").first).to_be_visible()  # the evidence is highlighted
    page.screenshot(path="var/screenshots/queue.png", full_page=True)
    proposed_row.get_by_role("button", name="确认").click()
    expect(proposed_row).to_have_count(0)

    unknown_row = page.locator(f'tr[data-number="{unknown.number}"]')
    unknown_row.locator("input.unit").fill("110105013")
    unknown_row.get_by_role("button", name="派单").click()
    expect(unknown_row).to_have_count(0)

    for ticket in (proposed, unknown):
        ticket.refresh_from_db()
        assert ticket.status == "dispatched"
        assert ticket.assignments.get().unit.code == "110105013"


def test_dispatcher_picks_a_unit_by_name_with_the_keyboard(page, login, queued):
    """Type a few characters of a street's name, move down the list, Enter: the street (with its
    district beside it) is picked and the ticket dispatched; the heading's count follows."""
    first = queued("我家楼下的幸福家园小区")
    queued("另一个不知道在哪里的地方")
    login(Role.DISPATCHER)
    page.goto("/hotline/queue/")
    count = page.locator("#queue-count")
    expect(count).to_have_text("2")

    row = page.locator(f'tr[data-number="{first.number}"]')
    unit = row.locator("input.unit")
    unit.click()
    unit.press_sequentially("八里庄")
    options = row.get_by_role("option")
    expect(options.first).to_be_visible()
    labels = options.all_inner_texts()
    assert "八里庄街道（朝阳区）" in labels and "八里庄街道（海淀区）" in labels
    target = labels.index("八里庄街道（海淀区）")
    for _step in range(target):
        unit.press("ArrowDown")
    expect(options.nth(target)).to_have_attribute("aria-selected", "true")
    unit.press("Enter")
    expect(unit).to_have_value("八里庄街道（海淀区）")
    row.get_by_role("button", name="派单").click()

    expect(row).to_have_count(0)
    expect(count).to_have_text("1")
    first.refresh_from_db()
    assert first.assignments.get().unit.name == "八里庄街道"
    assert first.assignments.get().unit.parent.name == "海淀区"
