"""``infusion-coder run --llm`` end to end: real extractor, fake model server, real validators.

The fake model reads the QUESTIONS it was sent and answers every ``stop`` question with a fixed
proposal per note, like a model would: a stop time the note states in words the rules do not
read ("Pump alarmed at 1004, bag empty"), and, for a note that states no stop time, one computed
from a duration. The first is applied and turns into an infusion code; the second is rejected.
A replay from the recorded cache gives the same results without any request.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from refine_helpers import chat_response, json_response, request_json, respond
from werkzeug import Request, Response

PUMP_NOTE = (
    "KETAMINE INFUSION\n"
    "Date of service: 2026-03-12   Setting: office\n"
    "Indication: treatment-resistant depression (F33.1).\n"
    "Access: PIV L forearm 22g.\n"
    "Ketamine 40 mg IV infusion via pump started 0915.\n"
    "Vitals q15min stable.\n"
    "Pump alarmed at 1004, bag empty; line flushed and PIV removed.\n"
    "RN: J. Ortiz\n"
)
DURATION_NOTE = (
    "KETAMINE INFUSION RECORD\n"
    "Date of service: 2026-03-10   Setting: office\n"
    "Indication: treatment-resistant depression (F33.1), infusion #5.\n"
    "Access: PIV R hand 22g.\n"
    "Start Time: 0932 | Ketamine 41 mg IV infusion via pump over 40 min\n"
    "Vitals q15min stable. Patient tolerated infusion.\n"
    "RN: M. Chen\n"
)
ANSWERS = {
    "Pump alarmed": ("10:04", "Pump alarmed at 1004, bag empty"),
    "over 40 min": ("10:12", "Ketamine 41 mg IV infusion via pump over 40 min"),
}


def fake_model(request: Request) -> Response:
    user = request_json(request)["messages"][1]["content"]
    questions = json.loads(user.split("QUESTIONS:\n", 1)[1].split("\n\n<<<BEGIN NOTE>>>", 1)[0])
    value, quote = next(answer for key, answer in ANSWERS.items() if key in user)
    proposals = [
        {"target": adm["id"], "field": "stop", "value": value, "quote": quote}
        for adm in questions["administrations"]
        if "stop" in adm["ask"]
    ]
    return json_response(chat_response(json.dumps({"proposals": proposals})))


def run(tmp_path: Path, out: str, *extra: str) -> dict[str, dict]:
    from infusion_coder.cli import main

    notes = tmp_path / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "pump.txt").write_text(PUMP_NOTE, encoding="utf-8")
    (notes / "duration.txt").write_text(DURATION_NOTE, encoding="utf-8")
    argv = ["run", str(notes), "--out", str(tmp_path / out), "--workers", "1", "--quiet"]
    argv += ["--no-report", "--no-exports", "--llm", "--llm-cache", str(tmp_path / "llm.sqlite")]
    code = main([*argv, *extra])
    assert code == 0
    lines = (tmp_path / out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["note_id"]: r for r in map(json.loads, lines)}


@pytest.fixture
def no_openai_env(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def test_run_llm_applies_grounded_stop_and_rejects_invented_one(
    llm_server, tmp_path, no_openai_env
):
    pytest.importorskip("validators", reason="the validators package is required")
    respond(llm_server, fake_model)
    results = run(tmp_path, "first", "--llm-base-url", llm_server.url_for("/v1"))
    assert len(llm_server.log) == 2

    pump = results["pump"]
    (accepted,) = pump["llm"]["accepted"]
    assert accepted["field"] == "stop" and accepted["text"] == "1004"
    start, end = accepted["span"]
    assert PUMP_NOTE[start:end] == "1004"
    assert "96365" in {line["code"] for line in pump["lines"]}  # 09:15-10:04 = 49 min
    assert "missing_stop_time" not in {f["category"] for f in pump["findings"]}

    duration = results["duration"]
    assert duration["llm"]["accepted"] == []
    assert [r["reason"] for r in duration["llm"]["rejected"]] == ["value_not_in_quote"]
    assert "96365" not in {line["code"] for line in duration["lines"]}
    assert "missing_stop_time" in {f["category"] for f in duration["findings"]}

    # replay: same results from the cache, no request, no server needed
    llm_server.clear()
    replayed = run(tmp_path, "replay", "--llm-replay")
    assert llm_server.log == []
    for note_id, record in results.items():
        again = replayed[note_id]
        assert again["llm"]["cached"] is True
        assert again["lines"] == record["lines"] and again["findings"] == record["findings"]
        assert again["llm"]["accepted"] == record["llm"]["accepted"]


def _gold(note_id: str, text: str, lines: list, findings: list, admin: dict) -> str:
    record = {
        "id": note_id,
        "text": text,
        "setting": "office",
        "payer": "commercial",
        "gold": {"lines": lines, "findings": findings, "administrations": [admin]},
    }
    return json.dumps(record) + "\n"


def _ketamine(start: str, stop: str | None, minutes: int | None) -> dict:
    return {
        "drug": "ketamine",
        "technique": "infusion",
        "route": "IV",
        "status": "given",
        "purpose": None,
        "start": start,
        "stop": stop,
        "minutes": minutes,
        "billable": True,
    }


def test_eval_llm_replay_gives_reproducible_comparison(llm_server, tmp_path, no_openai_env):
    pytest.importorskip("validators", reason="the validators package is required")
    from extraction.refine import tally
    from infusion_coder.cli import main
    from infusion_coder.llm_options import llm_comparison

    j3490 = {"code": "J3490", "units": 1, "modifiers": []}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        _gold(
            "pump",
            PUMP_NOTE,
            [{"code": "96365", "units": 1, "modifiers": []}, j3490],
            ["unlisted_drug_code", "payer_policy_review"],
            _ketamine("09:15", "10:04", 49),
        )
        + _gold(
            "duration",
            DURATION_NOTE,
            [j3490],
            ["missing_stop_time", "unlisted_drug_code", "payer_policy_review"],
            _ketamine("09:32", None, None),
        ),
        encoding="utf-8",
    )
    respond(llm_server, fake_model)
    cache = str(tmp_path / "eval.sqlite")

    def evaluate(out: str, *llm: str) -> tuple[dict, list]:
        assert main(["eval", str(gold), "--out", str(tmp_path / out), *llm]) == 0
        metrics = json.loads((tmp_path / out / "metrics.json").read_text(encoding="utf-8"))
        results = (tmp_path / out / "results.jsonl").read_text(encoding="utf-8").splitlines()
        return metrics["summary"], [json.loads(r).get("llm") for r in results]

    rules, _ = evaluate("rules")
    recorded, _ = evaluate("record", "--llm", "--llm-base-url", llm_server.url_for("/v1"),
                           "--llm-cache", cache)  # fmt: skip
    llm_server.clear()
    replayed, records = evaluate("replay", "--llm", "--llm-replay", "--llm-cache", cache)
    assert llm_server.log == []
    assert replayed == recorded  # reproducible from the recorded cache

    data, markdown = llm_comparison(rules, replayed, tally(records), run={"replay": True})
    rows = {r["metric"]: r for r in data["metrics"]}
    assert rows["stop_time_accuracy"]["change"] > 0
    assert rows["line_f1"]["change"] > 0
    assert data["llm"]["cache_hits"] == 2 and data["llm"]["requests_sent"] == 0
    assert "| line_f1 |" in markdown
