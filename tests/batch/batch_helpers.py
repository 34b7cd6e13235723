"""Helpers of the batch tests: realistic notes and checks of results.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

KETAMINE = """Ketamine Infusion Visit
Date of service: 03/14/2026
CC: Here for ketamine infusion #{n} for treatment-resistant depression.
PIV placed L AC 22g.
Zofran 4 mg IVP at 0925 for nausea prophylaxis.
Ketamine 35 mg IV infusion started 0930, stopped 1012. Tolerated well.
Assessment: Major depressive disorder, recurrent severe without psychotic features (F33.2).
"""

HYDRATION = """Infusion clinic note {n}
Pt with vomiting x2 days, dry mucous membranes, orthostatic. Dx: dehydration (E86.0).
NS 1000 mL IV started 13:05, completed 14:20 via 20g R forearm.
Toradol 30 mg IV push at 13:10 for headache.
Discharged home in stable condition.
"""

INJECTION = """Clinic visit {n}
Invega Sustenna 234 mg IM right deltoid at 10:15 for schizophrenia (F20.9).
Lot 12345, exp 2027-01. No waste. Pt tolerated injection.
"""

TEMPLATES = (KETAMINE, HYDRATION, INJECTION)


def note_text(n: int) -> str:
    """The n-th realistic note of the test batches (three kinds, numbered)."""
    return TEMPLATES[n % len(TEMPLATES)].format(n=n)


def read_records(path: Path) -> list[dict]:
    """Every line of a results.jsonl, each checked to be one complete JSON record."""
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "results.jsonl ends in a torn line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def without_timing(records: list[dict]) -> list[dict]:
    """Records minus ``seconds`` (each note's wall time: the one field that may differ)."""
    return [{k: v for k, v in r.items() if k != "seconds"} for r in records]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
