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
