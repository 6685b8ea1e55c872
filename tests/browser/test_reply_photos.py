"""Acceptance (两图一表 on the phone): a street official on a 390×844 screen replies with a photo of
the place before and after handling; the operator sees them on the ticket page above the callback
form, loaded through the protected attachment URL. And a department checking in on site fills its
coordinates with "use my location"."""

import struct
import zlib
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from departments.tests.test_pages import blow
from dispatch.lifecycle.unit_actions import assignment_contact, assignment_sign, assignment_start
from dispatch.services import ticket_dispatch
from hotline.models import Attachment
from hotline.tests.factories import TicketFactory
from streets.defaults import arrival_policies_load, domains_load
from streets.models import ArrivalPolicy, WhistleDomain
from streets.tests.conftest import world  # noqa: F401
from tests.browser.conftest import watched_page
from units.tests.factories import StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page, watched like ``page``, that may read its (faked) location."""
    with watched_page(
        browser,
        live_server,
        **PHONE,
        permissions=["geolocation"],
        geolocation={"longitude": 116.468123, "latitude": 39.925456},
    ) as phone_page:
        yield phone_page


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill("pass-12345")
    page.get_by_role("button", name="登录").click()
    # Signed in: the login page is left (on a phone the user's name sits in the folded menu).
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_street_official_replies_with_photos_on_a_phone_and_the_operator_sees_them(
    phone, page, make_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    street = StreetFactory(name="团结湖街道")
    official = make_user(Role.STREET_OFFICIAL, unit=street, password="pass-12345")
    ticket = TicketFactory(tier="T3", content="小区门口垃圾堆积")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=make_user(Role.DISPATCHER))
    assignment = assignment_sign(assignment=ticket.assignments.get(), actor=official)
    assignment = assignment_contact(
        assignment=assignment,
        actor=official,
        contacted_at=timezone.now() - timedelta(minutes=5),
        method="phone",
    )
    assignment_start(assignment=assignment, actor=official)
    before, after = tmp_path / "现场.png", tmp_path / "清理后.png"
    before.write_bytes(png(160, 120, (180, 90, 40)))
    after.write_bytes(png(160, 120, (60, 160, 90)))

    sign_in(phone, official)
    phone.goto(f"/hotline/tickets/{ticket.pk}/")
    reply = phone.locator("#reply-form")
    reply.get_by_label("给热线的办理情况").fill("已清运垃圾并消杀")
    reply.locator("#reply-citizen-text").fill("门口垃圾已清运，已安排每日保洁。")
    reply.get_by_label("处理前").set_input_files(str(before))
    reply.get_by_label("处理后").set_input_files(str(after))
    # The form fits the phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    reply.scroll_into_view_if_needed()
    phone.screenshot(path="var/screenshots/reply-photos-phone.png", full_page=True)
    reply.get_by_role("button", name="反馈").click()
    expect(phone.locator("#assignments .status").first).to_have_text("已反馈")
    assert sorted(Attachment.objects.filter(ticket=ticket).values_list("stage", "original_name")) == [
        ("after", "清理后.png"),
        ("before", "现场.png"),
    ]

    sign_in(page, make_user(Role.OPERATOR, password="pass-12345"))
    page.goto(f"/hotline/tickets/{ticket.pk}/")
    photos = page.locator("#reply-photos")
    expect(photos).to_contain_text("团结湖街道")
    expect(photos.locator("img")).to_have_count(2)
    expect(photos.locator(".photo-stage")).to_have_text(["处理前", "处理后"])
    for image in photos.locator("img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") == 160  # served through the protected URL
    expect(page.locator("#timeline .reply-photos img")).to_have_count(2)
    expect(page.locator("#assignment-callback-form")).to_be_visible()
    page.screenshot(path="var/screenshots/reply-photos-callback.png", full_page=True)

    with page.context.expect_page() as opened:
        page.locator("#print-link").click()
    printed = opened.value
    expect(printed.locator("#print-timeline")).to_contain_text("已清运垃圾并消杀")
    expect(printed.locator("#print-timeline img")).to_have_count(2)
    printed.emulate_media(media="print")
    printed.screenshot(path="var/screenshots/ticket-print.png", full_page=True)
    printed.close()


@pytest.fixture
def whistle_reference(transactional_db):
    """The transactional database is flushed between tests: the migrations' reference rows may be gone."""
    domains_load(WhistleDomain)
    arrival_policies_load(ArrivalPolicy)


def test_department_checks_in_with_my_location_on_a_phone(
    whistle_reference,
    phone,
    world,  # noqa: F811
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    whistle = blow(world)
    staff = world.people.enforcement
    staff.set_password("pass-12345")
    staff.save(update_fields=["password"])
    sign_in(phone, staff)
    phone.goto(f"/streets/whistles/{whistle.pk}/")
    checkin = phone.locator('form[data-step="arrive"]')
    checkin.get_by_role("button", name="使用我的位置").click()
    expect(checkin.locator(".locate-status")).to_contain_text("已填入当前位置")
    expect(checkin.get_by_label("经度")).to_have_value("116.468123")
    expect(checkin.get_by_label("纬度")).to_have_value("39.925456")
    site = tmp_path / "到场.png"
    site.write_bytes(png(120, 90, (90, 90, 200)))
    checkin.locator("input[name=photos]").set_input_files(str(site))
    checkin.get_by_role("button", name="到场签到").click()
    summons = whistle.summonses.get(department=world.enforcement)
    expect(phone.locator(f"#summons-{summons.pk}")).to_contain_text("116.468123")
    summons.refresh_from_db()
    assert str(summons.checkin_longitude) == "116.468123" and str(summons.checkin_latitude) == "39.925456"
    assert summons.photos.count() == 1
