"""The pieces of benchmark_intake that run without wrk, gunicorn or PostgreSQL."""

import json
import os
import subprocess
import sys

import pytest

from benchmarks.intake import RESULT_PREFIX, lua_quote, lua_script, ratio_line, wrk_result_parse
from health.drills.stack import ROOT

YARDSTICK_POST = """
import json
from django.core.management import call_command
from django.test import Client
call_command("migrate", run_syncdb=True, verbosity=0)
body = {"request_type": "complaint", "category": "010101", "content": "占道经营", "caller_phone": "13900001111"}
response = Client().post("/api/v1/tickets/", json.dumps(body), content_type="application/json")
from benchmarks.yardstick.models import YardstickTicket
print(response.status_code, response.json()["content"], YardstickTicket.objects.count())
"""


def test_the_yardstick_creates_a_row_and_answers_201(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.yardstick.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'yardstick.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {YARDSTICK_POST}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["201", "占道经营", "1"]


def test_the_lua_script_posts_each_body_with_the_token_and_a_key_per_request():
    script = lua_script(bodies=['{"content": "路灯"}', "{}"], token="abc123", prefix="bench-1-project-2")
    assert '["Authorization"] = "Token abc123"' in script
    assert 'string.format("bench-1-project-2-%d-%d", thread_id, counter)' in script
    assert "local bodies = {" + lua_quote('{"content": "路灯"}') + ', "{}"}' in script
    assert 'wrk.format("POST", "/api/v1/tickets/", headers, bodies[(counter % #bodies) + 1])' in script
    assert RESULT_PREFIX in script


def test_lua_strings_carry_utf8_and_quotes_as_decimal_escapes():
    assert lua_quote('a"\\人') == '"a\\034\\092\\228\\186\\186"'


def test_a_prefix_that_could_break_out_of_the_script_is_refused():
    with pytest.raises(ValueError):
        lua_script(bodies=["{}"], token="abc", prefix='x" .. os.exit() .. "')


def test_wrk_figures_are_read_from_the_scripts_result_line():
    figures = {"requests": 500, "duration_us": 20_000_000, "p50_us": 12_500, "p99_us": 80_000}
    output = "Running 20s test\n" + RESULT_PREFIX + json.dumps({**figures, "not_2xx": 3, "socket_errors": 1})
    run = wrk_result_parse(output, label="project")
    assert (run.per_second, run.p50_ms, run.p99_ms, run.not_2xx, run.socket_errors) == (
        25.0,
        12.5,
        80.0,
        3,
        1,
    )
    yardstick = wrk_result_parse(output.replace('"requests": 500', '"requests": 2000'), label="yardstick")
    assert ratio_line(1, yardstick, run) == "round 1: project/yardstick = 0.250"
