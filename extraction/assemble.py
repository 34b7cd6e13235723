"""Assembly: from a processed ``Doc`` to the note's :class:`~extraction.models.Administration` list.

The taggers leave drug mentions (``doc.spans["ic_drug"]`` with ConText modifiers), attribute and
time facts (``doc._.ic_facts``), sentences and sections. Assembly links them through an ordered
list of rules, each with an id that is recorded as the ``source`` of the value it set:

``FILTER-*``  which mentions are administrations at all (medication lists, allergies, vehicles);
``LINK-*``    which facts belong to which mention (frames, shared attributes, continuation lines,
              open-infusion times, note-level IV site, waste);
``MERGE-*``   when two mentions are one administration (MAR start/stop lines, re-mentions);
``STATUS-*``  the administration status (ConText modifiers, section defaults, holds);
``TECH-*``    the policy technique from route and wording (coding-policy §2).

Every value keeps the span of the text it came from; a value implied rather than written (IV
route implied by "push") is marked ``derived``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from extraction.components.attributes import CompiledAttributes, load_attribute_rules
from extraction.components.context import load_context_rules
from extraction.components.drugs import DRUG_GROUP
from extraction.components.facts import Fact, doc_text, facts_of
from extraction.lexicon import DrugEntry, DrugLexicon, load_drug_lexicon, normalize_surface_form
from extraction.models import (
    Administration,
    CharSpan,
    ClockTime,
    Dose,
    Extracted,
    FluidPurpose,
    Interruption,
    Rate,
    Route,
    Status,
    Technique,
)
from extraction.procedure import procedure_cue
from extraction.sentences import SENTENCE_SPANS_KEY

#: Every assembly rule, in the order assembly applies them; ids are stable and recorded in the
#: ``source`` of the values they set (``rule:<fact rule>+LINK-001``, ``derived:TECH-001 ...``).
ASSEMBLY_RULES: dict[str, str] = {
    "FILTER-001": "mention in a medication-list / allergy / family or social history section",
    "FILTER-001b": "list item under a medication or allergy list header",
    "FILTER-001c": "inline list label ('Home meds: ...', 'Past meds: ...')",
    "FILTER-002": "mention on an allergy line ('Allergies: ...', 'NKDA')",
    "FILTER-006": "brand and generic side by side ('Injectafer (ferric carboxymaltose)', "
    "'Leuprolide acetate depot (Lupron Depot)')",
    "FILTER-007": "fluid named as a running line ('into the running NS line')",
    "FILTER-008": "mention in the note's title line",
    "FILTER-009": "component listed in parentheses after a mix ('Myers cocktail (...)')",
    "FILTER-011": "drug level / allergy / toxicity ('lidocaine level')",
    "FILTER-003": "fluid carrying a drug is its vehicle ('ketamine 35 mg in 100 mL NS')",
    "FILTER-004": "unnamed substance next to a named one of the same kind",
    "LINK-001": "fact after the mention in its sentence segment",
    "LINK-002": "fact before the first mention of the sentence (MAR time, 'IV push:')",
    "LINK-003": "dose written just before the next drug ('and 30 mg Toradol')",
    "LINK-004": "route/technique/time written once for several drugs",
    "MERGE-001": "MAR/flowsheet line that stops, pauses or resumes an open administration",
    "LINK-010": "template field / continuation line of the mention's block",
    "LINK-011": "start/stop/hold/resume time in the block -> most recent open administration",
    "LINK-012": "start/stop/hold/resume time later in the note -> most recent open infusion",
    "LINK-013": "hold/resume cue later in the note -> most recent open infusion",
    "LINK-014": "waste statement outside a block -> single-dose drug",
    "LINK-015": "observation / monitoring / discharge times are not drug times",
    "LINK-016": "a negated or declined dose is never the open administration a later time joins",
    "LINK-017": "times on a line whose only drug was not given go to the open administration",
    "STATUS-001": "ConText modifiers of the mention, by precedence",
    "STATUS-002": "'ordered - not given' is ordered, not negated",
    "STATUS-003": "a hold of a running administration is an interruption, not 'held'",
    "STATUS-004": "documented clock times outweigh plan/PRN wording",
    "STATUS-005": "past-history section -> historical",
    "STATUS-006": "plan / orders section without times -> planned / ordered",
    "STATUS-007": "visit reason ('Reason for visit: ketamine infusion #4') is not an event",
    "STATUS-009": "Dx list mention without times is not an event",
    "STATUS-008": "otherwise given (administration cue present)",
    "FILTER-005": "no administration attribute and no status cue -> not an event",
    "FILTER-005b": "counselling only ('discussed ketamine') -> not an event",
    "FILTER-005c": "treatment history only ('failed X trials', 'Y augmentation') -> not an event",
    "FILTER-010": "prescription for home use ('ondansetron ODT rx')",
    "MERGE-002": "re-mention of a given drug without its own times fills the timed record",
    "MERGE-003": "today's order / plan item and its administration are one event",
    "MERGE-004": "same drug, same status, same sentence -> one event",
    "LINK-018": "facts on a medication-list line never join an administration",
    "LINK-020": "one documented IV access site covers every IV administration",
    "LINK-021": "waste statement outside any administration -> the single-dose drug",
    "DOSE-001": "absolute dose over mg/kg; the amount on the 'given' line over vial size",
    "TECH-001": "push/infusion wording implies the IV route (derived)",
    "TECH-002": "an IV fluid with volume/rate/purpose is IV (derived)",
    "TECH-003": "esketamine is intranasal (derived)",
    "TECH-008": "rate, start+stop or an IV access site imply IV (derived)",
    "TECH-004": "IV fluid -> infusion",
    "TECH-009": "a flush -> push",
    "TECH-005": "IV with start and stop but no wording -> infusion (derived)",
    "TECH-006": "IM/SC -> injection_sc_im (SC infusion -> sc_infusion)",
    "TECH-007": "non-parenteral route -> other_route",
    "SPAN-001": "the drug span is the name as written, without route, form, salt or brand "
    "in parentheses ('IV lidocaine' -> 'lidocaine')",
    "PROC-*": "part of another procedure: anesthesia/sedation, OR antibiotics, contrast, local "
    "anaesthetic (coding-policy §4.1; rules in procedure.json)",
    "TIME-001": "start: first start-role time",
    "TIME-002": "else a point time, 'given 1547' beating line times and 'at'",
    "TIME-005": "esketamine: the last device time is the stop",
    "TIME-006": "a dose that was not given has no start or stop time (the line time dates the "
    "order, refusal or hold)",
    "STOP-001": "no stop: start + volume / rate (derived)",
    "PURP-010": "fluid at < 100 mL/h without purpose wording: purpose not documented",
    "PURP-011": "fluid given on its own without purpose wording: hydration (derived)",
}

#: ``source`` of a stop time computed as start + volume / rate (STOP-001); the value is
#: ``derived=True`` and its span is the rate it was computed from.
STOP_DERIVED_SOURCE = "derived:volume/rate"

#: Sections whose drug mentions are lists, not events (policy-interpretation: "Medication-list
#: and allergy-list entries are not administrations at all").
LIST_SECTIONS = frozenset({"medications", "allergies", "family_history", "social_history"})
HISTORY_SECTIONS = frozenset({"past_history"})
REASON_SECTIONS = frozenset({"hpi", "chief_complaint", "reason_for_visit", "diagnoses"})
SECTION_STATUS = {"plan": Status.PLANNED, "orders": Status.ORDERED}

#: ConText categories in order of precedence (the first present wins).
STATUS_PRECEDENCE = (
    "DECLINED",
    "HELD",
    "NEGATED_EXISTENCE",
    "HISTORICAL",
    "GIVEN",
    "HYPOTHETICAL",
    "PLANNED",
    "ORDERED",
)
ALLERGY_LINE = re.compile(r"\b(?:allerg\w*|NKDA|NKA|intoleran\w*|adverse\s+reaction\s+to)\b", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_ADMIN_WORD = re.compile(
    r"\b(?:given|administered|pushed|injected|infus\w*|start\w*|stop\w*|complet\w*|hung|"
    r"bolus|drip|bag|pump|rate|dose|IVP|push|held|paus\w*|resum\w*|restart\w*|running)\b",
    re.I,
)
_NOT_ADMIN_EVENT = re.compile(
    r"\b(?:observ\w*|monitor\w*|recovery|discharg\w*|vitals?|v/s|arriv\w*|check-?in|consent\w*|"
    r"assessment|education|PIV\s+removed|IV\s+removed|d/c\s+home)\b",
    re.I,
)
_REASON_LEAD = re.compile(
    r"\b(?:reason\s+for\s+(?:visit|encounter|referral)|here\s+(?:today\s+)?for|"
    r"presents?\s+(?:today\s+)?for|presenting\s+for|referred\s+for|visit\s+for|"
    r"scheduled\s+for|chief\s+complaint|CC\s*:|visit\s+reason|reason\s*:|"
    r"returns?\s+for|comes?\s+in\s+for|in\s+clinic\s+for|indication\s*:|regimen\s*:|"
    r"protocol\s*:|referred\s+(?:from\s+\w+\s+)?for)",
    re.I,
)
_FLUID_REFERENCE_BEFORE = re.compile(
    r"(?:running|primary|main|existing|maintenance|carrier|into\s+the|via\s+the|through\s+the)\s+\Z",
    re.I,
)
_FLUID_REFERENCE_AFTER = re.compile(r"\s*(?:line|tubing|port|primary|carrier)\b", re.I)
_FIELD_OR_ROW = re.compile(
    r"\A\s*(?:[-*•]\s*)?(?:\||(?:dose|amount|route|site|location|rate|volume|vol|start|stop|end|"
    r"time|given|administered|technique|method|access|iv|waste|wasted|diluent|duration|infusion|"
    r"injection|line|needle|gauge|bag|drug|medication|med|sig)\b[^:\n]{0,20}:)",
    re.I,
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•·]|\d{1,2}[.)])[ \t]+")
_LIST_HEADER = re.compile(
    r"\b(?:med(?:ication)?s?|prescriptions?|allerg\w*|home\s+meds?|outpatient\s+meds?)\b"
    r"[^:\n]{0,40}:\s*\Z",
    re.I,
)
_NOT_ADMIN_AFTER = re.compile(
    r"\s+(?:levels?|concentrations?|toxicity|allergy|allergies|sensitivity|screen|intolerance)\b",
    re.I,
)
_INLINE_LIST = re.compile(
    r"[ \t]*(?:[-*•]\s*)?(?:(?:past|home|current|outpatient|prior|previous|active|"
    r"psych(?:iatric)?)\s+med(?:ication)?s?|med(?:ication)?s|med(?:ication)?\s+list|"
    r"prescriptions)\s*(?:\([^)\n]*\))?\s*:",
    re.I,
)
_GIVEN_HEADER = re.compile(
    r"\b(?:given|administ\w*|in\s+clinic|in\s+office|MAR|received|infused)\b",
    re.I,
)
_GIVEN_LINE = re.compile(r"\b(?:administered|given|injected|infused|pushed|dose\s+given)\b", re.I)
_GIVEN_FIELD = re.compile(
    r"\A\s*(?:[-*•|]\s*)?(?:administered|given|dose\s+(?:given|administered)|amount\s+"
    r"(?:given|administered))\s*:",
    re.I,
)
_SAME_DRUG_GAP = re.compile(
    r"[\s(\[/,-]*(?:(?:depot|ER|XR|extended[- ]release|long[- ]acting)[\s(\[/,-]*)*", re.I
)
_DOSE_LEAD_GAP = re.compile(r"\s*(?:of\s+)?\Z", re.I)
_TIME_FIELD = re.compile(
    r"\A\s*(?:[-*•|]\s*)?(?:time|time\s+given|given|administered|admin(?:istration)?\s+time|"
    r"dose\s+time|push\s+time|injection\s+time)\b[^:\n]{0,12}:",
    re.I,
)
_INFUSION_ROUTE_TECH = ("infusion",)
_OTHER_ROUTES = {
    "intranasal": Route.INTRANASAL,
    "PO": Route.PO,
    "SL": Route.SUBLINGUAL,
    "topical": Route.TOPICAL,
    "inhaled": Route.INHALED,
}


# ----------------------------------------------------------------------------------------------
# Working records


@dataclass(slots=True)
class Mention:
    """A drug or fluid mention as the taggers found it."""

    start: int
    end: int
    label: str
    rule_id: str
    entry: DrugEntry | None
    modifiers: list[tuple[str, int, int, str]]  # (category, start_char, end_char, rule id)
    sent: int
    section: str | None
    kind: str

    @property
    def unnamed(self) -> bool:
        return self.entry is None


@dataclass(slots=True)
class Draft:
    """An administration being assembled (mutable until it becomes an Administration)."""

    mention: Mention
    facts: list[Fact] = field(default_factory=list)
    links: dict[int, str] = field(default_factory=dict)  # id(fact) -> linking rule id
    extra_modifiers: list[tuple[str, int, int, str]] = field(default_factory=list)
    vehicle_volume: Fact | None = None
    merged: list[Mention] = field(default_factory=list)
    status: tuple[Status, int, int, str] | None = None
    drop: bool = False
    reason: bool = False  # names the visit ("Reason for visit: ketamine infusion")

    def add(self, fact: Fact, rule: str) -> None:
        if id(fact) not in self.links:
            self.facts.append(fact)
            self.links[id(fact)] = rule

    def of(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def first(self, kind: str) -> Fact | None:
        for f in self.facts:
            if f.kind == kind:
                return f
        return None

    def times(self, *roles: str | None) -> list[Fact]:
        return [f for f in self.facts if f.kind == "time" and f.role in roles]


@dataclass(frozen=True, slots=True)
class NoteIndex:
    """Sentences, sections and facts of one note, indexed for lookups by offset."""

    text: str
    sent_starts: list[int]
    sent_ends: list[int]
    sections: list[tuple[int, int, str]]
    section_starts: list[int]
    facts: list[Fact]
    fact_starts: list[int]

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def section_of(self, pos: int) -> str | None:
        k = bisect.bisect_right(self.section_starts, pos) - 1
        if k < 0:
            return None
        start, end, category = self.sections[k]
        return category if start <= pos < end else None

    def facts_in(self, start: int, end: int) -> list[Fact]:
        lo = bisect.bisect_left(self.fact_starts, start)
        hi = bisect.bisect_left(self.fact_starts, end)
        return [f for f in self.facts[lo:hi] if f.end <= end]


def _index(doc: Doc) -> NoteIndex:
    text = doc_text(doc)
    starts: list[int] = []
    ends: list[int] = []
    cached = doc.user_data.get(SENTENCE_SPANS_KEY)
    if cached is not None and cached[0] == text:
        # the splitter's own (trimmed) character spans: no Span objects to build
        for s, e in cached[1]:
            starts.append(s)
            ends.append(e)
    else:
        for sent in doc.sents:
            s, e = sent.start_char, sent.end_char
            while e > s and text[e - 1].isspace():
                e -= 1
            while s < e and text[s].isspace():
                s += 1
            if e <= s:
                continue
            starts.append(s)
            ends.append(e)
    if not starts:
        starts, ends = [0], [len(text)]
    sections: list[tuple[int, int, str]] = []
    raw = getattr(doc._, "sections", None) or []
    for k, sec in enumerate(raw):
        if sec.category is None:
            continue
        start = doc[sec.title_start].idx if sec.title_start < len(doc) else len(text)
        if sec.body_end > sec.body_start:
            last = doc[sec.body_end - 1]
            end = last.idx + len(last.text)
        else:
            last = doc[max(sec.title_end - 1, sec.title_start)]
            end = last.idx + len(last.text)
        if k + 1 < len(raw):
            nxt = raw[k + 1]
            end = min(end, doc[nxt.title_start].idx if nxt.title_start < len(doc) else len(text))
        # the newline-anchored header rules start at the newline before the header
        while start < end and text[start].isspace():
            start += 1
        sections.append((start, max(end, start + 1), sec.category))
    facts = facts_of(doc)
    return NoteIndex(
        text=text,
        sent_starts=starts,
        sent_ends=ends,
        sections=sections,
        section_starts=[s for s, _, _ in sections],
        facts=facts,
        fact_starts=[f.start for f in facts],
    )


# ----------------------------------------------------------------------------------------------
# Mentions


def _mentions(doc: Doc, idx: NoteIndex, lexicon: DrugLexicon) -> list[Mention]:
    if DRUG_GROUP not in doc.spans:
        return []
    out: list[Mention] = []
    for span in doc.spans[DRUG_GROUP]:
        rule = span._.target_rule
        meta = (rule.metadata or {}) if rule is not None else {}
        drug_id = meta.get("drug_id")
        entry = lexicon.by_id(drug_id) if drug_id else None
        mods: list[tuple[str, int, int, str]] = []
        for mod in span._.modifiers:
            m_start, m_end = mod.modifier_span
            char_s = doc[m_start].idx
            last = doc[m_end - 1]
            mods.append(
                (
                    mod.category.upper(),
                    char_s,
                    last.idx + len(last.text),
                    (mod.rule.metadata or {}).get("rule_id", "CTX"),
                )
            )
        kind = entry.kind if entry is not None else ("fluid" if "FLUID" in span.label_ else "drug")
        out.append(
            Mention(
                start=span.start_char,
                end=span.end_char,
                label=span.label_,
                rule_id=str(meta.get("rule_id", span.label_)),
                entry=entry,
                modifiers=mods,
                sent=idx.sentence_of(span.start_char),
                section=idx.section_of(span.start_char),
                kind=kind,
            )
        )
    out.sort(key=lambda m: (m.start, -m.end))
    # overlapping mentions: keep the longest (TargetMatcher already prunes within a matcher)
    kept: list[Mention] = []
    for m in out:
        if kept and m.start < kept[-1].end:
            if (m.end - m.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = m
            continue
        kept.append(m)
    return kept


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    return ls, (le if le >= 0 else len(text))


def _component_of(text: str, prev: Mention, m: Mention) -> bool:
    """Whether ``m`` sits in a parenthesis opened right after the mention ``prev``."""
    if prev.unnamed or m.start - prev.end > 300:
        return False
    opening = text.find("(", prev.end, m.start)
    if opening < 0 or text[prev.end : opening].strip():
        return False
    return text.find(")", opening, m.start) < 0


def _in_listed_block(text: str, line_start: int) -> bool:
    """Whether a list item line sits under a medication/allergy list header."""
    if not _LIST_ITEM.match(text, line_start):
        return False
    cursor = line_start
    for _ in range(40):
        if cursor <= 0:
            return False
        prev_start = text.rfind("\n", 0, cursor - 1) + 1
        line = text[prev_start : cursor - 1]
        cursor = prev_start
        if not line.strip():
            return False
        if _LIST_ITEM.match(line):
            continue
        return _LIST_HEADER.search(line.rstrip()) is not None and not _GIVEN_HEADER.search(line)
    return False


def _title_line(text: str, ls: int, le: int, idx: NoteIndex) -> bool:
    line = text[ls:le]
    if not text[:ls].strip() and not line.rstrip().endswith((".", ";", "!", "?")):
        # the note's first line, not a sentence: its title ("NAD+ INFUSION - Clinical Record")
        return not any(f.kind in ("dose", "time", "volume") for f in idx.facts_in(ls, le))
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 8 or any(c.islower() for c in letters):
        return False
    return not any(f.kind in ("dose", "time", "volume") for f in idx.facts_in(ls, le))


def _is_vehicle(
    m: Mention, prev: Mention | None, nxt: Mention | None, idx: NoteIndex, rules: CompiledAttributes
) -> tuple[str, Mention] | None:
    """FILTER-003: a fluid that carries a drug ("ketamine 35 mg in 100 mL NS") is its vehicle."""
    if m.kind != "fluid":
        return None
    text = idx.text
    if prev is not None and prev.kind == "drug" and prev.sent == m.sent and m.start - prev.end < 80:
        left = text[max(prev.end, m.start - 40) : m.start]
        for rule_id, pattern in rules.vehicle_leads:
            if pattern.search(left):
                return rule_id, prev
    if nxt is not None and nxt.kind == "drug" and nxt.sent == m.sent and nxt.start - m.end < 40:
        between = text[m.end : nxt.start]
        for rule_id, pattern in rules.vehicle_trails:
            if pattern.fullmatch(between) or pattern.search(between):
                return rule_id, nxt
    return None


# ----------------------------------------------------------------------------------------------
# Assembly


def assemble_administrations(doc: Doc) -> list[Administration]:
    """Turn a processed Doc into the note's administrations, in note order.

    Args:
        doc: the output of the pipeline built by :func:`extraction.nlp.build_nlp`.

    Returns:
        Administrations ``A1``, ``A2`` ... (given or not); medication-list, allergy and vehicle
        mentions are not administrations.
    """
    lexicon = load_drug_lexicon()
    rules = load_attribute_rules()
    idx = _index(doc)
    mentions = _mentions(doc, idx, lexicon)
    if not mentions:
        return []
    text = idx.text
    drafts: list[Draft] = []
    vehicles: list[tuple[Mention, Mention, str]] = []
    kept: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.section in LIST_SECTIONS:
            continue  # FILTER-001
        ls, le = _line_bounds(text, m.start)
        if ALLERGY_LINE.search(text, ls, m.start):
            continue  # FILTER-002
        if _NOT_ADMIN_AFTER.match(text, m.end):
            continue  # FILTER-011: "lidocaine level", "ketamine allergy" are not doses
        if kept and _component_of(text, kept[-1], m):
            continue  # FILTER-009: "Myers cocktail (magnesium 1 g, calcium ...)" lists components
        s0 = max(ls, idx.sent_starts[m.sent])
        if _INLINE_LIST.match(text, s0, m.start) and not _GIVEN_HEADER.search(text, s0, m.start):
            continue  # FILTER-001c: "Past meds: Invega Sustenna 156 mg IM monthly; ..."
        if _in_listed_block(text, ls):
            continue  # FILTER-001b: an item of a "Medications (reconciled today):" list
        if _title_line(text, ls, le, idx):
            continue  # FILTER-008: "SPRAVATO TREATMENT NOTE" is a title
        prev = mentions[i - 1] if i > 0 else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            prev is not None
            and kept
            and kept[-1] is prev
            and prev.entry is not None
            and m.entry is not None
            and prev.entry.id == m.entry.id
            and _SAME_DRUG_GAP.fullmatch(text, prev.end, m.start)
        ):
            continue  # FILTER-006: "Injectafer (ferric carboxymaltose)" is one mention
        if m.kind == "fluid" and (
            _FLUID_REFERENCE_BEFORE.search(text, max(0, m.start - 25), m.start)
            and _FLUID_REFERENCE_AFTER.match(text, m.end)
        ):
            continue  # FILTER-007: "piggybacked into the running NS line" refers to a line
        vehicle = _is_vehicle(m, prev, nxt, idx, rules)
        if vehicle is not None:
            vehicles.append((m, vehicle[1], vehicle[0]))
            continue
        kept.append(m)
    # FILTER-004: an unnamed mention next to a named one of the same kind is the same substance.
    named_sents = {(m.sent, m.kind) for m in kept if not m.unnamed}
    kept = [m for m in kept if not (m.unnamed and (m.sent, m.kind) in named_sents)]
    vehicle_ranges = [(v.start, v.end) for v, _, _ in vehicles]

    by_sent: dict[int, list[Mention]] = {}
    for m in kept:
        by_sent.setdefault(m.sent, []).append(m)
    draft_of: dict[int, Draft] = {}
    for m in kept:
        d = Draft(m)
        drafts.append(d)
        draft_of[id(m)] = d
    _link_sentences(idx, by_sent, draft_of)
    for v, carrier, rule_id in vehicles:
        d = draft_of.get(id(carrier))
        if d is None:
            continue
        # the diluent volume ("in 100 mL NS") is the drug's bag volume
        left = idx.facts_in(max(carrier.end, v.start - 30), v.start)
        vols = [f for f in left if f.kind == "volume"]
        if vols:
            d.vehicle_volume = vols[-1]
            d.links[id(vols[-1])] = rule_id
    drafts = _merge(drafts, idx, stage=1)
    for d in drafts:
        d.reason = _reason_line(idx, d.mention) and not _own_time_after(d, d.mention.start)
    _link_continuations(idx, by_sent, draft_of, drafts, vehicle_ranges)
    _resolve_status(drafts, idx)
    drafts = [d for d in drafts if not d.drop and _is_event(d)]
    drafts = _merge(drafts, idx, stage=2)
    _link_note_level(drafts, idx)
    out: list[Administration] = []
    for d in drafts:
        adm = _build(d, idx, len(out) + 1)
        if adm is not None:
            out.append(adm)
    return out


def _link_sentences(
    idx: NoteIndex, by_sent: dict[int, list[Mention]], draft_of: dict[int, Draft]
) -> None:
    """LINK-001..004: facts of a mention's own sentence."""
    text = idx.text
    for sent, ms in by_sent.items():
        s_start, s_end = idx.sent_starts[sent], idx.sent_ends[sent]
        ms = sorted(ms, key=lambda m: m.start)
        facts = idx.facts_in(s_start, s_end)
        for k, m in enumerate(ms):
            d = draft_of[id(m)]
            seg_end = ms[k + 1].start if k + 1 < len(ms) else s_end
            seg_start = m.start if k > 0 else s_start
            for f in facts:
                if f.start >= seg_start and f.start < seg_end and not (m.start <= f.start < m.end):
                    rule = "LINK-001" if f.start >= m.start else "LINK-002"
                    d.add(f, rule)
        # LINK-003: a dose written just before the next drug belongs to it ("... and 30 mg Toradol")
        for k in range(1, len(ms)):
            d_prev, d_next = draft_of[id(ms[k - 1])], draft_of[id(ms[k])]
            for f in list(d_prev.facts):
                if f.kind in ("dose", "volume") and f.end <= ms[k].start:
                    gap = text[f.end : ms[k].start]
                    if len(gap) < 6 and _DOSE_LEAD_GAP.match(gap):
                        d_prev.facts.remove(f)
                        d_prev.links.pop(id(f), None)
                        d_next.add(f, "LINK-003")
        # LINK-004: route, technique and a point/start time written once for several drugs
        # ("ondansetron 4 mg and famotidine 20 mg IV push at 0925").
        if len(ms) > 1:
            for k in range(len(ms) - 1):
                d = draft_of[id(ms[k])]
                if d.first("route") is not None or d.first("technique") is not None:
                    continue
                for later in ms[k + 1 :]:
                    src = draft_of[id(later)]
                    if src.first("route") is None and src.first("technique") is None:
                        continue
                    for f in src.facts:
                        if f.kind in ("route", "technique") or (
                            f.kind == "time" and f.role in ("point", "start", None)
                        ):
                            d.add(f, "LINK-004")
                    break


