"""Reporters: every disagreement reaches report.md with its rule; no note text on screen."""

from __future__ import annotations

import json
import warnings

import pytest

from infusion_coder.evaluation.reporters import check_thresholds, to_json, to_markdown, to_table
from infusion_coder.evaluation.scoring import METRICS, EmptyDenominatorWarning, pair_records, score

NOTE = """HOPD Infusion Center - Nursing Administration Record
Patient: Rivera, Sam (fictional)   DOS 06/02/2025
Dx: dehydration (E86.0), gastroenteritis; vomiting x3 days, poor PO intake.
PIV 20g L forearm.
NS 1000 mL IV bolus started 08:40 stopped 10:15.
Ondansetron 4 mg IV infusion started 09:00, stopped 09:12 for nausea.
"""


def at(phrase: str) -> list[int]:
    start = NOTE.index(phrase)
    return [start, start + len(phrase)]


def ev(phrase: str, label: str) -> dict:
    start, end = at(phrase)
    return {"start": start, "end": end, "text": phrase, "label": label}


GOLD = {
    "id": "hopd-7",
    "text": NOTE,
    "setting": "facility",
    "payer": "medicare",
    "date_of_service": "2025-06-02",
    "billed": None,
    "gold": {
        "lines": [
            {"code": "96374", "units": 1, "modifiers": []},
            {"code": "96361", "units": 1, "modifiers": []},
            {"code": "J2405", "units": 4, "modifiers": []},
        ],
        "findings": ["infusion_15_min_or_less"],
        "administrations": [
            {"drug": "normal saline", "status": "given", "start": "08:40", "stop": "10:15"},
            {
                "drug": "ondansetron",
                "status": "given",
                "start": "09:00",
                "stop": "09:12",
                "spans": {"drug": at("Ondansetron"), "start": at("09:00"), "stop": at("09:12")},
            },
        ],
        "rationale": "12-minute ondansetron infusion is a push (96374 initial by hierarchy).",
    },
}


def produced() -> dict:
    return {
        "note_id": "hopd-7",
        "status": "ok",
        "error": None,
        "administrations": [
            {
                "id": "A1",
                "drug": "normal saline",
                "status": "given",
                "start": "08:40",
                "stop": "10:15",
                "reasons": [],
                "evidence": [ev("NS", "drug"), ev("08:40", "start"), ev("10:15", "stop")],
            },
            {
                "id": "A2",
                "drug": "ondansetron",
                "status": "given",
                "start": "09:00",
                "stop": "09:21",
                "reasons": ["infusion 21 min"],
                "evidence": [ev("Ondansetron 4 mg", "drug"), ev("09:00", "start")],
            },
        ],
        "lines": [
            {
                "code": "96365",
                "units": 1,
                "modifiers": [],
                "rule": "DA-CODE-010",
                "trace": [{"rule": "DA-CODE-001", "detail": "tier"}, {"rule": "DA-CODE-010"}],
                "rejected": ["96374: 21 min > 15"],
                "evidence": [ev("Ondansetron", "drug")],
            },
            {
                "code": "96361",
                "units": 1,
                "modifiers": [],
                "rule": "DA-CODE-030",
                "trace": [],
                "rejected": [],
                "evidence": [ev("NS 1000 mL", "drug")],
            },
            {
                "code": "J2405",
                "units": 4,
                "modifiers": [],
                "rule": "DA-DRUG-001",
                "trace": [],
                "rejected": [],
                "evidence": [ev("Ondansetron", "drug")],
            },
        ],
        "findings": [
            {
                "category": "missing_waste_documentation",
                "rule_id": "DA-DRUG-120",
                "severity": "warning",
                "message": "Medicare single-dose drug without waste documentation",
                "evidence": [{"start": 3, "end": 9, "text": "XXXXXX", "label": "drug"}],
            }
        ],
        "seconds": 0.02,
    }


