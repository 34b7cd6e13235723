"""``infusion-coder eval --compare-llm``: a reproducible rules-only vs rules + LLM comparison.

The committed cache ``eval_sets/llm/smoke.smollm2-135m.sqlite`` was recorded against a real
local SmolLM2-135M server (``eval_sets/llm/README.md``). Replaying it needs no server: these
tests forbid every socket connection in the process and make the OpenAI client unbuildable, so
a request that was not answered from the cache could only end as a fallback notice.
"""

from __future__ import annotations

import io
import json
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from infusion_coder.cli import main
from infusion_coder.evaluation.reporters import llm_breakdown, llm_breakdown_markdown
from infusion_coder.evaluation.scoring import METRICS

ROOT = Path(__file__).resolve().parents[2]
SMOKE = ROOT / "eval_sets" / "smoke.jsonl"
CACHE = ROOT / "eval_sets" / "llm" / "smoke.smollm2-135m.sqlite"
MODEL = "smollm2"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every outgoing connection is refused and recorded; the OpenAI client cannot be built."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any, *args: Any) -> Any:
        attempts.append(address)
        raise ConnectionRefusedError(f"network used in a replay test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)

    from extraction.refine import client

    def unreachable(*args: Any, **kwargs: Any) -> None:
        attempts.append("OpenAIChatClient")
        raise AssertionError("the LLM client was built in a replay run")

    monkeypatch.setattr(client.OpenAIChatClient, "__init__", unreachable)
    return attempts


@pytest.fixture(scope="module")
def cache_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed cache, copied so that SQLite's WAL files never appear in the checkout."""
    assert CACHE.is_file(), f"missing recorded cache {CACHE}; see eval_sets/llm/README.md"
    path = tmp_path_factory.mktemp("cache") / CACHE.name
    shutil.copyfile(CACHE, path)
    return path


def compare(out: Path, cache: Path, *extra: str) -> int:
    return main(
        [
            "eval", str(SMOKE), "--compare-llm",
            "--llm", "--llm-model", MODEL, "--llm-replay", "--llm-cache", str(cache),
            "--out", str(out), *extra,
        ]
    )  # fmt: skip


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def read_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_replayed_cache_gives_the_same_comparison_twice_without_network(
    tmp_path: Path, cache_copy: Path, no_network: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert compare(tmp_path / "a", cache_copy) == 0
    printed = capsys.readouterr().out
    assert compare(tmp_path / "b", cache_copy) == 0

    assert no_network == []
    first = (tmp_path / "a" / "llm-comparison.json").read_text(encoding="utf-8")
    second = (tmp_path / "b" / "llm-comparison.json").read_text(encoding="utf-8")
    assert first == second
    assert (tmp_path / "a" / "llm-comparison.md").read_text(encoding="utf-8") == (
        tmp_path / "b" / "llm-comparison.md"
    ).read_text(encoding="utf-8")

    data = json.loads(first)
    assert [row["metric"] for row in data["metrics"]] == list(METRICS)
    for row in data["metrics"]:
        assert row["change"] == pytest.approx(row["with_llm"] - row["rules_only"])
    llm = data["llm"]
    assert llm["notes"] == 12
    assert llm["requests_sent"] == 0 and llm["total_tokens"] == 0  # nothing went out
    assert llm["cache_hits"] >= 1, "the recorded cache answered nothing: re-record it"
    assert llm["cached_total_tokens"] > 0
    assert llm["cache_hits"] + llm["fallbacks"] + llm["nothing_to_ask"] == llm["notes"]
    assert data["run"]["model"] == MODEL and data["run"]["replay (no network)"] is True
    assert data["run"]["thresholds (--min) checked on"] == "rules-only"
    # accepted/rejected by field add up to the tally; every fallback is a replay miss
    proposals = data["proposals"]
    assert sum(proposals["accepted"].values()) == llm["accepted"]
    assert sum(sum(r.values()) for r in proposals["rejected"].values()) == llm["rejected"]
    assert len(proposals["fallbacks"]) == llm["fallbacks"]
    assert all(f["type"] == "LLMCacheMiss" for f in proposals["fallbacks"])

    # the comparison table is printed: one row per metric, with both values
    assert "| metric | rules only | rules + LLM | change |" in printed
    assert "| line_f1 |" in printed and "## Proposals by field" in printed
    for name in ("rules-only", "with-llm"):
        assert (tmp_path / "a" / name / "report.md").is_file()


def test_rules_only_half_equals_a_plain_eval_and_carries_the_thresholds(
    tmp_path: Path, cache_copy: Path, no_network: list[Any]
) -> None:
    assert compare(tmp_path / "cmp", cache_copy, "--min", "line_f1=0.5") == 0
    assert main(["eval", str(SMOKE), "--out", str(tmp_path / "plain")]) == 0
    assert no_network == []

    plain = read_json(tmp_path / "plain" / "metrics.json")
    rules = read_json(tmp_path / "cmp" / "rules-only" / "metrics.json")
    with_llm = read_json(tmp_path / "cmp" / "with-llm" / "metrics.json")
    assert rules["summary"] == plain["summary"]
    comparison = read_json(tmp_path / "cmp" / "llm-comparison.json")
    assert {r["metric"]: r["rules_only"] for r in comparison["metrics"]} == plain["summary"]
    assert {r["metric"]: r["with_llm"] for r in comparison["metrics"]} == with_llm["summary"]
    # --min is checked on the rules-only run only
    assert [t["key"] for t in rules["thresholds"]] == ["line_f1"]
    assert with_llm["thresholds"] == []
    # the rules-only half never touched the LLM; the with-LLM half records it on every note
    rules_records = read_records(tmp_path / "cmp" / "rules-only" / "results.jsonl")
    assert all(r["llm"] is None for r in rules_records)
    assert all(r["llm"] for r in read_records(tmp_path / "cmp" / "with-llm" / "results.jsonl"))


def test_thresholds_gate_the_rules_only_run_not_the_llm_run(tmp_path: Path) -> None:
    from infusion_coder.evaluation.command import compare_llm, drug_name_resolver
    from infusion_coder.evaluation.gold import load_gold_located
    from infusion_coder.pipeline import Pipeline

    notes = [(gold, gold.to_note(where)) for where, gold in load_gold_located([SMOKE])]
    pipeline = Pipeline()

    def full(note: Any) -> dict[str, Any]:
        return pipeline.process(note).to_json()

    def without_lines(note: Any) -> dict[str, Any]:  # a rules run that coded nothing
        return {**full(note), "lines": []}

    def run(rules: Any, with_llm: Any, out: str) -> int:
        return compare_llm(
            notes, rules, with_llm, tmp_path / out, {"line_f1": 0.9},
            canonical=drug_name_resolver(), stream=io.StringIO(),
        )  # fmt: skip

    assert run(without_lines, full, "rules-bad") == 1
    assert run(full, without_lines, "llm-bad") == 0
    rows = {
        r["metric"]: r for r in read_json(tmp_path / "llm-bad" / "llm-comparison.json")["metrics"]
    }
    assert rows["line_f1"]["rules_only"] > 0.9 and rows["line_f1"]["with_llm"] == 0.0
    changed = read_json(tmp_path / "llm-bad" / "llm-comparison.json")["proposals"]["changed_notes"]
    assert changed and all(c["with_llm"] == [] for c in changed)


def test_a_replay_miss_falls_back_per_note_with_a_notice(
    tmp_path: Path, no_network: list[Any]
) -> None:
    from extraction.refine.cache import ResponseCache

    empty = tmp_path / "empty.sqlite"
    ResponseCache(empty).close()
    assert compare(tmp_path / "cmp", empty) == 0
    assert no_network == []

    data = read_json(tmp_path / "cmp" / "llm-comparison.json")
    asked = data["llm"]["notes"] - data["llm"]["nothing_to_ask"]
    assert asked >= 1 and data["llm"]["fallbacks"] == asked
    assert all(row["change"] == 0 for row in data["metrics"])
    records = read_records(tmp_path / "cmp" / "with-llm" / "results.jsonl")
    fell_back = [r for r in records if r["llm"]["status"] == "fallback"]
    assert len(fell_back) == asked
    for record in fell_back:
        notice = [n for n in record["notices"] if n["type"] == "llm_fallback"]
        assert len(notice) == 1 and "not in the cache" in notice[0]["message"]
    md = (tmp_path / "cmp" / "llm-comparison.md").read_text(encoding="utf-8")
    assert f"`{fell_back[0]['note_id']}`: cache_miss (LLMCacheMiss" in md


def test_compare_llm_needs_llm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(SMOKE), "--compare-llm", "--out", str(tmp_path)]) == 2
    assert "--compare-llm needs --llm" in capsys.readouterr().err
    assert not (tmp_path / "rules-only").exists()


