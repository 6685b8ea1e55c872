"""The whistle pages as a new user meets them: the rating form waits for the department's answer
and presets no score; blowing from a ticket preselects the ticket's street, shown with its
district."""

import pytest

from accounts.models import Role
from accounts.tests.factories import MembershipFactory
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from streets.services import whistle_blow
from streets.tests.conftest import acknowledge_time_over, answered
from streets.whistle_states import summons_rateable

pytestmark = pytest.mark.django_db


def blown(world):
    return whistle_blow(
        actor=world.people.official,
        street=world.street,
        domain=world.domain,
        urgency="urgent",
        address="团结湖北里3号楼",
        description="楼顶违建",
        departments=[world.enforcement],
    )


def whistle_page(client, world, whistle):
    client.force_login(world.people.official)
    return client.get(f"/streets/whistles/{whistle.pk}/").content.decode()


def test_no_rating_form_before_the_department_answers(client, world):
    whistle = blown(world)
    assert 'data-step="rate"' not in whistle_page(client, world, whistle)
    answered(whistle.summonses.all())
    page = whistle_page(client, world, whistle)
    assert 'data-step="rate"' in page
    form = page[page.index('data-step="rate"') :]
    form = form[: form.index("</form>")]
    assert form.count('<option value="" selected>') == 3  # each score waits for the street's choice
    assert not any(f'value="{score}" selected' in form for score in range(1, 6))


def test_a_department_that_never_answered_is_rated_once_its_time_is_over(client, world):
    whistle = blown(world)
    acknowledge_time_over(whistle.summonses.all())
    assert 'data-step="rate"' in whistle_page(client, world, whistle)


def test_rating_before_the_answer_is_refused(client, world):
    whistle = blown(world)
    summons = whistle.summonses.get()
    client.force_login(world.people.official)
    response = client.post(
        f"/streets/whistles/{whistle.pk}/rate/",
        {"summons": summons.pk, "timeliness": 5, "cooperation": 5, "result": 5},
    )
    assert response.status_code == 400
    assert not hasattr(summons, "rating") or summons.rating is None


def test_rateable_rule_reads_without_the_database():
    from datetime import datetime, timedelta

    now = datetime(2026, 12, 1, 12, 0)
    assert not summons_rateable(status="summoned", acknowledge_due=now + timedelta(minutes=5), now=now)
    assert summons_rateable(status="summoned", acknowledge_due=now, now=now)
    for status in ("acknowledged", "arrived", "done"):
        assert summons_rateable(status=status, acknowledge_due=now + timedelta(hours=1), now=now)


def test_blowing_from_a_ticket_preselects_its_street(client, world):
    """An official of both 团结湖 (listed first) and 三里屯: a 三里屯 ticket preselects 三里屯."""
    official = world.people.official  # 团结湖, with the whistle permission
    MembershipFactory(user=official, role=Role.STREET_OFFICIAL, unit=world.other_street)
    ticket = TicketFactory()
    ticket_dispatch(ticket=ticket, lead_unit=world.other_street, actor=world.people.operator)
    client.force_login(official)
    page = client.get(f"/streets/whistles/new/?ticket={ticket.pk}").content.decode()
    assert f'<option value="{world.other_street.pk}" selected>三里屯街道（朝阳区）</option>' in page
    assert f'<option value="{world.street.pk}">团结湖街道（朝阳区）</option>' in page
