"""``ReportSink``: writes the static review site as results arrive.

Layout under the run's output folder::

    review/index.html              written at close: counts + the note list (filter, sort, search)
    review/notes/000001-<id>.html  one page per note, written when the note arrives
    review/data/notes-000001.js    the index rows, ``chunk_size`` notes per file
    review/assets/report.css|js    copied from the package (no CDN, no network)

Memory stays bounded: the sink holds the counts (per code, category, severity, error type) and
at most ``chunk_size`` compact index rows. Page names are the note's input position plus a
sanitised form of its id (``[A-Za-z0-9_-]``, at most 40 characters), so duplicate ids, ids that
differ only in case and ids with path characters all get distinct, safe names.

Earlier runs: the pages already in ``review/notes`` are moved aside to ``review/notes.previous``
when the sink starts (one rename). A resumed run replays the notes it keeps through
:meth:`ReportSink.add_record`, which moves each one's page back (same position, same id, same
name); a page that cannot be found is rebuilt from the record, without the note text (which
``results.jsonl`` does not hold). Whatever is left of the earlier run is deleted at close.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

from infusion_coder.models import NoteResult
from infusion_coder.report.html import DOCTYPE, el
from infusion_coder.report.index_page import (
    CHUNK_PREFIX,
    NoteEntry,
    RunCounts,
    chunk_script,
    render_index,
)
from infusion_coder.report.note_page import head, render_note_page
from infusion_coder.report.records import result_from_record
from infusion_coder.writers import Summary, write_text_atomic

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_FILES = ("report.css", "report.js")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_SLUG_LIMIT = 40
RESUMED_NOTICE = (
    "This note was coded by an earlier run of this batch (resumed). results.jsonl does not keep "
    "the note text, so its evidence is listed but cannot be shown in the text."
)


def note_file_name(seq: int, note_id: str) -> str:
    """The page file name of the ``seq``-th note (1-based): ``000042-visit-7.html``.

    Only ``[A-Za-z0-9_-]`` survive from the id, so the name can never leave the folder, hide a
    file, or clash with another note's page (the position keeps them apart).
    """
    slug = _UNSAFE.sub("-", note_id).strip("-_")[:_SLUG_LIMIT].strip("-_") or "note"
    return f"{seq:06d}-{slug}.html"


class ReportSink:
    """A :class:`~infusion_coder.writers.ResultSink` writing ``DIR/review/``.

    Args:
        out_dir: the run's output folder (``--out DIR``).
        chunk_size: index rows per data file.
    """

    def __init__(self, out_dir: Path, *, chunk_size: int = 2000) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.root = out_dir / "review"
        self.notes_dir = self.root / "notes"
        self.previous_dir = self.root / "notes.previous"
        self.data_dir = self.root / "data"
        self.chunk_size = chunk_size
        self.counts = RunCounts()
        self.report_errors = 0
        self.processed = 0  # notes coded by this run (add), as opposed to resumed (add_record)
        self._seq = 0
        self._rows: list[dict[str, Any]] = []
        self._chunks: list[str] = []
        self._closed = False
        self.root.mkdir(parents=True, exist_ok=True)
        self._set_aside_previous_run()
        for folder in (self.notes_dir, self.data_dir, self.root / "assets"):
            folder.mkdir(parents=True, exist_ok=True)
        for name in ASSET_FILES:
            shutil.copyfile(ASSETS / name, self.root / "assets" / name)

    def _set_aside_previous_run(self) -> None:
        """Move an earlier run's pages aside (kept for a resume) and drop its index data."""
        (self.root / "index.html").unlink(missing_ok=True)
        if self.notes_dir.is_dir():
            if self.previous_dir.exists():
                # left by a run that was interrupted: notes/ holds every page still worth keeping
                shutil.rmtree(self.previous_dir)
            os.replace(self.notes_dir, self.previous_dir)
        if self.data_dir.is_dir():
            for path in self.data_dir.glob(f"{CHUNK_PREFIX}*.js*"):
                path.unlink()

    def add(self, result: NoteResult) -> None:
        """Write the note's page and keep its index row."""
        name = self._next_name(result.note_id)
        self.processed += 1
        self._page(name, result)
        self._keep(NoteEntry.of_result(result), name)

    def add_record(self, record: dict[str, Any]) -> None:
        """Take a note an earlier run finished (a ``results.jsonl`` record, on resume).

        Its page from that run is moved back into place; if it is gone, a page is built from the
        record (lines, findings, evidence text; no highlighting, since the note text is not in
        the record).
        """
        entry = NoteEntry.of_record(record)
        name = self._next_name(entry.note_id)
        kept = self.previous_dir / name
        if kept.is_file():
            os.replace(kept, self.notes_dir / name)
        else:
            try:
                result = result_from_record(record)
            except (KeyError, TypeError, ValueError) as exc:
                self._fallback(name, entry.note_id, exc)
            else:
                self._page(name, result, notice=RESUMED_NOTICE)
        self._keep(entry, name)

    def _next_name(self, note_id: str) -> str:
        if self._closed:
            raise RuntimeError("ReportSink used after close()")
        self._seq += 1
        return note_file_name(self._seq, note_id)

    def _page(self, name: str, result: NoteResult, notice: str | None = None) -> None:
        try:
            page = render_note_page(result, notice=notice)
        except Exception as exc:  # a report fault must not lose the run; it is counted and shown
            self._fallback(name, result.note_id, exc)
            return
        _write(self.notes_dir / name, page)

    def _fallback(self, name: str, note_id: str, exc: Exception) -> None:
        self.report_errors += 1
        # The exception text may quote the note: log the type and the position only.
        log.error("review page of note #%d could not be built: %s", self._seq, type(exc).__name__)
        _write(self.notes_dir / name, _fallback_page(note_id, type(exc).__name__))

    def _keep(self, entry: NoteEntry, name: str) -> None:
        self.counts.add(entry)
        self._rows.append(entry.row(self._seq, f"notes/{name}"))
        if len(self._rows) >= self.chunk_size:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        name = f"{CHUNK_PREFIX}{len(self._chunks) + 1:06d}.js"
        _write(self.data_dir / name, chunk_script(self._rows))
        self._chunks.append(f"data/{name}")
        self._rows = []

    def close(self, summary: Summary) -> None:
        """Write the last data file and ``index.html``; delete what is left of an earlier run.

        The counts shown are the sink's own (every note it received, resumed ones included);
        ``summary`` supplies the run time.
        """
        if self._closed:
            return
        self._flush()
        seconds = summary.seconds if summary.seconds else None
        write_text_atomic(
            self.root / "index.html",
            render_index(
                self.counts,
                self._chunks,
                seconds=seconds,
                processed=self.processed,
                report_errors=self.report_errors,
            ),
        )
        if self.previous_dir.exists():
            shutil.rmtree(self.previous_dir)
        self._closed = True

    def abort(self) -> None:
        """Stop without an index (an interrupted run); the pages written so far stay."""
        self._closed = True

    @property
    def index_path(self) -> Path:
        return self.root / "index.html"


def _write(path: Path, text: str) -> None:
    """Write under a temporary name and rename (no fsync per page: pages are cheap to redo)."""
    tmp = path.with_name(path.name + ".tmp")
    # errors="replace": a lone surrogate (from a note read with surrogateescape) becomes "?"
    # on the page instead of failing the run; offsets were computed on the original string.
    tmp.write_text(text, encoding="utf-8", errors="replace", newline="\n")
    os.replace(tmp, path)


def _fallback_page(note_id: str, error_type: str) -> str:
    body = el(
        "body",
        {"class": "page-note"},
        el(
            "main",
            None,
            el(
                "section",
                {"class": "panel error-panel", "role": "alert"},
                el("h1", None, "Note ", el("code", None, note_id)),
                el(
                    "p",
                    None,
                    f"The review page of this note could not be built ({error_type}). "
                    "Its results are in results.jsonl.",
                ),
                el("p", None, el("a", {"href": "../index.html"}, "← All notes")),
            ),
        ),
    )
    return DOCTYPE + el("html", {"lang": "en"}, head("Note", "../assets"), body)
