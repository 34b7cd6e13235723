"""Metric functions over plain data: gold records (eval_sets format) against produced records.

Everything here is pure: the inputs are the gold record as a dict (``GoldNote.record()``) and the
produced ``results.jsonl`` object (``NoteResult.to_json()``), paired by note id
(:func:`pair_records`). Each metric returns counts plus a reference to every miss and every
spurious item (note id, index into the gold or produced list, the compared key), in the manner of
nervaluate, so the reporters can show every disagreement. Matching is multiset matching through
hash maps: linear in the number of items.

A ratio whose denominator is empty is 0.0 and emits :class:`EmptyDenominatorWarning`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from infusion_coder.evaluation.gold import line_kind

__all__ = [
    "METRICS",
    "PRF",
    "Accuracy",
    "CodeRow",
    "Confusion",
    "EmptyDenominatorWarning",
    "EvalScores",
    "ExtractionScores",
    "FindingScores",
    "InvalidEvidence",
    "LineScores",
    "Mismatch",
    "NotePair",
    "Ref",
    "Runtime",
    "SpanScores",
    "TimeScores",
    "align_administrations",
    "lowercase_name",
    "match_staged",
    "pair_records",
    "score",
    "score_evidence_validity",
    "score_exact_match",
    "score_extraction",
    "score_findings",
    "score_lines",
    "score_modifiers",
    "score_runtime",
    "score_spans",
    "score_times",
]

UNNAMED = "(unnamed)"
SPAN_LABELS = ("drug", "start", "stop")
_WS = re.compile(r"\s+")

Canonical = Callable[[str | None], str]


class EmptyDenominatorWarning(UserWarning):
    """A metric had nothing to divide by (reported as 0.0)."""


def _ratio(numerator: float, denominator: float, name: str) -> float:
    if denominator == 0:
        warnings.warn(
            f"{name}: empty denominator, reported as 0.0", EmptyDenominatorWarning, stacklevel=4
        )
        return 0.0
    return numerator / denominator


def lowercase_name(name: str | None) -> str:
    """The fallback drug-name key: case-folded, whitespace collapsed; None → ``(unnamed)``."""
    if name is None:
        return UNNAMED
    return _WS.sub(" ", name).strip().casefold()


# --------------------------------------------------------------------------------------------
# result types


@dataclass(frozen=True)
class Ref:
    """One missed gold item (``index`` into the gold list) or spurious produced item."""

    note_id: str
    index: int
    key: tuple[Any, ...]

    def to_json(self) -> dict[str, Any]:
        return {"note_id": self.note_id, "index": self.index, "key": list(self.key)}


@dataclass(frozen=True)
class PRF:
    """Precision / recall / F1 from counts, with every miss and spurious item."""

    name: str
    tp: int
    misses: tuple[Ref, ...] = ()
    spurious: tuple[Ref, ...] = ()
    precision: float = field(init=False)
    recall: float = field(init=False)
    f1: float = field(init=False)

    def __post_init__(self) -> None:
        tp, fp, fn = self.tp, self.fp, self.fn
        if tp + fp + fn == 0:
            warnings.warn(
                f"{self.name}: no gold and no produced items, P/R/F1 reported as 0.0",
                EmptyDenominatorWarning,
                stacklevel=3,
            )
            precision = recall = f1 = 0.0
        else:
            precision = _ratio(tp, tp + fp, f"{self.name} precision")
            recall = _ratio(tp, tp + fn, f"{self.name} recall")
            f1 = 2 * tp / (2 * tp + fp + fn)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "recall", recall)
        object.__setattr__(self, "f1", f1)

    @property
    def fp(self) -> int:
        return len(self.spurious)

    @property
    def fn(self) -> int:
        return len(self.misses)

    def to_json(self, refs: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }
        if refs:
            out["misses"] = [r.to_json() for r in self.misses]
            out["spurious"] = [r.to_json() for r in self.spurious]
        return out


class _Tally:
    """Mutable counter that becomes a :class:`PRF`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tp = 0
        self.misses: list[Ref] = []
        self.spurious: list[Ref] = []

    def result(self) -> PRF:
        return PRF(self.name, self.tp, tuple(self.misses), tuple(self.spurious))


