"""The replica router: reads inside ``reading_from_replica()`` go to the replica when one is
configured, everything else to default; the metrics pages read there, other pages do not."""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from core import db_router
from core.db_router import REPLICA, ReplicaRouter, read_alias, reading_from_replica
from units.models import Unit
from units.tests.factories import StreetFactory

router = ReplicaRouter()


@pytest.fixture
def configured(monkeypatch):
    """A replica alias as far as the router can tell, without connecting to anything."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)


def test_without_a_replica_reads_stay_on_default():
    assert not db_router.replica_configured()
    with reading_from_replica():
        assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica_only_inside_the_block(configured):
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS
    with reading_from_replica():
        assert router.db_for_read(Unit) == REPLICA
        with reading_from_replica():
            assert router.db_for_read(Unit) == REPLICA
        assert router.db_for_read(Unit) == REPLICA
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


def test_the_block_is_left_even_when_it_raises(configured):
    with pytest.raises(ZeroDivisionError), reading_from_replica():
        1 / 0  # noqa: B018
    assert read_alias() == DEFAULT_DB_ALIAS


def test_as_a_decorator(configured):
    @reading_from_replica()
    def figures():
        return read_alias()

    assert figures() == REPLICA and figures() == REPLICA
    assert read_alias() == DEFAULT_DB_ALIAS


def test_writes_and_migrations_never_go_to_the_replica(configured):
    with reading_from_replica():
        assert router.db_for_write(Unit) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "units") is True
    assert router.allow_migrate(REPLICA, "units") is False


def test_reads_inside_a_transaction_on_default_stay_there(configured, monkeypatch):
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "in_atomic_block", True)
    with reading_from_replica():
        assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


def test_another_thread_does_not_inherit_the_block(configured):
    seen = []
    with reading_from_replica():
        thread = threading.Thread(target=lambda: seen.append(read_alias()))
        thread.start()
        thread.join()
    assert seen == [DEFAULT_DB_ALIAS]


def test_objects_from_either_alias_may_relate():
    a, b = Unit(), Unit()
    a._state.db, b._state.db = DEFAULT_DB_ALIAS, REPLICA
    assert router.allow_relation(a, b) is True
    b._state.db = "elsewhere"
    assert router.allow_relation(a, b) is None


# --- With a second connection under the replica alias -------------------------------------------
# It opens default's test database through a connection of its own: what it runs is counted on it,
# so a read that the router sent to default would not be seen there. The tests commit their rows
# (transactional_db), since the second connection does not see default's open transaction.


@pytest.fixture
def replica(transactional_db):
    connections.settings[REPLICA] = {**connections[DEFAULT_DB_ALIAS].settings_dict}
    # Connected here: Django's test case refuses to open a connection for an alias it was not told of.
    connections[REPLICA].connect()
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _sql(captured) -> str:
    return " ".join(query["sql"] for query in captured.captured_queries)


def test_reads_in_the_block_are_served_by_the_replica_and_writes_by_default(replica):
    street = StreetFactory(name="团结湖街道")
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_default,
        CaptureQueriesContext(replica) as on_replica,
        reading_from_replica(),
    ):
        read = Unit.objects.get(pk=street.pk)
        read_from = read._state.db
        read.name = "三里屯街道"
        read.save(update_fields=["name"])
    assert read_from == REPLICA and read._state.db == DEFAULT_DB_ALIAS
    assert len(on_replica) == 1 and "SELECT" in _sql(on_replica)
    assert len(on_default) == 1 and "UPDATE" in _sql(on_default)
    assert Unit.objects.get(pk=street.pk).name == "三里屯街道"


def test_metrics_pages_read_from_the_replica_but_not_the_session_or_user(replica, make_user):
    client = Client()
    client.force_login(make_user(Role.LEADER))
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/metrics/").status_code == 200
    assert len(on_replica) > 0
    assert 'FROM "django_session"' not in _sql(on_replica)
    assert 'FROM "accounts_user" WHERE "accounts_user"."id"' not in _sql(on_replica)


def test_other_pages_and_writes_do_not_touch_the_replica(replica, make_user):
    client = Client()
    client.force_login(make_user(Role.DISPATCHER))
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/api/v1/me/").status_code == 200
        assert client.post("/metrics/recompute/", {}).status_code in (302, 400, 403)
    assert len(on_replica) == 0


def _settings_in_a_fresh_process(**environment) -> dict:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({alias: {k: db[k] for k in ('ENGINE', 'HOST', 'NAME', 'USER', 'TEST')}"
        " for alias, db in settings.DATABASES.items()}))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **environment)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_database_replica_url_adds_the_replica_alias():
    databases = _settings_in_a_fresh_process(
        DATABASE_URL="postgres://writer@primary.internal:5432/hotline",
        DATABASE_REPLICA_URL="postgres://reader@standby.internal:5432/hotline",
    )
    replica = databases[REPLICA]
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == ("standby.internal", "reader", "hotline")
    assert replica["TEST"]["MIRROR"] == DEFAULT_DB_ALIAS
    assert databases[DEFAULT_DB_ALIAS]["HOST"] == "primary.internal"


def test_no_replica_alias_without_the_url():
    assert set(_settings_in_a_fresh_process()) == {DEFAULT_DB_ALIAS}
