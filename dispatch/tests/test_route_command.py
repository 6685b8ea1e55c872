import io
import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_routing")]


def test_route_prints_the_decision_as_json(beijing, capsys):
    call_command("route", "朝阳区团结湖街道团结湖北里3号楼", "--category", "010101")
    decision = json.loads(capsys.readouterr().out)
    assert (decision["status"], decision["unit_code"], decision["unit_name"]) == (
        "routed",
        "110105013",
        "团结湖街道",
    )
    assert decision["confidence"] > 0.8 and decision["evidence"]


def test_route_jsonl_reads_lines_and_writes_one_decision_each(beijing, capsys, monkeypatch):
    lines = [
        {"address": "八里庄街道"},
        {"lng": 116.4612, "lat": 39.9261, "crs": "wgs84"},
        {"address": "我家楼下"},
        {"category": "070101"},
        {},
    ]
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    )
    call_command("route", "--jsonl")
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o.get("status") for o in out[:4]] == ["ambiguous", "routed", "queued", "routed"]
    assert {c["unit_code"] for c in out[0]["candidates"]} >= {"110105015", "110108005"}
    assert out[1]["unit_code"].startswith("110105")
    assert out[3]["unit_code"] == "110000-gs"
    assert "error" in out[4]
