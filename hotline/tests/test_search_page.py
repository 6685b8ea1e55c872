"""The /tickets/ search page: every signed-in role, its own tickets only, the phone field at the
hotline only, 400 with the field's message for input it cannot take; and migration 0013 leaves a
database other than PostgreSQL alone."""

import importlib

import pytest
from django.db import connection

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_streets(make_user):
    street, other = StreetFactory(), StreetFactory()
    dispatcher = make_user(Role.DISPATCHER)
    mine = TicketFactory(number="20260801-000007", content="井盖丢失<script>x</script>", address="团结湖路")
    theirs = TicketFactory(number="20260801-000008", content="井盖松动", address="团结湖北里")
    ticket_dispatch(ticket=mine, lead_unit=street, actor=dispatcher)
    ticket_dispatch(ticket=theirs, lead_unit=other, actor=dispatcher)
    return {"street": street, "mine": mine, "theirs": theirs, "dispatcher": dispatcher}


def test_anonymous_is_sent_to_login(client):
    response = client.get("/tickets/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_the_page(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get("/tickets/")
    assert response.status_code == 200
    has_phone = 'name="phone"' in response.content.decode()
    assert has_phone == (role in {Role.OPERATOR, Role.DISPATCHER})


def test_street_official_finds_only_own_streets_tickets(client, make_user, two_streets):
    client.force_login(make_user(Role.STREET_OFFICIAL, unit=two_streets["street"]))
    page = client.get("/tickets/", {"address": "团结湖"}).content.decode()
    assert two_streets["mine"].number in page
    assert two_streets["theirs"].number not in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page


def test_dispatcher_finds_both_by_content_and_number(client, two_streets):
    client.force_login(two_streets["dispatcher"])
    page = client.get("/tickets/", {"content": "井盖松动"}).content.decode()
    assert two_streets["theirs"].number in page and two_streets["mine"].number not in page
    page = client.get("/tickets/", {"number": "20260801-00000"}).content.decode()
    assert two_streets["theirs"].number in page and two_streets["mine"].number in page


@pytest.mark.parametrize(
    "query, message",
    [
        ({"received_from": "2026-02-30"}, "输入一个有效的日期"),
        ({"content": "井盖"}, "日期范围"),
        ({"status": "lost"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_400_with_the_message_in_chinese(client, two_streets, query, message):
    client.force_login(two_streets["dispatcher"])
    response = client.get("/tickets/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_phone_outside_the_hotline_is_400(client, make_user, two_streets):
    client.force_login(make_user(Role.STREET_OFFICIAL, unit=two_streets["street"]))
    response = client.get("/tickets/", {"phone": "13812345678"})
    assert response.status_code == 400
    assert two_streets["mine"].number not in response.content.decode()


def test_trigram_migration_does_nothing_outside_postgresql():
    migration = importlib.import_module("hotline.migrations.0014_ticket_trigram_search")
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "hotline_ticket")
    trigram = {name for name in indexes if name in migration.INDEXES}
    if connection.vendor == "postgresql":
        assert trigram == set(migration.INDEXES)
        return
    assert trigram == set()
    recorder = StatementRecorder(connection)
    migration.indexes_create(None, recorder)
    migration.indexes_drop(None, recorder)
    assert recorder.statements == []


class StatementRecorder:
    """Stands in for a schema editor (SQLite's cannot open inside a test's transaction)."""

    def __init__(self, connection):
        self.connection = connection
        self.statements = []

    def execute(self, sql, params=()):
        self.statements.append(sql)
