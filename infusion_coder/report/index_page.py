"""The index of the review report: run counts, and a filterable, sortable list of every note.

The list is not kept in memory while the run goes on: each note's compact row (id, link, status,
codes, finding categories and counts) is appended to a data file of ``chunk_size`` rows
(``review/data/notes-000001.js``, ...), written as soon as it is full. The index page, written at
the end, carries the counts as plain HTML and loads the data files with ``<script src>`` (the only
way a page opened from disk can read other files); ``report.js`` filters, sorts and pages the rows
in the browser, showing 100 at a time. Note text is never in the rows, so the search box searches
ids, codes and categories only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from infusion_coder.models import NoteResult
from infusion_coder.report.html import DOCTYPE, Safe, el, join, void
from infusion_coder.report.note_page import head

CHUNK_PREFIX = "notes-"
_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """What the index keeps of one note: no note text, a few strings and numbers."""

    note_id: str
    status: str
    lines: tuple[tuple[str, int, tuple[str, ...]], ...] = ()  # (code, units, modifiers)
    findings: tuple[tuple[str, str], ...] = ()  # (category, severity)
    error_type: str | None = None
    error_message: str | None = None

    @classmethod
    def of_result(cls, result: NoteResult) -> NoteEntry:
        """The entry of a result processed in this run."""
        coding = result.coding
        error = result.error if result.status != "ok" else None
        return cls(
            note_id=result.note_id,
            status=result.status,
            lines=()
            if coding is None
            else tuple((ln.code, ln.units, tuple(ln.modifiers)) for ln in coding.lines),
            findings=()
            if coding is None
            else tuple((f.category.value, f.severity.value) for f in coding.findings),
            error_type=None if error is None else error.type,
            error_message=None if error is None else error.message,
        )

    @classmethod
    def of_record(cls, record: dict[str, Any]) -> NoteEntry:
        """The entry of a ``results.jsonl`` record (a note finished by an earlier, resumed run)."""
        status = str(record.get("status"))
        error = (record.get("error") or {}) if status != "ok" else {}
        return cls(
            note_id=str(record.get("note_id")),
            status=status,
            lines=tuple(
                (str(x["code"]), int(x.get("units") or 0), tuple(x.get("modifiers") or ()))
                for x in record.get("lines") or ()
            ),
            findings=tuple(
                (str(f["category"]), str(f["severity"])) for f in record.get("findings") or ()
            ),
            error_type=error.get("type") if error else None,
            error_message=error.get("message") if error else None,
        )

    def row(self, seq: int, href: str) -> dict[str, Any]:
        """The compact row the index page reads.

        Keys: ``n`` input position, ``i`` note id, ``h`` page link, ``s`` status, ``c`` codes,
        ``u`` codes with modifiers and units as shown, ``g`` finding categories, ``v`` findings
        by severity ``[error, warning, info]``, ``l`` number of lines, ``x`` error type and
        message.
        """
        codes = list(dict.fromkeys(code for code, _, _ in self.lines))
        shown = [
            code + "".join(f"-{m}" for m in mods) + (f" ×{units}" if units != 1 else "")
            for code, units, mods in self.lines
        ]
        by_sev = [sum(1 for _, s in self.findings if s == sev) for sev in _SEVERITIES]
        error = None
        if self.status != "ok":
            error = self.error_type or "unknown"
            if self.error_message:
                error = f"{error}: {self.error_message}"
        return {
            "n": seq,
            "i": self.note_id,
            "h": href,
            "s": self.status,
            "c": codes,
            "u": ", ".join(shown),
            "g": list(dict.fromkeys(c for c, _ in self.findings)),
            "v": by_sev,
            "l": len(self.lines),
            "x": error,
        }


@dataclass
class RunCounts:
    """Counts over every note the report received (this run's and resumed ones)."""

    notes: int = 0
    errors: int = 0
    lines_by_code: Counter[str] = field(default_factory=Counter)
    units_by_code: Counter[str] = field(default_factory=Counter)
    findings_by_category: Counter[str] = field(default_factory=Counter)
    findings_by_severity: Counter[str] = field(default_factory=Counter)
    errors_by_type: Counter[str] = field(default_factory=Counter)

    def add(self, entry: NoteEntry) -> None:
        """Count one note."""
        self.notes += 1
        if entry.status != "ok":
            self.errors += 1
            self.errors_by_type[entry.error_type or "unknown"] += 1
        for code, units, _ in entry.lines:
            self.lines_by_code[code] += 1
            self.units_by_code[code] += units
        for category, severity in entry.findings:
            self.findings_by_category[category] += 1
            self.findings_by_severity[severity] += 1


def chunk_script(rows: Sequence[dict[str, Any]]) -> str:
    """A data file for the index: one call handing ``rows`` to ``report.js``.

    JSON is ASCII-escaped, so no character of an id can end the script or break the parser.
    """
    data = json.dumps(list(rows), ensure_ascii=True, separators=(",", ":"))
    return f"window.ICReport&&window.ICReport.addRows({data});\n"


def render_index(
    counts: RunCounts,
    chunk_files: Sequence[str],
    *,
    seconds: float | None = None,
    processed: int | None = None,
    report_errors: int = 0,
) -> str:
    """The index page.

    Args:
        counts: counts over every note the report received.
        chunk_files: the data files, relative to the index (``data/notes-000001.js``).
        seconds: the run's wall-clock time, when known.
        processed: notes coded by this run (the rest were resumed); default all of them.
        report_errors: notes whose page could not be built.

    Returns:
        The page as a string.
    """
    n_lines = sum(counts.lines_by_code.values())
    n_findings = sum(counts.findings_by_severity.values())
    sev = counts.findings_by_severity
    tiles = [
        _tile("Notes", counts.notes, None),
        _tile("Coded", counts.notes - counts.errors, None),
        _tile("Errors", counts.errors, "error" if counts.errors else None),
        _tile("Claim lines", n_lines, None),
        _tile(
            "Findings",
            n_findings,
            None,
            " · ".join(
                f"{sev[s]} {s}" + ("" if sev[s] == 1 else "s") for s in _SEVERITIES if sev[s]
            )
            or None,
        ),
    ]
    if seconds:
        done = counts.notes if processed is None else processed
        tiles.append(_tile("Notes / second", f"{done / seconds:.1f}", None))
    codes = sorted(counts.lines_by_code)
    categories = [c for c, _ in counts.findings_by_category.most_common()]
    body = el(
        "body",
        {"class": "page-index"},
        el(
            "header",
            {"class": "topbar"},
            el("div", {"class": "title"}, el("h1", None, "Infusion coder · review")),
            el(
                "div",
                {"class": "meta"},
                "Open a note to see its evidence, timeline, claim lines and findings.",
            ),
        ),
        el(
            "main",
            None,
            el("section", {"class": "tiles", "aria-label": "Run counts"}, join(tiles)),
            el(
                "p",
                {"class": "panel warn-panel", "role": "note"},
                f"{report_errors} note page(s) could not be built; their rows are listed below.",
            )
            if report_errors
            else None,
            el(
                "div",
                {"class": "grid3"},
                _count_table(
                    "Lines by code",
                    ("Code", "Lines", "Units"),
                    [
                        (c, counts.lines_by_code[c], counts.units_by_code[c], "code", c)
                        for c in codes
                    ],
                    "No claim lines.",
                ),
                _count_table(
                    "Findings by category",
                    ("Category", "Findings"),
                    [
                        (c.replace("_", " "), counts.findings_by_category[c], None, "category", c)
                        for c in categories
                    ],
                    "No findings.",
                ),
                _count_table(
                    "Errors by type",
                    ("Error type", "Notes"),
                    [
                        (t, n, None, "status", "error")
                        for t, n in counts.errors_by_type.most_common()
                    ],
                    "No errors.",
                ),
            ),
            _notes_panel(codes, categories),
        ),
        el("script", {"src": "assets/report.js"}),
        join(el("script", {"src": f}) for f in chunk_files),
    )
    page = el("html", {"lang": "en"}, head("Infusion coder · review", "assets"), body)
    return DOCTYPE + page + "\n"


def _tile(label: str, value: object, tone: str | None, sub: str | None = None) -> Safe:
    return el(
        "div",
        {"class": "tile" + (f" tone-{tone}" if tone else "")},
        el("div", {"class": "tile-value"}, value),
        el("div", {"class": "tile-label"}, label),
        el("div", {"class": "tile-sub"}, sub) if sub else None,
    )


def _count_table(
    title: str,
    heads: Sequence[str],
    rows: Sequence[tuple[str, int, int | None, str, str]],
    empty: str,
) -> Safe:
    if not rows:
        content: Safe = el("p", {"class": "muted"}, empty)
    else:
        trs = []
        for label, n, units, field, value in rows:
            cells = [
                el(
                    "td",
                    None,
                    el(
                        "button",
                        {
                            "type": "button",
                            "class": "linkish",
                            "data-filter": field,
                            "data-value": value,
                            "title": "Show these notes",
                        },
                        label,
                    ),
                ),
                el("td", {"class": "num"}, n),
            ]
            if units is not None:
                cells.append(el("td", {"class": "num"}, units))
            trs.append(el("tr", None, join(cells)))
        content = el(
            "table",
            {"class": "counts"},
            el(
                "thead",
                None,
                el("tr", None, join(el("th", {"scope": "col"}, h) for h in heads)),
            ),
            el("tbody", None, join(trs)),
        )
    return el("section", {"class": "panel"}, el("h2", None, title), content)


def _select(name: str, label: str, options: Sequence[tuple[str, str]]) -> Safe:
    opts = [el("option", {"value": ""}, "all")]
    opts.extend(el("option", {"value": v}, text) for v, text in options)
    return el(
        "label",
        {"class": "field"},
        el("span", None, label),
        el("select", {"id": f"flt-{name}", "name": name}, join(opts)),
    )


def _notes_panel(codes: Sequence[str], categories: Sequence[str]) -> Safe:
    sort_options = [
        ("seq", "input order"),
        ("id", "note id"),
        ("errors", "most errors first"),
        ("findings", "most findings first"),
        ("lines", "most lines first"),
        ("status", "errors (records) first"),
    ]
    filters = el(
        "form",
        {"class": "filters", "role": "search", "id": "filters"},
        el(
            "label",
            {"class": "field grow"},
            el("span", None, "Search ids, codes, categories"),
            void(
                "input",
                {
                    "type": "search",
                    "id": "flt-q",
                    "name": "q",
                    "placeholder": "e.g. 96365 or missing_stop_time",
                    "autocomplete": "off",
                },
            ),
        ),
        _select("code", "Code", [(c, c) for c in codes]),
        _select("category", "Category", [(c, c.replace("_", " ")) for c in categories]),
        _select("severity", "Finding severity", [(s, s) for s in _SEVERITIES]),
        _select("status", "Status", [("ok", "ok"), ("error", "error")]),
        el(
            "label",
            {"class": "field"},
            el("span", None, "Sort"),
            el(
                "select",
                {"id": "flt-sort", "name": "sort"},
                join(el("option", {"value": v}, t) for v, t in sort_options),
            ),
        ),
        el("button", {"type": "reset", "class": "btn"}, "Reset"),
    )
    heads = [
        ("seq", "#"),
        ("id", "Note"),
        ("status", "Status"),
        ("lines", "Claim lines"),
        ("errors", "Errors"),
        ("warnings", "Warnings"),
        ("info", "Info"),
        (None, "Findings / error"),
    ]
    thead = el(
        "tr",
        None,
        join(
            el(
                "th",
                {"scope": "col", "data-sort": key, "aria-sort": "none" if key else None},
                el("button", {"type": "button", "class": "sort", "data-sort": key}, text)
                if key
                else text,
            )
            for key, text in heads
        ),
    )
    return el(
        "section",
        {"class": "panel notes-panel", "aria-labelledby": "h-notes"},
        el("h2", {"id": "h-notes"}, "Notes"),
        filters,
        el("p", {"id": "shown", "class": "muted", "aria-live": "polite"}, "Loading…"),
        el(
            "div",
            {"class": "table-wrap"},
            el(
                "table",
                {"class": "notes", "id": "notes"},
                el("thead", None, thead),
                el("tbody", {"id": "rows"}),
            ),
        ),
        el(
            "nav",
            {"class": "pager", "aria-label": "Pages"},
            el("button", {"type": "button", "class": "btn", "id": "prev"}, "← Previous"),
            el("span", {"id": "page"}),
            el("button", {"type": "button", "class": "btn", "id": "next"}, "Next →"),
        ),
        el(
            "noscript",
            None,
            el(
                "p",
                {"class": "warn-panel"},
                "The note list needs JavaScript; each note's page is in the notes/ folder.",
            ),
        ),
    )
