"""主动治理 in the browser: the street official finds the task in the menu on a phone, answers it
with the result and a photo from before and after the work; the district supervisor who opened it
accepts it; the pages fit the phone and have no serious accessibility violation."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from governance.models import ProactiveTask
from governance.services import task_create
from hotline.tests.factories import CategoryFactory
from tests.browser.conftest import watched_page
from tests.browser.field_pages import PASSWORD, sign_in_as
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_phone_layout import PHONE, fits_the_phone
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_owner_answers_with_photos_on_a_phone_and_the_creator_closes(
    browser, live_server, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    district = DistrictFactory()
    street = StreetFactory(parent=district)
    supervisor = make_user(Role.DISTRICT_SUPERVISOR, unit=district, password=PASSWORD)
    official = make_user(Role.STREET_OFFICIAL, unit=street, password=PASSWORD)
    task = task_create(
        actor=supervisor,
        title="背街小巷乱停车",
        category=CategoryFactory(),
        street=street,
        owners=[street],
        deadline=timezone.now() + timedelta(days=14),
    )
    axe, found = Axe(), []

    with watched_page(browser, live_server, viewport=PHONE) as phone:
        sign_in_as(phone, official)
        phone.get_by_role("button", name="菜单").click()
        phone.get_by_role("link", name="主动治理").click()
        phone.wait_for_url("**/governance/tasks/")
        expect(phone.locator("#tasks tbody tr")).to_have_count(1)
        fits_the_phone(phone, "governance-list")
        found += serious_violations(phone, axe)
        phone.locator(f'[data-task="{task.pk}"] a').click()
        fits_the_phone(phone, "governance-task")
        found += serious_violations(phone, axe)
        phone.get_by_label("处置结果").fill("施划停车位，安装隔离桩，劝离僵尸车3辆")
        phone.get_by_label("整治前照片").set_input_files(
            files=[{"name": "before.png", "mimeType": "image/png", "buffer": PNG}]
        )
        phone.get_by_label("整治后照片").set_input_files(
            files=[{"name": "after.png", "mimeType": "image/png", "buffer": PNG}]
        )
        phone.get_by_role("button", name="提交处置结果").click()
        expect(phone.locator("#task-status")).to_have_text("已答复")
        expect(phone.locator("#task-result")).to_contain_text("施划停车位")
        expect(phone.locator("#photos-before img")).to_have_count(1)
        expect(phone.locator("#photos-after img")).to_have_count(1)
        fits_the_phone(phone, "governance-answered")
        found += serious_violations(phone, axe)

    with watched_page(browser, live_server) as page:
        sign_in_as(page, supervisor)
        page.goto(f"/governance/tasks/{task.pk}/")
        page.get_by_role("button", name="验收并办结").click()
        expect(page.locator("#task-status")).to_have_text("已办结")
        found += serious_violations(page, axe)
    task.refresh_from_db()
    assert task.status == ProactiveTask.Status.CLOSED
    assert found == [], "\n".join(found)
