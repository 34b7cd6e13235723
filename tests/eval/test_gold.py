"""The gold loader: valid records load, and every labelling mistake names file:line."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from extraction.models import BilledLine
from infusion_coder.evaluation.gold import (
    GoldFormatError,
    load_gold,
    load_gold_located,
    read_gold_file,
)

NOTE = """Infusion Suite — Nursing Note
Pt: Test, Alex (fictional)  DOB 01/02/1980
Reason for visit: IV iron for iron deficiency anemia (D50.9).
PIV 22g R forearm placed 1:1 by RN.
Ferric carboxymaltose 750 mg in 250 mL NS IVPB started 10:05, completed 10:24.
Entire vial administered, no waste.
Tolerated well, discharged ambulatory at 10:55.
"""


def span(phrase: str) -> list[int]:
    start = NOTE.index(phrase)
    return [start, start + len(phrase)]


def record(**changes) -> dict:
    base = {
        "id": "iron-001",
        "text": NOTE,
        "setting": "office",
        "payer": "medicare",
        "date_of_service": "2025-09-16",
        "billed": [{"code": "96365", "units": 1, "modifiers": []}, {"code": "J1439", "units": 750}],
        "gold": {
            "lines": [
                {"code": "96365", "units": 1, "modifiers": []},
                {"code": "J1439", "units": 750, "modifiers": ["JZ"]},
            ],
            "findings": [],
            "administrations": [
                {
                    "drug": "ferric carboxymaltose",
                    "technique": "infusion",
                    "route": "IV",
                    "status": "given",
                    "purpose": None,
                    "start": "10:05",
                    "stop": "10:24",
                    "minutes": 19,
                    "billable": True,
                    "spans": {
                        "drug": span("Ferric carboxymaltose"),
                        "start": span("10:05"),
                        "stop": span("10:24"),
                    },
                }
            ],
            "rationale": "19-minute infusion: 96365; 750 mg J1439 per 1 mg with JZ (Medicare).",
        },
    }
    base.update(changes)
    return base


def write(path: Path, *records: object) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_valid_record_loads_with_extra_top_level_keys(tmp_path):
    path = write(tmp_path / "gold.jsonl", record(source_system="eClinicalWorks", mrn_hash="ab12"))
    [note] = load_gold([path])
    assert note.id == "iron-001"
    assert note.gold.lines[1].modifiers == ("JZ",)
    assert note.gold.administrations[0].spans.drug == tuple(span("Ferric carboxymaltose"))
    assert note.record()["source_system"] == "eClinicalWorks"


def test_to_note_carries_context_but_never_the_labels(tmp_path):
    [(where, gold)] = load_gold_located([write(tmp_path / "g.jsonl", record())])
    assert where == f"{tmp_path / 'g.jsonl'}:1"
    note = gold.to_note(where)
    assert note.note_id == "iron-001" and note.text == NOTE
    assert (note.setting, note.payer) == ("office", "medicare")
    assert note.date_of_service == dt.date(2025, 9, 16)
    assert note.billed == (BilledLine(code="96365", units=1), BilledLine(code="J1439", units=750))
    dumped = json.dumps(note.model_dump(mode="json"))
    assert "gold" not in note.model_dump() and "19-minute" not in dumped


def test_minimal_record_defaults(tmp_path):
    minimal = {
        "id": "m1",
        "text": NOTE,
        "setting": "facility",
        "gold": {"lines": [], "findings": ["missing_diagnosis"]},
    }
    [note] = read_gold_file(write(tmp_path / "g.jsonl", minimal))
    assert note.payer is None and note.billed is None and note.gold.administrations == ()


def mutate(path: str, value: object):
    """A change to the base record at a dotted path ('gold.lines.0.units')."""

    def apply(obj: dict) -> dict:
        obj = copy.deepcopy(obj)
        *parents, last = path.split(".")
        target = obj
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        elif value is KeyError:
            del target[last]
        else:
            target[last] = value
        return obj

    return apply


BAD = [
    ("span-past-end", mutate("gold.administrations.0.spans.stop", [len(NOTE) - 2, len(NOTE) + 3]),
     "outside the note"),
    ("span-empty", mutate("gold.administrations.0.spans.start", [40, 40]), "empty"),
    ("span-reversed", mutate("gold.administrations.0.spans.start", [44, 40]), "empty"),
    ("span-negative", mutate("gold.administrations.0.spans.drug", [-1, 4]), "outside the note"),
    ("span-whitespace", mutate("gold.administrations.0.spans.drug", [NOTE.index("\n"),
     NOTE.index("\n") + 1]), "only whitespace"),
    ("span-without-value", mutate("gold.administrations.0.stop", None), "spans.stop is given"),
    ("start-span-no-start", mutate("gold.administrations.0.start", None), "spans.start is given"),
    ("unknown-category", mutate("gold.findings", ["missing_time"]), "unknown finding categor"),
    ("repeated-category", mutate("gold.findings", ["missing_site", "missing_site"]),
     "more than once"),
    ("iv-solution-line", mutate("gold.lines.0", {"code": "J7050", "units": 1}), "not scored"),
    ("em-line", mutate("gold.lines.0", {"code": "99213", "units": 1}), "not scored"),
    ("lowercase-code", mutate("gold.lines.0", {"code": "j1439", "units": 1}), "upper case"),
    ("zero-units", mutate("gold.lines.0.units", 0), "greater than or equal to 1"),
    ("bad-modifier", mutate("gold.lines.1.modifiers", ["jz"]), "modifier 'jz'"),
    ("bad-time", mutate("gold.administrations.0.start", "9:30"), "not HH:MM"),
    ("bad-technique", mutate("gold.administrations.0.technique", "drip"), "technique 'drip'"),
    ("bad-status", mutate("gold.administrations.0.status", "done"), "status 'done'"),
    ("typo-in-gold", mutate("gold.finding", ["missing_site"]), "gold.finding"),
    ("typo-in-admin", mutate("gold.administrations.0.strat", "10:05"), "strat"),
    ("bad-setting", mutate("setting", "hospital"), "setting"),
    ("missing-setting", mutate("setting", KeyError), "setting"),
    ("missing-gold", mutate("gold", KeyError), "gold"),
    ("empty-text", mutate("text", "   \n"), "empty"),
    ("bad-date", mutate("date_of_service", "03/14/2026"), "date_of_service"),
    ("empty-drug", mutate("gold.administrations.0.drug", " "), "empty string"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_invalid_record_names_file_line_and_problem(tmp_path, change, message):
    other = record(id="iron-000")
    path = write(tmp_path / "dev.jsonl", other, change(record()))
    with pytest.raises(GoldFormatError) as info:
        load_gold([path])
    text = str(info.value)
    assert f"{path}:2" in text
    assert message in text


def test_line_that_is_not_json_is_named(tmp_path):
    path = write(tmp_path / "g.jsonl", record(), '{"id": "x", "text": ')
    with pytest.raises(GoldFormatError, match=r"g\.jsonl:2: not JSON"):
        load_gold([path])


def test_blank_lines_are_skipped_and_line_numbers_stay_true(tmp_path):
    path = write(tmp_path / "g.jsonl", record(id="a"), "", record(id="b", setting="clinic"))
    with pytest.raises(GoldFormatError, match=r"g\.jsonl:3 \(id 'b'\)"):
        load_gold([path])


def test_repeated_id_across_files_names_both_places(tmp_path):
    first = write(tmp_path / "a.jsonl", record())
    second = write(tmp_path / "b.jsonl", record(id="other"), record())
    with pytest.raises(GoldFormatError) as info:
        load_gold([first, second])
    assert f"{second}:2" in str(info.value) and f"first at {first}:1" in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.jsonl", None, "cannot read"),
        ("empty.jsonl", b"\n\n", "no gold notes found"),
        ("latin1.jsonl", '{"id": "caf\u00e9"}'.encode("latin-1"), "not UTF-8"),
        ("list.jsonl", b"[1, 2]\n", "must be a JSON object"),
    ],
)
def test_unreadable_files_raise_gold_format_error(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(GoldFormatError, match=message):
        load_gold([path])


def test_unnamed_drug_may_carry_the_span_of_its_mention(tmp_path):
    text = NOTE + "Antiemetic 4 mg IVP at 10:30 per protocol.\n"
    start = text.index("Antiemetic")
    unnamed = {"drug": None, "technique": "push", "start": "10:30"}
    unnamed["spans"] = {"drug": [start, start + len("Antiemetic")]}
    base = record(text=text)
    base["gold"]["administrations"].append(unnamed)
    [note] = load_gold([write(tmp_path / "g.jsonl", base)])
    assert note.gold.administrations[1].drug is None
