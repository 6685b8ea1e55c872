"""A real Celery worker with beat, in its own process, against the configured broker: Redis when
REDIS_URL is set (CI's second run), the embedded filesystem broker otherwise. Not eager mode."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from health.models import Heartbeat
from health.services import WORKER_HEARTBEAT


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_beat_schedules_and_a_real_worker_runs_the_heartbeat(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url(),
        "HEARTBEAT_SECONDS": "1",
        "VAR_DIR": str(tmp_path),
    }
    print("broker:", "redis" if env.get("REDIS_URL") else "filesystem", "database:", connection.vendor)
    celery = Path(sys.executable).with_name("celery")
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [celery, "-A", "config", "worker", "-B", "--pool=solo", "-l", "info", "-s", tmp_path / "beat"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not Heartbeat.objects.filter(name=WORKER_HEARTBEAT).exists():
            assert worker.poll() is None, log.read_text()
            time.sleep(0.5)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    output = log.read_text()
    assert Heartbeat.objects.filter(name=WORKER_HEARTBEAT).exists(), output
    assert "Sending due task heartbeat" in output
    assert "health.tasks.record_heartbeat" in output and "succeeded" in output
