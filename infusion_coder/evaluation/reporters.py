"""Reporters for an evaluation run: terminal table, ``metrics.json`` and ``report.md``.

Kept apart from the metric functions (seqeval's ``reporters.py``): they only format an
:class:`~infusion_coder.evaluation.scoring.EvalScores`. The terminal table shows codes,
categories and figures only — never note text. ``report.md`` is an output file beside
``results.jsonl`` and quotes the evidence spans it compares.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from infusion_coder.evaluation.scoring import (
    METRICS,
    PRF,
    Accuracy,
    EvalScores,
    LineScores,
    NotePair,
)

__all__ = [
    "ThresholdResult",
    "check_thresholds",
    "llm_breakdown",
    "llm_breakdown_markdown",
    "to_json",
    "to_markdown",
    "to_table",
]

NONE = "—"


@dataclass(frozen=True)
class ThresholdResult:
    """One ``--min KEY=VALUE`` check."""

    key: str
    minimum: float
    value: float

    @property
    def passed(self) -> bool:
        return self.value >= self.minimum

    def describe(self) -> str:
        verdict = "ok  " if self.passed else "FAIL"
        relation = ">=" if self.passed else "<"
        return f"{verdict} {self.key} = {self.value:.4f} {relation} {self.minimum:g}"


def check_thresholds(scores: EvalScores, minimums: Mapping[str, float]) -> list[ThresholdResult]:
    """Compare the summary figures with the requested minimums (keys of ``METRICS``).

    Raises:
        KeyError: a key is not a metric key.
    """
    summary = scores.summary(digits=None)  # exact: 0.94996 must not pass a 0.95 minimum
    out = []
    for key, minimum in minimums.items():
        if key not in summary:
            raise KeyError(key)
        out.append(ThresholdResult(key, float(minimum), summary[key]))
    return out


# --------------------------------------------------------------------------------------------
# metrics.json


def _lines_json(lines: LineScores) -> dict[str, Any]:
    counts: Counter[tuple[str | None, str | None]] = Counter(
        (
            None if c.expected is None else c.expected[0],
            None if c.produced is None else c.produced[0],
        )
        for c in lines.confusion
    )
    return {
        "pairs": lines.pairs.to_json(),
        "codes": lines.codes.to_json(),
        "per_code": {
            code: {
                "gold": row.gold,
                "produced": row.produced,
                "pairs": row.pairs.to_json(refs=False),
                "codes": row.codes.to_json(refs=False),
            }
            for code, row in lines.per_code.items()
        },
        "confusion": [
            {
                "note_id": c.note_id,
                "expected": None if c.expected is None else list(c.expected),
                "produced": None if c.produced is None else list(c.produced),
                "gold_index": c.gold_index,
                "produced_index": c.produced_index,
            }
            for c in lines.confusion
        ],
        "confusion_counts": [
            {"expected": e, "produced": p, "count": n}
            for (e, p), n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        ],
    }


def to_json(
    scores: EvalScores,
    thresholds: Sequence[ThresholdResult] = (),
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``metrics.json`` object: headline summary first, then every metric with its errors."""
    spans = scores.spans
    out: dict[str, Any] = {
        "summary": scores.summary(),
        "metric_keys": {key: description for key, (description, _) in METRICS.items()},
        "notes": scores.notes,
        "failed_notes": [{"note_id": n, "error": e} for n, e in scores.failed],
        "admin_lines": _lines_json(scores.admin_lines),
        "drug_lines": _lines_json(scores.drug_lines),
        "modifiers": scores.modifiers.to_json(),
        "exact_match": scores.exact_match.to_json(),
        "findings": {
            "micro": scores.findings.micro.to_json(),
            "per_category": {
                c: prf.to_json(refs=False) for c, prf in scores.findings.per_category.items()
            },
        },
        "times": {
            "start": scores.times.start.to_json(),
            "stop": scores.times.stop.to_json(),
            "gold_given_administrations": scores.times.gold_given,
            "unmatched": [r.to_json() for r in scores.times.unmatched],
        },
        "extraction": {
            "drugs": scores.extraction.drugs.to_json(),
            "drug_status": scores.extraction.drug_status.to_json(),
        },
        "evidence": {
            "spans": {
                "annotated_administrations": spans.annotated,
                "exact": spans.exact.to_json(),
                "overlap": spans.overlap.to_json(),
                "per_label": {
                    label: {"exact": e.to_json(refs=False), "overlap": o.to_json(refs=False)}
                    for label, (e, o) in spans.per_label.items()
                },
            },
            "validity": scores.validity.to_json(),
        },
        "runtime": scores.runtime.to_json(),
        "warnings": list(scores.warnings),
        "thresholds": [
            {"key": t.key, "min": t.minimum, "value": t.value, "passed": t.passed}
            for t in thresholds
        ],
    }
    if meta:
        out["run"] = dict(meta)
    return out