def _link_continuations(
    idx: NoteIndex,
    by_sent: dict[int, list[Mention]],
    draft_of: dict[int, Draft],
    drafts: list[Draft],
    vehicle_ranges: list[tuple[int, int]],
) -> None:
    """LINK-010..014: lines after a mention's sentence that carry no drug of their own.

    Template fields ("Dose: 35 mg", "Start Time: 0932") and narrative continuation in the same
    block (no blank line, no new section, no other drug) belong to the block's last mention;
    start/stop/hold/resume times anywhere later go to the most recent open administration.
    """
    text = idx.text
    ordered = sorted(drafts, key=lambda d: d.mention.start)
    mention_sents = sorted(by_sent)
    n = len(idx.sent_starts)
    block_owner: Draft | None = None
    block_section: str | None = None
    for sent in range(n):
        s_start, s_end = idx.sent_starts[sent], idx.sent_ends[sent]
        if sent in by_sent:
            ms = sorted(by_sent[sent], key=lambda m: m.start)
            if all(any(c in _NEVER_RAN for c, _, _, _ in m.modifiers) for m in ms):
                # LINK-017: "10:30 pump stopped, infusion held; labetalol not needed": the
                # line's start/stop/hold/resume times belong to the running administration
                previous = [d for d in ordered if d.mention.start < s_start]
                for m in ms:
                    owner = draft_of[id(m)]
                    for f in list(owner.facts):
                        if f.kind != "time" or f.role not in ("start", "stop", "hold", "resume"):
                            continue
                        target = _open_admin(previous, f.role)
                        if target is not None:
                            owner.facts.remove(f)
                            owner.links.pop(id(f), None)
                            target.add(f, "LINK-017")
            block_owner = draft_of[id(ms[-1])]
            if block_owner.reason:
                block_owner = None
            block_section = idx.section_of(s_start)
            continue
        if not mention_sents or sent < mention_sents[0]:
            continue
        facts = [
            f
            for f in idx.facts_in(s_start, s_end)
            if not any(vs <= f.start < ve for vs, ve in vehicle_ranges)
        ]
        if not facts:
            continue
        in_block = False
        if block_owner is not None:
            prev_end = idx.sent_ends[sent - 1] if sent > 0 else 0
            gap = text[prev_end:s_start]
            if _PARAGRAPH_BREAK.search(gap) or idx.section_of(s_start) != block_section:
                block_owner = None
            else:
                in_block = True
        ls = text.rfind("\n", 0, s_start) + 1
        if idx.section_of(s_start) in LIST_SECTIONS or _INLINE_LIST.match(text, ls):
            continue  # LINK-018: "Home meds: lisinopril (held x 3 days)" says nothing of today
        sentence = text[s_start:s_end]
        admin_words = _ADMIN_WORD.search(sentence) is not None
        other_event = _NOT_ADMIN_EVENT.search(sentence) is not None
        previous = [d for d in ordered if d.mention.start < s_start]
        for f in facts:
            if f.kind == "time":
                if other_event and not re.search(r"infus|drip|IVPB|push|bolus|bag", sentence, re.I):
                    continue  # LINK-015: "observation completed 1001" is not a drug time
                _link_time(f, previous, in_block, admin_words, sentence, block_owner)
            elif in_block and block_owner is not None and (
                _FIELD_OR_ROW.match(sentence) or (admin_words and not other_event)
                or f.kind in ("waste", "zero_waste")
            ):  # fmt: skip
                if f.kind in ("waste", "zero_waste", "status", "purpose"):
                    block_owner.add(f, "LINK-010")
                elif f.kind in ("dose", "volume", "rate", "route", "technique", "duration", "site"):
                    if block_owner.first(f.kind) is None or (
                        f.kind == "dose" and _GIVEN_FIELD.match(sentence)
                    ):  # "Administered: 300 mg IM" after "Drug: ... 400 mg vial" (DOSE-001)
                        block_owner.add(f, "LINK-010")
            elif f.kind == "status" and f.value in ("hold", "resume"):
                target = _open_admin(previous, "hold")
                if target is not None and admin_words:
                    target.add(f, "LINK-013")
            elif f.kind in ("waste", "zero_waste"):
                target = _waste_target(previous, ordered, s_start)
                if target is not None:
                    target.add(f, "LINK-014")


