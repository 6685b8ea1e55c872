"""The pages: the counts beside the ranking (acceptance 5: shown per unit, the query count does not
grow with the units), the list and the order page with its steps, and issuing from the ticket
page."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from dispatch.models import Assignment
from hotline.tests.factories import TicketFactory
from metrics import services as metrics_services
from metrics.periods import last_month, month_bounds, previous_month
from metrics.tests.factories import ScoringSchemeFactory, order
from supervision.enforcement import supervision_enforce
from supervision.models import SupervisionOrder
from supervision.services import supervision_issue
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def ranked_month(streets, dispatcher, supervised, *, month=None):
    """A month (default: last month) frozen with one order per street (ranked from one), and
    ``supervised[i]`` supervision orders to street i issued in the month, the first of each flagged
    overdue."""
    month = month or last_month()
    start, _end = month_bounds(month)
    ScoringSchemeFactory(unit_kind="street", effective_from=date(2020, 1, 1), min_assessed=1)
    for street in streets:
        order(
            street,
            due=start + timedelta(days=5),
            callbacks=((start + timedelta(days=7), "solved", "satisfied"),),
        )
    metrics_services.snapshot_freeze(month=month, unit_kind="street")
    for street, count in zip(streets, supervised, strict=True):
        for n in range(count):
            made = supervision_issue(actor=dispatcher, unit=street, subject="积水", reason="多次来电")
            SupervisionOrder.objects.filter(pk=made.pk).update(issued_at=start + timedelta(days=3))
            if n == 0:
                supervision_enforce(now=made.deadline + timedelta(minutes=1))
    return f"/metrics/?month={month:%Y-%m}&kind=street"


def cell(html: str, code: str) -> str:
    row = html.split(f'data-unit="{code}"', 1)[1].split("</tr>", 1)[0]
    return row.split('data-count="supervision"', 1)[1].split("</td>", 1)[0]


def test_the_ranking_shows_each_units_supervision_orders_received_and_overdue(client, make_user):
    district = DistrictFactory()
    a, b = StreetFactory(parent=district), StreetFactory(parent=district)
    dispatcher = make_user(Role.DISPATCHER)
    url = ranked_month([a, b], dispatcher, [3, 0])
    client.force_login(make_user(Role.LEADER))
    html = client.get(url).content.decode()
    # Street a: three received, one flagged overdue (and one escalated order on top of them, also
    # issued to a, but this month rather than the ranked one).
    assert 'data-received="3" data-overdue="1"' in cell(html, a.code)
    assert 'data-received="0" data-overdue="0"' in cell(html, b.code)


def test_the_counts_cost_the_same_queries_for_two_units_or_six(client, make_user):
    """Two months: two streets ranked in the first, six in the second, all with supervision orders."""
    dispatcher, leader = make_user(Role.DISPATCHER), make_user(Role.LEADER)
    district = DistrictFactory()
    streets = [StreetFactory(parent=district) for _ in range(6)]
    earlier = previous_month(last_month())
    two = ranked_month(streets[:2], dispatcher, [2, 1], month=earlier)
    six = ranked_month(streets, dispatcher, [2, 1, 3, 1, 1, 2])
    client.force_login(leader)
    pages = {}
    for url in (two, six):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        pages[url] = (html.count('data-count="supervision"'), len(queries.captured_queries))
    assert pages[two][0] == 2 and pages[six][0] == 6
    assert pages[two][1] == pages[six][1]


def test_the_list_shows_the_visible_orders_and_an_invisible_one_answers_404(client, s):
    mine = supervision_issue(actor=s.people.dispatcher, unit=s.street, subject="积水<b>", reason="多次来电")
    other = supervision_issue(actor=s.people.dispatcher, unit=s.far_street, subject="噪音", reason="多次来电")
    client.force_login(s.people.official)
    html = client.get("/supervision/").content.decode()
    assert f'data-order="{mine.pk}"' in html and f'data-order="{other.pk}"' not in html
    assert "积水&lt;b&gt;" in html and "积水<b>" not in html
    assert client.get(f"/supervision/{other.pk}/").status_code == 404
    assert client.post(f"/supervision/{other.pk}/answer/", {"text": "x"}).status_code == 404
    assert 'id="nav-supervision"' in html and 'id="issue-link"' not in html


def test_the_unit_answers_on_the_page_and_the_dispatcher_accepts(client, s):
    made = supervision_issue(actor=s.people.dispatcher, unit=s.street, subject="积水", reason="多次来电")
    client.force_login(s.people.official)
    page = client.get(f"/supervision/{made.pk}/").content.decode()
    assert 'id="step-answer"' in page and 'id="step-accept"' not in page
    assert client.post(f"/supervision/{made.pk}/answer/", {"text": ""}).status_code == 400
    response = client.post(f"/supervision/{made.pk}/answer/", {"text": "已疏通"})
    assert response.status_code == 302
    assert client.post(f"/supervision/{made.pk}/accept/", {}).status_code == 403
    client.force_login(s.people.dispatcher)
    page = client.get(f"/supervision/{made.pk}/").content.decode()
    assert 'id="step-accept"' in page and 'id="step-send_back"' in page and 'id="step-answer"' not in page
    client.post(f"/supervision/{made.pk}/accept/", {"note": "好"})
    assert SupervisionOrder.objects.get(pk=made.pk).status == "accepted"


def test_issuing_from_the_ticket_page(client, s):
    assignment = Assignment.objects.create(ticket=TicketFactory(), unit=s.street, role="lead")
    client.force_login(s.people.dispatcher)
    ticket_page = client.get(f"/hotline/tickets/{assignment.ticket.pk}/").content.decode()
    assert f'data-supervise="{assignment.pk}"' in ticket_page
    form = client.get(f"/supervision/new/?assignment={assignment.pk}").content.decode()
    assert 'id="issue-about"' in form
    assert client.post("/supervision/new/", {"assignment": assignment.pk, "reason": ""}).status_code == 400
    response = client.post("/supervision/new/", {"assignment": assignment.pk, "reason": "逾期未复"})
    made = SupervisionOrder.objects.get()
    assert response.status_code == 302 and (made.unit, made.ticket) == (s.street, assignment.ticket)

    client.force_login(s.people.official)
    assert (
        f'data-supervise="{assignment.pk}"'
        not in client.get(f"/hotline/tickets/{assignment.ticket.pk}/").content.decode()
    )
    assert client.get(f"/supervision/new/?assignment={assignment.pk}").status_code == 403


def test_a_supervisor_issues_to_a_unit_of_their_district_only(client, s):
    client.force_login(s.people.supervisor)
    refused = client.post(
        "/supervision/new/", {"unit": s.far_street.pk, "subject": "噪音", "reason": "多次来电"}
    )
    assert refused.status_code == 400 and not SupervisionOrder.objects.exists()
    made = client.post("/supervision/new/", {"unit": s.street.pk, "subject": "噪音", "reason": "多次来电"})
    assert made.status_code == 302 and SupervisionOrder.objects.get().level == "district"
