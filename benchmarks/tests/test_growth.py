"""benchmark_growth: PostgreSQL only; on a small table it prints sizes, heights, query times and
predicted heights, and leaves no scratch schema behind."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from benchmarks.growth import SCHEMA, predicted_height

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL only"
)


@pytest.mark.parametrize(
    ("rows", "height"),
    [(1, 1), (200, 1), (201, 2), (200 * 200, 2), (200 * 200 + 1, 3), (200**3 + 1, 4)],
)
def test_predicted_height_counts_the_levels_a_look_up_reads(rows, height):
    assert predicted_height(rows=rows, entries_per_page=200) == height


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_it_refuses_to_run_on_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark_growth", "--rows", "100")


def test_sizes_must_be_positive_numbers():
    with pytest.raises(CommandError, match="positive"):
        call_command("benchmark_growth", "--rows", "0")
    with pytest.raises(CommandError, match="whole numbers"):
        call_command("benchmark_growth", "--rows", "2M")


@on_postgresql
@pytest.mark.django_db
def test_a_small_run_prints_the_figures_and_drops_its_schema(capsys):
    call_command(
        "benchmark_growth",
        "--rows",
        "3000,9000",
        "--per-month",
        "1000",
        "--partitioned",
        "--samples",
        "3",
        "--targets",
        "120000000",
    )
    out = capsys.readouterr().out
    for label in ("3,000 rows (3 months", "9,000 rows (9 months", "9,000 rows partitioned by month"):
        assert f"== {label}" in out
    assert len(re.findall(r"index inbox: \d+ MiB, height \d, \d+ entries/page", out)) == 4
    assert (
        len(
            re.findall(
                r"inbox \(busy unit, open, by deadline, 50\): p50_ms=[\d.]+ p95_ms=[\d.]+ pages=\d+", out
            )
        )
        == 4
    )
    assert len(re.findall(r"live month: count per unit \(ranking scan\): p50_ms=", out)) == 4
    heights = re.search(r"predicted B-tree heights at 120,000,000 rows, one table: (.*)", out).group(1)
    assert re.fullmatch(r"(\w+ [3-6] \(~[\d.,]+ GiB\)(, )?){3}; inbox: open tickets only, as now", heights)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s", [SCHEMA])
        assert cursor.fetchone()[0] == 0
