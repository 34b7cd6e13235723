"""End-to-end tests of ``infusion-coder run``: examples, acceptance notes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extraction.models import Note
from infusion_coder.cli import main

KETAMINE_NOTE = """Ketamine Infusion Visit
Date of service: 03/14/2026
CC: Here for ketamine infusion #4 for treatment-resistant depression.
PIV placed L AC 22g.
Zofran 4 mg IVP at 0925 for nausea prophylaxis.
Ketamine 35 mg IV infusion started 0930, stopped 1012. Tolerated well.
Assessment: Major depressive disorder, recurrent severe without psychotic features (F33.2).
"""


def run_cli(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    out = tmp_path / "out"
    code = main(["run", *args, "--out", str(out)])
    results_path = out / "results.jsonl"
    records = []
    if results_path.exists():
        records = [json.loads(line) for line in results_path.read_text("utf-8").splitlines()]
    return code, records


def codes(record: dict) -> dict[str, int]:
    return {line["code"]: line["units"] for line in record["lines"]}


def categories(record: dict) -> set[str]:
    return {finding["category"] for finding in record["findings"]}


def assert_spans_valid(record: dict, text: str) -> None:
    evidence = []
    for adm in record["administrations"]:
        evidence += adm["evidence"]
    for item in record["lines"] + record["findings"]:
        assert item["evidence"], f"{item} has no evidence"
        evidence += item["evidence"]
    for ev in evidence:
        assert text[ev["start"] : ev["end"]] == ev["text"], ev


def test_cli_examples_one_record_per_note_with_valid_spans(tmp_path, examples_dir):
    code, records = run_cli(tmp_path, str(examples_dir))
    notes = sorted(examples_dir.glob("*.txt"))
    assert code == 0
    assert [r["note_id"] for r in records] == [p.stem for p in notes]
    for record, path in zip(records, notes, strict=True):
        assert record["status"] == "ok", record["error"]
        assert_spans_valid(record, path.read_text("utf-8"))
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert summary["notes"] == len(notes)


def test_ketamine_infusion_with_zofran_push_codes_96365_and_96375(pipeline):
    result = pipeline.process(Note(note_id="k1", text=KETAMINE_NOTE, setting="office"))
    record = result.to_json()
    got = codes(record)
    assert got.get("96365") == 1
    assert got.get("96375") == 1
    assert "96374" not in got
    assert_spans_valid(record, KETAMINE_NOTE)
    line = next(item for item in record["lines"] if item["code"] == "96365")
    texts = {ev["text"] for ev in line["evidence"]}
    assert "0930" in texts and "1012" in texts
    assert any("Ketamine" in t for t in texts)
    push = next(item for item in record["lines"] if item["code"] == "96375")
    assert any("Zofran" in ev["text"] for ev in push["evidence"])


def test_fourteen_minute_infusion_is_coded_as_pushes(pipeline):
    text = KETAMINE_NOTE.replace("stopped 1012", "stopped 0944")
    record = pipeline.process(Note(note_id="k2", text=text, setting="office")).to_json()
    got = codes(record)
    assert "96365" not in got
    assert got.get("96374") == 1
    assert got.get("96375") == 1
    assert "infusion_15_min_or_less" in categories(record)
    assert_spans_valid(record, text)


def test_infusion_without_stop_time_gets_no_infusion_line(pipeline):
    text = KETAMINE_NOTE.replace(", stopped 1012", "")
    record = pipeline.process(Note(note_id="k3", text=text, setting="office")).to_json()
    assert "96365" not in codes(record)
    missing = [f for f in record["findings"] if f["category"] == "missing_stop_time"]
    assert missing, record["findings"]
    sentence_start = text.index("Ketamine 35 mg")
    sentence_end = text.index("Tolerated well")
    assert any(
        sentence_start <= ev["start"] and ev["end"] <= sentence_end for ev in missing[0]["evidence"]
    ), missing[0]["evidence"]
    assert_spans_valid(record, text)


def test_folder_with_binary_file_and_two_good_notes(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a_good.txt").write_text(KETAMINE_NOTE, encoding="utf-8")
    (folder / "b_binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "c_good.txt").write_text(KETAMINE_NOTE.replace("0925", "0926"), encoding="utf-8")
    code, records = run_cli(tmp_path, str(folder))
    assert code == 0
    assert [r["note_id"] for r in records] == ["a_good", "b_binary", "c_good"]
    assert [r["status"] for r in records] == ["ok", "error", "ok"]
    assert records[1]["error"]["type"] in {"binary_file", "decode_error"}


@pytest.mark.parametrize(
    ("filename", "payload", "error_type"),
    [
        ("empty.txt", b"", "empty_note"),
        ("blank.txt", b"   \n\n  ", "empty_note"),
        ("latin1.txt", "Zofran 4 mg IVP at 0925, pt caf\u00e9".encode("latin-1"), "decode_error"),
    ],
    ids=["empty", "whitespace-only", "not-utf8"],
)
def test_bad_text_file_becomes_error_record(tmp_path, filename, payload, error_type):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / filename).write_bytes(payload)
    (folder / "zz_good.txt").write_text(KETAMINE_NOTE, encoding="utf-8")
    code, records = run_cli(tmp_path, str(folder))
    assert code == 0
    assert len(records) == 2
    bad = records[0]
    assert bad["status"] == "error"
    assert bad["error"]["type"] == error_type
    assert bad["error"]["message"]
    assert records[1]["status"] == "ok"


def test_jsonl_bad_lines_are_reported_and_good_ones_processed(tmp_path):
    path = tmp_path / "notes.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": KETAMINE_NOTE, "setting": "facility", "payer": "medicare"}),
        "{not json",
        json.dumps({"id": "n3", "body": "no text key"}),
        json.dumps({"id": "n4", "text": KETAMINE_NOTE, "unknown_key": 1}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, records = run_cli(tmp_path, str(path), "--payer", "commercial")
    assert code == 0
    assert [r["note_id"] for r in records] == ["n1", "notes:2", "n3", "n4"]
    assert [r["status"] for r in records] == ["ok", "error", "error", "ok"]
    assert records[1]["error"]["type"] == "invalid_json"
    assert records[2]["error"]["type"] == "missing_text"
    assert records[0]["setting"] == "facility" and records[0]["payer"] == "medicare"
    assert records[3]["setting"] == "office" and records[3]["payer"] == "commercial"


def test_missing_input_path_exits_non_zero_naming_it(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    code = main(["run", str(missing), "--out", str(tmp_path / "out")])
    assert code != 0
    assert "nope.txt" in capsys.readouterr().err
    assert not (tmp_path / "out" / "results.jsonl").exists()


def test_console_script_help_explains_options():
    proc = subprocess.run(
        [sys.executable, "-m", "infusion_coder", "run", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in ("--out", "--setting", "--payer", "--dos"):
        assert option in proc.stdout
    assert "primary reason" in proc.stdout
