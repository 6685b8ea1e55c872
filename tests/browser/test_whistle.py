"""Acceptance (吹哨报到): a street official blows the whistle from a ticket, with the suggested
department and one more; a duty officer watching the department board sees the summons appear
without reloading, acknowledges and checks in; the official rates every department and closes the
whistle, whose page then shows it ended with every step on the timeline."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.tests.factories import CategoryFactory, TicketFactory
from streets.defaults import arrival_policies_load, domains_load
from streets.models import ArrivalPolicy, Summons, Whistle, WhistleDomain
from streets.tests.conftest import acknowledge_time_over, grant_whistle
from units.tests.factories import DepartmentFactory, DepartmentKindFactory, DistrictFactory, StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOARD_WAIT_MS = 30_000  # the board polls every 10 s; a duty officer must see a summons within 30 s


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill("pass-12345")
    page.get_by_role("button", name="登录").click()


def test_blow_summon_acknowledge_check_in_rate_close(browser, live_server, page, login, make_user):
    # The transactional database is flushed between tests: the migration's reference rows may be gone.
    domains_load(WhistleDomain)
    arrival_policies_load(ArrivalPolicy)
    district = DistrictFactory(name="朝阳区")
    street = StreetFactory(name="团结湖街道", parent=district)
    enforcement = DepartmentFactory(
        parent=district, department_kind=DepartmentKindFactory(code="cgzf", name="城管执法")
    )
    housing = DepartmentFactory(
        parent=district, department_kind=DepartmentKindFactory(code="zj", name="住建")
    )
    category = CategoryFactory(name="违章建筑", department_kind=enforcement.department_kind)
    ticket = TicketFactory(category=category, address="团结湖北里3号楼", content="楼顶违建渗水")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=make_user(Role.DISPATCHER))

    # The duty officer of the enforcement department has the board open before anything happens.
    officer = make_user(Role.DEPARTMENT_STAFF, unit=enforcement, password="pass-12345")
    duty = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    duty.set_default_timeout(10_000)
    sign_in(duty, officer)
    duty.goto("/departments/board/")
    board = duty.locator("#board-rows")
    expect(board.locator("tr.empty")).to_have_count(1)

    official = grant_whistle(login(Role.STREET_OFFICIAL, unit=street))
    page.goto(f"/hotline/tickets/{ticket.pk}/")
    whistle_link = page.locator("#whistle-link")
    expect(whistle_link).to_have_text("吹哨")
    whistle_link.click()

    suggested = page.locator(f'#department-choices [data-department="{enforcement.code}"]')
    expect(suggested).to_contain_text(enforcement.name)
    expect(suggested).to_contain_text("违章建筑")  # why it is suggested
    expect(suggested.locator("input")).to_be_checked()
    expect(page.locator("#id_tickets")).to_have_value(ticket.number)
    page.locator("#id_more_departments").fill(housing.code)
    page.locator("#add-department").click()
    expect(page.locator(f'#department-choices [data-department="{housing.code}"] input')).to_be_checked()
    page.locator("#id_urgency").select_option("emergency")
    page.locator("#id_description").fill("楼顶违建，渗水到邻楼，需城管和住建到场")
    page.locator("#blow").click()

    expect(page.locator("#whistle-status")).to_have_attribute("data-status", "open")
    whistle = Whistle.objects.get()
    assert whistle.blown_by == official and list(whistle.tickets.all()) == [ticket]
    assert set(whistle.summonses.values_list("department", flat=True)) == {enforcement.pk, housing.pk}
    summons = whistle.summonses.get(department=enforcement)

    # The new row arrives on the board by itself, highlighted.
    row = board.locator(f'tr[data-summons="{summons.pk}"]')
    expect(row).to_be_visible(timeout=BOARD_WAIT_MS)
    expect(row).to_have_class("new")
    expect(row.locator(".countdown")).to_have_count(2)
    row.get_by_role("link").click()

    mine = duty.locator(f'section[data-summons="{summons.pk}"]')
    acknowledge = mine.locator('form[data-step="acknowledge"] button')
    expect(acknowledge).to_have_text("签收")
    acknowledge.click()
    expect(mine).to_have_attribute("data-status", "acknowledged")
    checkin = mine.locator('form[data-step="arrive"]')
    checkin.locator("input[name=note]").fill("已到达现场，正在核查")
    checkin.locator("input[name=longitude]").fill("116.468")
    checkin.locator("input[name=latitude]").fill("39.925")
    checkin.locator("button[type=submit]").click()
    expect(mine).to_have_attribute("data-status", "arrived")
    expect(mine.locator('[data-step="arrived"]')).to_contain_text("已到达现场，正在核查")
    assert Summons.objects.get(pk=summons.pk).arrived_by == officer

    # The street rates both departments (the one that never came too, once its time to
    # acknowledge has run out), then closes the whistle.
    acknowledge_time_over(whistle.summonses.filter(department=housing))
    page.reload()
    for department, score in ((enforcement, "5"), (housing, "2")):
        rate = page.locator(f'section[data-department="{department.code}"] form[data-step="rate"]')
        for field in ("timeliness", "cooperation", "result"):
            rate.locator(f"select[name={field}]").select_option(score)
        rate.locator("input[name=comment]").fill("到场及时" if score == "5" else "未到场")
        rate.locator("button[type=submit]").click()
        expect(
            page.locator(f'section[data-department="{department.code}"] [data-step="rated"]')
        ).to_be_visible()
    close = page.locator('form[data-step="close"]')
    close.locator("textarea[name=result]").fill("违建已拆除，渗水已处理")
    close.locator("button[type=submit]").click()

    status = page.locator("#whistle-status")
    expect(status).to_have_attribute("data-status", "closed")
    expect(status).to_have_text("已结束")
    expect(page.locator('form[data-step="close"]')).to_have_count(0)
    timeline = page.locator("#timeline")
    for action in ("blow", "acknowledge", "arrive", "rate", "close"):
        expect(timeline.locator(f'li[data-action="{action}"]').first).to_be_visible()
    expect(page.locator("#whistle-result")).to_contain_text("违建已拆除")
    page.screenshot(path="var/screenshots/whistle.png", full_page=True)
    assert Whistle.objects.get(pk=whistle.pk).status == "closed"
    duty.context.close()