@dataclass(frozen=True)
class Accuracy:
    """Share of correct items, with the wrong ones."""

    name: str
    correct: int
    total: int
    errors: tuple[Any, ...] = ()
    value: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _ratio(self.correct, self.total, self.name))

    def to_json(self) -> dict[str, Any]:
        return {
            "value": round(self.value, 4),
            "correct": self.correct,
            "total": self.total,
            "errors": [_as_json(e) for e in self.errors],
        }


@dataclass(frozen=True)
class Mismatch:
    """Two matched items that differ in one field (modifiers, start or stop time)."""

    note_id: str
    what: str  # "modifiers" | "start" | "stop"
    subject: str  # the line code or the drug
    gold_index: int
    produced_index: int
    expected: Any
    produced: Any


@dataclass(frozen=True)
class InvalidEvidence:
    """A produced evidence span that is not a valid offset into the note."""

    note_id: str
    where: str  # "lines[0].evidence[1]"
    reason: str


@dataclass(frozen=True)
class Confusion:
    """An expected line and what was produced instead (either side may be None)."""

    note_id: str
    expected: tuple[str, int] | None
    produced: tuple[str, int] | None
    gold_index: int | None
    produced_index: int | None


def _as_json(item: Any) -> Any:
    if isinstance(item, Ref):
        return item.to_json()
    if hasattr(item, "__dataclass_fields__"):
        return {
            k: (list(v) if isinstance(v, tuple) else v)
            for k, v in ((name, getattr(item, name)) for name in item.__dataclass_fields__)
        }
    return item


@dataclass(frozen=True)
class CodeRow:
    """One row of the per-code table."""

    code: str
    gold: int
    produced: int
    pairs: PRF
    codes: PRF


@dataclass(frozen=True)
class LineScores:
    """Scores of one line family (administration or drug lines)."""

    kind: str
    pairs: PRF  # over (code, units)
    codes: PRF  # over codes alone
    per_code: dict[str, CodeRow]
    confusion: tuple[Confusion, ...]


@dataclass(frozen=True)
class FindingScores:
    micro: PRF
    per_category: dict[str, PRF]


@dataclass(frozen=True)
class TimeScores:
    start: Accuracy
    stop: Accuracy
    gold_given: int  # given gold administrations
    unmatched: tuple[Ref, ...]  # given gold administrations no produced one matched


@dataclass(frozen=True)
class ExtractionScores:
    drugs: PRF
    drug_status: PRF


@dataclass(frozen=True)
class SpanScores:
    exact: PRF
    overlap: PRF
    per_label: dict[str, tuple[PRF, PRF]]  # label -> (exact, overlap)
    annotated: int  # gold administrations that carry spans


@dataclass(frozen=True)
class Runtime:
    notes: int
    mean: float
    p95: float
    max: float
    total: float

    def to_json(self) -> dict[str, Any]:
        return {
            "notes": self.notes,
            "mean_seconds": round(self.mean, 5),
            "p95_seconds": round(self.p95, 5),
            "max_seconds": round(self.max, 5),
            "total_seconds": round(self.total, 4),
        }


# --------------------------------------------------------------------------------------------
# pairing and matching


@dataclass(frozen=True)
class NotePair:
    """A gold record and the record produced for the same note."""

    gold: Mapping[str, Any]
    produced: Mapping[str, Any]

    @property
    def note_id(self) -> str:
        return str(self.gold["id"])

    @property
    def ok(self) -> bool:
        return self.produced.get("status") == "ok"

    @property
    def labels(self) -> Mapping[str, Any]:
        return self.gold.get("gold") or {}


