"""Production settings must refuse to start on defaults."""

import json
import os
import re
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


def production_values(*names, **env):
    probe = "import json, config.settings.production as s; print(json.dumps({n: getattr(s, n) for n in %r}))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(
        DJANGO_SECRET_KEY=GOOD_KEY,
        DATABASE_URL="postgres://u@db/h",
        REDIS_URL="redis://r:6379/0",
        VAR_DIR=str(settings.VAR_DIR),
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", probe % (names,)],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_defaults_to_https_only_short_sessions_and_a_content_policy():
    values = production_values(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_REDIRECT_EXEMPT",
        "CONTENT_SECURITY_POLICY",
        "SESSION_COOKIE_AGE",
        "SESSION_IDLE_TIMEOUT_MINUTES",
        "SESSION_COOKIE_SECURE",
    )
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert any(re.match(pattern, "healthz") for pattern in values["SECURE_REDIRECT_EXEMPT"])
    assert "default-src 'self'" in values["CONTENT_SECURITY_POLICY"]
    assert "unsafe-inline" not in values["CONTENT_SECURITY_POLICY"]
    assert values["SESSION_COOKIE_AGE"] <= 8 * 3600
    assert 0 < values["SESSION_IDLE_TIMEOUT_MINUTES"] <= 30
    assert values["SESSION_COOKIE_SECURE"] is True


def test_production_security_settings_follow_the_environment():
    values = production_values(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_AGE",
        "SESSION_IDLE_TIMEOUT_MINUTES",
        "CONTENT_SECURITY_POLICY",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="600",
        DJANGO_SESSION_COOKIE_AGE="3600",
        DJANGO_SESSION_IDLE_TIMEOUT_MINUTES="10",
        DJANGO_CONTENT_SECURITY_POLICY="default-src 'none'",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 600,
        "SESSION_COOKIE_AGE": 3600,
        "SESSION_IDLE_TIMEOUT_MINUTES": 10,
        "CONTENT_SECURITY_POLICY": "default-src 'none'",
    }


def test_pages_carry_the_content_security_policy(client):
    response = client.get("/accounts/login/")
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_health_checks_over_plain_http_are_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/healthz").status_code in (200, 503)