def _link_time(
    f: Fact,
    previous: list[Draft],
    in_block: bool,
    admin_words: bool,
    sentence: str,
    block_owner: Draft | None,
) -> None:
    if f.role in ("start", "stop", "hold", "resume"):
        if not in_block and not admin_words:
            return
        target = _open_admin(previous, f.role)
        if target is not None:
            target.add(f, "LINK-011" if in_block else "LINK-012")
        return
    # a point/unlabelled time: only a field of the block ("Time given: 0925") for a drug
    # that has no time yet
    if in_block and block_owner is not None and not block_owner.of("time"):
        if _TIME_FIELD.match(sentence):
            block_owner.add(f, "LINK-011")


#: ConText categories of a dose that never ran: later start/stop lines cannot be its times
#: ("infusion held; labetalol not needed" then "12:35 infusion completed").
_NEVER_RAN = frozenset({"NEGATED_EXISTENCE", "DECLINED"})


def _is_open_candidate(d: Draft) -> bool:
    if d.drop or d.reason:
        return False
    if any(c in _NEVER_RAN for c, _, _, _ in d.mention.modifiers):
        return False  # LINK-016
    techs = {f.value for f in d.of("technique")}
    route_techs = {f.role for f in d.of("route") if f.role}
    if "push" in techs | route_techs and "infusion" not in techs | route_techs:
        return d.mention.kind == "fluid"
    routes = {f.value for f in d.of("route")}
    return not (routes and routes <= {"IM", "SC", "intranasal", "PO", "SL", "topical", "inhaled"})