# --------------------------------------------------------------------------------------------
# terminal table


def _prf_row(label: str, prf: PRF, width: int) -> str:
    return (
        f"{label:<{width}} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f}"
        f" {prf.tp:6d} {prf.fp:5d} {prf.fn:5d}"
    )


def _acc_row(label: str, acc: Accuracy, width: int) -> str:
    return f"{label:<{width}} {acc.value:6.3f} {acc.correct:6d} / {acc.total:<6d}"


def to_table(scores: EvalScores, thresholds: Sequence[ThresholdResult] = ()) -> str:
    """A readable plain-text summary (codes, categories and figures only; no note text)."""
    w = 34
    out = [
        f"notes: {scores.notes}   failed: {len(scores.failed)}"
        + (f" ({', '.join(n for n, _ in scores.failed[:5])}...)" if scores.failed else ""),
        "",
        f"{'':<{w}} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>5} {'fn':>5}",
        _prf_row("admin lines (code, units)", scores.admin_lines.pairs, w),
        _prf_row("admin lines (code)", scores.admin_lines.codes, w),
        _prf_row("drug lines (code, units)", scores.drug_lines.pairs, w),
        _prf_row("drug lines (code)", scores.drug_lines.codes, w),
        _prf_row("findings (micro)", scores.findings.micro, w),
        _prf_row("administrations: drug", scores.extraction.drugs, w),
        _prf_row("administrations: (drug, status)", scores.extraction.drug_status, w),
        _prf_row(f"evidence spans exact ({scores.spans.annotated} adm.)", scores.spans.exact, w),
        _prf_row("evidence spans overlap", scores.spans.overlap, w),
        "",
        f"{'':<{w}} {'value':>6} {'correct':>6} / total",
        _acc_row("modifiers (lines matched by code)", scores.modifiers, w),
        _acc_row("note exact match", scores.exact_match, w),
        _acc_row("start time (given, matched)", scores.times.start, w),
        _acc_row("stop time (given, matched)", scores.times.stop, w),
        _acc_row("evidence validity", scores.validity, w),
        f"{'given administrations unmatched':<{w}} {len(scores.times.unmatched):6d} / "
        f"{scores.times.gold_given}",
        "",
        f"runtime per note: mean {scores.runtime.mean * 1000:.1f} ms, "
        f"p95 {scores.runtime.p95 * 1000:.1f} ms, max {scores.runtime.max * 1000:.1f} ms "
        f"({scores.runtime.notes} notes, {scores.runtime.total:.2f} s)",
    ]
    for title, lines in (("admin", scores.admin_lines), ("drug", scores.drug_lines)):
        out += ["", _per_code_table(title, lines)]
    out += ["", _per_category_table(scores)]
    if scores.warnings:
        out += [
            "",
            f"note: {len(scores.warnings)} metric(s) had an empty denominator and read 0.0 "
            "(listed in metrics.json 'warnings')",
        ]
    if thresholds:
        out += ["", "thresholds:"] + [f"  {t.describe()}" for t in thresholds]
    return "\n".join(out)


