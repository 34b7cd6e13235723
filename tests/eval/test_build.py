"""eval_sets/build.py: validated, deterministic JSONL from the labelled modules."""

from __future__ import annotations

import json

import pytest

from eval_sets import build as builder
from infusion_coder.evaluation.gold import GoldFormatError

TEXT = (
    "Urgent care. 34 y/o with migraine x2 days, N/V, unable to keep fluids down.\n"
    "IV 20g L AC. Toradol 30 mg IVP at 14:10. Reglan 10 mg IVP at 14:12.\n"
    "Dx: migraine without aura, not intractable (G43.009).\n"
)


def note(note_id: str, **changes) -> dict:
    record = {
        "text": TEXT,
        "id": note_id,
        "setting": "office",
        "payer": "commercial",
        "date_of_service": "2025-11-02",
        "billed": None,
        "gold": {
            "lines": [
                {"code": "96374", "units": 1, "modifiers": []},
                {"code": "96375", "units": 1, "modifiers": []},
                {"code": "J1885", "units": 2, "modifiers": []},
                {"code": "J2765", "units": 1, "modifiers": []},
            ],
            "findings": [],
            "administrations": [],
            "rationale": "two pushes: initial 96374 + 96375",
        },
    }
    record.update(changes)
    return record


def test_render_writes_one_sorted_line_per_note_and_is_deterministic():
    records = [note("uc-1"), note("uc-2")]
    text = builder.render(records, "dev_a")
    lines = text.splitlines()
    assert len(lines) == 2 and text.endswith("\n")
    first = json.loads(lines[0])
    assert list(first) == sorted(first)
    assert first["text"] == TEXT  # newlines survive inside the JSON string
    assert builder.render([dict(reversed(list(r.items()))) for r in records], "x") == text


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([note("uc-1"), note("uc-1")], r"dev_a\[1\]: note id 'uc-1' repeats"),
        ([note("uc-1", setting="urgent care")], r"dev_a\[0\] \(id 'uc-1'\): setting"),
    ],
    ids=["repeated-id", "invalid-record"],
)
def test_render_rejects_bad_records_naming_module_and_index(records, message):
    with pytest.raises(GoldFormatError, match=message):
        builder.render(records, "dev_a")


def test_build_writes_targets_skips_missing_modules_and_checks(tmp_path, monkeypatch, capsys):
    package = tmp_path / "labels_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "part_a.py").write_text(f"NOTES = [{note('a-1')!r}]\n")
    (package / "part_b.py").write_text(f"NOTES = [{note('b-1')!r}, {note('b-2')!r}]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(
        builder,
        "TARGETS",
        {
            "dev.jsonl": ("labels_pkg.part_a", "labels_pkg.part_b"),
            "smoke.jsonl": ("labels_pkg.not_written_yet",),
        },
    )
    out = tmp_path / "out"
    out.mkdir()
    assert builder.build(out) == 1  # smoke skipped
    assert "skipped smoke.jsonl: labels_pkg.not_written_yet not found" in capsys.readouterr().err
    ids = [json.loads(x)["id"] for x in (out / "dev.jsonl").read_text("utf-8").splitlines()]
    assert ids == ["a-1", "b-1", "b-2"]
    monkeypatch.setitem(builder.TARGETS, "smoke.jsonl", ("labels_pkg.part_a",))
    assert builder.build(out, check=True) == 1  # smoke.jsonl not written yet
    assert builder.build(out) == 0
    assert builder.build(out, check=True) == 0
    (out / "dev.jsonl").write_text("", encoding="utf-8")
    assert builder.build(out, check=True) == 1
    assert "is stale" in capsys.readouterr().err