def _open_admin(previous: list[Draft], role: str | None) -> Draft | None:
    """The most recent administration a start/stop/hold/resume time can belong to."""
    for d in reversed(previous):
        if not _is_open_candidate(d):
            continue
        starts = d.times("start", "point")
        stops = d.times("stop")
        if role == "start" and not starts:
            return d
        if role == "stop" and not stops:
            return d
        if role in ("hold", "resume") and not stops:
            return d
    return None


def _waste_target(previous: list[Draft], ordered: list[Draft], pos: int) -> Draft | None:
    for d in reversed(previous):
        if d.mention.entry is not None and d.mention.entry.single_dose:
            return d
    for d in ordered:
        if d.mention.start > pos and d.mention.entry is not None and d.mention.entry.single_dose:
            return d
    return previous[-1] if previous else None


# ----------------------------------------------------------------------------------------------
# Merging


def _dose_key(d: Draft) -> tuple[float, str] | None:
    for f in d.of("dose"):
        if "/" not in f.value[1]:  # type: ignore[index]
            return f.value  # type: ignore[return-value]
    for f in d.of("dose"):
        if not f.extra.get("per_kg"):
            return f.value  # type: ignore[return-value]
    f = d.first("dose")
    return f.value if f is not None else None  # type: ignore[return-value]