def _per_code_table(title: str, lines: LineScores) -> str:
    head = (
        f"{title + ' lines per code':<18} {'gold':>5} {'prod':>5} {'P':>6} {'R':>6} {'F1':>6}"
        f" {'F1 code':>8}"
    )
    rows = [head]
    for code, row in lines.per_code.items():
        rows.append(
            f"{code:<18} {row.gold:5d} {row.produced:5d} {row.pairs.precision:6.3f}"
            f" {row.pairs.recall:6.3f} {row.pairs.f1:6.3f} {row.codes.f1:8.3f}"
        )
    if len(rows) == 1:
        rows.append("(no lines)")
    return "\n".join(rows)


def _per_category_table(scores: EvalScores) -> str:
    rows = [
        f"{'findings per category':<36} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
    ]
    for category, prf in scores.findings.per_category.items():
        rows.append(
            f"{category:<36} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f}"
            f" {prf.tp:4d} {prf.fp:4d} {prf.fn:4d}"
        )
    if len(rows) == 1:
        rows.append("(no findings)")
    return "\n".join(rows)


# --------------------------------------------------------------------------------------------
# report.md


def _cell(value: Any) -> str:
    text = str(value).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    return text or NONE


def _quote(text: str) -> str:
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fmt_line(line: Mapping[str, Any] | None) -> str:
    if line is None:
        return NONE
    mods = [str(m) for m in line.get("modifiers") or ()]
    return f"{line['code']} × {line['units']}" + (f" {'-'.join(mods)}" if mods else "")


def _line_rule(line: Mapping[str, Any] | None) -> str:
    if line is None:
        return NONE
    parts = [str(line.get("rule") or "?")]
    trace = [str(step.get("rule")) for step in line.get("trace") or () if step.get("rule")]
    if trace:
        parts.append("trace " + " → ".join(trace))
    rejected = [str(r) for r in line.get("rejected") or ()]
    if rejected:
        parts.append("rejected: " + "; ".join(rejected))
    return ", ".join(parts)


def _at(items: Sequence[Any], index: int | None) -> Any:
    if index is None or not 0 <= index < len(items):
        return None
    return items[index]


def _span_text(text: str, start: int, end: int) -> str:
    return f"[{start}, {end}) {_quote(text[start:end])}"


class _NoteRows:
    """Disagreement rows grouped by note, in gold order."""

    def __init__(self, pairs: Sequence[NotePair]) -> None:
        self.by_id = {p.note_id: p for p in pairs}
        self.rows: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)

    def add(self, note_id: str, what: str, expected: Any, produced: Any, rule: Any) -> None:
        self.rows[note_id].append((what, _cell(expected), _cell(produced), _cell(rule)))


def _collect(scores: EvalScores, pairs: Sequence[NotePair]) -> _NoteRows:
    rows = _NoteRows(pairs)
    by_id = rows.by_id
    for note_id, error in scores.failed:
        produced = by_id[note_id].produced
        message = (produced.get("error") or {}).get("message", "")
        rows.add(note_id, "note not processed", "a result", f"{error}: {message}", NONE)

    def gold_lines(note_id: str) -> list[Any]:
        return list(by_id[note_id].labels.get("lines") or ())

    def produced_lines(note_id: str) -> list[Any]:
        return list(by_id[note_id].produced.get("lines") or ())

    short: dict[str, None] = {}  # notes with an expected line that nothing produced
    for what, lines in (("admin line", scores.admin_lines), ("drug line", scores.drug_lines)):
        for c in lines.confusion:
            g = _at(gold_lines(c.note_id), c.gold_index)
            p = _at(produced_lines(c.note_id), c.produced_index)
            rows.add(c.note_id, what, _fmt_line(g), _fmt_line(p), _line_rule(p))
            if p is None:
                short[c.note_id] = None
    for note_id in short:  # why the program coded nothing for a given administration
        for adm in by_id[note_id].produced.get("administrations") or ():
            if adm.get("status", "given") == "given" and adm.get("billable") is False:
                rows.add(note_id, "not coded", NONE, _adm_label(adm), _adm_reason(adm))
    for m in scores.modifiers.errors:
        p = _at(produced_lines(m.note_id), m.produced_index)
        rows.add(
            m.note_id,
            f"modifiers on {m.subject}",
            " ".join(m.expected) or "(none)",
            " ".join(m.produced) or "(none)",
            _line_rule(p),
        )
    for ref in scores.findings.micro.misses:
        rows.add(ref.note_id, "finding", ref.key[0], NONE, "no rule fired")
    for ref in scores.findings.micro.spurious:
        finding = _at(list(by_id[ref.note_id].produced.get("findings") or ()), ref.index) or {}
        rule = f"{finding.get('rule_id', '?')}: {finding.get('message', '')}"
        rows.add(ref.note_id, "finding", NONE, ref.key[0], rule)
    for m in (*scores.times.start.errors, *scores.times.stop.errors):
        adm = _at(list(by_id[m.note_id].produced.get("administrations") or ()), m.produced_index)
        rows.add(
            m.note_id,
            f"{m.what} time of {m.subject}",
            m.expected if m.expected is not None else "(not documented)",
            m.produced if m.produced is not None else "(none)",
            f"administration {(adm or {}).get('id', '?')}",
        )
    _collect_extraction(scores, rows)
    _collect_spans(scores, rows)
    for e in scores.validity.errors:
        rows.add(e.note_id, "invalid evidence", "valid offsets", e.where, e.reason)
    return rows


