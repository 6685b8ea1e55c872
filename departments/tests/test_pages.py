"""The summoned department's pages: the board and its refreshing rows, the ratings page, and the
department's steps posted from the whistle page (bad input saves nothing, other people's summonses
answer 404 or an error message)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from departments.services import rating_comment, summons_arrive, summons_finish
from streets.models import Rating, Summons, SummonsReport, Whistle, WhistlePhoto
from streets.services import whistle_blow, whistle_close, whistle_rate
from streets.tests.conftest import acknowledge_time_over

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def blow(world, departments=None, **fields):
    return whistle_blow(
        actor=world.people.official,
        street=world.street,
        domain=world.domain,
        urgency="urgent",
        address=fields.pop("address", "团结湖北里3号楼"),
        description="楼顶违建",
        departments=departments or [world.enforcement],
        **fields,
    )


def signed_in(client, user):
    client.force_login(user)
    return client


def summons_of(whistle, department) -> Summons:
    return whistle.summonses.get(department=department)


@pytest.mark.parametrize("url", ["/departments/board/", "/departments/board/rows/", "/departments/ratings/"])
@pytest.mark.parametrize("role", list(Role))
def test_department_pages_are_for_department_staff_only(client, make_user, url, role):
    client.force_login(make_user(role))
    assert client.get(url).status_code == (200 if role == Role.DEPARTMENT_STAFF else 403)


@pytest.mark.parametrize("url", ["/departments/board/", "/departments/board/rows/", "/departments/ratings/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_board_lists_open_summonses_of_the_users_departments_only(client, world):
    mine = blow(world, departments=[world.enforcement, world.housing], address="团结湖甲1号")
    blow(world, departments=[world.housing], address="团结湖乙2号")
    finished = blow(world, address="团结湖丙3号")
    done = summons_of(finished, world.enforcement)
    summons_arrive(summons=done, actor=world.people.enforcement)
    summons_finish(summons=done, actor=world.people.enforcement)
    client = signed_in(client, world.people.enforcement)
    for url in ("/departments/board/", "/departments/board/rows/"):
        page = client.get(url).content.decode()
        assert f'data-summons="{summons_of(mine, world.enforcement).pk}"' in page
        assert f'data-summons="{summons_of(mine, world.housing).pk}"' not in page
        assert "团结湖乙2号" not in page and "团结湖丙3号" not in page
        assert page.count('class="countdown"') == 2


def test_the_rows_fragment_is_rows_only_and_never_cached(client, world):
    blow(world)
    response = signed_in(client, world.people.enforcement).get("/departments/board/rows/")
    body = response.content.decode().strip()
    assert body.startswith("<tr") and "<html" not in body
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_board_escapes_what_the_street_typed(client, world):
    blow(world, address="<script>alert(1)</script>")
    page = signed_in(client, world.people.enforcement).get("/departments/board/rows/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_board_page_loads_its_refresh_script(client, world):
    page = signed_in(client, world.people.enforcement).get("/departments/board/").content.decode()
    assert 'data-url="/departments/board/rows/"' in page and "js/whistle_board.js" in page


# --- the department's steps -----------------------------------------------------------------------


def test_acknowledging_and_checking_in_with_a_photo(client, world):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    client = signed_in(client, world.people.enforcement)
    response = client.post(f"/departments/summonses/{summons.pk}/acknowledge/")
    assert (
        response.status_code == 302
        and response.url == f"/streets/whistles/{whistle.pk}/#summons-{summons.pk}"
    )
    assert Summons.objects.get(pk=summons.pk).status == "acknowledged"
    client.post(
        f"/departments/summonses/{summons.pk}/arrive/",
        {
            "note": "已到达现场",
            "longitude": "116.468",
            "latitude": "39.925",
            "photos": SimpleUploadedFile("p.png", PNG),
        },
    )
    summons.refresh_from_db()
    assert summons.status == "arrived" and summons.checkin_note == "已到达现场"
    assert summons.photos.count() == 1
    page = client.get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert (
        'data-step="arrived"' in page
        and "已到达现场" in page
        and f"/streets/photos/{summons.photos.get().pk}/" in page
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"note": "到了", "longitude": "116.4"}, "latitude"),
        ({"note": "到了", "longitude": "abc", "latitude": "39.9"}, "longitude"),
        ({"note": "长" * 501}, "note"),
        ({"note": "到了", "photos": SimpleUploadedFile("p.png", b"MZ not an image")}, "photos"),
    ],
)
def test_a_bad_check_in_shows_the_field_error_and_saves_nothing(client, world, data, field):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    response = signed_in(client, world.people.enforcement).post(
        f"/departments/summonses/{summons.pk}/arrive/", data
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_arrive{summons.pk}_{field}"' in page and 'class="error field-error"' in page
    assert Summons.objects.get(pk=summons.pk).status == "summoned" and not WhistlePhoto.objects.exists()


def test_reporting_needs_text_and_is_shown_on_the_timeline(client, world):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    summons_arrive(summons=summons, actor=world.people.enforcement)
    client = signed_in(client, world.people.enforcement)
    response = client.post(f"/departments/summonses/{summons.pk}/report/", {"text": "  "})
    assert response.status_code == 400 and not SummonsReport.objects.exists()
    client.post(f"/departments/summonses/{summons.pk}/report/", {"text": "已责令拆除<违建>"})
    page = client.get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert 'data-step="report"' in page and "已责令拆除&lt;违建&gt;" in page
    client.post(f"/departments/summonses/{summons.pk}/finish/", {"note": ""})
    assert Summons.objects.get(pk=summons.pk).status == "done"


def test_a_step_not_possible_now_is_an_error_message(client, world):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    response = signed_in(client, world.people.enforcement).post(
        f"/departments/summonses/{summons.pk}/finish/", {"note": ""}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Summons.objects.get(pk=summons.pk).status == "summoned"


def test_another_departments_summons_is_404_and_the_street_may_not_act_for_the_department(client, world):
    whistle = blow(world, departments=[world.enforcement, world.housing])
    housing = summons_of(whistle, world.housing)
    assert (
        signed_in(client, world.people.unsummoned)
        .post(f"/departments/summonses/{housing.pk}/acknowledge/")
        .status_code
        == 404
    )
    # The enforcement staff see the whistle, and so this summons, but it is not theirs to acknowledge.
    response = signed_in(client, world.people.enforcement).post(
        f"/departments/summonses/{housing.pk}/acknowledge/", follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    response = signed_in(client, world.people.official).post(
        f"/departments/summonses/{housing.pk}/acknowledge/", follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Summons.objects.get(pk=housing.pk).status == "summoned"
    assert client.post(f"/departments/summonses/{housing.pk}/dance/").status_code == 404


def test_the_department_comments_on_its_rating_once(client, world):
    whistle = blow(world)
    summons = summons_of(whistle, world.enforcement)
    client = signed_in(client, world.people.enforcement)
    response = client.post(f"/departments/summonses/{summons.pk}/comment/", {"text": "谢谢"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]  # not rated yet
    acknowledge_time_over(whistle.summonses.all())
    summons.refresh_from_db()
    whistle_rate(
        whistle=whistle, summons=summons, actor=world.people.official, timeliness=4, cooperation=5, result=5
    )
    page = client.get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert 'data-step="comment"' in page
    assert client.post(f"/departments/summonses/{summons.pk}/comment/", {"text": ""}).status_code == 400
    client.post(f"/departments/summonses/{summons.pk}/comment/", {"text": "已整改到位"})
    assert Rating.objects.get(summons=summons).department_comment == "已整改到位"
    page = client.get(f"/streets/whistles/{whistle.pk}/").content.decode()
    assert 'data-step="comment"' not in page and 'data-step="department-comment"' in page
    response = client.post(f"/departments/summonses/{summons.pk}/comment/", {"text": "再说一次"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Rating.objects.get(summons=summons).department_comment == "已整改到位"


def test_department_steps_on_a_closed_whistle_are_refused(client, world):
    whistle = blow(world)
    acknowledge_time_over(whistle.summonses.all())
    summons = summons_of(whistle, world.enforcement)
    summons.refresh_from_db()
    whistle_rate(
        whistle=whistle, summons=summons, actor=world.people.official, timeliness=3, cooperation=3, result=3
    )
    whistle_close(whistle=whistle, actor=world.people.official, result="已处理")
    page = (
        signed_in(client, world.people.enforcement).get(f"/streets/whistles/{whistle.pk}/").content.decode()
    )
    assert "/acknowledge/" not in page and 'class="countdown"' not in page
    response = client.post(f"/departments/summonses/{summons.pk}/acknowledge/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Whistle.objects.get(pk=whistle.pk).status == "closed"


def test_the_ratings_page_lists_the_users_departments_ratings_and_comments(client, world):
    whistle = blow(world, departments=[world.enforcement, world.housing])
    acknowledge_time_over(whistle.summonses.all())
    mine, theirs = summons_of(whistle, world.enforcement), summons_of(whistle, world.housing)
    for summons, score in ((mine, 4), (theirs, 1)):
        whistle_rate(
            whistle=whistle,
            summons=summons,
            actor=world.people.official,
            timeliness=score,
            cooperation=score,
            result=score,
            comment=f"<i>评{score}</i>",
        )
    rating_comment(rating=Rating.objects.get(summons=mine), actor=world.people.enforcement, text="收到")
    page = signed_in(client, world.people.enforcement).get("/departments/ratings/").content.decode()
    assert f'data-summons="{mine.pk}"' in page and f'data-summons="{theirs.pk}"' not in page
    assert "&lt;i&gt;评4&lt;/i&gt;" in page and "收到" in page and "评1" not in page