def _merge(drafts: list[Draft], idx: NoteIndex, stage: int) -> list[Draft]:
    """MERGE-001: MAR/flowsheet lines that stop, pause or resume an open administration;
    MERGE-002: a later re-mention of a given drug without its own times fills gaps."""
    out: list[Draft] = []
    for d in drafts:
        target = None
        entry = d.mention.entry
        if entry is not None and _given(d):
            own_starts = d.times("start", "point", None)
            own_other = d.times("stop", "hold", "resume")
            same = [
                p
                for p in out
                if p.mention.entry is not None and p.mention.entry.id == entry.id and _given(p)
            ]
            repeat = any(f.kind == "status" and f.value == "repeat" for f in d.facts)
            if stage == 1 and same and own_other and not own_starts:
                for p in reversed(same):
                    if not p.times("start", "point"):
                        continue
                    if not p.times("stop") or any(f.role in ("hold", "resume") for f in own_other):
                        target = (p, "MERGE-001")
                        break
            elif stage == 2 and same and not repeat:
                p = same[-1]
                p_times = [f for f in _effective_times(p) if f.role != "hold"]
                d_times = [f for f in _effective_times(d) if f.role != "hold"]
                doses_agree = (
                    _dose_key(d) is None or _dose_key(p) is None or (_dose_key(d) == _dose_key(p))
                )
                if doses_agree and (not d_times or not p_times):
                    target = (p, "MERGE-002")
        if target is None and stage == 2 and entry is not None:
            target = _order_of_given(d, out)
        if target is None and stage == 2 and entry is not None:
            for p in reversed(out):
                if (
                    p.mention.entry is not None
                    and p.mention.entry.id == entry.id
                    and p.mention.sent == d.mention.sent
                    and p.status is not None
                    and d.status is not None
                    and p.status[0] is d.status[0]
                    and not (p.of("time") and d.of("time"))
                ):
                    target = (p, "MERGE-004")  # "Zofran IV push - pt declined IV Zofran"
                    break
        if target is None:
            out.append(d)
            continue
        p, rule = target
        if rule == "MERGE-003" and not _given(p):
            # the given administration is the record; the order adds what it documents
            out[out.index(p)] = d
            p, d = d, p
        if rule == "MERGE-002" and not p.of("time") and d.of("time"):
            # the timed mention (MAR row, procedure line) is the administration; the earlier
            # untimed one ("Ketamine 35 mg IV infusion via PIV") adds what it documents
            out[out.index(p)] = d
            p, d = d, p
        if rule == "MERGE-004" and _cue_distance(d) < _cue_distance(p):
            # "Zofran IV push - pt declined IV Zofran": the mention the status words are about
            out[out.index(p)] = d
            p, d = d, p
        p.merged.append(d.mention)
        p.extra_modifiers.extend(d.mention.modifiers)
        have = {f.kind for f in p.facts}
        for f in d.facts:
            if (
                f.kind == "time"
                or f.kind not in have
                or f.kind in ("status", "waste", "zero_waste")
            ):
                p.add(f, rule)
        if d.vehicle_volume is not None and p.vehicle_volume is None:
            p.vehicle_volume = d.vehicle_volume
    return out


# ----------------------------------------------------------------------------------------------
# Status


def _cue_distance(d: Draft) -> int:
    """Characters between a draft's mention and the words that set its status."""
    if d.status is None:
        return 10**9
    _, c_start, c_end, _ = d.status
    m = d.mention
    return max(0, c_start - m.end, m.start - c_end)


def _is_plain_order(d: Draft) -> bool:
    """An order for today, or a plan item with no future cue (status from the section)."""
    cats = {c for c, _, _, _ in d.mention.modifiers}
    if d.status is None or d.of("time") or "NEGATED_EXISTENCE" in cats:
        return False
    if d.status[0] is Status.ORDERED:
        return True
    return d.status[0] is Status.PLANNED and d.status[3] == "rule:STATUS-006"


def _order_of_given(d: Draft, out: list[Draft]) -> tuple[Draft, str] | None:
    """MERGE-003: "MD ordered NS 500 mL" and "NS 500 mL ... 10:00 to 10:50" are one event."""
    entry = d.mention.entry
    assert entry is not None
    for p in reversed(out):
        if p.mention.entry is None or p.mention.entry.id != entry.id:
            continue
        pair = (_is_plain_order(d) and _given(p)) or (_is_plain_order(p) and _given(d))
        if not pair:
            continue
        kd, kp = _dose_key(d), _dose_key(p)
        vd, vp = d.first("volume"), p.first("volume")
        if (kd is None or kp is None or kd == kp) and (
            vd is None or vp is None or vd.value == vp.value
        ):
            return p, "MERGE-003"
    return None


def _given(d: Draft) -> bool:
    if d.status is None:
        return _mention_status_category(d.mention) in (None, "GIVEN")
    return d.status[0] is Status.GIVEN


def _mention_status_category(m: Mention) -> str | None:
    cats = {c for c, _, _, _ in m.modifiers}
    for cat in STATUS_PRECEDENCE:
        if cat in cats:
            return cat
    return None