def _adm_label(adm: Mapping[str, Any] | None) -> str:
    if adm is None:
        return NONE
    bits = [str(adm.get("drug") or "(unnamed)"), str(adm.get("status") or "given")]
    if adm.get("start") or adm.get("stop"):
        bits.append(f"{adm.get('start') or '?'}–{adm.get('stop') or '?'}")
    return " ".join(bits)


def _collect_extraction(scores: EvalScores, rows: _NoteRows) -> None:
    drugs, drug_status = scores.extraction.drugs, scores.extraction.drug_status
    missed = {(r.note_id, r.index) for r in drugs.misses}
    extra = {(r.note_id, r.index) for r in drugs.spurious}
    for ref in drugs.misses:
        adm = _at(_gold_admins(rows, ref.note_id), ref.index)
        rows.add(ref.note_id, "administration", _adm_label(adm), NONE, "not extracted")
    for ref in drugs.spurious:
        adm = _at(_produced_admins(rows, ref.note_id), ref.index)
        rows.add(ref.note_id, "administration", NONE, _adm_label(adm), _adm_reason(adm))
    for ref in drug_status.misses:
        if (ref.note_id, ref.index) not in missed:
            adm = _at(_gold_admins(rows, ref.note_id), ref.index)
            rows.add(ref.note_id, "status", _adm_label(adm), "other status", NONE)
    for ref in drug_status.spurious:
        if (ref.note_id, ref.index) not in extra:
            adm = _at(_produced_admins(rows, ref.note_id), ref.index)
            rows.add(ref.note_id, "status", "other status", _adm_label(adm), _adm_reason(adm))


def _adm_reason(adm: Mapping[str, Any] | None) -> str:
    if adm is None:
        return NONE
    reasons = "; ".join(str(r) for r in adm.get("reasons") or ())
    return f"administration {adm.get('id', '?')}" + (f": {reasons}" if reasons else "")


def _gold_admins(rows: _NoteRows, note_id: str) -> list[Any]:
    return list(rows.by_id[note_id].labels.get("administrations") or ())


def _produced_admins(rows: _NoteRows, note_id: str) -> list[Any]:
    return list(rows.by_id[note_id].produced.get("administrations") or ())


def _collect_spans(scores: EvalScores, rows: _NoteRows) -> None:
    overlap_missed = {(r.note_id, r.key) for r in scores.spans.overlap.misses}
    for ref in scores.spans.exact.misses:
        text = str(rows.by_id[ref.note_id].gold["text"])
        label, start, end = ref.key
        kind = "none overlaps" if (ref.note_id, ref.key) in overlap_missed else "overlaps only"
        rows.add(ref.note_id, f"{label} span (exact)", _span_text(text, start, end), kind, NONE)
    for ref in scores.spans.exact.spurious:
        text = str(rows.by_id[ref.note_id].gold["text"])
        label, start, end = ref.key
        adm = _at(_produced_admins(rows, ref.note_id), ref.index) or {}
        rows.add(
            ref.note_id,
            f"{label} span (exact)",
            NONE,
            _span_text(text, start, end),
            f"administration {adm.get('id', '?')}",
        )


