"""A throwaway production site for the drills: its own PostgreSQL database (``drill_<pid>``) on
the configured server, its own redis-server on a free port, gunicorn + worker + beat with the
production settings, the reference data and demo logins loaded."""

import json
import os
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from health.drills.calls import request_json, token_obtain
from health.drills.stack import ProductionStack, RedisServer, database_create, database_drop

ALIAS = "drill"
# Settings the drills' outcome depends on; printed so a figure can be read against them.
REPORTED_SETTINGS = ("CELERY_BROKER_TRANSPORT_OPTIONS", "CELERY_TASK_TIME_LIMIT", "CELERY_TASK_ACKS_LATE")
REPORTED_SETTING_WORDS = ("OUTBOX", "RELAY", "LEASE", "SWEEP", "RETRY", "VISIBILITY", "ROUTING")
SETTINGS_SCRIPT = """
import json
from django.conf import settings
names = sorted(n for n in dir(settings) if n.isupper() and (n in {names} or any(w in n for w in {words})))
print(json.dumps({{n: repr(getattr(settings, n)) for n in names}}))
"""


def _server_url(name: str) -> str:
    db = connections["default"].settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("The drill needs PostgreSQL: set DATABASE_URL to a PostgreSQL server.")
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


class DrillSite:
    def __init__(self, *, keep: bool, web_workers: int, concurrency: int, extra_env: dict, say):
        self.keep, self.say = keep, say
        self.name = f"drill_{os.getpid()}"
        self.database_url = _server_url(self.name)
        self.var_dir = Path(tempfile.mkdtemp(prefix=f"{self.name}_"))
        self.redis = RedisServer(log_dir=self.var_dir)
        self.stack = ProductionStack(
            python=Path(sys.executable),
            database_url=self.database_url,
            redis_url=self.redis.url,
            var_dir=self.var_dir,
            web_workers=web_workers,
            concurrency=concurrency,
            extra_env=extra_env,
        )
        self.token = ""

    def __enter__(self) -> "DrillSite":
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        self.say(f"database {self.name}, redis on port {self.redis.port}, logs in {self.var_dir}")
        database_create(self.database_url)
        connections.settings[ALIAS] = {**connections["default"].settings_dict, "NAME": self.name}
        self.redis.start()
        started = time.monotonic()
        logins = self.stack.prepare()
        self.say(f"migrated and loaded reference data in {time.monotonic() - started:.0f} s")
        self.stack.start()
        self.wait_serving(timeout=90)
        self.token = token_obtain(self.stack.base_url, username="operator", password=logins["operator"])
        self.say(f"settings: {self.settings_report()}")

    def wait_serving(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if request_json("GET", f"{self.stack.base_url}/healthz", timeout=5)[0] == 200:
                return
            for service in self.stack.services.values():
                if not service.running():
                    raise RuntimeError(f"{service.name} stopped:\n{self.stack.logs()}")
            time.sleep(0.5)
        raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s:\n{self.stack.logs()}")

    def settings_report(self) -> dict:
        script = SETTINGS_SCRIPT.format(names=set(REPORTED_SETTINGS), words=REPORTED_SETTING_WORDS)
        return json.loads(self.stack.manage("shell", "-c", script).strip().splitlines()[-1])

    def __exit__(self, *exc_info) -> None:
        self.stack.stop()
        self.redis.stop()
        if ALIAS in connections.settings:
            connections[ALIAS].close()
            del connections.settings[ALIAS]
        if self.keep:
            self.say(f"kept database {self.database_url} and logs in {self.var_dir}")
        else:
            database_drop(self.database_url)
