"""requirements.txt alone must run production: the test venv also holds the test tools, which
once hid that kombu's Redis transport needs ``packaging`` (worker and beat died at start)."""

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def requirement_lines() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [Requirement(line.split("#")[0]) for line in lines if line.split("#")[0].strip()]


def requirements_closure() -> set[str]:
    """Every distribution ``pip install -r requirements.txt`` installs, from installed metadata."""
    wanted = [(requirement, "") for requirement in requirement_lines()]
    seen: set[tuple[str, str]] = set()
    names: set[str] = set()
    while wanted:
        requirement, extra = wanted.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        names.add(name)
        for wanted_extra in ("", *requirement.extras):
            if (name, wanted_extra) in seen:
                continue
            seen.add((name, wanted_extra))
            for line in importlib.metadata.requires(requirement.name) or ():
                wanted.append((Requirement(line), wanted_extra))
    return names


def test_the_redis_transport_requirements_are_in_requirements_txt():
    closure = requirements_closure()
    redis_extra = [
        Requirement(line)
        for line in importlib.metadata.requires("kombu")
        if "extra" in line and Requirement(line).marker.evaluate({"extra": "redis"})
    ]
    assert redis_extra, "kombu no longer declares a redis extra; check how its Redis transport installs"
    missing = [str(r) for r in redis_extra if canonicalize_name(r.name) not in closure]
    assert not missing, f"kombu's Redis transport needs {missing}; requirements.txt does not install them"


# Run in a fresh interpreter that refuses every module installed by a distribution outside the
# closure: what a venv built from requirements.txt alone would lack.
PRODUCTION_IMPORTS = """
import importlib.abc, importlib.metadata, json, os, sys
allowed = set(json.loads(os.environ["ALLOWED_DISTRIBUTIONS"]))
owners = importlib.metadata.packages_distributions()
def canonical(name):
    return name.lower().replace("_", "-").replace(".", "-")
class OnlyRequirements(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        dists = {canonical(d) for d in owners.get(top, ())}
        if dists and not dists & allowed:
            raise ModuleNotFoundError(f"No module named {top!r} (from {sorted(dists)}, not required)")
        return None
sys.meta_path.insert(0, OnlyRequirements())
import django
django.setup()
from config.celery import app
import config.wsgi, celery.apps.worker, celery.apps.beat, celery.bin.celery, gunicorn.app.wsgiapp
app.loader.import_default_modules()
with app.connection_for_write() as connection:
    print(connection.transport_cls, connection.transport.__module__)
"""


def test_production_processes_import_with_requirements_txt_alone(tmp_path):
    env = {
        **os.environ,
        "ALLOWED_DISTRIBUTIONS": json.dumps(sorted(requirements_closure())),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "requirements-check-" * 4,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_IMPORTS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "kombu.transport.redis" in result.stdout