def to_markdown(
    scores: EvalScores,
    pairs: Sequence[NotePair],
    thresholds: Sequence[ThresholdResult] = (),
    title: str = "Evaluation report",
    meta: Mapping[str, Any] | None = None,
) -> str:
    """``report.md``: the headline figures, then every disagreement of every note.

    Each disagreement row names what was compared, the expected and the produced value, and the
    rule that fired (a produced line's ``rule``, trace and rejected alternatives; a finding's
    ``rule_id`` and message; the administration the value came from).
    """
    out = [f"# {title}", ""]
    for key, value in (meta or {}).items():
        out.append(f"- {key}: {value}")
    out += [
        f"- notes: {scores.notes}, failed: {len(scores.failed)}",
        "",
        "## Summary",
        "",
        "| metric | key | value |",
        "|---|---|---|",
    ]
    summary = scores.summary()
    for key, (description, _) in METRICS.items():
        out.append(f"| {_cell(description)} | `{key}` | {summary[key]:.4f} |")
    out += [
        "",
        f"Runtime per note: mean {scores.runtime.mean * 1000:.1f} ms, "
        f"p95 {scores.runtime.p95 * 1000:.1f} ms.",
    ]
    if thresholds:
        out += ["", "## Thresholds", ""]
        out += [f"- {'✅' if t.passed else '❌'} {t.describe()}" for t in thresholds]
    if scores.warnings:
        out += ["", "## Empty denominators (reported as 0.0)", ""]
        out += [f"- {w}" for w in scores.warnings]
    out += ["", _md_per_code("Administration lines per code", scores.admin_lines)]
    out += ["", _md_per_code("Drug lines per code", scores.drug_lines)]
    out += ["", "## Findings per category", "", "| category | P | R | F1 | tp | fp | fn |"]
    out.append("|---|---|---|---|---|---|---|")
    for category, prf in scores.findings.per_category.items():
        out.append(
            f"| `{category}` | {prf.precision:.3f} | {prf.recall:.3f} | {prf.f1:.3f} "
            f"| {prf.tp} | {prf.fp} | {prf.fn} |"
        )

    rows = _collect(scores, pairs)
    with_rows = [p for p in pairs if rows.rows.get(p.note_id)]
    out += [
        "",
        "## Disagreements",
        "",
        f"{len(with_rows)} of {len(pairs)} notes have at least one disagreement.",
    ]
    for pair in with_rows:
        gold = pair.gold
        context = ", ".join(
            str(v)
            for v in (gold.get("setting"), gold.get("payer"), gold.get("date_of_service"))
            if v
        )
        out += ["", f"### `{pair.note_id}` ({context})", ""]
        rationale = pair.labels.get("rationale")
        if rationale:
            out += [f"> {_cell(rationale)}", ""]
        out += ["| what | expected | produced | rule that fired |", "|---|---|---|---|"]
        out += [f"| {w} | {e} | {p} | {r} |" for w, e, p, r in rows.rows[pair.note_id]]
    return "\n".join(out) + "\n"


def _md_per_code(title: str, lines: LineScores) -> str:
    out = [f"## {title}", "", "| code | gold | produced | P | R | F1 | F1 (code) |"]
    out.append("|---|---|---|---|---|---|---|")
    for code, row in lines.per_code.items():
        out.append(
            f"| {code} | {row.gold} | {row.produced} | {row.pairs.precision:.3f} "
            f"| {row.pairs.recall:.3f} | {row.pairs.f1:.3f} | {row.codes.f1:.3f} |"
        )
    counts = Counter(
        (c.expected[0] if c.expected else NONE, c.produced[0] if c.produced else NONE)
        for c in lines.confusion
    )
    if counts:
        out += ["", "Confusions (expected → produced, all notes):", ""]
        out += [f"- {e} → {p}: {n}" for (e, p), n in counts.most_common()]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# rules only vs rules + LLM (``eval --compare-llm``)