def _resolve_status(drafts: list[Draft], idx: NoteIndex) -> None:
    """STATUS-001..006, in order; the first that applies sets the status."""
    categories = load_context_rules().categories
    for d in drafts:
        m = d.mention
        mods = list(m.modifiers)
        cats = {c for c, _, _, _ in mods}
        has_time = bool(d.of("time"))
        has_start = bool(d.times("start", "point"))
        hold_cue = any(f.kind == "status" and f.value in ("hold", "resume") for f in d.facts)
        if _reason_line(idx, m) and not _own_time_after(d, m.start):
            d.drop = True  # STATUS-007: "Reason: ketamine inf #4 (series of 6)" names the visit
            continue
        chosen: tuple[str, int, int, str] | None = None
        for cat in STATUS_PRECEDENCE:
            if cat not in cats:
                continue
            if cat == "HELD" and (has_start or (hold_cue and has_time)):
                continue  # STATUS-003: a hold of a running administration is an interruption
            if cat in ("HYPOTHETICAL", "PLANNED", "ORDERED") and has_time and has_start:
                # STATUS-004: documented clock times of this visit outweigh a plan/PRN cue
                continue
            if cat == "NEGATED_EXISTENCE" and "ORDERED" in cats:
                cat = "ORDERED"  # STATUS-002: "Zofran 4 mg IV ordered - not given"
            chosen = next(x for x in mods if x[0] == cat)
            break
        if m.section == "diagnoses" and not has_time:
            d.drop = True  # STATUS-009: "Dx: ... stable on aripiprazole" is history in a Dx list
            continue
        if chosen is not None:
            status = Status(categories[chosen[0]])
            d.status = (status, chosen[1], chosen[2], f"rule:{chosen[3]}")
            continue
        if m.section in HISTORY_SECTIONS:
            d.status = (Status.HISTORICAL, m.start, m.end, "rule:STATUS-005")
            continue
        if m.section in SECTION_STATUS and not has_time:
            d.status = (SECTION_STATUS[m.section], m.start, m.end, "rule:STATUS-006")
            continue
        documented = (d.of("dose") and d.of("route")) or any(
            f.kind == "status" and f.value == "given" for f in d.facts
        )
        if (m.section in REASON_SECTIONS and not has_time and not documented) or (
            _reason_line(idx, m) and not _own_time_after(d, m.start)
        ):
            d.drop = True  # STATUS-007: "here for ketamine infusion #3" is the visit reason
            continue
        cue = next((f for f in d.facts if f.kind == "status" and f.value == "given"), None)
        if cue is not None:
            d.status = (Status.GIVEN, cue.start, cue.end, f"rule:{cue.rule}")
        else:
            d.status = (Status.GIVEN, m.start, m.end, "rule:STATUS-008")


def _effective_times(d: Draft) -> list[Fact]:
    """Time facts that date the administration; a bare MAR-line time counts when the line
    documents an amount, a route or a given action."""
    given = (
        bool(d.of("dose") or d.of("volume") or d.of("route"))
        or any(f.kind == "status" and f.value == "given" for f in d.facts)
        or any(c == "GIVEN" for c, _, _, _ in d.mention.modifiers)
    )
    return [f for f in d.of("time") if given or not _bare_time(f)]


def _bare_time(f: Fact) -> bool:
    """A MAR/flowsheet line time with no action ("09:58 Ketamine Rate Verified")."""
    return f.kind == "time" and f.role is None and f.rule == "line-initial"


def _reason_line(idx: NoteIndex, m: Mention) -> bool:
    """STATUS-007: "Reason for visit: ketamine infusion #4" names the visit, not an event."""
    s_start = idx.sent_starts[m.sent]
    return _REASON_LEAD.search(idx.text, s_start, m.start) is not None


def _own_time_after(d: Draft, pos: int) -> bool:
    return any(f.kind == "time" and f.start >= pos and not _bare_time(f) for f in d.facts)


def _is_event(d: Draft) -> bool:
    """FILTER-005: only mentions with an administration attribute or a status cue are events."""
    cats = {c for c, _, _, _ in d.mention.modifiers}
    if "PRESCRIBED" in cats and "GIVEN" not in cats and all(_bare_time(f) for f in d.of("time")):
        return False  # FILTER-010: a prescription for home use
    kinds = {f.kind for f in d.facts if not _bare_time(f)}
    attrs = kinds & {"dose", "volume", "route", "time", "rate", "duration"}
    if d.mention.unnamed:
        given = any(f.kind == "status" and f.value == "given" for f in d.facts) or any(
            c == "GIVEN" for c, _, _, _ in d.mention.modifiers
        )
        if d.status is not None and d.status[0] is not Status.GIVEN:
            return bool(kinds & {"dose", "route", "technique", "volume"})
        return (
            "dose" in kinds
            or (d.mention.kind == "fluid" and bool(kinds & {"volume", "rate"}))
            or (given and bool(kinds & {"route", "technique"}))
        )
    if "DISCUSSED" in cats and not any(c == "GIVEN" for c, _, _, _ in d.mention.modifiers):
        # FILTER-005c: a drug named only as talk or treatment history ("failed sertraline
        # trials plus aripiprazole augmentation") is not an event, even when an attribute of a
        # neighbouring sentence ("tolerated infusion #2") was linked to it
        return False
    if attrs:
        return True
    if d.status is not None and d.status[0] is not Status.GIVEN:
        # FILTER-005b: "Discussed ketamine" / "Plan: naloxone kit education reinforced" is
        # counselling, not a planned or declined dose
        if "DISCUSSED" in cats:
            return False
        return any(
            c not in ("GIVEN", "DISCUSSED", "PRESCRIBED") for c, _, _, _ in d.mention.modifiers
        )
    return any(f.kind == "status" and f.value == "given" for f in d.facts) or any(
        c == "GIVEN" for c, _, _, _ in d.mention.modifiers
    )


# ----------------------------------------------------------------------------------------------
# Note-level links


def _link_note_level(drafts: list[Draft], idx: NoteIndex) -> None:
    """LINK-020: one documented IV access site covers every IV administration of the encounter;
    LINK-021: a waste statement outside any administration goes to the single-dose drug."""
    iv_sites = [f for f in idx.facts if f.kind == "site" and f.extra.get("iv_like")]
    for d in drafts:
        if d.first("site") is not None or not iv_sites:
            continue
        routes = {f.value for f in d.of("route")}
        techs = {f.value for f in d.of("technique")}
        is_iv = "IV" in routes or (
            not routes
            and (
                d.mention.kind == "fluid"
                or techs & {"push", "infusion"}
                or d.of("rate")
                or (d.times("start") and d.times("stop"))
            )
        )
        if is_iv:
            before = [f for f in iv_sites if f.start < d.mention.start]
            site = before[-1] if before else iv_sites[0]
            d.add(site, "LINK-020")


# ----------------------------------------------------------------------------------------------
# Building the record


def _span(text: str, start: int, end: int) -> CharSpan:
    return CharSpan.of(text, start, end)


def _source(d: Draft, f: Fact) -> str:
    link = d.links.get(id(f))
    return f"rule:{f.rule}" + (f"+{link}" if link else "")


