"""Output writers: ``results.jsonl`` (the contract), the run summary.

Files are written under a temporary name and renamed into place, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from infusion_coder.models import NoteResult


def dumps(obj: Any) -> str:
    """One JSON line (UTF-8 kept readable, stable key order as produced)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class AtomicWriter:
    """Write a text file under ``<name>.tmp`` and rename it into place on :meth:`commit`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + ".tmp")
        self.handle: IO[str] = self.tmp.open("w", encoding="utf-8", newline="\n")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        self.tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    writer = AtomicWriter(path)
    try:
        writer.write(text)
    except BaseException:
        writer.abort()
        raise
    writer.commit()


@dataclass
class Summary:
    """Counts over a run, printed at the end and written to ``summary.json``."""

    notes: int = 0
    errors: int = 0
    lines_by_code: Counter[str] = field(default_factory=Counter)
    units_by_code: Counter[str] = field(default_factory=Counter)
    findings_by_category: Counter[str] = field(default_factory=Counter)
    findings_by_severity: Counter[str] = field(default_factory=Counter)
    errors_by_type: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, result: NoteResult) -> None:
        self.notes += 1
        if result.status != "ok":
            self.errors += 1
            self.errors_by_type[result.error.type if result.error else "unknown"] += 1
            return
        if result.coding is None:
            return
        for line in result.coding.lines:
            self.lines_by_code[line.code] += 1
            self.units_by_code[line.code] += line.units
        for finding in result.coding.findings:
            self.findings_by_category[finding.category.value] += 1
            self.findings_by_severity[finding.severity.value] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "errors": self.errors,
            "notes_per_second": round(self.notes / self.seconds, 2) if self.seconds else None,
            "seconds": round(self.seconds, 3),
            "lines_by_code": dict(sorted(self.lines_by_code.items())),
            "units_by_code": dict(sorted(self.units_by_code.items())),
            "findings_by_category": dict(self.findings_by_category.most_common()),
            "findings_by_severity": dict(self.findings_by_severity.most_common()),
            "errors_by_type": dict(self.errors_by_type.most_common()),
        }

    def render(self) -> str:
        """A short human summary for the terminal."""
        rate = f" ({self.notes / self.seconds:.1f} notes/s)" if self.seconds else ""
        out = [f"notes: {self.notes}{rate}   errors: {self.errors}"]
        if self.lines_by_code:
            codes = ", ".join(
                f"{code}×{self.units_by_code[code]} ({n} lines)"
                for code, n in sorted(self.lines_by_code.items())
            )
            out.append(f"lines by code: {codes}")
        else:
            out.append("lines by code: none")
        if self.findings_by_category:
            cats = ", ".join(f"{c} {n}" for c, n in self.findings_by_category.most_common())
            out.append(f"findings by category: {cats}")
        else:
            out.append("findings by category: none")
        if self.errors_by_type:
            errs = ", ".join(f"{t} {n}" for t, n in self.errors_by_type.most_common())
            out.append(f"errors by type: {errs}")
        return "\n".join(out)


def write_results(results: Iterable[NoteResult], path: Path) -> Summary:
    """Write ``results.jsonl`` atomically and return the summary of what was written."""
    summary = Summary()
    writer = AtomicWriter(path)
    try:
        for result in results:
            writer.write(dumps(result.to_json()) + "\n")
            summary.add(result)
    except BaseException:
        writer.abort()
        raise
    writer.commit()
    return summary


class ResultSink(Protocol):
    """Anything that consumes results as they complete (results.jsonl, CSV, the review report).

    The run calls :meth:`add` once per note in input order, then :meth:`close` once with the
    run summary. A sink must not keep every result in memory (runs have millions of notes).
    """

    def add(self, result: NoteResult) -> None: ...

    def close(self, summary: Summary) -> None: ...
