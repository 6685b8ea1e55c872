"""每月一题: a topic's tickets (its categories and its words, within the month or since), their
weekly trend, the units leading most of them and what became of them; the pages, each over the
reader's territory; the analysis page links to them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.figures import ticket_outcomes, top_owners, topic_tickets, weekly_trend
from governance.models import Topic
from hotline.models import Callback, Ticket
from metrics.tests.test_analyses import local, make_tickets

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(g):
    """March 2025: parking (its level-2 node 交通秩序) and any ticket that says 暖气."""
    w = g.w
    topic = Topic.objects.create(
        month=date(2025, 3, 1),
        title="停车难",
        keywords="暖气， 供热",
        lead_unit=w.chaoyang_enforcement,
        target="下降20%",
    )
    topic.categories.set([w.parking.parent])
    make_tickets(w.tuanjiehu, 3, at=local(2025, 3, 3, 9), category=w.parking)  # week of 3 March
    make_tickets(w.maizidian, 1, at=local(2025, 3, 12, 9), category=w.parking)  # week of 10 March
    heat = make_tickets(w.zhongguancun, 2, at=local(2025, 3, 12, 9), category=w.heating)
    Ticket.objects.filter(pk=heat[0].pk).update(content="家里暖气不热")
    make_tickets(w.tuanjiehu, 4, at=local(2025, 3, 20, 9), category=w.noise)  # not about it
    make_tickets(w.tuanjiehu, 5, at=local(2025, 4, 2, 9), category=w.parking)  # April
    make_tickets(w.tuanjiehu, 1, at=local(2025, 2, 28, 23), category=w.parking)  # February
    return topic


def test_the_topic_tickets_trend_owners_and_outcomes(g, topic):
    w = g.w
    tickets = topic_tickets(topic)
    assert tickets.count() == 5  # 3 + 1 parking, and the one heating ticket that says 暖气
    assert [(week.date(), count) for week, count in weekly_trend(tickets)] == [
        (date(2025, 3, 3), 3),
        (date(2025, 3, 10), 2),
    ]
    assert [(row["unit_id"], row["count"]) for row in top_owners(tickets)] == [
        (w.tuanjiehu.pk, 3),
        (w.maizidian.pk, 1),
        (w.zhongguancun.pk, 1),
    ]
    first, second, third = tickets.order_by("pk")[:3]
    Ticket.objects.filter(pk__in=[first.pk, second.pk]).update(status=Ticket.Status.CLOSED)
    Callback.objects.create(ticket=first, via="phone", solved="solved", satisfaction="satisfied")
    Callback.objects.create(ticket=second, via="phone", solved="not_solved", satisfaction="basic")
    Callback.objects.create(ticket=third, via="phone", satisfaction="unreachable")  # not valid
    outcomes = ticket_outcomes(tickets)
    assert (outcomes.tickets, outcomes.closed, outcomes.valid_callbacks) == (5, 2, 2)
    assert (outcomes.solved, outcomes.satisfied, outcomes.solved_percent, outcomes.satisfied_percent) == (
        1,
        2,
        50,
        100,
    )

    topic.carry_on = True  # "since": April's tickets count too
    assert topic_tickets(topic).count() == 10


def test_the_topic_pages_for_whom_and_over_which_territory(client, g, topic):
    p = g.people
    for person in ("official", "staff", "operator", "no_role"):
        client.force_login(getattr(p, person))
        assert client.get(reverse("governance:topic", args=[topic.pk])).status_code == 403
        assert client.get(reverse("governance:topics")).status_code == 403
    client.force_login(p.dispatcher)
    page = client.get(reverse("governance:topic", args=[topic.pk]))
    assert page.status_code == 200 and page.context["outcomes"].tickets == 5
    client.force_login(p.far_supervisor)  # 海淀: only the heating ticket of 中关村
    assert client.get(reverse("governance:topic", args=[topic.pk])).context["outcomes"].tickets == 1
    listed = client.get(reverse("governance:topics"), {"month": "2025-03"})
    assert list(listed.context["topics"]) == [topic]
    assert list(client.get(reverse("governance:topics"), {"month": "2025-04"}).context["topics"]) == []
    assert client.get(reverse("governance:topics"), {"month": "2025-13"}).status_code == 200


def test_the_analysis_page_links_to_the_month_topics(client, g):
    client.force_login(g.people.dispatcher)
    page = client.get(reverse("metrics:analysis-overview"), {"period": "month", "date": "2025-03-15"})
    assert page.status_code == 200
    assert reverse("governance:topics").encode() + b"?month=2025-03" in page.content


def test_a_topic_month_is_a_first_day(g):
    topic = Topic(month=date(2025, 3, 2), title="x", lead_unit=g.w.chaoyang_enforcement)
    with pytest.raises(ValidationError) as caught:
        topic.full_clean()
    assert set(caught.value.error_dict) == {"month"}