def _build(d: Draft, idx: NoteIndex, number: int) -> Administration | None:
    text = idx.text
    m = d.mention
    entry = m.entry
    facts = sorted(d.facts, key=lambda f: f.start)

    def ext(value: object, f: Fact, derived: bool = False, source: str | None = None) -> Extracted:
        return Extracted(
            value=value,
            span=_span(text, f.start, f.end),
            source=source or _source(d, f),
            derived=derived,
        )

    # dose: the absolute amount wins over mg/kg ("35 mg (0.5 mg/kg)")
    dose = volume = None
    doses = [f for f in facts if f.kind == "dose"]
    absolute = [f for f in doses if not f.extra.get("per_kg")]
    # DOSE-001: the amount on the line that says it was given beats a vial or order size
    given_line = [f for f in absolute if _GIVEN_LINE.search(text, *_line_bounds(text, f.start))]
    if given_line and len(absolute) > 1:
        absolute = given_line
    chosen_dose = (absolute or doses or [None])[0]
    if chosen_dose is not None:
        value, unit = chosen_dose.value  # type: ignore[misc]
        dose = ext(Dose(value=value, unit=unit, per_kg=bool(chosen_dose.extra.get("per_kg"))),
                   chosen_dose)  # fmt: skip
    vols = [f for f in facts if f.kind == "volume"]
    vol_fact = vols[0] if vols else d.vehicle_volume
    if vol_fact is not None:
        value, unit = vol_fact.value  # type: ignore[misc]
        volume = ext(Dose(value=value, unit=unit), vol_fact)
        if dose is None and m.kind == "drug":
            dose = volume  # an amount in mL is the documented amount ("B12 1 mL IM")
    rate_f = next((f for f in facts if f.kind == "rate"), None)
    rate = None
    if rate_f is not None:
        value, unit = rate_f.value  # type: ignore[misc]
        rate = ext(Rate(value=value, unit=unit), rate_f)
    duration_f = next((f for f in facts if f.kind == "duration"), None)
    duration = ext(duration_f.value, duration_f) if duration_f is not None else None

    route, technique = _route_and_technique(d, facts, ext, text)

    site_f = next((f for f in facts if f.kind == "site"), None)
    site = ext(site_f.value, site_f) if site_f is not None else None

    start, stop, holds = _times(d, facts, ext, text)

    purpose = None
    if m.kind == "fluid":
        purpose_f = next((f for f in facts if f.kind == "purpose"), None)
        if purpose_f is not None:
            purpose = ext(FluidPurpose(str(purpose_f.value)), purpose_f)
        elif rate_f is not None and rate_f.value[1] == "mL/h" and rate_f.value[0] < 100:  # type: ignore[index]
            purpose = None  # PURP-010: a slow rate without wording is neither KVO nor hydration
        else:
            # PURP-011: a pre-packaged fluid given on its own is hydration
            # (policy-interpretation "Hydration"); derived, pointing at the fluid's evidence
            cue = rate_f or vol_fact or _fact_for_mention(m)
            purpose = ext(FluidPurpose.HYDRATION, cue, derived=True,
                          source="derived:PURP-011 fluid given on its own")  # fmt: skip

    waste_f = next((f for f in facts if f.kind == "waste"), None)
    waste = None
    if waste_f is not None:
        value, unit = waste_f.value  # type: ignore[misc]
        waste = ext(Dose(value=value, unit=unit), waste_f)
    zero_f = next((f for f in facts if f.kind == "zero_waste"), None)
    zero_waste = _span(text, zero_f.start, zero_f.end) if zero_f is not None else None

    status_value, s_start, s_end, s_source = d.status or (Status.GIVEN, m.start, m.end,
                                                          "rule:STATUS-008")  # fmt: skip
    if status_value is not Status.GIVEN:
        start = stop = None  # TIME-006: "1525 Lorazepam 1 mg IV ordered - not given"
    sent = m.sent
    sentence = _span(text, idx.sent_starts[sent], idx.sent_ends[sent])
    if not (sentence.start <= m.start and m.end <= sentence.end):
        ls, le = _line_bounds(text, m.start)
        sentence = _span(text, ls, max(le, m.end))
    mention = _span(text, m.start, m.end)
    drug = None
    if entry is not None:
        n_start, n_end = drug_name_bounds(text, m.start, m.end, entry)
        drug = Extracted(value=entry.name, span=_span(text, n_start, n_end),
                         source=f"rule:{entry.id}")  # fmt: skip
    integral = None
    cue = procedure_cue(
        text,
        (sentence.start, sentence.end),
        (m.start, m.end),
        entry.drug_class if entry is not None else None,
    )
    if cue is not None:  # PROC-*: part of another procedure (coding-policy §4.1)
        rule_id, c_start, c_end = cue
        integral = Extracted(value=text[c_start:c_end], span=_span(text, c_start, c_end),
                             source=f"rule:{rule_id}")  # fmt: skip
    return Administration(
        admin_id=f"A{number}",
        drug=drug,
        mention=mention,
        drug_id=entry.id if entry is not None else None,
        kind=m.kind,
        dose=dose,
        volume=volume,
        rate=rate,
        route=route,
        technique=technique,
        site=site,
        start=start,
        stop=stop,
        duration_minutes=duration,
        interruptions=tuple(holds),
        status=Extracted(value=status_value, span=_span(text, s_start, s_end), source=s_source),
        purpose=purpose,
        sentence=sentence,
        section=m.section,
        waste=waste,
        zero_waste=zero_waste,
        integral_to_procedure=integral,
    )


Maker = Callable[..., Extracted]

#: SPAN-001: words around a drug name that say how or in what salt/form it was given, not
#: which drug it is ("IV lidocaine", "Esketamine nasal spray", "methylprednisolone sodium
#: succinate", "Paliperidone palmitate (Invega Sustenna)").
_NAME_QUALIFIERS = re.compile(
    r"(?:[\s,/-]*(?:IV|IM|SC|SQ|PO|IVP|IVPB|intravenous|intramuscular|subcutaneous|oral|"
    r"nasal|spray|infusion|injection|inj|drip|push|hcl|hydrochloride|sodium|succinate|"
    r"phosphate|sulfate|acetate|besylate|tartrate|mesylate|\([^()\n]*\))[\s,/-]*)+",
    re.I,
)
_WORD = re.compile(r"[\w+]+(?:[-'][\w+]+)*")
#: a mineral is named with its salt ("magnesium sulfate", "potassium chloride"): never trimmed
_MINERALS = frozenset(
    {"magnesium", "mag", "potassium", "calcium", "sodium", "zinc", "iron", "selenium", "copper"}
)


def drug_name_bounds(text: str, start: int, end: int, entry: DrugEntry) -> tuple[int, int]:
    """SPAN-001: the drug-name part of a matched surface form.

    The longest word-bounded part of ``text[start:end]`` that is itself a surface form of the
    same lexicon entry, when everything trimmed off is a route, dosage form, salt or a
    parenthesis; otherwise the whole match.

    Args:
        text: the note text.
        start: start offset of the matched surface form.
        end: end offset of the matched surface form.
        entry: the lexicon entry the match belongs to.

    Returns:
        ``(start, end)`` of the name as written.
    """
    words = [(w.start(), w.end()) for w in _WORD.finditer(text, start, end)]
    if len(words) < 2 or len(words) > 8:
        return start, end
    forms = {normalize_surface_form(f) for f in entry.surface_form_list}
    best: tuple[int, int] | None = None
    for i in range(len(words)):
        for j in range(i, len(words)):
            s, e = words[i][0], words[j][1]
            key = normalize_surface_form(text[s:e])
            if (s, e) == (start, end) or key not in forms or key in _MINERALS:
                continue
            if s > start and not _NAME_QUALIFIERS.fullmatch(text, start, s):
                continue
            if e < end and not _NAME_QUALIFIERS.fullmatch(text, e, end):
                continue
            if best is None or e - s > best[1] - best[0]:
                best = (s, e)
    return best if best is not None else (start, end)