def llm_breakdown(
    rules_records: Sequence[Mapping[str, Any]], llm_records: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """What the LLM did in the with-LLM run, counted; codes, fields and reasons only.

    Args:
        rules_records: ``results.jsonl`` records of the rules-only run.
        llm_records: ``results.jsonl`` records of the rules + LLM run (same notes, same order).

    Returns:
        ``{"asked": {rule: n}, "accepted": {field: n}, "rejected": {field: {reason: n}},
        "fallbacks": [{"note_id", "kind", "type", "code"}], "changed_notes": [{"note_id",
        "rules_only", "with_llm"}]}``: the questions the gap rules asked, the proposals accepted
        by field, the proposals rejected by field and reason, the notes that fell back to
        rules-only and why, and the notes whose claim lines differ between the runs. Sorted, so
        equal runs give equal objects.
    """
    asked: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    rejected: dict[str, Counter[str]] = defaultdict(Counter)
    fallbacks: list[dict[str, Any]] = []
    for record in llm_records:
        llm = record.get("llm") or {}
        asked.update(str(q.get("rule")) for q in llm.get("asked") or ())
        accepted.update(str(a.get("field")) for a in llm.get("accepted") or ())
        for r in llm.get("rejected") or ():
            rejected[str(r.get("field"))][str(r.get("reason"))] += 1
        if llm.get("status") == "fallback":
            error = llm.get("error") or {}
            fallbacks.append(
                {
                    "note_id": record.get("note_id"),
                    "kind": error.get("kind"),
                    "type": error.get("type"),
                    "code": error.get("code"),
                }
            )
    before = {r.get("note_id"): _line_keys(r) for r in rules_records}
    changed = [
        {"note_id": r.get("note_id"), "rules_only": before.get(r.get("note_id")), "with_llm": now}
        for r in llm_records
        if (now := _line_keys(r)) != before.get(r.get("note_id"))
    ]
    return {
        "asked": dict(sorted(asked.items())),
        "accepted": dict(sorted(accepted.items())),
        "rejected": {f: dict(sorted(c.items())) for f, c in sorted(rejected.items())},
        "fallbacks": fallbacks,
        "changed_notes": changed,
    }


def _line_keys(record: Mapping[str, Any]) -> list[str]:
    return [_fmt_line(line) for line in record.get("lines") or ()]


def llm_breakdown_markdown(breakdown: Mapping[str, Any]) -> str:
    """The :func:`llm_breakdown` object as Markdown sections for ``llm-comparison.md``."""
    out = ["## Questions asked (gap rule: count)", ""]
    out += [f"- `{rule}`: {n}" for rule, n in breakdown["asked"].items()] or ["- none"]
    out += ["", "## Proposals by field", "", "| field | accepted | rejected | rejected by reason |"]
    out.append("|---|---:|---:|---|")
    fields = sorted(breakdown["accepted"].keys() | breakdown["rejected"].keys())
    for f in fields:
        reasons = breakdown["rejected"].get(f, {})
        detail = ", ".join(f"{reason} {n}" for reason, n in reasons.items()) or NONE
        out.append(
            f"| {f} | {breakdown['accepted'].get(f, 0)} | {sum(reasons.values())} | {detail} |"
        )
    if not fields:
        out.append(f"| {NONE} | 0 | 0 | {NONE} |")
    out += ["", "## Notes that fell back to rules-only", ""]
    out += [
        f"- `{f['note_id']}`: {f['kind']} ({f['type']}, {f['code']})"
        for f in breakdown["fallbacks"]
    ] or ["- none"]
    out += ["", "## Notes whose claim lines changed", ""]
    out += [
        f"- `{c['note_id']}`: {', '.join(c['rules_only'] or []) or NONE} → "
        f"{', '.join(c['with_llm'] or []) or NONE}"
        for c in breakdown["changed_notes"]
    ] or ["- none"]
    return "\n".join(out) + "\n"