@pytest.fixture
def scored():
    pairs = pair_records([GOLD], [produced()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDenominatorWarning)
        return pairs, score(pairs)


def test_markdown_lists_every_disagreement_with_expected_produced_and_rule(scored):
    pairs, scores = scored
    report = to_markdown(scores, pairs)
    assert "### `hopd-7` (facility, medicare, 2025-06-02)" in report
    assert "12-minute ondansetron infusion is a push" in report  # rationale shown
    rows = [r for r in report.splitlines() if r.startswith("| ")]
    expected_rows = {
        "admin line": ("96374 × 1", "96365 × 1", "DA-CODE-010"),
        "finding": ("infusion_15_min_or_less", "—", "no rule fired"),
        "stop time of ondansetron": ("09:12", "09:21", "administration A2"),
        "drug span (exact)": ("`Ondansetron`", "overlaps only", "—"),
        "stop span (exact)": ("`09:12`", "none overlaps", "—"),
        "invalid evidence": ("valid offsets", "findings[0].evidence[0]", "differs"),
    }
    for what, (expected, got, rule) in expected_rows.items():
        matching = [r for r in rows if r.startswith(f"| {what} |")]
        assert any(expected in r and got in r and rule in r for r in matching), (what, matching)
    confusion_row = next(r for r in rows if r.startswith("| admin line |"))
    assert "trace DA-CODE-001 → DA-CODE-010" in confusion_row
    assert "rejected: 96374: 21 min > 15" in confusion_row
    spurious = next(r for r in rows if r.startswith("| finding | — | missing_waste"))
    assert "DA-DRUG-120: Medicare single-dose drug" in spurious
    assert "1 of 1 notes have at least one disagreement" in report


def test_markdown_of_a_perfect_run_has_no_disagreement_rows():
    perfect = produced()
    perfect["lines"][0] = dict(perfect["lines"][0], code="96374")
    perfect["findings"] = [
        {
            "category": "infusion_15_min_or_less",
            "rule_id": "DA-TIME-015",
            "evidence": [ev("Ondansetron", "drug")],
        }
    ]
    perfect["administrations"][1].update(stop="09:12")
    perfect["administrations"][1]["evidence"] = [
        ev("Ondansetron", "drug"),
        ev("09:00", "start"),
        ev("09:12", "stop"),
    ]
    pairs = pair_records([GOLD], [perfect])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDenominatorWarning)
        scores = score(pairs)
    assert scores.summary()["line_f1"] == 1.0
    report = to_markdown(scores, pairs)
    assert "0 of 1 notes have at least one disagreement" in report
    assert "### `hopd-7`" not in report


def test_metrics_json_has_every_metric_key_and_is_serialisable(scored):
    _, scores = scored
    thresholds = check_thresholds(scores, {"line_f1": 0.95, "evidence_validity": 1.0})
    data = json.loads(json.dumps(to_json(scores, thresholds, {"gold": "x.jsonl"})))
    assert set(data["summary"]) == set(METRICS) == set(data["metric_keys"])
    assert data["admin_lines"]["confusion"] == [
        {
            "note_id": "hopd-7",
            "expected": ["96374", 1],
            "produced": ["96365", 1],
            "gold_index": 0,
            "produced_index": 0,
        }
    ]
    assert data["findings"]["micro"]["misses"][0]["key"] == ["infusion_15_min_or_less"]
    assert data["evidence"]["validity"]["errors"][0]["where"] == "findings[0].evidence[0]"
    assert [(t["key"], t["passed"]) for t in data["thresholds"]] == [
        ("line_f1", False),
        ("evidence_validity", False),
    ]
    assert data["run"] == {"gold": "x.jsonl"}


def test_terminal_table_shows_figures_but_never_note_text(scored):
    _, scores = scored
    table = to_table(scores, check_thresholds(scores, {"drug_line_f1": 0.9}))
    assert "admin lines (code, units)" in table and "96365" in table
    assert "ok   drug_line_f1 = 1.0000 >= 0.9" in table
    for phrase in ("Rivera", "dehydration", "gastroenteritis", "Ondansetron 4 mg"):
        assert phrase not in table


def test_check_thresholds_rejects_unknown_keys(scored):
    _, scores = scored
    with pytest.raises(KeyError):
        check_thresholds(scores, {"line_f2": 0.5})


def test_missed_line_shows_why_the_program_coded_nothing():
    record = produced()
    del record["lines"][1]  # 96361 for the saline not produced
    record["administrations"][0].update(
        billable=False, reasons=["hydration overlaps the ondansetron infusion: 0 min left"]
    )
    pairs = pair_records([GOLD], [record])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyDenominatorWarning)
        report = to_markdown(score(pairs), pairs)
    assert "| admin line | 96361 × 1 | — | — |" in report
    assert (
        "| not coded | — | normal saline given 08:40–10:15 | administration A1: hydration "
        "overlaps the ondansetron infusion: 0 min left |"
    ) in report