def _route_and_technique(
    d: Draft, facts: list[Fact], ext: Maker, text: str
) -> tuple[Extracted | None, Extracted | None]:
    """TECH-001..008: route as written (or implied), technique by policy §2."""
    m = d.mention
    make = ext
    routes = [f for f in facts if f.kind == "route"]
    techs = [f for f in facts if f.kind == "technique"]
    route_f = _nearest(routes, m.start)
    route: Extracted | None = None
    route_value: str | None = None
    if route_f is not None:
        route_value = str(route_f.value)
        route = make(Route(route_value), route_f)
    push_words = [f for f in techs if f.value == "push"] + [f for f in routes if f.role == "push"]
    inf_words = [f for f in techs if f.value == "infusion"] + [
        f for f in routes if f.role == "infusion"
    ]
    inj_words = [f for f in techs if f.value == "injection"]
    over = [f for f in facts if f.kind == "duration" and text[f.start : f.end].lower().startswith(
        ("over", "infused", "given over", "run over"))]  # fmt: skip
    if route is None:
        implied = _nearest(push_words + inf_words, m.start)
        if implied is not None:
            route_value = "IV"
            route = make(Route.IV, implied, True, "derived:TECH-001 push/infusion implies IV")
        elif m.kind == "fluid" and (d.of("volume") or d.of("rate") or d.of("purpose")):
            route_value = "IV"
            route = make(Route.IV, _fact_for_mention(m), True, "derived:TECH-002 IV fluid")
        elif m.entry is not None and m.entry.name == "esketamine":
            route_value = "intranasal"
            route = make(Route.INTRANASAL, _fact_for_mention(m), True,
                         "derived:TECH-003 esketamine is a nasal spray")  # fmt: skip
        elif m.kind == "drug" and (
            d.of("rate") or (d.times("start") and d.times("stop"))
            or any(
                f.extra.get("iv_like") and {"device", "gauge"} & set(f.group or ())
                for f in d.of("site")
                if d.links.get(id(f)) != "LINK-020"
            )
        ):  # fmt: skip
            cue = (d.of("rate") or d.times("start") or d.of("site"))[0]
            route_value = "IV"
            route = make(Route.IV, cue, True, "derived:TECH-008 rate/start-stop/IV site imply IV")
    technique: Extracted | None = None
    if route_value == "IV":
        starts = d.times("start", "point")
        stops = d.times("stop")
        purposes = {f.value for f in d.of("purpose")}
        if m.kind == "fluid" and "flush" in purposes:
            cue = next(f for f in d.of("purpose") if f.value == "flush")
            technique = make(Technique.PUSH, cue, True, "derived:TECH-009 a flush is a push")
        elif m.kind == "fluid":
            cue = _nearest(inf_words + push_words, m.start) or route_f or _fact_for_mention(m)
            technique = make(Technique.INFUSION, cue, cue is not _nearest(inf_words, m.start),
                             "rule:TECH-004 fluid by IV is an infusion")  # fmt: skip
        elif push_words and (not inf_words or _first_pos(push_words) < _first_pos(inf_words)):
            technique = make(Technique.PUSH, _nearest(push_words, m.start))
        elif inf_words or over:
            technique = make(Technique.INFUSION, _nearest(inf_words + over, m.start))
        elif starts and stops:
            technique = make(Technique.INFUSION, stops[0], True,
                             "derived:TECH-005 start and stop times")  # fmt: skip
    elif route_value in ("IM", "SC"):
        if route_value == "SC" and inf_words:
            technique = make(Technique.SC_INFUSION, _nearest(inf_words, m.start))
        else:
            cue = _nearest(inj_words, m.start) or route_f
            technique = make(Technique.INJECTION_SC_IM, cue, cue is route_f,
                             "rule:TECH-006 IM/SC is an injection")  # fmt: skip
    elif route_value == "intra_arterial":
        technique = make(Technique.INTRA_ARTERIAL, route_f or _fact_for_mention(m))
    elif route_value is not None:
        technique = make(Technique.OTHER_ROUTE, route_f or _fact_for_mention(m),
                         route_f is None, "rule:TECH-007 non-parenteral route")  # fmt: skip
    return route, technique


def _fact_for_mention(m: Mention) -> Fact:
    return Fact("mention", m.start, m.end, None, m.rule_id)


def _first_pos(fs: Iterable[Fact]) -> int:
    return min((f.start for f in fs), default=10**9)


def _nearest(fs: list[Fact], pos: int) -> Fact | None:
    """The fact closest to the drug mention, preferring ones after it (attributes follow)."""
    if not fs:
        return None
    return min(fs, key=lambda f: abs(f.start - pos) if f.start >= pos else abs(pos - f.end) + 25)


def _intranasal(d: Draft) -> bool:
    routes = {f.value for f in d.of("route")}
    return "intranasal" in routes or (
        not routes and d.mention.entry is not None and d.mention.entry.name == "esketamine"
    )


def _derived_stop(d: Draft, facts: list[Fact], start: int) -> tuple[int, Fact] | None:
    """STOP-001: no stop time, but a volume and a rate in mL/h: stop = start + volume / rate
    (coding-policy §3; marked derived so the validators raise stop_time_derived)."""
    rate_f = next((f for f in facts if f.kind == "rate" and f.value[1] == "mL/h"), None)  # type: ignore[index]
    volume = next((f for f in facts if f.kind == "volume"), None) or d.vehicle_volume
    if rate_f is None or volume is None:
        return None
    techs = {f.value for f in d.of("technique")} | {f.role for f in d.of("route") if f.role}
    if "push" in techs and d.mention.kind != "fluid":
        return None
    minutes = round(volume.value[0] / rate_f.value[0] * 60)  # type: ignore[index]
    if minutes <= 0 or minutes > 24 * 60:
        return None
    return (start + minutes) % 1440, rate_f


def _times(
    d: Draft, facts: list[Fact], ext: Maker, text: str
) -> tuple[Extracted | None, Extracted | None, list[Interruption]]:
    """TIME-001..004: start, stop and holds from the linked time facts."""
    make = ext
    times = [f for f in facts if f.kind == "time"]
    start_f = next((f for f in times if f.role == "start"), None)
    if start_f is None:
        # TIME-002: a point time; one written with an administration verb ("given 1547") beats
        # a line time or "at"/"by" wording; otherwise the first one
        given = any(f.kind == "status" and f.value == "given" for f in facts) or any(
            c == "GIVEN" for c, _, _, _ in d.mention.modifiers
        )
        eff = _effective_times(d)
        points = [f for f in times if f.role == "point" or (f.role is None and (given or f in eff))]
        if points:
            start_f = min(points, key=lambda f: (0 if f.rule == "TIME-CUE-007" else 1, f.start))
    stop_f = next((f for f in times if f.role == "stop" and (start_f is None or f is not start_f)),
                  None)  # fmt: skip
    if stop_f is None and start_f is not None and _intranasal(d):
        # TIME-005: "self-administered 09:30 and 09:35": the last device ends the session
        later = [f for f in times if f.role in ("point", None) and f.start > start_f.start]
        if later:
            stop_f = later[-1]
    start = make(ClockTime(minute_of_day=int(start_f.value)), start_f) if start_f else None
    if stop_f is None and start_f is not None and start_f.role != "point":
        derived = _derived_stop(d, facts, int(start_f.value))
        if derived is not None:
            minute, rate_f = derived
            stop_derived = make(ClockTime(minute_of_day=minute), rate_f, True,
                                STOP_DERIVED_SOURCE)  # fmt: skip
        else:
            stop_derived = None
    else:
        stop_derived = None
    stop = make(ClockTime(minute_of_day=int(stop_f.value)), stop_f) if stop_f else stop_derived
    holds: list[Interruption] = []
    hold_times = [f for f in times if f.role == "hold"]
    resume_times = [f for f in times if f.role == "resume"]
    for h in hold_times:
        resume = next((r for r in resume_times if r.start > h.start), None)
        if resume is not None:
            resume_times.remove(resume)
        end = resume.end if resume is not None and resume.start - h.end < 200 else h.end
        holds.append(
            Interruption(
                span=_span(text, h.start, end),
                start=make(ClockTime(minute_of_day=int(h.value)), h),
                stop=make(ClockTime(minute_of_day=int(resume.value)), resume)
                if resume is not None
                else None,
            )
        )
    if not holds:
        cues = [f for f in facts if f.kind == "status" and f.value == "hold"]
        if cues and start is not None and _is_open_candidate(d):
            c = cues[0]
            holds.append(Interruption(span=_span(text, c.start, c.end)))
    return start, stop, holds
