"""The whistle pages: who reaches which page (role × page × own/other), what each one may press,
the blow form's checks (bad input saves nothing), escaping of what people typed, and the street's
steps posted from the whistle page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from streets.models import Rating, Summons, Whistle, WhistlePhoto
from streets.services import whistle_blow, whistle_rate
from streets.tests.conftest import answered, linked_ticket, summons_acknowledged

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def blow(world, departments=None, **fields):
    return whistle_blow(
        actor=world.people.official,
        street=world.street,
        domain=world.domain,
        urgency=fields.pop("urgency", "urgent"),
        address=fields.pop("address", "团结湖北里3号楼"),
        description=fields.pop("description", "楼顶违建，渗水到邻楼"),
        departments=departments or [world.enforcement],
        **fields,
    )


def signed_in(client, user):
    client.force_login(user)
    return client


# --- who reaches which page -----------------------------------------------------------------------

WHISTLE_PAGE = {
    "official": 200,
    "plain_official": 200,  # same street, without the whistle permission: may still see and rate
    "other_official": 404,  # another street of the same district
    "far_official": 404,
    "enforcement": 200,  # summoned
    "housing": 404,  # same district, not summoned
    "unsummoned": 404,
    "water": 404,
    "supervisor": 200,  # the street's district
    "far_supervisor": 404,
    "city_leader": 200,
    "operator": 404,
}


@pytest.mark.parametrize(("person", "status"), WHISTLE_PAGE.items())
def test_whistle_page_answers_whom_it_concerns_and_404_to_everyone_else(client, world, person, status):
    whistle = blow(world)
    response = signed_in(client, getattr(world.people, person)).get(f"/streets/whistles/{whistle.pk}/")
    assert response.status_code == status


@pytest.mark.parametrize(
    ("person", "listed"), [(p, s == 200) for p, s in WHISTLE_PAGE.items() if p != "operator"]
)
def test_whistle_list_shows_the_whistles_the_user_may_see(client, world, person, listed):
    whistle = blow(world, address="团结湖北里甲1号")
    page = signed_in(client, getattr(world.people, person)).get("/streets/whistles/")
    assert page.status_code == 200
    assert (f'data-whistle="{whistle.pk}"' in page.content.decode()) is listed


def test_a_department_of_another_district_sees_the_whistle_that_summons_it_and_so_does_its_district(
    client, world
):
    whistle = blow(world, departments=[world.enforcement, world.water])
    for person in ("water", "far_supervisor"):
        assert (
            signed_in(client, getattr(world.people, person))
            .get(f"/streets/whistles/{whistle.pk}/")
            .status_code
            == 200
        )


def test_the_list_is_not_for_the_hotline(client, world):
    assert signed_in(client, world.people.operator).get("/streets/whistles/").status_code == 403


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("official", 200),
        ("other_official", 200),
        ("plain_official", 403),
        ("enforcement", 403),
        ("supervisor", 403),
        ("city_leader", 403),
        ("operator", 403),
    ],
)
def test_only_officials_with_the_whistle_permission_reach_the_blow_form(client, world, person, status):
    assert (
        signed_in(client, getattr(world.people, person)).get("/streets/whistles/new/").status_code == status
    )


@pytest.mark.parametrize("url", ["/streets/whistles/", "/streets/whistles/new/", "/streets/whistles/1/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_list_is_newest_first_and_filters_by_status(client, world):
    older = blow(world, address="旧址")
    newer = blow(world, address="新址")
    Rating.objects.create(
        summons=older.summonses.get(), timeliness=5, cooperation=5, result=5, rated_by=world.people.official
    )
    signed_in(client, world.people.official).post(
        f"/streets/whistles/{older.pk}/close/", {"result": "已处理"}
    )
    page = client.get("/streets/whistles/").content.decode()
    assert page.index(f'data-whistle="{newer.pk}"') < page.index(f'data-whistle="{older.pk}"')
    closed = client.get("/streets/whistles/?status=closed").content.decode()
    assert f'data-whistle="{older.pk}"' in closed and f'data-whistle="{newer.pk}"' not in closed


# --- what each one may press --------------------------------------------------------------------


def test_each_user_sees_only_the_steps_they_may_take(client, world):
    whistle = blow(world, departments=[world.enforcement, world.housing])
    enforcement = whistle.summonses.get(department=world.enforcement)
    housing = whistle.summonses.get(department=world.housing)
    answered(whistle.summonses.filter(pk=housing.pk))

    page = (
        signed_in(client, world.people.enforcement).get(f"/streets/whistles/{whistle.pk}/").content.decode()
    )
    assert f"/departments/summonses/{enforcement.pk}/acknowledge/" in page
    assert f"/departments/summonses/{enforcement.pk}/arrive/" in page
    assert f"/departments/summonses/{housing.pk}/" not in page  # another department's summons
    assert 'data-step="rate"' not in page and 'id="street-actions"' not in page

    page = signed_in(client, world.people.official).get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert "/departments/summonses/" not in page
    for step in ("rate", "rewhistle", "escalate", "close"):
        assert f'data-step="{step}"' in page
    assert 'id="unrated"' in page  # closing is announced as blocked until both are rated

    page = (
        signed_in(client, world.people.plain_official)
        .get(f"/streets/whistles/{whistle.pk}/")
        .content.decode()
    )
    assert 'data-step="close"' in page and 'data-step="rewhistle"' not in page  # no whistle permission

    page = signed_in(client, world.people.supervisor).get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert '<form method="post" action="/streets/' not in page and "/departments/summonses/" not in page


def test_the_page_shows_each_departments_timeline_and_countdowns(client, world):
    ticket = linked_ticket(world, address="团结湖北里3号楼")
    whistle = blow(world, departments=[world.enforcement, world.housing], tickets=[ticket])
    summons_acknowledged(whistle.summonses.get(department=world.enforcement), world.people.enforcement)
    page = signed_in(client, world.people.official).get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert f'href="/hotline/tickets/{ticket.pk}/"' in page and ticket.number in page
    enforcement = page.split(f'data-department="{world.enforcement.code}"')[1].split("</section>")[0]
    assert 'data-step="acknowledged"' in enforcement and 'data-clock="arrive"' in enforcement
    assert enforcement.count('class="countdown"') == 1  # only arrival is still running
    housing = page.split(f'data-department="{world.housing.code}"')[1].split("</section>")[0]
    assert housing.count('class="countdown"') == 2


def test_a_department_sees_the_ticket_number_but_no_link_to_a_ticket_it_cannot_open(client, world):
    ticket = linked_ticket(world, address="团结湖北里3号楼")
    whistle = blow(world, tickets=[ticket])
    page = (
        signed_in(client, world.people.enforcement).get(f"/streets/whistles/{whistle.pk}/").content.decode()
    )
    assert ticket.number in page and f'href="/hotline/tickets/{ticket.pk}/"' not in page


def test_citizen_and_official_text_is_escaped(client, world):
    whistle = blow(world, address="<b>北里</b>", description="<script>alert('x')</script>")
    Rating.objects.create(
        summons=whistle.summonses.get(),
        timeliness=3,
        cooperation=3,
        result=3,
        comment="<img src=x onerror=alert(1)>",
        rated_by=world.people.official,
    )
    for url in (f"/streets/whistles/{whistle.pk}/", "/streets/whistles/"):
        page = signed_in(client, world.people.official).get(url).content.decode()
        assert "<script>alert" not in page and "<b>北里</b>" not in page and "<img src=x" not in page
        assert "&lt;b&gt;北里&lt;/b&gt;" in page
    page = client.get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_ticket_page_links_to_the_blow_form_for_those_who_may_whistle(client, world):
    ticket = linked_ticket(world, address="团结湖北里3号楼")
    page = signed_in(client, world.people.official).get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert f'href="/streets/whistles/new/?ticket={ticket.pk}"' in page
    page = (
        signed_in(client, world.people.plain_official).get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    )
    assert 'id="whistle-link"' not in page


# --- the blow form ----------------------------------------------------------------------------------


def test_the_form_prefills_the_ticket_and_ticks_the_suggested_department_with_its_reason(client, world):
    ticket = linked_ticket(world, address="团结湖北里3号楼")
    page = (
        signed_in(client, world.people.official)
        .get(f"/streets/whistles/new/?ticket={ticket.pk}")
        .content.decode()
    )
    assert f'value="{ticket.number}"' in page and 'value="团结湖北里3号楼"' in page
    choice = page.split(f'data-department="{world.enforcement.code}"')[1].split("</label>")[0]
    assert "checked" in choice and "违章建筑" in choice


def test_a_ticket_the_official_cannot_see_is_not_prefilled(client, world):
    hidden = TicketFactory()
    page = (
        signed_in(client, world.people.official)
        .get(f"/streets/whistles/new/?ticket={hidden.pk}")
        .content.decode()
    )
    assert hidden.number not in page


def valid_post(world, **changes):
    data = {
        "street": world.street.pk,
        "domain": world.domain.pk,
        "urgency": "urgent",
        "address": "团结湖北里3号楼",
        "longitude": "116.468",
        "latitude": "39.925",
        "description": "楼顶违建，渗水到邻楼",
        "tickets": "",
        "departments": [world.enforcement.code],
        "more_departments": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_blowing_the_whistle_summons_ticked_and_added_departments_with_photos(client, world):
    ticket = linked_ticket(world, address="团结湖北里3号楼")
    data = valid_post(
        world,
        tickets=ticket.number,
        more_departments=f"{world.water.code}、{world.housing.name}",
        photos=[
            SimpleUploadedFile("a.png", PNG, "image/png"),
            SimpleUploadedFile("b.jpg", JPEG, "image/jpeg"),
        ],
    )
    response = signed_in(client, world.people.official).post("/streets/whistles/new/", data)
    whistle = Whistle.objects.get()
    assert response.status_code == 302 and response.url == f"/streets/whistles/{whistle.pk}/"
    assert set(whistle.summonses.values_list("department", flat=True)) == {
        world.enforcement.pk,
        world.water.pk,
        world.housing.pk,
    }
    assert list(whistle.tickets.all()) == [ticket]
    assert whistle.photos.count() == 2 and str(whistle.longitude) == "116.468000"


BAD_INPUT = [
    ({"address": ""}, "address"),
    ({"description": "   "}, "description"),
    ({"description": "长" * 4001}, "description"),
    ({"departments": []}, "departments"),
    ({"departments": ["no-such-code"]}, "departments"),
    ({"more_departments": "不存在的局"}, "more_departments"),
    ({"more_departments": "110105011"}, "more_departments"),  # a street is not a department
    ({"tickets": "20990101-000001"}, "tickets"),
    ({"latitude": ""}, "latitude"),
    ({"longitude": "200"}, "longitude"),
    ({"urgency": "whenever"}, "urgency"),
    ({"photos": [SimpleUploadedFile("x.png", b"<html>not an image</html>", "image/png")]}, "photos"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_INPUT)
def test_bad_input_shows_the_field_error_and_saves_nothing(client, world, changes, field):
    response = signed_in(client, world.people.official).post(
        "/streets/whistles/new/", valid_post(world, **changes)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'data-field="{field}"' in response.content.decode() or field in (
        "departments",
        "more_departments",
    )
    assert 'class="error field-error"' in response.content.decode()
    assert not Whistle.objects.exists() and not WhistlePhoto.objects.exists()


def test_a_ticket_of_another_street_cannot_be_linked(client, world):
    theirs = TicketFactory()
    ticket_dispatch(ticket=theirs, lead_unit=world.other_street, actor=world.people.operator)
    response = signed_in(client, world.people.official).post(
        "/streets/whistles/new/", valid_post(world, tickets=theirs.number)
    )
    assert response.status_code == 400 and "tickets" in response.context["form"].errors
    assert not Whistle.objects.exists()


def test_an_official_cannot_blow_for_a_street_not_theirs(client, world):
    response = signed_in(client, world.people.official).post(
        "/streets/whistles/new/", valid_post(world, street=world.other_street.pk)
    )
    assert response.status_code == 400 and "street" in response.context["form"].errors
    assert not Whistle.objects.exists()


# --- the street's steps ------------------------------------------------------------------------------


def test_closing_is_blocked_until_every_department_is_rated(client, world):
    whistle = blow(world, departments=[world.enforcement, world.housing])
    enforcement = whistle.summonses.get(department=world.enforcement)
    answered(whistle.summonses.all())
    client = signed_in(client, world.people.official)
    response = client.post(
        f"/streets/whistles/{whistle.pk}/rate/",
        {"summons": enforcement.pk, "timeliness": 5, "cooperation": 4, "result": 5, "comment": "到场及时"},
        follow=True,
    )
    assert Rating.objects.get(summons=enforcement).cooperation == 4
    response = client.post(f"/streets/whistles/{whistle.pk}/close/", {"result": "已拆除"}, follow=True)
    assert world.housing.name in response.content.decode()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Whistle.objects.get(pk=whistle.pk).status == "open"

    housing = whistle.summonses.get(department=world.housing)
    client.post(
        f"/streets/whistles/{whistle.pk}/rate/",
        {"summons": housing.pk, "timeliness": 2, "cooperation": 3, "result": 3},
    )
    response = client.post(f"/streets/whistles/{whistle.pk}/close/", {"result": "已拆除"}, follow=True)
    whistle.refresh_from_db()
    assert whistle.status == "closed" and whistle.result == "已拆除"
    page = response.content.decode()
    assert (
        'data-status="closed"' in page and 'data-step="close"' not in page and 'data-step="rate"' not in page
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"timeliness": 7, "cooperation": 3, "result": 3}, "timeliness"),
        ({"timeliness": 3, "cooperation": 3}, "result"),
        ({"timeliness": 3, "cooperation": 3, "result": 3, "comment": "长" * 1001}, "comment"),
    ],
)
def test_a_bad_rating_shows_the_error_and_saves_nothing(client, world, data, field):
    whistle = blow(world)
    summons = whistle.summonses.get()
    answered(whistle.summonses.all())
    response = signed_in(client, world.people.official).post(
        f"/streets/whistles/{whistle.pk}/rate/", {"summons": summons.pk, **data}
    )
    assert response.status_code == 400
    assert f'id="id_rate{summons.pk}_{field}"' in response.content.decode()
    assert 'class="error field-error"' in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_a_summons_of_another_whistle_is_404(client, world):
    whistle, other = blow(world), blow(world)
    response = signed_in(client, world.people.official).post(
        f"/streets/whistles/{whistle.pk}/rate/",
        {"summons": other.summonses.get().pk, "timeliness": 5, "cooperation": 5, "result": 5},
    )
    assert response.status_code == 404 and not Rating.objects.exists()


def test_a_department_cannot_take_the_streets_steps(client, world):
    whistle = blow(world)
    answered(whistle.summonses.all())
    whistle_rate(
        whistle=whistle,
        summons=whistle.summonses.get(),
        actor=world.people.official,
        timeliness=5,
        cooperation=5,
        result=5,
    )
    response = signed_in(client, world.people.enforcement).post(
        f"/streets/whistles/{whistle.pk}/close/", {"result": "自行结束"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Whistle.objects.get(pk=whistle.pk).status == "open"


def test_steps_on_a_whistle_the_user_cannot_see_are_404(client, world):
    whistle = blow(world)
    response = signed_in(client, world.people.other_official).post(
        f"/streets/whistles/{whistle.pk}/escalate/", {"reason": "协调"}
    )
    assert response.status_code == 404 and Whistle.objects.get(pk=whistle.pk).escalated_at is None
    assert client.post(f"/streets/whistles/{whistle.pk}/explode/").status_code == 404


def test_escalating_needs_a_reason(client, world):
    whistle = blow(world)
    client = signed_in(client, world.people.official)
    response = client.post(f"/streets/whistles/{whistle.pk}/escalate/", {"reason": ""})
    assert response.status_code == 400 and 'id="id_escalate_reason"' in response.content.decode()
    client.post(f"/streets/whistles/{whistle.pk}/escalate/", {"reason": "需区里协调产权单位"})
    assert Whistle.objects.get(pk=whistle.pk).escalated_at is not None


def test_blowing_again_summons_the_ticked_departments_and_links_both_whistles(client, world):
    whistle = blow(world, departments=[world.enforcement, world.housing])
    response = signed_in(client, world.people.official).post(
        f"/streets/whistles/{whistle.pk}/rewhistle/",
        {"departments": [world.housing.code], "description": "住建仍未到场"},
    )
    repeat = Whistle.objects.get(previous=whistle)
    assert response.url == f"/streets/whistles/{repeat.pk}/"
    assert list(repeat.summonses.values_list("department", flat=True)) == [world.housing.pk]
    assert f'href="/streets/whistles/{whistle.pk}/"' in client.get(response.url).content.decode()
    assert (
        f'href="/streets/whistles/{repeat.pk}/"'
        in client.get(f"/streets/whistles/{whistle.pk}/").content.decode()
    )


def test_blowing_again_with_no_department_ticked_is_an_error(client, world):
    whistle = blow(world)
    response = signed_in(client, world.people.official).post(
        f"/streets/whistles/{whistle.pk}/rewhistle/", {"departments": [], "description": ""}
    )
    assert response.status_code == 400 and 'class="error field-error"' in response.content.decode()
    assert Whistle.objects.count() == 1


def test_photos_are_served_to_those_who_see_the_whistle_as_images(client, world):
    whistle = blow(world, photos=[SimpleUploadedFile("evil.html", JPEG, "text/html")])
    photo = whistle.photos.get()
    response = signed_in(client, world.people.enforcement).get(f"/streets/photos/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == JPEG
    assert signed_in(client, world.people.housing).get(f"/streets/photos/{photo.pk}/").status_code == 404


def test_summons_states_show_on_the_list(client, world):
    whistle = blow(world, departments=[world.enforcement, world.housing])
    summons_acknowledged(whistle.summonses.get(department=world.enforcement), world.people.enforcement)
    page = signed_in(client, world.people.official).get("/streets/whistles/").content.decode()
    row = page.split(f'data-whistle="{whistle.pk}"')[1].split("</tr>")[0]
    assert row.count('data-status="acknowledged"') == 1 and row.count('data-status="summoned"') == 1
    assert Summons.objects.count() == 2
