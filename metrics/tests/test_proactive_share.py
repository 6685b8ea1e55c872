"""Tickets by channel with the proactive share (主动发现 ÷ all received), on the analysis page, its
API and its CSV: known counts, the labels of the new channels, and the other days left out."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Channel
from hotline.tests.factories import TicketFactory
from metrics.analyses import period_of
from metrics.proactive import ProactiveShare, proactive_share

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 3, 10).date()


@pytest.fixture
def tickets():
    noon = timezone.make_aware(datetime(2026, 3, 10, 12))
    for channel, count in [(Channel.GRID, 3), (Channel.LEADER, 1), (Channel.PHONE, 6)]:
        for _ in range(count):
            TicketFactory(channel=channel, received_at=noon)
    TicketFactory(channel=Channel.GRID, received_at=noon - timedelta(days=1))  # the day before


def test_the_share_counts_grid_tickets_of_the_period(tickets):
    period = period_of("day", DAY)
    share = proactive_share(start=period.start, end=period.end)
    assert share == ProactiveShare(proactive=3, total=10)
    assert str(share.rate) == "0.3000" and str(share.percent) == "30.0"
    assert ProactiveShare(proactive=0, total=0).rate is None


def test_the_page_shows_the_share_and_the_new_channels_labels(client, make_user, tickets):
    client.force_login(make_user(Role.DISPATCHER))
    page = client.get(reverse("metrics:analysis-overview") + "?period=day&date=2026-03-10").content.decode()
    assert "30.0%" in page and "网格员上报" in page and "领导交办" in page
    assert "主动发现" in page


def test_the_api_and_the_csv_give_the_same_figures(client, make_user, tickets):
    reader = make_user(Role.DISPATCHER)
    api = APIClient()
    api.force_authenticate(reader)
    body = api.get("/api/v1/analysis/channels/?period=day&date=2026-03-10").json()
    assert body["proactive"] == {"count": 3, "total": 10, "share": "0.3000"}
    assert {row["channel"]: row["count"] for row in body["channels"]} == {"grid": 3, "leader": 1, "phone": 6}
    client.force_login(reader)
    csv = client.get(
        reverse("metrics:analysis-channels-csv") + "?period=day&date=2026-03-10"
    ).content.decode()
    assert "网格员上报,3" in csv and "0.3000" in csv


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.STREET_OFFICIAL, Role.GRID_WORKER])
def test_only_analysts_read_them(client, make_user, role):
    api = APIClient()
    api.force_authenticate(make_user(role))
    assert api.get("/api/v1/analysis/channels/").status_code == 403
    client.force_login(make_user(role))
    assert client.get(reverse("metrics:analysis-channels-csv")).status_code == 403
