import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Membership, Role, User
from streets.models import Whistle
from streets.selectors import whistling_streets

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users():
    call_command("load_divisions")
    call_command("load_departments")
    call_command("load_demo_users")


def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_login_page_in_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert "Sign in" in response.content.decode()


@pytest.mark.parametrize("demo", DEMO_USERS, ids=lambda demo: demo.username)
def test_every_demo_role_logs_in_and_sees_its_home(client, demo_users, demo):
    response = client.post(
        reverse("accounts:login"), {"username": demo.username, "password": DEMO_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["user"].username == demo.username
    if {role for role, _code in demo.memberships} == {Role.GRID_WORKER}:
        # A grid worker comes to report: their start page is the report form.
        assert response.redirect_chain[-1][0] == "/field/report/"
        return
    for role, _code in demo.memberships:
        assert f'data-role="{role}"' in page


def test_demo_load_twice_changes_nothing(demo_users):
    before = (User.objects.count(), Membership.objects.count())
    call_command("load_demo_users")
    assert (User.objects.count(), Membership.objects.count()) == before == (len(DEMO_USERS), 10)


def test_logout_needs_post_and_ends_the_session(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 302


def test_the_demo_street_official_may_blow_the_whistle_for_both_streets(demo_users):
    street = User.objects.get(username="street")
    assert sorted(whistling_streets(street).values_list("name", flat=True)) == ["三里屯街道", "团结湖街道"]
    assert not whistling_streets(User.objects.get(username="department")).exists()


def test_the_demo_whistle_loads_once(demo_users):
    call_command("load_hotline_reference")
    call_command("load_demo_tickets")  # filed, not yet routed to the street: not linked
    call_command("load_demo_whistles")
    call_command("load_demo_whistles")
    whistle = Whistle.objects.get()
    assert whistle.street.name == "团结湖街道"
    assert sorted(whistle.summonses.values_list("department__code", flat=True)) == [
        "110105-cgzf",
        "110105-zj",
    ]
