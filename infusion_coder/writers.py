"""Output writers: ``results.jsonl`` (the contract), the run summary.

Files are written under a temporary name and renamed into place, so a reader never sees a
half-written file.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
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


@dataclass(frozen=True, slots=True)
class Tally:
    """What the summary counts of one note, taken from its ``results.jsonl`` record.

    Small enough to send back from a worker with the record line, and rebuilt from the lines
    already in ``results.jsonl`` when a run is resumed.
    """

    note_id: str
    status: str
    error_type: str | None = None
    lines: tuple[tuple[str, int], ...] = ()
    findings: tuple[tuple[str, str], ...] = ()
    notices: tuple[str, ...] = ()
    llm: tuple[tuple[str, float], ...] = ()  # LLM usage of the note (see :func:`llm_usage`)

    @classmethod
    def of(cls, record: dict[str, Any]) -> Tally:
        """The tally of one output record (a ``NoteResult.to_json()`` object)."""
        error = record.get("error") or {}
        return cls(
            note_id=str(record.get("note_id")),
            status=str(record.get("status")),
            error_type=error.get("type") if record.get("status") != "ok" else None,
            lines=tuple(
                (str(x["code"]), int(x.get("units") or 0)) for x in record.get("lines") or ()
            ),
            findings=tuple(
                (str(f["category"]), str(f["severity"])) for f in record.get("findings") or ()
            ),
            notices=tuple(str(n["type"]) for n in record.get("notices") or ()),
            llm=tuple(sorted(llm_usage(record.get("llm")).items())),
        )


def llm_usage(llm: dict[str, Any] | None) -> dict[str, float]:
    """Token, request and cost counts of one note's ``llm`` record (empty without the LLM).

    Tokens answered from the cache are counted apart: they cost nothing on this run.
    """
    if not llm:
        return {}
    tokens = llm.get("tokens") or {}
    cached = bool(llm.get("cached"))
    prefix = "cached_" if cached else ""
    usage: dict[str, float] = {
        "notes": 1,
        "cache_hits": int(cached),
        "requests_sent": 0 if cached else int(tokens.get("requests") or 0),
        "fallbacks": int(llm.get("status") == "fallback"),
        "accepted": len(llm.get("accepted") or ()),
        "rejected": len(llm.get("rejected") or ()),
        f"{prefix}prompt_tokens": int(tokens.get("prompt_tokens") or 0),
        f"{prefix}completion_tokens": int(tokens.get("completion_tokens") or 0),
        f"{prefix}total_tokens": int(tokens.get("total_tokens") or 0),
    }
    if llm.get("cost_usd") is not None and not cached:
        usage["cost_usd"] = float(llm["cost_usd"])
    return usage


@dataclass
class Summary:
    """Counts over a run, printed at the end and written to ``summary.json``.

    ``notes`` counts every record in ``results.jsonl``; on a resumed run that includes the
    ``resumed`` records written before, while ``processed`` (and the rate) count this run only.
    """

    notes: int = 0
    errors: int = 0
    lines_by_code: Counter[str] = field(default_factory=Counter)
    units_by_code: Counter[str] = field(default_factory=Counter)
    findings_by_category: Counter[str] = field(default_factory=Counter)
    findings_by_severity: Counter[str] = field(default_factory=Counter)
    findings_by_category_severity: dict[str, Counter[str]] = field(default_factory=dict)
    errors_by_type: Counter[str] = field(default_factory=Counter)
    notices_by_type: Counter[str] = field(default_factory=Counter)
    skipped_resources: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    processed: int = 0
    resumed: int = 0
    workers: int | None = None
    outputs_failed: list[str] = field(default_factory=list)
    llm: Counter[str] = field(default_factory=Counter)  # summed :func:`llm_usage` of every note

    def add(self, result: NoteResult) -> None:
        """Count one note processed in this run."""
        self.processed += 1
        self._count(
            result.status,
            result.error.type if result.error else "unknown",
            ()
            if result.coding is None
            else [(line.code, line.units) for line in result.coding.lines],
            ()
            if result.coding is None
            else [(f.category.value, f.severity.value) for f in result.coding.findings],
            [n.type for n in result.notices],
        )
        self.llm.update(llm_usage(result.llm))

    def add_tally(self, tally: Tally, *, resumed: bool = False) -> None:
        """Count one note from its tally (``resumed``: written by an earlier run)."""
        if resumed:
            self.resumed += 1
        else:
            self.processed += 1
        self._count(
            tally.status, tally.error_type or "unknown", tally.lines, tally.findings, tally.notices
        )
        self.llm.update(dict(tally.llm))

    def _count(
        self,
        status: str,
        error_type: str,
        lines: Iterable[tuple[str, int]],
        findings: Iterable[tuple[str, str]],
        notices: Iterable[str],
    ) -> None:
        self.notes += 1
        for notice in notices:
            self.notices_by_type[notice] += 1
        if status != "ok":
            self.errors += 1
            self.errors_by_type[error_type] += 1
            return
        for code, units in lines:
            self.lines_by_code[code] += 1
            self.units_by_code[code] += units
        for category, severity in findings:
            self.findings_by_category[category] += 1
            self.findings_by_severity[severity] += 1
            self.findings_by_category_severity.setdefault(category, Counter())[severity] += 1

    @property
    def notes_per_second(self) -> float | None:
        """Notes processed per second in this run (resumed records excluded)."""
        done = self.processed if (self.processed or self.resumed) else self.notes
        return done / self.seconds if self.seconds else None

    def to_json(self) -> dict[str, Any]:
        rate = self.notes_per_second
        return {
            "notes": self.notes,
            "errors": self.errors,
            "notes_per_second": None if rate is None else round(rate, 2),
            "seconds": round(self.seconds, 3),
            "lines_by_code": dict(sorted(self.lines_by_code.items())),
            "units_by_code": dict(sorted(self.units_by_code.items())),
            "findings_by_category": dict(self.findings_by_category.most_common()),
            "findings_by_severity": dict(self.findings_by_severity.most_common()),
            "findings_by_category_and_severity": {
                category: dict(sorted(counts.items()))
                for category, counts in sorted(self.findings_by_category_severity.items())
            },
            "errors_by_type": dict(self.errors_by_type.most_common()),
            "notices_by_type": dict(self.notices_by_type.most_common()),
            "processed": self.processed,
            "resumed": self.resumed,
            "workers": self.workers,
            "skipped_resources": dict(self.skipped_resources.most_common()),
            "outputs_failed": list(self.outputs_failed),
            "llm": None
            if not self.llm
            else {key: round(value, 6) for key, value in sorted(self.llm.items())},
        }

    def render(self) -> str:
        """A short human summary for the terminal."""
        rate = self.notes_per_second
        rate_text = f" ({rate:.1f} notes/s)" if rate else ""
        head = f"notes: {self.notes}{rate_text}   errors: {self.errors}"
        if self.resumed:
            head += f"   (resumed: {self.resumed} already done, {self.processed} processed now)"
        out = [head]
        if self.lines_by_code:
            codes = ", ".join(
                f"{code}×{self.units_by_code[code]} ({n} lines)"
                for code, n in sorted(self.lines_by_code.items())
            )
            out.append(f"lines by code: {codes}")
        else:
            out.append("lines by code: none")
        if self.findings_by_category:
            cats = ", ".join(
                f"{c} {n} ({_severities(self.findings_by_category_severity.get(c))})"
                for c, n in self.findings_by_category.most_common()
            )
            out.append(f"findings by category: {cats}")
        else:
            out.append("findings by category: none")
        if self.findings_by_severity:
            sev = ", ".join(f"{s} {n}" for s, n in self.findings_by_severity.most_common())
            out.append(f"findings by severity: {sev}")
        if self.errors_by_type:
            errs = ", ".join(f"{t} {n}" for t, n in self.errors_by_type.most_common())
            out.append(f"errors by type: {errs}")
        if self.notices_by_type.get("duplicate_id"):
            out.append(f"duplicate ids renamed: {self.notices_by_type['duplicate_id']}")
        if self.skipped_resources:
            skipped = ", ".join(f"{t} {n}" for t, n in self.skipped_resources.most_common())
            out.append(f"FHIR resources skipped (not notes): {skipped}")
        if self.llm:
            cost = self.llm.get("cost_usd")
            cost_text = f", cost ${cost:.4f}" if cost is not None else ""
            out.append(
                f"LLM: {int(self.llm['notes'])} notes refined, "
                f"{int(self.llm['requests_sent'])} requests sent, "
                f"{int(self.llm['cache_hits'])} answered from the cache, "
                f"{int(self.llm['total_tokens'])} tokens "
                f"(+{int(self.llm['cached_total_tokens'])} cached){cost_text}; "
                f"{int(self.llm['accepted'])} proposals accepted, "
                f"{int(self.llm['rejected'])} rejected, {int(self.llm['fallbacks'])} fallbacks"
            )
        for failure in self.outputs_failed:
            out.append(f"OUTPUT FAILED: {failure}")
        return "\n".join(out)


def _severities(counts: Counter[str] | None) -> str:
    if not counts:
        return ""
    return ", ".join(f"{s} {n}" for s, n in counts.most_common())


def write_results(results: Iterable[NoteResult], path: Path) -> Summary:
    """Write ``results.jsonl`` atomically and return the summary of what was written."""
    summary = Summary()
    writer = AtomicWriter(path)
    try:
        for result in results:
            record = result.to_json()
            writer.write(dumps(record) + "\n")
            summary.add_tally(Tally.of(record))
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


class ResultsFileError(Exception):
    """``results.jsonl`` holds a line that is not a complete record (the run cannot resume)."""


class ResultsLog:
    """``results.jsonl``, appended in place, one complete record per line.

    The guarantee: every line ending in a newline is a complete JSON record, because each record
    is written with a single ``write`` of ``line + "\\n"`` to a file opened in append mode and
    flushed to the operating system before the next one (a record never contains a newline).
    A process killed mid-write leaves at most one torn last line without its newline; a resumed
    run truncates it (:meth:`repair`) and processes that note again. The records are on disk
    once the operating system writes its cache: a crash of the process loses nothing, a power
    failure can lose the last seconds (the file is fsynced at close, not per note).
    """

    def __init__(self, path: Path, *, fresh: bool) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if fresh else 0)
        self._fd: int | None = os.open(path, flags, 0o644)

    def append(self, line: str) -> None:
        """Write one record line (without its newline) and hand it to the OS."""
        if self._fd is None:
            raise ValueError("ResultsLog is closed")
        data = (line + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def close(self) -> None:
        """Flush to disk and close."""
        if self._fd is None:
            return
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    @staticmethod
    def repair(path: Path) -> int:
        """Truncate a torn last line (no newline); return the number of bytes removed."""
        if not path.exists():
            return 0
        size = path.stat().st_size
        if size == 0:
            return 0
        with path.open("rb+") as handle:
            handle.seek(size - 1)
            if handle.read(1) == b"\n":
                return 0
            end = size
            keep = 0
            block = 1 << 16
            while end > 0:
                start = max(0, end - block)
                handle.seek(start)
                data = handle.read(end - start)
                index = data.rfind(b"\n")
                if index >= 0:
                    keep = start + index + 1
                    break
                end = start
            handle.truncate(keep)
            handle.flush()
            os.fsync(handle.fileno())
        return size - keep

    @staticmethod
    def records(path: Path) -> Iterator[dict[str, Any]]:
        """The records of a repaired ``results.jsonl``, one at a time.

        Raises:
            ResultsFileError: a line is not a JSON record with a ``note_id``.
        """
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    raise ResultsFileError(
                        f"{path} line {number} is not a JSON record ({type(exc).__name__}); "
                        "the file was changed by something else than this program"
                    ) from exc
                if not isinstance(record, dict) or "note_id" not in record:
                    raise ResultsFileError(f"{path} line {number} is not a result record")
                yield record
