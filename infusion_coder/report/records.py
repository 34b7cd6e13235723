"""Rebuild what a page needs from a ``results.jsonl`` record (a note of an earlier, resumed run).

The record holds the claim lines, findings and their evidence but not the note text, so such a
page lists the lines and findings without highlighting. It is only used when the page the
earlier run wrote is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from extraction.models import CharSpan
from infusion_coder.models import ErrorInfo, NoteResult, Notice
from validators.models import (
    Category,
    ClaimLine,
    CodingResult,
    Evidence,
    Finding,
    Severity,
    TraceStep,
)


def _evidence(items: Any) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            label=str(e["label"]),
            span=CharSpan(start=int(e["start"]), end=int(e["end"]), text=str(e["text"])),
        )
        for e in items or ()
    )


def result_from_record(record: dict[str, Any]) -> NoteResult:
    """A :class:`NoteResult` (without text or extraction) from its output record.

    Raises:
        KeyError, ValueError: the record does not follow the output contract.
    """
    error = record.get("error")
    dos = record.get("date_of_service")
    coding = None
    if record.get("status") == "ok":
        coding = CodingResult(
            lines=tuple(
                ClaimLine(
                    code=str(x["code"]),
                    units=int(x["units"]),
                    modifiers=tuple(x.get("modifiers") or ()),
                    admin_ids=tuple(x.get("administrations") or ()),
                    rule=str(x.get("rule") or ""),
                    kind=str(x.get("kind") or "administration"),
                    minutes=x.get("minutes"),
                    trace=tuple(TraceStep(**t) for t in x.get("trace") or ()),
                    rejected=tuple(x.get("rejected") or ()),
                    evidence=_evidence(x.get("evidence")),
                )
                for x in record.get("lines") or ()
            ),
            findings=tuple(
                Finding(
                    category=Category(f["category"]),
                    rule_id=str(f.get("rule_id") or ""),
                    severity=Severity(f["severity"]),
                    message=str(f.get("message") or ""),
                    admin_ids=tuple(f.get("administrations") or ()),
                    query=f.get("query"),
                    evidence=_evidence(f.get("evidence")),
                )
                for f in record.get("findings") or ()
            ),
        )
    return NoteResult(
        note_id=str(record["note_id"]),
        status=str(record["status"]),
        error=None if not error else ErrorInfo(type=error["type"], message=error["message"]),
        setting=record.get("setting"),
        payer=record.get("payer"),
        date_of_service=None if not dos else dt.date.fromisoformat(dos),
        coding=coding,
        notices=tuple(Notice(**n) for n in record.get("notices") or ()),
        llm=record.get("llm"),
        seconds=record.get("seconds"),
    )
