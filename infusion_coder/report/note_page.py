"""The review page of one note: highlighted text, timeline, claim lines, findings, proposals.

Everything taken from the note or the run (text, ids, drug names, messages, LLM proposals) goes
through the escaping builder of :mod:`infusion_coder.report.html`; the page's only script is the
shared ``report.js`` file, and a Content-Security-Policy forbids any other (inline scripts,
event-handler attributes, ``javascript:`` links). References between the parts of the page are
short generated keys (``a0`` administration, ``l0`` claim line, ``f0`` finding), never note text.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from extraction.models import Administration, CharSpan, Status
from infusion_coder.models import NoteResult
from infusion_coder.report.highlight import (
    KINDS,
    Mark,
    Segment,
    kind_of,
    ordered_kinds,
    segment,
    span_matches,
)
from infusion_coder.report.html import DOCTYPE, Safe, classes, el, esc, join, void
from infusion_coder.report.timeline import build_rows, render_svg
from validators.models import AdministrationDecision, ClaimLine, Evidence, Finding

# Scripts and styles only from files (the report's own, beside the page); never inline code,
# event-handler attributes or javascript: links; no network, no plugins. "file:" is listed with
# 'self' because browsers differ on whether 'self' matches a page opened from disk.
CSP = (
    "default-src 'none'; script-src 'self' file:; style-src 'self' file:; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)
_SEVERITY_ORDER = ("error", "warning", "info")
_CHIP_TEXT = 60


def head(title: str, assets: str) -> Safe:
    """The ``<head>`` shared by the report's pages."""
    return el(
        "head",
        None,
        void("meta", {"charset": "utf-8"}),
        void("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        void("meta", {"http-equiv": "Content-Security-Policy", "content": CSP}),
        void("meta", {"name": "referrer", "content": "no-referrer"}),
        el("title", None, title),
        void("link", {"rel": "stylesheet", "href": f"{assets}/report.css"}),
    )


def render_note_page(
    result: NoteResult,
    *,
    index_href: str = "../index.html",
    assets: str = "../assets",
    notice: str | None = None,
) -> str:
    """Build the complete HTML page for one note.

    Args:
        result: the note's result; ``result.text`` holds the note text (may be ``None``).
        index_href: relative link back to the index.
        assets: relative folder holding ``report.css`` and ``report.js``.
        notice: a sentence shown above everything else (e.g. why the text is missing).

    Returns:
        The page as a string (UTF-8 when written).
    """
    view = _NoteView(result)
    body = el(
        "body",
        {"class": "page-note"},
        view.header(index_href),
        el(
            "main",
            None,
            el("p", {"class": "panel warn-panel", "role": "note"}, notice) if notice else None,
            view.error_panel(),
            view.integrity_panel(),
            view.timeline_panel(),
            el(
                "div",
                {"class": "columns"},
                view.text_panel(),
                el(
                    "div",
                    {"class": "side"},
                    view.lines_panel(),
                    view.findings_panel(),
                    view.administrations_panel(),
                    view.encounter_panel(),
                    view.llm_panel(),
                    view.notices_panel(),
                ),
            ),
        ),
        el("script", {"src": f"{assets}/report.js"}),
    )
    title = f"Note {result.note_id} — infusion-coder review"
    return DOCTYPE + el("html", {"lang": "en"}, head(title, assets), body) + "\n"


class _NoteView:
    """The parts of one note page, built from a :class:`NoteResult`."""

    def __init__(self, result: NoteResult) -> None:
        self.result = result
        self.text = result.text
        extraction = result.extraction
        coding = result.coding
        self.admins: tuple[Administration, ...] = (
            () if extraction is None else extraction.administrations
        )
        self.lines: tuple[ClaimLine, ...] = () if coding is None else coding.lines
        self.findings: tuple[Finding, ...] = () if coding is None else coding.findings
        self.decisions: dict[str, AdministrationDecision] = (
            {} if coding is None else {d.admin_id: d for d in coding.decisions}
        )
        self.ref_of: dict[str, str] = {a.admin_id: f"a{i}" for i, a in enumerate(self.admins)}
        self.label_of: dict[str, str] = {
            a.admin_id: a.drug.value if a.drug is not None else a.mention.text for a in self.admins
        }
        self.bad_spans = 0
        self.marks = self._marks()

    # ----------------------------------------------------------------- highlight marks
    def _ok(self, span: CharSpan) -> bool:
        if self.text is None:
            return False
        if span_matches(self.text, span):
            return True
        self.bad_spans += 1
        return False

    def _marks(self) -> list[Mark]:
        marks: list[Mark] = []
        if self.text is None:
            return marks
        for i, adm in enumerate(self.admins):
            status = adm.status.value
            muted = status != Status.GIVEN
            spans = adm.spans()
            for hold in adm.interruptions:
                spans.extend(
                    (label, t.span)
                    for label, t in (("hold_start", hold.start), ("hold_stop", hold.stop))
                    if t is not None
                )
            for label, span in spans:
                if not self._ok(span):
                    continue
                shown = f"{label} ({status.value})" if muted else label
                marks.append(
                    Mark(span.start, span.end, shown, kind_of(label), f"a{i}", muted=muted)
                )
        extraction = self.result.extraction
        if extraction is not None:
            enc = extraction.encounter
            context: list[tuple[str, CharSpan]] = []
            if enc.date_of_service is not None:
                context.append(("date_of_service", enc.date_of_service.span))
            context.extend(("diagnosis", dx.span) for dx in enc.diagnoses)
            context.extend(("indication", item.span) for item in enc.indications)
            context.extend(("dehydration", item.span) for item in enc.dehydration_evidence)
            if enc.weight_kg is not None:
                context.append(("weight", enc.weight_kg.span))
            for label, span in context:
                if self._ok(span):
                    marks.append(Mark(span.start, span.end, label, kind_of(label)))
        for j, line in enumerate(self.lines):
            for ev in line.evidence:
                if self._ok(ev.span):
                    marks.append(Mark(ev.span.start, ev.span.end, ev.label, ref=f"l{j}"))
        for k, finding in enumerate(self.findings):
            flag = f"fx-{finding.severity.value}"
            for ev in finding.evidence:
                if self._ok(ev.span):
                    marks.append(Mark(ev.span.start, ev.span.end, ev.label, ref=f"f{k}", flag=flag))
        return marks

    # ----------------------------------------------------------------- header
    def header(self, index_href: str) -> Safe:
        r = self.result
        meta: list[Safe] = []
        for name, value in (
            ("Setting", r.setting),
            ("Payer", r.payer),
            ("Date of service", None if r.date_of_service is None else r.date_of_service),
            ("Processed in", None if r.seconds is None else f"{r.seconds * 1000:.0f} ms"),
        ):
            if value is not None:
                meta.append(el("span", {"class": "meta-item"}, el("b", None, name), " ", value))
        sev = Counter(f.severity.value for f in self.findings)
        chips = [el("span", {"class": "chip"}, _plural(len(self.lines), "line"))]
        for s in _SEVERITY_ORDER:
            if sev[s]:
                chips.append(el("span", {"class": f"chip sev-{s}"}, _plural(sev[s], s)))
        return el(
            "header",
            {"class": "topbar"},
            el("a", {"class": "back", "href": index_href}, "← All notes"),
            el(
                "div",
                {"class": "title"},
                el("h1", None, "Note ", el("code", None, r.note_id)),
                el("span", {"class": f"badge status-{_token(r.status)}"}, r.status),
                join(chips),
            ),
            el("div", {"class": "meta"}, join(meta)),
        )

    def error_panel(self) -> Safe | None:
        error = self.result.error
        if self.result.status == "ok" and error is None:
            return None
        return el(
            "section",
            {"class": "panel error-panel", "role": "alert"},
            el("h2", None, "This note could not be coded"),
            el(
                "p",
                None,
                el("b", None, "Error type: "),
                el("code", None, "unknown" if error is None else error.type),
            ),
            el("p", None, "" if error is None else error.message),
        )

    def integrity_panel(self) -> Safe | None:
        if not self.bad_spans:
            return None
        return el(
            "p",
            {"class": "panel warn-panel", "role": "note"},
            f"{_plural(self.bad_spans, 'evidence span')} did not match the note text at "
            "their offsets and are not highlighted (an extraction fault; please report it).",
        )

    # ----------------------------------------------------------------- timeline
    def timeline_panel(self) -> Safe | None:
        if self.result.extraction is None:
            return None
        rows = build_rows(self.result.extraction, tuple(self.decisions.values()))
        return el(
            "section",
            {"class": "panel timeline-panel", "aria-labelledby": "h-timeline"},
            el("h2", {"id": "h-timeline"}, "Timeline"),
            _timeline_legend(),
            el("div", {"class": "tl-wrap"}, render_svg(rows)),
        )

    # ----------------------------------------------------------------- note text
    def text_panel(self) -> Safe:
        if self.text is None:
            body: Safe = el(
                "p", {"class": "muted"}, "The note text is not available for this record."
            )
        else:
            body = el("pre", {"class": "note-text", "id": "note-text"}, self._text_html())
        return el(
            "section",
            {"class": "panel text-panel", "aria-labelledby": "h-text"},
            el("h2", {"id": "h-text"}, "Note text"),
            _legend(),
            body,
        )

    def _text_html(self) -> Safe:
        assert self.text is not None
        # HTML drops one line break right after <pre>: add one so a leading blank line survives.
        lead = Safe("\n") if self.text.startswith(("\n", "\r")) else Safe("")
        pieces = (_segment_html(self.text, seg) for seg in segment(len(self.text), self.marks))
        return lead + join(pieces)

    # ----------------------------------------------------------------- lines
    def lines_panel(self) -> Safe:
        cards = [self._line_card(j, line) for j, line in enumerate(self.lines)]
        empty = "No claim line is supported by the documentation."
        return el(
            "section",
            {"class": "panel", "aria-labelledby": "h-lines"},
            el("h2", {"id": "h-lines"}, "Claim lines ", el("span", {"class": "count"}, len(cards))),
            el("ol", {"class": "cards"}, join(cards))
            if cards
            else el("p", {"class": "muted"}, empty),
        )

    def _line_card(self, j: int, line: ClaimLine) -> Safe:
        key = f"l{j}"
        mods = [el("span", {"class": "mod"}, m) for m in line.modifiers]
        head_bits: list[object] = [
            el("span", {"class": "code"}, line.code),
            el("span", {"class": "units"}, f"× {line.units}"),
            join(mods),
        ]
        if line.minutes is not None:
            head_bits.append(el("span", {"class": "minutes"}, f"{line.minutes} min"))
        head_bits.append(el("span", {"class": "kind"}, line.kind))
        trace = [
            el("li", None, el("code", {"class": "rule"}, step.rule), " ", step.detail)
            for step in line.trace
        ]
        body: list[Safe | None] = [
            el(
                "p",
                {"class": "for"},
                "For ",
                self._admin_names(line.admin_ids),
                " · rule ",
                el("code", None, line.rule),
            ),
            el(
                "div",
                {"class": "trace"},
                el("h3", None, "Why this code"),
                el("ol", None, join(trace)),
            )
            if trace
            else None,
            el(
                "div",
                {"class": "rejected"},
                el("h3", None, "Not coded as"),
                el("ul", None, join(el("li", None, r) for r in line.rejected)),
            )
            if line.rejected
            else None,
            self._evidence_chips(key, line.evidence),
        ]
        return el(
            "li",
            {"class": "card line", "data-key": key, "data-bars": self._bars(line.admin_ids)},
            el(
                "button",
                {"type": "button", "class": "pick", "data-key": key, "aria-pressed": "false"},
                join(head_bits),
            ),
            join(b for b in body if b is not None),
        )

    # ----------------------------------------------------------------- findings
    def findings_panel(self) -> Safe:
        order = sorted(
            enumerate(self.findings), key=lambda p: _SEVERITY_ORDER.index(p[1].severity.value)
        )
        cards = [self._finding_card(k, f) for k, f in order]
        return el(
            "section",
            {"class": "panel", "aria-labelledby": "h-findings"},
            el("h2", {"id": "h-findings"}, "Findings ", el("span", {"class": "count"}, len(cards))),
            el("ol", {"class": "cards"}, join(cards))
            if cards
            else el("p", {"class": "muted"}, "No documentation gaps were found."),
        )

    def _finding_card(self, k: int, finding: Finding) -> Safe:
        key = f"f{k}"
        sev = finding.severity.value
        query = (
            el(
                "blockquote",
                {"class": "query"},
                el("span", {"class": "query-label"}, "Query to the provider"),
                finding.query,
            )
            if finding.query
            else None
        )
        admins = (
            el("p", {"class": "for"}, "For ", self._admin_names(finding.admin_ids))
            if finding.admin_ids
            else None
        )
        return el(
            "li",
            {
                "class": f"card finding sev-{_token(sev)}",
                "data-key": key,
                "data-bars": self._bars(finding.admin_ids),
            },
            el(
                "button",
                {"type": "button", "class": "pick", "data-key": key, "aria-pressed": "false"},
                el("span", {"class": f"badge sev-{_token(sev)}"}, sev),
                el("span", {"class": "category"}, finding.category.value.replace("_", " ")),
                el("code", {"class": "rule"}, finding.rule_id),
            ),
            el("p", {"class": "message"}, finding.message),
            query,
            admins,
            self._evidence_chips(key, finding.evidence),
        )

    def _evidence_chips(self, key: str, evidence: Sequence[Evidence]) -> Safe:
        chips = []
        for ev in evidence:
            ok = self.text is None or span_matches(self.text, ev.span)
            chips.append(
                el(
                    "button",
                    {
                        "type": "button",
                        "class": classes("ev", f"k-{kind_of(ev.label)}", None if ok else "ev-bad"),
                        "data-key": key,
                        "data-at": ev.span.start,
                        "title": f"characters {ev.span.start}–{ev.span.end}"
                        if ok
                        else "offsets do not match the note text",
                    },
                    el("span", {"class": "ev-label"}, ev.label.replace("_", " ")),
                    el("q", None, _short(ev.span.text, _CHIP_TEXT)),
                )
            )
        return el("div", {"class": "evidence", "aria-label": "Evidence"}, join(chips))

    def _admin_names(self, admin_ids: Iterable[str]) -> Safe:
        names = [
            el("span", {"class": "admin-ref"}, self.label_of[a], " ", el("small", None, f"({a})"))
            if a in self.label_of
            else el("span", {"class": "admin-ref"}, f"administration {a}")
            for a in admin_ids
        ]
        return join(names, ", ") if names else Safe("the encounter")

    def _bars(self, admin_ids: Iterable[str]) -> str | None:
        refs = [self.ref_of[a] for a in admin_ids if a in self.ref_of]
        return " ".join(refs) or None

    # ----------------------------------------------------------------- administrations
    def administrations_panel(self) -> Safe | None:
        if not self.admins:
            return None
        head_row = el(
            "tr",
            None,
            join(
                el("th", {"scope": "col"}, h)
                for h in (
                    "ID",
                    "Drug",
                    "Status",
                    "Technique",
                    "Start",
                    "Stop",
                    "Min",
                    "Tier",
                    "Billable",
                )
            ),
        )
        rows = []
        for i, adm in enumerate(self.admins):
            dec = self.decisions.get(adm.admin_id)
            technique = (
                dec.technique
                if dec is not None and dec.technique
                else (None if adm.technique is None else adm.technique.value.value)
            )
            status = adm.status.value.value
            stop = (
                None
                if adm.stop is None
                else adm.stop.value.hhmm + (" (derived)" if adm.stop.derived else "")
            )
            cells = (
                adm.admin_id,
                self.label_of[adm.admin_id],
                el("span", {"class": f"badge st-{_token(status)}"}, status),
                technique or "—",
                "—" if adm.start is None else adm.start.value.hhmm,
                stop or "—",
                "—" if dec is None or dec.minutes is None else dec.minutes,
                "—" if dec is None or dec.tier is None else dec.tier,
                "yes" if dec is not None and dec.billable else "no",
            )
            reasons = (
                el(
                    "tr",
                    {"class": "reasons"},
                    el("td", {"colspan": 9}, "; ".join(dec.reasons)),
                )
                if dec is not None and dec.reasons
                else None
            )
            rows.append(
                el(
                    "tr",
                    {
                        "class": classes("admin", None if status == "given" else "ng"),
                        "data-key": f"a{i}",
                        "data-refs": f"a{i}",
                        "data-bars": f"a{i}",
                        "tabindex": 0,
                    },
                    join(el("td", None, c) for c in cells),
                )
            )
            if reasons is not None:
                rows.append(reasons)
        return el(
            "section",
            {"class": "panel", "aria-labelledby": "h-admins"},
            el(
                "h2",
                {"id": "h-admins"},
                "Administrations ",
                el("span", {"class": "count"}, len(self.admins)),
            ),
            el(
                "div",
                {"class": "table-wrap"},
                el(
                    "table",
                    {"class": "admins"},
                    el("thead", None, head_row),
                    el("tbody", None, join(rows)),
                ),
            ),
        )

    def encounter_panel(self) -> Safe | None:
        extraction = self.result.extraction
        if extraction is None:
            return None
        enc = extraction.encounter
        items: list[Safe] = []
        if enc.diagnoses:
            dx = [
                el(
                    "li",
                    None,
                    el("code", None, d.code) if d.code else None,
                    " " + _short(d.text, 80) if d.text != d.code else None,
                )
                for d in enc.diagnoses
            ]
            items.append(el("dt", None, "Diagnoses"))
            items.append(el("dd", None, el("ul", None, join(dx))))
        else:
            items.append(el("dt", None, "Diagnoses"))
            items.append(el("dd", {"class": "muted"}, "none documented"))
        if enc.indications:
            items.append(el("dt", None, "Indications"))
            items.append(
                el("dd", None, join((_short(i.span.text, 80) for i in enc.indications), "; "))
            )
        if enc.weight_kg is not None:
            items.append(el("dt", None, "Weight"))
            items.append(el("dd", None, f"{enc.weight_kg.value:g} kg"))
        if enc.setting_cue is not None:
            items.append(el("dt", None, "Setting cue in note"))
            items.append(el("dd", None, enc.setting_cue.value))
        return el(
            "section",
            {"class": "panel", "aria-labelledby": "h-enc"},
            el("h2", {"id": "h-enc"}, "Encounter"),
            el("dl", {"class": "facts"}, join(items)),
        )

    # ----------------------------------------------------------------- LLM, notices
    def llm_panel(self) -> Safe | None:
        llm = self.result.llm
        if not llm:
            return None
        meta = [
            join((el("dt", None, str(k).replace("_", " ")), el("dd", None, _short(str(v), 120))))
            for k, v in llm.items()
            if k not in ("accepted", "rejected") and isinstance(v, str | int | float | bool)
        ]
        return el(
            "section",
            {"class": "panel llm-panel", "aria-labelledby": "h-llm"},
            el("h2", {"id": "h-llm"}, "LLM proposals"),
            el("dl", {"class": "facts"}, join(meta)) if meta else None,
            _proposals("Accepted", "accepted", llm.get("accepted")),
            _proposals("Rejected", "rejected", llm.get("rejected")),
        )

    def notices_panel(self) -> Safe | None:
        if not self.result.notices:
            return None
        items = [
            el("li", None, el("code", None, n.type), " ", n.message) for n in self.result.notices
        ]
        return el(
            "section",
            {"class": "panel", "aria-labelledby": "h-notices"},
            el("h2", {"id": "h-notices"}, "Notices"),
            el("ul", {"class": "notices"}, join(items)),
        )


def _proposals(title: str, kind: str, items: object) -> Safe:
    rows: list[Safe] = []
    if isinstance(items, list | tuple):
        for item in items:
            fields: Mapping[str, Any] = item if isinstance(item, Mapping) else {"value": item}
            rows.append(
                el(
                    "tr",
                    None,
                    join(
                        el("td", None, _cell(fields.get(name)))
                        for name in ("admin_id", "field", "value", "quote", "reason")
                    ),
                )
            )
    if not rows:
        return el("div", {"class": f"proposals {kind}"}, el("h3", None, title, " (0)"))
    head_row = el(
        "tr",
        None,
        join(el("th", {"scope": "col"}, h) for h in ("Admin", "Field", "Value", "Quote", "Reason")),
    )
    return el(
        "div",
        {"class": f"proposals {kind}"},
        el("h3", None, f"{title} ({len(rows)})"),
        el(
            "div",
            {"class": "table-wrap"},
            el("table", None, el("thead", None, head_row), el("tbody", None, join(rows))),
        ),
    )


def _cell(value: object) -> str:
    if value is None:
        return "—"
    return _short(str(value), 160)


@functools.cache
def _legend() -> Safe:
    items = [
        el("li", None, el("span", {"class": f"hl k-{kind}"}, label))
        for kind, label in KINDS.items()
    ]
    items.append(el("li", None, el("span", {"class": "hl k-drug ng"}, "not given")))
    items.append(el("li", None, el("span", {"class": "hl fx-error"}, "error evidence")))
    items.append(el("li", None, el("span", {"class": "hl fx-warning"}, "warning evidence")))
    items.append(el("li", None, el("span", {"class": "hl sel-sample"}, "selected")))
    return el("ul", {"class": "legend", "aria-label": "Highlight legend"}, join(items))


def _segment_html(text: str, seg: Segment) -> Safe:
    piece = text[seg.start : seg.end]
    if seg.plain:
        return esc(piece)
    kinds = ordered_kinds(seg.kinds)
    flags = sorted(seg.flags, key=lambda f: _flag_rank(f))[:1]  # the most severe finding only
    cls = classes(
        "hl",
        *(f"k-{k}" for k in kinds),
        *flags,
        "ng" if seg.muted else None,
        "ev-only" if not kinds else None,
    )
    return el(
        "span",
        {
            "class": cls,
            "data-refs": " ".join(sorted(seg.refs)) or None,
            "data-s": seg.start,
            "data-e": seg.end,
            "title": " · ".join(sorted(seg.labels)) or None,
        },
        piece,
    )


def _flag_rank(flag: str) -> int:
    sev = flag.removeprefix("fx-")
    return _SEVERITY_ORDER.index(sev) if sev in _SEVERITY_ORDER else len(_SEVERITY_ORDER)


def _token(value: str) -> str:
    """A class-name-safe token of a program value (status, severity)."""
    return "".join(c if c.isalnum() else "-" for c in value.lower()) or "x"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


__all__ = ["CSP", "head", "render_note_page"]


@functools.cache
def _timeline_legend() -> Safe:
    return el(
        "ul",
        {"class": "tl-legend", "aria-label": "Timeline legend"},
        el("li", None, el("span", {"class": "sw sw-drug"}), "drug infusion"),
        el("li", None, el("span", {"class": "sw sw-hyd"}), "hydration"),
        el("li", None, el("span", {"class": "sw sw-overlap"}), "hydration overlapping a drug"),
        el("li", None, el("span", {"class": "sw sw-push"}), "push ◆ / injection ●"),
        el("li", None, el("span", {"class": "sw sw-hold"}), "hold (gap)"),
        el("li", None, el("span", {"class": "sw sw-open"}), "time not documented"),
        el("li", None, el("span", {"class": "sw sw-ng"}), "not given"),
        el("li", None, el("span", {"class": "sw sw-tick"}), "15′ / 30′ / 90′ thresholds"),
    )