def pair_records(
    gold: Iterable[Mapping[str, Any]], produced: Iterable[Mapping[str, Any]]
) -> list[NotePair]:
    """Pair gold and produced records by note id, in gold order.

    A gold note without a produced record is paired with an error record
    (``error.type == "missing_result"``), so it counts against every metric.

    Raises:
        ValueError: a produced id repeats or has no gold record.
    """
    gold = list(gold)
    gold_ids = {str(g["id"]) for g in gold}
    by_id: dict[str, Mapping[str, Any]] = {}
    for record in produced:
        note_id = str(record["note_id"])
        if note_id in by_id:
            raise ValueError(f"produced record for note {note_id!r} repeats")
        if note_id not in gold_ids:
            raise ValueError(f"produced record for note {note_id!r} has no gold record")
        by_id[note_id] = record
    pairs = []
    for record in gold:
        note_id = str(record["id"])
        produced_record = by_id.get(note_id) or {
            "note_id": note_id,
            "status": "error",
            "error": {"type": "missing_result", "message": "no produced record for this note"},
            "lines": [],
            "findings": [],
            "administrations": [],
        }
        pairs.append(NotePair(record, produced_record))
    return pairs


KeyFn = Callable[[Any], Hashable]


def match_staged(
    gold: Sequence[Any], produced: Sequence[Any], keys: Sequence[KeyFn]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair items with equal keys, trying each key function in turn on what is still unpaired.

    Within one key, items pair in list order (the first gold with the first produced). Linear in
    ``len(gold) + len(produced)`` per key.

    Returns:
        ``(pairs of (gold position, produced position), unpaired gold, unpaired produced)``,
        positions into the given sequences, unpaired lists in their original order.
    """
    gold_left = list(range(len(gold)))
    produced_left = list(range(len(produced)))
    pairs: list[tuple[int, int]] = []
    for key in keys:
        if not gold_left or not produced_left:
            break
        queues: dict[Hashable, deque[int]] = defaultdict(deque)
        for p in produced_left:
            queues[key(produced[p])].append(p)
        taken: set[int] = set()
        still: list[int] = []
        for g in gold_left:
            queue = queues.get(key(gold[g]))
            if queue:
                p = queue.popleft()
                pairs.append((g, p))
                taken.add(p)
            else:
                still.append(g)
        gold_left = still
        produced_left = [p for p in produced_left if p not in taken]
    return pairs, gold_left, produced_left


# --------------------------------------------------------------------------------------------
# claim lines


def _modifiers(line: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(sorted(str(m).upper() for m in line.get("modifiers") or ()))


def _code(line: Mapping[str, Any]) -> str:
    return str(line["code"]).strip().upper()


def _scored(lines: Sequence[Mapping[str, Any]], kind: str | None) -> list[tuple[int, Any]]:
    """``(index in the record's list, line)`` of the lines of one family (None: both)."""
    out = []
    for index, line in enumerate(lines):
        family = line_kind(_code(line))
        if family is not None and (kind is None or family == kind):
            out.append((index, line))
    return out


def _gold_lines(pair: NotePair) -> list[Mapping[str, Any]]:
    return list(pair.labels.get("lines") or ())


def _produced_lines(pair: NotePair) -> list[Mapping[str, Any]]:
    return list(pair.produced.get("lines") or ())


def _pair_key(item: tuple[int, Any]) -> Hashable:
    return (_code(item[1]), int(item[1]["units"]))


def _code_key(item: tuple[int, Any]) -> Hashable:
    return _code(item[1])


def score_lines(pairs: Sequence[NotePair], kind: str) -> LineScores:
    """P/R/F1 over (code, units) and over codes, per code, and the confusion list of one family.

    Args:
        pairs: The paired records.
        kind: ``"administration"`` (963xx/964xx) or ``"drug"`` (J/G/S/Q but IV solutions).
    """
    label = "admin" if kind == "administration" else "drug"
    pair_tally = _Tally(f"{label} lines (code, units)")
    code_tally = _Tally(f"{label} lines (code)")
    per_pair: dict[str, _Tally] = {}
    per_code: dict[str, _Tally] = {}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: list[Confusion] = []

    def row(code: str) -> tuple[_Tally, _Tally]:
        if code not in per_pair:
            per_pair[code] = _Tally(f"{label} {code} (code, units)")
            per_code[code] = _Tally(f"{label} {code} (code)")
        return per_pair[code], per_code[code]

    for pair in pairs:
        note_id = pair.note_id
        gold = _scored(_gold_lines(pair), kind)
        produced = _scored(_produced_lines(pair), kind)
        for _, line in gold:
            counts[_code(line)][0] += 1
        for _, line in produced:
            counts[_code(line)][1] += 1

        matched, gold_left, produced_left = match_staged(gold, produced, [_pair_key])
        for g, _ in matched:
            pair_tally.tp += 1
            row(_code(gold[g][1]))[0].tp += 1
        for g in gold_left:
            ref = Ref(note_id, gold[g][0], _pair_key(gold[g]))
            pair_tally.misses.append(ref)
            row(ref.key[0])[0].misses.append(ref)
        for p in produced_left:
            ref = Ref(note_id, produced[p][0], _pair_key(produced[p]))
            pair_tally.spurious.append(ref)
            row(ref.key[0])[0].spurious.append(ref)

        code_matched, code_gold_left, code_produced_left = match_staged(gold, produced, [_code_key])
        for g, _ in code_matched:
            code_tally.tp += 1
            row(_code(gold[g][1]))[1].tp += 1
        for g in code_gold_left:
            ref = Ref(note_id, gold[g][0], (_code(gold[g][1]),))
            code_tally.misses.append(ref)
            row(ref.key[0])[1].misses.append(ref)
        for p in code_produced_left:
            ref = Ref(note_id, produced[p][0], (_code(produced[p][1]),))
            code_tally.spurious.append(ref)
            row(ref.key[0])[1].spurious.append(ref)

        confusion.extend(_confusion(note_id, gold, produced, gold_left, produced_left))

    rows = {
        code: CodeRow(
            code, counts[code][0], counts[code][1], per_pair[code].result(), per_code[code].result()
        )
        for code in sorted(per_pair)
    }
    return LineScores(kind, pair_tally.result(), code_tally.result(), rows, tuple(confusion))


def _confusion(
    note_id: str,
    gold: list[tuple[int, Any]],
    produced: list[tuple[int, Any]],
    gold_left: list[int],
    produced_left: list[int],
) -> list[Confusion]:
    """Unmatched lines as (expected → produced): same code first, then in order, then alone."""
    g_items = [gold[g] for g in gold_left]
    p_items = [produced[p] for p in produced_left]
    same, g_rest, p_rest = match_staged(g_items, p_items, [_code_key])
    out = []
    for g, p in same:
        out.append(
            Confusion(
                note_id,
                _pair_key(g_items[g]),
                _pair_key(p_items[p]),
                g_items[g][0],
                p_items[p][0],
            )
        )
    for i in range(max(len(g_rest), len(p_rest))):
        g_item = g_items[g_rest[i]] if i < len(g_rest) else None
        p_item = p_items[p_rest[i]] if i < len(p_rest) else None
        out.append(
            Confusion(
                note_id,
                None if g_item is None else _pair_key(g_item),
                None if p_item is None else _pair_key(p_item),
                None if g_item is None else g_item[0],
                None if p_item is None else p_item[0],
            )
        )
    return out


def score_modifiers(pairs: Sequence[NotePair]) -> Accuracy:
    """Share of matched scored lines whose sorted modifiers are equal.

    Lines are matched by code, preferring equal (code, units, modifiers), then equal
    (code, modifiers), then (code, units), then code alone (so a JW line pairs with a JW line).
    """
    correct = total = 0
    errors: list[Mismatch] = []
    keys: list[KeyFn] = [
        lambda i: (_code(i[1]), int(i[1]["units"]), _modifiers(i[1])),
        lambda i: (_code(i[1]), _modifiers(i[1])),
        _pair_key,
        _code_key,
    ]
    for pair in pairs:
        gold = _scored(_gold_lines(pair), None)
        produced = _scored(_produced_lines(pair), None)
        matched, _, _ = match_staged(gold, produced, keys)
        for g, p in matched:
            total += 1
            expected, got = _modifiers(gold[g][1]), _modifiers(produced[p][1])
            if expected == got:
                correct += 1
            else:
                errors.append(
                    Mismatch(
                        pair.note_id,
                        "modifiers",
                        _code(gold[g][1]),
                        gold[g][0],
                        produced[p][0],
                        expected,
                        got,
                    )
                )
    return Accuracy("modifier accuracy", correct, total, tuple(errors))


def _line_signature(lines: Sequence[Mapping[str, Any]]) -> list[tuple[str, int, tuple[str, ...]]]:
    return sorted((_code(x), int(x["units"]), _modifiers(x)) for _, x in _scored(lines, None))


def score_exact_match(pairs: Sequence[NotePair]) -> Accuracy:
    """Share of notes whose scored lines equal the gold exactly (codes, units and modifiers).

    A note the pipeline failed on never matches. ``errors`` holds the ids of the other notes.
    """
    wrong = [
        pair.note_id
        for pair in pairs
        if not pair.ok
        or _line_signature(_gold_lines(pair)) != _line_signature(_produced_lines(pair))
    ]
    return Accuracy("note exact match", len(pairs) - len(wrong), len(pairs), tuple(wrong))


# --------------------------------------------------------------------------------------------
# findings


def score_findings(pairs: Sequence[NotePair]) -> FindingScores:
    """Micro and per-category P/R/F1 over the set of finding categories of each note."""
    micro = _Tally("findings (micro)")
    per: dict[str, _Tally] = {}

    def tally(category: str) -> _Tally:
        if category not in per:
            per[category] = _Tally(f"findings {category}")
        return per[category]

    for pair in pairs:
        gold: dict[str, int] = {}
        for index, category in enumerate(pair.labels.get("findings") or ()):
            gold.setdefault(str(category), index)
        produced: dict[str, int] = {}
        for index, finding in enumerate(pair.produced.get("findings") or ()):
            produced.setdefault(str(finding["category"]), index)
        for category, index in gold.items():
            if category in produced:
                micro.tp += 1
                tally(category).tp += 1
            else:
                ref = Ref(pair.note_id, index, (category,))
                micro.misses.append(ref)
                tally(category).misses.append(ref)
        for category, index in produced.items():
            if category not in gold:
                ref = Ref(pair.note_id, index, (category,))
                micro.spurious.append(ref)
                tally(category).spurious.append(ref)
    return FindingScores(micro.result(), {c: per[c].result() for c in sorted(per)})


# --------------------------------------------------------------------------------------------
# administrations: times, extraction, evidence spans


def _gold_admins(pair: NotePair) -> list[Mapping[str, Any]]:
    return list(pair.labels.get("administrations") or ())


def _produced_admins(pair: NotePair) -> list[Mapping[str, Any]]:
    return list(pair.produced.get("administrations") or ())


def _status(adm: Mapping[str, Any]) -> str:
    return str(adm.get("status") or "given")


def score_times(pairs: Sequence[NotePair], canonical: Canonical = lowercase_name) -> TimeScores:
    """Start and stop accuracy over given administrations matched by canonical drug name.

    Given gold administrations are paired with given produced ones by drug, preferring equal
    (drug, start, stop). A null gold time matched by a null produced time is correct.
    ``unmatched`` lists the given gold administrations with no produced partner (not in the
    accuracy denominators).
    """
    start_ok = stop_ok = total = 0
    start_errors: list[Mismatch] = []
    stop_errors: list[Mismatch] = []
    unmatched: list[Ref] = []
    gold_given = 0

    def drug(item: tuple[int, Any]) -> str:
        return canonical(item[1].get("drug"))

    for pair in pairs:
        gold = [(i, a) for i, a in enumerate(_gold_admins(pair)) if _status(a) == "given"]
        produced = [(i, a) for i, a in enumerate(_produced_admins(pair)) if _status(a) == "given"]
        gold_given += len(gold)
        matched, gold_left, _ = match_staged(
            gold,
            produced,
            [lambda i: (drug(i), i[1].get("start"), i[1].get("stop")), drug],
        )
        for g, p in matched:
            total += 1
            (gi, ga), (pi, pa) = gold[g], produced[p]
            for name, errors in (("start", start_errors), ("stop", stop_errors)):
                if ga.get(name) == pa.get(name):
                    if name == "start":
                        start_ok += 1
                    else:
                        stop_ok += 1
                else:
                    errors.append(
                        Mismatch(
                            pair.note_id, name, drug(gold[g]), gi, pi, ga.get(name), pa.get(name)
                        )
                    )
        for g in gold_left:
            unmatched.append(Ref(pair.note_id, gold[g][0], (drug(gold[g]),)))
    return TimeScores(
        Accuracy("start time accuracy", start_ok, total, tuple(start_errors)),
        Accuracy("stop time accuracy", stop_ok, total, tuple(stop_errors)),
        gold_given,
        tuple(unmatched),
    )


def score_extraction(
    pairs: Sequence[NotePair], canonical: Canonical = lowercase_name
) -> ExtractionScores:
    """Drug F1 and (drug, status) F1 over every gold administration (multiset per note)."""
    drugs = _Tally("extraction drug")
    drug_status = _Tally("extraction (drug, status)")

    def drug_key(item: tuple[int, Any]) -> tuple[str, ...]:
        return (canonical(item[1].get("drug")),)

    def drug_status_key(item: tuple[int, Any]) -> tuple[str, ...]:
        return (canonical(item[1].get("drug")), _status(item[1]))

    for pair in pairs:
        gold = list(enumerate(_gold_admins(pair)))
        produced = list(enumerate(_produced_admins(pair)))
        for tally, key in ((drugs, drug_key), (drug_status, drug_status_key)):
            matched, gold_left, produced_left = match_staged(gold, produced, [key])
            tally.tp += len(matched)
            tally.misses.extend(Ref(pair.note_id, gold[g][0], key(gold[g])) for g in gold_left)
            tally.spurious.extend(
                Ref(pair.note_id, produced[p][0], key(produced[p])) for p in produced_left
            )
    return ExtractionScores(drugs.result(), drug_status.result())


def align_administrations(
    gold: Sequence[Mapping[str, Any]],
    produced: Sequence[Mapping[str, Any]],
    canonical: Canonical = lowercase_name,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair gold and produced administrations of one note (any status).

    By canonical drug, preferring equal (drug, status, start, stop), then (drug, status).
    """

    def drug(a: Mapping[str, Any]) -> Hashable:
        return canonical(a.get("drug"))

    return match_staged(
        gold,
        produced,
        [
            lambda a: (drug(a), _status(a), a.get("start"), a.get("stop")),
            lambda a: (drug(a), _status(a)),
            drug,
        ],
    )


def _produced_span(adm: Mapping[str, Any], label: str) -> tuple[int, int] | None:
    """The administration's evidence span of ``label`` (an unnamed drug's is ``mention``)."""
    wanted = ("drug", "mention") if label == "drug" else (label,)
    for name in wanted:
        for ev in adm.get("evidence") or ():
            if ev.get("label") == name:
                return int(ev["start"]), int(ev["end"])
    return None


def score_spans(pairs: Sequence[NotePair], canonical: Canonical = lowercase_name) -> SpanScores:
    """Exact-span and overlap F1 (MDACE-style) for the drug/start/stop evidence.

    Only gold administrations that carry ``spans`` are scored. For such an administration and a
    label, the gold span is compared with the produced administration's evidence of that label
    (``mention`` stands in for ``drug`` when the substance is unnamed); when a gold time is null
    (not documented) a produced span of that label is spurious; a label whose value is given but
    whose span is not labelled is skipped.
    Overlap counts a match when the two half-open spans share at least one character.
    """
    exact = _Tally("evidence spans (exact)")
    overlap = _Tally("evidence spans (overlap)")
    per = {
        label: (_Tally(f"{label} span (exact)"), _Tally(f"{label} span (overlap)"))
        for label in SPAN_LABELS
    }
    annotated = 0
    for pair in pairs:
        gold = _gold_admins(pair)
        produced = _produced_admins(pair)
        matched, gold_left, _ = align_administrations(gold, produced, canonical)
        partners: dict[int, int | None] = dict.fromkeys(gold_left)
        partners.update(matched)
        for g in range(len(gold)):
            spans = gold[g].get("spans")
            if not spans:
                continue
            annotated += 1
            p = partners.get(g)
            for label in SPAN_LABELS:
                raw = spans.get(label)
                gold_span = None if raw is None else (int(raw[0]), int(raw[1]))
                if gold_span is None and (label == "drug" or gold[g].get(label) is not None):
                    continue  # value labelled without its span: not scored
                got = None if p is None else _produced_span(produced[p], label)
                for tally, label_tally, hit in (
                    (exact, per[label][0], gold_span == got),
                    (overlap, per[label][1], _overlaps(gold_span, got)),
                ):
                    if gold_span is not None and got is not None and hit:
                        tally.tp += 1
                        label_tally.tp += 1
                        continue
                    if gold_span is not None:
                        ref = Ref(pair.note_id, g, (label, *gold_span))
                        tally.misses.append(ref)
                        label_tally.misses.append(ref)
                    if got is not None and p is not None:
                        ref = Ref(pair.note_id, p, (label, *got))
                        tally.spurious.append(ref)
                        label_tally.spurious.append(ref)
    per_label = {label: (e.result(), o.result()) for label, (e, o) in per.items()}
    return SpanScores(exact.result(), overlap.result(), per_label, annotated)


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------------------------
# evidence validity and runtime

_EVIDENCE_GROUPS = ("lines", "findings", "administrations")


def score_evidence_validity(pairs: Sequence[NotePair]) -> Accuracy:
    """Share of produced evidence spans that are valid offsets into the note.

    Every span of every line, finding and administration of the processed notes counts; a span
    is valid when ``0 <= start < end <= len(text)`` and ``text[start:end]`` equals its ``text``.
    A line or finding without any evidence counts as one invalid span.
    """
    correct = total = 0
    errors: list[InvalidEvidence] = []
    for pair in pairs:
        if not pair.ok:
            continue
        text = str(pair.gold["text"])
        for group in _EVIDENCE_GROUPS:
            for i, item in enumerate(pair.produced.get(group) or ()):
                evidence = item.get("evidence") or ()
                if not evidence and group != "administrations":
                    total += 1
                    errors.append(InvalidEvidence(pair.note_id, f"{group}[{i}]", "no evidence"))
                for j, ev in enumerate(evidence):
                    total += 1
                    reason = _span_problem(text, ev)
                    if reason is None:
                        correct += 1
                    else:
                        where = f"{group}[{i}].evidence[{j}]"
                        errors.append(InvalidEvidence(pair.note_id, where, reason))
    return Accuracy("evidence validity", correct, total, tuple(errors))


def _span_problem(text: str, ev: Mapping[str, Any]) -> str | None:
    start, end = ev.get("start"), ev.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return "offsets are not integers"
    if not 0 <= start < end <= len(text):
        return f"[{start}, {end}) is empty or outside the note (0..{len(text)})"
    if text[start:end] != ev.get("text"):
        return f"text at [{start}, {end}) differs from the span's text"
    return None


def score_runtime(seconds: Iterable[float | None]) -> Runtime:
    """Mean, p95 (nearest rank), max and total of the per-note processing times."""
    values = sorted(float(s) for s in seconds if s is not None)
    if not values:
        warnings.warn("runtime: no timed notes, reported as 0.0", EmptyDenominatorWarning, 2)
        return Runtime(0, 0.0, 0.0, 0.0, 0.0)
    total = math.fsum(values)
    p95 = values[max(0, math.ceil(0.95 * len(values)) - 1)]
    return Runtime(len(values), total / len(values), p95, values[-1], total)


# --------------------------------------------------------------------------------------------
# everything at once


@dataclass(frozen=True)
class EvalScores:
    """All metrics of one evaluation run."""

    notes: int
    failed: tuple[tuple[str, str], ...]  # (note id, error type)
    admin_lines: LineScores
    drug_lines: LineScores
    modifiers: Accuracy
    exact_match: Accuracy
    findings: FindingScores
    times: TimeScores
    extraction: ExtractionScores
    spans: SpanScores
    validity: Accuracy
    runtime: Runtime
    warnings: tuple[str, ...] = ()

    def summary(self, digits: int | None = 4) -> dict[str, float]:
        """The headline figures, keyed as in :data:`METRICS` (the ``--min`` keys).

        Args:
            digits: Rounding for display; None keeps the exact values (used for thresholds).
        """
        values = {key: getter(self) for key, (_, getter) in METRICS.items()}
        if digits is None:
            return values
        return {key: round(value, digits) for key, value in values.items()}


#: The ``--min`` metric keys: description and how to read the value from :class:`EvalScores`.
METRICS: dict[str, tuple[str, Callable[[EvalScores], float]]] = {
    "line_f1": ("administration lines (963xx/964xx), F1 over (code, units)",
                lambda s: s.admin_lines.pairs.f1),
    "line_code_f1": ("administration lines, F1 over codes alone",
                     lambda s: s.admin_lines.codes.f1),
    "drug_line_f1": ("drug lines (J/G/S/Q but J7030-J7131), F1 over (code, units)",
                     lambda s: s.drug_lines.pairs.f1),
    "drug_line_code_f1": ("drug lines, F1 over codes alone", lambda s: s.drug_lines.codes.f1),
    "modifier_accuracy": ("modifiers equal on lines matched by code",
                          lambda s: s.modifiers.value),
    "exact_match": ("notes whose scored lines are all equal (codes, units, modifiers)",
                    lambda s: s.exact_match.value),
    "findings_f1": ("finding categories per note, micro F1", lambda s: s.findings.micro.f1),
    "start_time_accuracy": ("start time of given administrations matched by drug",
                            lambda s: s.times.start.value),
    "stop_time_accuracy": ("stop time of given administrations matched by drug",
                           lambda s: s.times.stop.value),
    "drug_f1": ("administrations, F1 over canonical drug names", lambda s: s.extraction.drugs.f1),
    "drug_status_f1": ("administrations, F1 over (drug, status)",
                       lambda s: s.extraction.drug_status.f1),
    "span_exact_f1": ("gold drug/start/stop spans, exact-span F1", lambda s: s.spans.exact.f1),
    "span_overlap_f1": ("gold drug/start/stop spans, overlap F1", lambda s: s.spans.overlap.f1),
    "evidence_validity": ("produced evidence spans that are valid offsets into the note",
                          lambda s: s.validity.value),
}  # fmt: skip


def score(pairs: Sequence[NotePair], canonical: Canonical = lowercase_name) -> EvalScores:
    """Compute every metric; empty-denominator warnings are collected into ``warnings``.

    Args:
        pairs: Gold and produced records, from :func:`pair_records`.
        canonical: Maps a drug name as labelled or produced to the key drugs are matched by.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", EmptyDenominatorWarning)
        result = EvalScores(
            notes=len(pairs),
            failed=tuple(
                (p.note_id, str((p.produced.get("error") or {}).get("type", "error")))
                for p in pairs
                if not p.ok
            ),
            admin_lines=score_lines(pairs, "administration"),
            drug_lines=score_lines(pairs, "drug"),
            modifiers=score_modifiers(pairs),
            exact_match=score_exact_match(pairs),
            findings=score_findings(pairs),
            times=score_times(pairs, canonical),
            extraction=score_extraction(pairs, canonical),
            spans=score_spans(pairs, canonical),
            validity=score_evidence_validity(pairs),
            runtime=score_runtime(p.produced.get("seconds") for p in pairs),
        )
    messages = tuple(
        dict.fromkeys(
            str(w.message) for w in caught if issubclass(w.category, EmptyDenominatorWarning)
        )
    )
    for other in caught:
        if not issubclass(other.category, EmptyDenominatorWarning):
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    if messages:
        warnings.warn(
            f"{len(messages)} metric(s) had an empty denominator and are reported as 0.0",
            EmptyDenominatorWarning,
            stacklevel=2,
        )
    return replace(result, warnings=messages)
