"""The routing corpus (dispatch/data/routing_corpus.csv): every row through territory_resolve.

A row whose expected code is a street (9 digits) or a district (6 digits) is *determinable*: the
answer must be exactly that unit. A row expected AMBIGUOUS or UNKNOWN must never come back as a
confident street — that would be a silent guess, the one mistake a dispatcher cannot see."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from dispatch.routing.territory import TerritoryResult, territory_resolve

CORPUS = Path(__file__).resolve().parents[2] / "data" / "routing_corpus.csv"
# The aliases the corpus's "alias" rows rely on, as a city administrator would enter them.
CORPUS_ALIASES = [
    ("水碓子东路15号院", "110105013", 3),
    ("蓝堡国际公寓", "110105013", 1),
    ("世茂工三", "110105004", 2),
    ("南池子美术馆", "110101001", 1),
    ("远洋天地", "110105015", 5),
    ("太阳星城", "110105", 1),
    ("宣武区", "110102", 4),  # merged into 西城区 in 2010; callers still say it
]
REQUIRED_ACCURACY = 0.95
CASES = {
    "full_official",
    "short_spoken",
    "community_only",
    "district_omitted",
    "duplicate_street",
    "duplicate_community",
    "coordinates_only",
    "coordinates_contradicting_text",
    "alias",
    "noise",
}


def corpus_rows() -> list[dict]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def resolve(row: dict) -> TerritoryResult:
    has_point = bool(row["lng"] and row["lat"])
    return territory_resolve(
        address=row["address"],
        longitude=float(row["lng"]) if has_point else None,
        latitude=float(row["lat"]) if has_point else None,
        crs=row["crs"] or "wgs84",
    )


def is_correct(row: dict, result: TerritoryResult) -> bool:
    expected = row["expected_code"]
    if len(expected) == 9:
        right = result.status == "resolved" and result.street.code == expected
    else:
        right = result.status == "district_only" and result.district.code == expected
    if row["case"] == "coordinates_contradicting_text":
        right = right and bool(result.conflict)
    return right


def is_silent_guess(row: dict, result: TerritoryResult) -> bool:
    allowed = (
        {"ambiguous", "unknown", "district_only"}
        if row["expected_code"] == "AMBIGUOUS"
        else {"ambiguous", "unknown"}
    )
    return result.status not in allowed


def test_the_corpus_is_large_and_covers_every_case():
    rows = corpus_rows()
    assert len(rows) >= 300
    assert {row["case"] for row in rows} == CASES
    assert all(
        row["expected_code"] in ("AMBIGUOUS", "UNKNOWN") or len(row["expected_code"]) in (6, 9)
        for row in rows
    )


@pytest.mark.usefixtures("sample_boundaries")
def test_routing_corpus(add_alias, capsys):
    for phrase, code, confirmations in CORPUS_ALIASES:
        add_alias(phrase, code, confirmations=confirmations)
    rows = corpus_rows()
    misses, guesses, per_case = [], [], Counter()
    determinable = correct = 0
    for row in rows:
        result = resolve(row)
        if row["expected_code"] in ("AMBIGUOUS", "UNKNOWN"):
            if is_silent_guess(row, result):
                guesses.append((row["address"], row["expected_code"], result.status, result.street))
            continue
        determinable += 1
        if is_correct(row, result):
            correct += 1
            per_case[row["case"]] += 1
        else:
            misses.append((row["case"], row["address"], row["expected_code"], result.status, result.street))
    undeterminable = len(rows) - determinable
    with capsys.disabled():
        print(
            f"\nrouting corpus: {len(rows)} rows; determinable {determinable}, correct {correct} "
            f"({100 * correct / determinable:.1f} %); undeterminable {undeterminable}, silent guesses {len(guesses)}"
        )
        for miss in misses:
            print("  miss:", *miss)
    assert not guesses
    assert correct / determinable >= REQUIRED_ACCURACY
