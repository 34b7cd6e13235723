"""CSV exports for billing systems and spreadsheets: ``claim_lines.csv`` and ``findings.csv``.

One row per claim line / finding, streamed as results arrive (nothing is kept in memory), written
under ``<name>.tmp`` and renamed into place at ``close``. Rows are made from each note's
``results.jsonl`` record, so a resumed run (``add_record``) and a fresh one write the same rows.
Multi-valued cells (modifiers, administrations, evidence) are joined with ``"; "`` (``" | "``
for evidence text, which may itself contain ``;``); evidence offsets are half-open
``start:end`` into the note text, in the same order as the evidence labels and texts.

Spreadsheet safety: a free-text cell (note id, message, query, evidence text, trace) that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so that a
spreadsheet shows it as text instead of evaluating it as a formula (OWASP "CSV injection"). The
offsets columns always give the exact, unaltered location in the note.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from infusion_coder.models import NoteResult
from infusion_coder.writers import AtomicWriter, Summary

CLAIM_LINE_COLUMNS = (
    "note_id",
    "date_of_service",
    "line_no",
    "code",
    "units",
    "modifiers",
    "kind",
    "minutes",
    "rule",
    "administrations",
    "drugs",
    "trace",
    "rejected",
    "evidence_labels",
    "evidence_text",
    "evidence_offsets",
)

FINDING_COLUMNS = (
    "note_id",
    "date_of_service",
    "finding_no",
    "category",
    "severity",
    "rule",
    "message",
    "query",
    "administrations",
    "evidence_labels",
    "evidence_text",
    "evidence_offsets",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not evaluate as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _evidence(evidence: Sequence[dict[str, Any]]) -> tuple[str, str, str]:
    labels = "; ".join(str(e["label"]) for e in evidence)
    texts = cell(" | ".join(str(e["text"]) for e in evidence))
    offsets = "; ".join(f"{e['start']}:{e['end']}" for e in evidence)
    return labels, texts, offsets


def _joined(values: Sequence[object] | None, sep: str = "; ") -> str:
    return sep.join(str(v) for v in values or ())


class _CsvSink:
    """Rows from the ``results.jsonl`` form of each note, so the CSV always agrees with it."""

    columns: tuple[str, ...] = ()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer = AtomicWriter(path)
        self._csv = csv.writer(self._writer, lineterminator="\r\n")
        self._csv.writerow(self.columns)
        self.rows = 0
        self._closed = False

    def add(self, result: NoteResult) -> None:
        """Write the rows of a note processed in this run (none for error records)."""
        if result.coding is not None:
            self.add_record(result.to_json())

    def add_record(self, record: dict[str, Any]) -> None:
        """Write the rows of a ``results.jsonl`` record (a note of an earlier, resumed run)."""
        if self._closed:
            raise RuntimeError(f"{type(self).__name__} used after close()")
        for values in self._rows_of(record):
            self._csv.writerow(["" if v is None else v for v in values])
            self.rows += 1

    def _rows_of(self, record: dict[str, Any]) -> Iterator[Sequence[object]]:
        raise NotImplementedError

    def close(self, summary: Summary) -> None:
        """Rename the finished file into place (``summary`` is not used)."""
        if self._closed:
            return
        self._writer.commit()
        self._closed = True

    def abort(self) -> None:
        """Drop the partial file (a run that failed or was interrupted)."""
        if not self._closed:
            self._writer.abort()
            self._closed = True


class ClaimLinesCsvSink(_CsvSink):
    """``claim_lines.csv``: one row per claim line of every coded note.

    Args:
        path: the file to write (``DIR/claim_lines.csv``).
    """

    columns = CLAIM_LINE_COLUMNS

    def _rows_of(self, record: dict[str, Any]) -> Iterator[Sequence[object]]:
        drug_of = {
            a.get("id"): a.get("drug")
            for a in record.get("administrations") or ()
            if a.get("drug") is not None
        }
        for n, line in enumerate(record.get("lines") or (), start=1):
            labels, texts, offsets = _evidence(line.get("evidence") or ())
            admins = line.get("administrations") or ()
            drugs = dict.fromkeys(drug_of[a] for a in admins if a in drug_of)
            trace = " | ".join(f"{s['rule']}: {s['detail']}" for s in line.get("trace") or ())
            yield (
                cell(record.get("note_id")),
                record.get("date_of_service"),
                n,
                line["code"],
                line["units"],
                _joined(line.get("modifiers"), " "),
                line.get("kind"),
                line.get("minutes"),
                line.get("rule"),
                _joined(admins),
                _joined(list(drugs)),
                cell(trace),
                cell(_joined(line.get("rejected"), " | ")),
                labels,
                texts,
                offsets,
            )


class FindingsCsvSink(_CsvSink):
    """``findings.csv``: one row per finding of every coded note.

    Args:
        path: the file to write (``DIR/findings.csv``).
    """

    columns = FINDING_COLUMNS

    def _rows_of(self, record: dict[str, Any]) -> Iterator[Sequence[object]]:
        for n, finding in enumerate(record.get("findings") or (), start=1):
            labels, texts, offsets = _evidence(finding.get("evidence") or ())
            yield (
                cell(record.get("note_id")),
                record.get("date_of_service"),
                n,
                finding["category"],
                finding["severity"],
                finding.get("rule_id"),
                cell(finding.get("message")),
                cell(finding.get("query")),
                _joined(finding.get("administrations")),
                labels,
                texts,
                offsets,
            )
