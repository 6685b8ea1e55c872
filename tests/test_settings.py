"""Production settings must refuse to start on defaults."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "k" * 60


def import_production_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    clean.update(env, VAR_DIR=str(settings.VAR_DIR))
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": GOOD_KEY}, "DATABASE_URL"),
        ({"DJANGO_SECRET_KEY": GOOD_KEY, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "DATABASE_URL"),
        ({"DJANGO_SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgres://u@db/h"}, "REDIS_URL"),
    ],
)
def test_production_refuses_to_start_without_real_secrets(env, complaint):
    result = import_production_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and complaint in result.stderr


def test_production_starts_with_real_settings():
    result = import_production_settings(
        DJANGO_SECRET_KEY=GOOD_KEY, DATABASE_URL="postgres://u@db/h", REDIS_URL="redis://r:6379/0"
    )
    assert result.returncode == 0, result.stderr


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