def _record(note_id: str, lines: list[str], llm: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "note_id": note_id,
        "lines": [{"code": c, "units": 1, "modifiers": []} for c in lines],
        "llm": llm,
    }


def test_breakdown_counts_fields_reasons_fallbacks_and_changed_lines() -> None:
    rules = [_record("n1", ["96374"], None), _record("n2", ["96365"], None)]
    with_llm = [
        _record(
            "n1",
            ["96365", "96366"],
            {
                "status": "ok",
                "asked": [{"target": "A1", "field": "stop", "rule": "GAP-STOP"}],
                "accepted": [{"target": "A1", "field": "stop", "value": "11:15"}],
                "rejected": [
                    {"target": "A1", "field": "dose", "reason": "quote_not_found"},
                    {"target": "A1", "field": "dose", "reason": "quote_not_found"},
                    {"target": "A2", "field": "route", "reason": "not_asked"},
                ],
            },
        ),
        _record(
            "n2",
            ["96365"],
            {
                "status": "fallback",
                "asked": [{"target": "A1", "field": "site", "rule": "GAP-SITE"}],
                "error": {"kind": "timeout", "type": "LLMTimeout", "code": "EXT312"},
            },
        ),
    ]
    out = llm_breakdown(rules, with_llm)
    assert out["asked"] == {"GAP-SITE": 1, "GAP-STOP": 1}
    assert out["accepted"] == {"stop": 1}
    assert out["rejected"] == {"dose": {"quote_not_found": 2}, "route": {"not_asked": 1}}
    assert out["fallbacks"] == [
        {"note_id": "n2", "kind": "timeout", "type": "LLMTimeout", "code": "EXT312"}
    ]
    assert out["changed_notes"] == [
        {"note_id": "n1", "rules_only": ["96374 × 1"], "with_llm": ["96365 × 1", "96366 × 1"]}
    ]
    md = llm_breakdown_markdown(out)
    assert "| dose | 0 | 2 | quote_not_found 2 |" in md
    assert "| stop | 1 | 0 | — |" in md
    assert "- `n2`: timeout (LLMTimeout, EXT312)" in md
    assert "- `n1`: 96374 × 1 → 96365 × 1, 96366 × 1" in md
