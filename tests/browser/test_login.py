import pytest
from playwright.sync_api import expect

from accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_logs_in_and_sees_the_home_page(page, login):
    login(Role.OPERATOR, full_name="王芳")

    expect(page.get_by_role("heading", name="欢迎，王芳")).to_be_visible()
    expect(page.locator('[data-role="operator"]')).to_be_visible()
    expect(page.get_by_text("接线员")).to_be_visible()
    page.screenshot(path="var/screenshots/home-operator.png", full_page=True)


def test_wrong_password_shows_a_chinese_error(page, make_user):
    user = make_user(Role.OPERATOR, password="pass-12345")
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("请输入一个正确的")
