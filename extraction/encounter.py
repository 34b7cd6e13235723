"""Facts about the visit as a whole: date, setting, primary reason, diagnoses, necessity, ...

Everything is read with cue lists from ``extraction/rules/encounter.json`` (ids ``ENC-XXX-NNN``,
each with its source) and a few fixed shapes written here (calendar dates, ICD-10-CM codes,
weights, durations). Every value carries the span it was read from; a weight converted from
pounds is marked ``derived``.

Readings (tested in ``tests/extraction/test_encounter.py``):

* **Date of service**: a date after a label ("Date of service:", "DOS", "Visit date") wins,
  then a date opening a MAR/flowsheet row ("03/14/2026 09:32 ..."), then the first other
  calendar date that is not another event's date (DOB, last/next visit, signed, lot expiry).
  Numeric dates are read month-first; month-name dates with a year are read by dateparser
  (``languages=["en"]``, ``DATE_ORDER="MDY"``), never a bare number.
* **Setting cue**: "hospital outpatient", "HOPD", "infusion center of <hospital>", "emergency
  department", "in the ED" -> ``facility``; "office", "clinic", "urgent care" -> ``office``.
  Place-of-service statements outrank phrases; historical mentions ("seen in the ED last
  week", "referred from the ED") do not count.
* **Primary reason**: a "Reason for visit:" label, else "here for / presents for ..." (not in
  a plan or a future), else the chief complaint. Its kind is the first drug named (lexicon;
  an IV fluid means "hydration"), a hydration word, a drug class resolved against the given
  administrations ("IV iron"), else a technique word (infusion / injection / push).
* **Diagnoses**: ICD-10-CM-shaped codes as written (dotted anywhere except vitals/labs and
  doses; undotted only in a diagnosis context) and diagnosis phrases that are not negated,
  uncertain or a relative's, outside history/ROS/medication/allergy/exam sections. Symptoms
  ("nausea", "headache") count as diagnoses only in assessment, diagnosis, chief-complaint
  and reason-for-visit sections.
* **Negation** (ConText-style, within the sentence): a trigger before the cue with no scope
  terminator in between ("Denies nausea, vomiting or dizziness"; "no vomiting but poor PO
  intake" keeps the PO intake), or a post-trigger ("Vomiting: none").
* **Statements**: separate encounter / separate site / REMS statements carry their sentence as
  evidence; waste statements are ``"zero_waste"`` or ``"waste:<amount> <unit>"``; monitoring
  is ``"<minutes> min"`` (or ``"unspecified"``), computed and marked derived when the note
  gives a clock range ("Monitored 13:10-15:15"); the longest documented monitoring wins.

Speed: the cues are found by one trie-regex pass over the lower-cased note for their literal
anchors, then tried only where an anchor occurs (see :class:`EncounterCues`); facts are built
as pydantic records only for what is returned. ``benchmarks/bench_encounter.py`` times the
extractor and checks its output against a saved reference.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from re import _constants as _sre  # the regex parser, to read literal anchors of cue patterns
from re import _parser as _sre_parse
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from spacy.tokens import Doc

from extraction.errors import DuplicateRuleIdError, RuleFileError, RulePatternError
from extraction.lexicon import load_drug_lexicon
from extraction.models import (
    Administration,
    CharSpan,
    Diagnosis,
    Encounter,
    Extracted,
    FluidPurpose,
    Status,
)
from extraction.rulefiles import RULES_DIR
from extraction.sections import SectionHeader, find_headers
from extraction.sentences import SENTENCE_SPANS_KEY, split_sentences
from extraction.times import parse_clock

__all__ = [
    "ENCOUNTER_FILE",
    "EncounterCue",
    "EncounterCueFile",
    "EncounterCues",
    "cue_anchors",
    "extract_encounter",
    "load_encounter_cues",
]

ENCOUNTER_FILE = RULES_DIR / "encounter.json"

CueKind = Literal[
    "dos_label",
    "date_exclude",
    "setting",
    "history_context",
    "reason",
    "reason_hydration",
    "reason_technique",
    "reason_drug_class",
    "term",
    "diagnosis_context",
    "code_exclude",
    "uncertain",
    "family",
    "indication_label",
    "indication_intro",
    "negation_pre",
    "negation_post",
    "scope_terminator",
    "separate_encounter",
    "separate_site",
    "waste",
    "rems",
    "monitoring",
    "weight_label",
]
TermRole = Literal["diagnosis", "symptom", "indication", "dehydration"]

_ID_RE = re.compile(r"^ENC-[A-Z]{2,4}-\d{3}$")
_ALLOWED_VALUES: dict[str, frozenset[str]] = {
    "setting": frozenset({"facility", "office"}),
    "waste": frozenset({"zero_waste", "waste"}),
    "reason_hydration": frozenset({"hydration"}),
    "reason_technique": frozenset({"infusion", "injection", "push"}),
    "monitoring": frozenset({"duration", "clock_range"}),
    "reason": frozenset({"label", "phrase", "complaint"}),
}
_NEEDS_VALUE = frozenset(
    {
        "reason",
        "setting",
        "reason_hydration",
        "reason_technique",
        "reason_drug_class",
        "term",
        "separate_encounter",
        "separate_site",
        "waste",
        "rems",
        "monitoring",
    }
)

# Sections whose phrases are not this visit's diagnoses (lists, history, exam, relatives).
_NO_DIAGNOSIS_SECTIONS = frozenset(
    {
        "family_history",
        "social_history",
        "review_of_systems",
        "allergies",
        "medications",
        "vitals",
        "labs",
        "physical_exam",
        "past_history",
        "discharge",
        "consent",
        "monitoring",
    }
)
# Sections where a symptom ("nausea", "headache") is stated as the visit's diagnosis.
_SYMPTOM_DIAGNOSIS_SECTIONS = frozenset(
    {"assessment_and_plan", "assessment", "diagnoses", "chief_complaint", "reason_for_visit"}
)
_DIAGNOSIS_CONTEXT_SECTIONS = _SYMPTOM_DIAGNOSIS_SECTIONS
_NOT_CODE_SECTIONS = frozenset({"vitals", "labs"})
# A "here for ..." in these sections is a plan for another day, not today's reason.
_FUTURE_SECTIONS = frozenset({"plan", "discharge", "orders"})
_FUTURE_WORDS = re.compile(
    r"\b(?:next|tomorrow|will|in[ \t]+\d+[ \t]*(?:days?|weeks?|wks?|months?)|RTC)\b", re.I
)

# Words after a place that make its mention historical ("ED visit 2 weeks ago").
_HISTORY_AFTER = re.compile(
    r"[^.;\n]{0,30}?\b(?:ago|yesterday|previously|in[ \t]+the[ \t]+past"
    r"|last[ \t]+(?:week|month|year|night|visit))\b",
    re.IGNORECASE,
)
_WINDOW = 80  # characters of a sentence searched for a trigger before a cue
_POST_WINDOW = 40


class EncounterCue(BaseModel):
    """One cue of ``encounter.json``.

    Attributes:
        id: ``ENC-XXX-NNN``, unique and never reused.
        kind: What the cue finds (see the module docstring and the file).
        pattern: A Python regular expression (no named groups), case-insensitive unless
            ``case_sensitive``.
        value: The normalised value the cue stands for (a setting, a term's canonical name, a
            dehydration-evidence label, ...).
        priority: Higher wins when several cues of a kind match (labels over phrases).
        roles: For ``term`` cues: diagnosis, symptom, indication, dehydration.
        requires_any: Dehydration evidence that counts only together with one of these values.
        min_value: The last number in the match must be at least this ("BUN 32").
        drugs: For ``reason_drug_class``: canonical lexicon names of the class.
        case_sensitive: Match the case as written ("SI", "TRD", "ED").
        source: Where the cue comes from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: CueKind
    pattern: str = Field(min_length=1)
    value: str | None = None
    priority: int = 0
    roles: tuple[TermRole, ...] = ()
    requires_any: tuple[str, ...] = ()
    min_value: float | None = None
    drugs: tuple[str, ...] = ()
    case_sensitive: bool = False
    source: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"malformed id {value!r} (expected ENC-XXX-NNN)")
        return value

    @field_validator("pattern")
    @classmethod
    def _no_named_groups(cls, value: str) -> str:
        if "(?P<" in value:
            raise ValueError("patterns must not define named groups")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> EncounterCue:
        if self.kind in _NEEDS_VALUE and not self.value:
            raise ValueError(f"a {self.kind!r} cue needs a value")
        allowed = _ALLOWED_VALUES.get(self.kind)
        if allowed is not None and self.value not in allowed:
            raise ValueError(f"value {self.value!r} is not one of {sorted(allowed)}")
        if (self.kind == "term") != bool(self.roles):
            raise ValueError("roles are given for term cues, and only for them")
        if (self.kind == "reason_drug_class") != bool(self.drugs):
            raise ValueError("drugs are given for reason_drug_class cues, and only for them")
        if (self.requires_any or self.min_value is not None) and self.kind != "term":
            raise ValueError("requires_any and min_value apply to term cues only")
        return self


class EncounterCueFile(BaseModel):
    """The whole ``encounter.json`` file."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    schema_name: Literal["infusion_coder.encounter_cues"] = Field(alias="schema")
    schema_version: Literal[1]
    source: str = Field(min_length=1)
    cues: tuple[EncounterCue, ...] = Field(min_length=1)


Hit = tuple[int, int, int]  # (start, end, cue index)

# Cue kinds found by scanning the whole note, by scan group. Within a group, overlapping hits
# are resolved leftmost first, then longest, then file order.
_SCAN_GROUPS: dict[str, tuple[str, ...]] = {
    "terms": ("term",),
    "reasons": ("reason", "indication_label"),
    "settings": ("setting",),
    "statements": (
        "separate_encounter",
        "separate_site",
        "waste",
        "rems",
        "monitoring",
        "weight_label",
    ),
    "negation_pre": ("negation_pre",),
    "terminators": ("scope_terminator",),
    "uncertain": ("uncertain",),
    "family": ("family",),
    "history": ("history_context",),
    "dos_label": ("dos_label",),
    "date_exclude": ("date_exclude",),
    "indication_intro": ("indication_intro",),
    "dx_context": ("diagnosis_context",),
    "code_exclude": ("code_exclude",),
}
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_MAX_ANCHORS = 32


def _literal_anchors(items: list[Any]) -> set[str] | None:
    """Literal strings one of which every match of a parsed regex sequence contains.

    The most selective candidate is kept: the longest run of mandatory literal characters, or
    the alternatives of a mandatory group or branch. ``None`` when no literal is mandatory.
    """
    candidates: list[set[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            candidates.append({"".join(run)})
            run.clear()

    for op, arg in items:
        if op is _sre.LITERAL:
            run.append(chr(arg))
            continue
        close()
        if op is _sre.SUBPATTERN:
            found = _literal_anchors(list(arg[3]))
        elif op is _sre.ATOMIC_GROUP:
            found = _literal_anchors(list(arg))
        elif op is _sre.BRANCH:
            alternatives = [_literal_anchors(list(branch)) for branch in arg[1]]
            found = set().union(*alternatives) if all(alternatives) else None  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            found = _literal_anchors(list(arg[2]))
        else:
            found = None
        if found:
            candidates.append(found)
    close()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(len(a) for a in c), -len(c)))


def _leading_anchors(items: list[Any]) -> set[str] | None:
    """Literal strings one of which every match of a parsed regex sequence starts with.

    Zero-width items (``\\b``, lookarounds) are skipped; an optional prefix contributes its own
    leading strings and those of what follows. ``None`` when a match may start otherwise.
    """
    for k, (op, arg) in enumerate(items):
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue
        if op is _sre.LITERAL:
            run = []
            for op2, arg2 in items[k:]:
                if op2 is not _sre.LITERAL:
                    break
                run.append(chr(arg2))
            head = "".join(run)
            # The parser factors common prefixes out of alternations ("comes|came" becomes
            # "c" + (omes|ame)): extend the run through what follows when it is literal too.
            rest = items[k + len(run) :]
            tails = _leading_anchors(rest) if rest else None
            if tails and len(tails) <= _MAX_ANCHORS:
                return {head + tail for tail in tails}
            return {head}
        if op is _sre.SUBPATTERN:
            return _leading_anchors(list(arg[3]) + items[k + 1 :])
        if op is _sre.BRANCH:
            found: set[str] = set()
            for branch in arg[1]:
                sub = _leading_anchors(list(branch) + items[k + 1 :])
                if not sub:
                    return None
                found |= sub
            return found
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            inner = _leading_anchors(list(arg[2]))
            if not inner:
                return None
            if arg[0] >= 1:
                return inner
            rest = _leading_anchors(items[k + 1 :])
            return inner | rest if rest else None
        return None
    return None


def cue_anchors(pattern: str) -> tuple[frozenset[str] | None, bool]:
    """The lower-cased literal anchors of a cue pattern and whether every match starts with one.

    Leading anchors let the scanner try the cue only where an anchor occurs; other anchors
    (contained somewhere in every match) make it scan the anchor's line.
    """
    parsed = list(_sre_parse.parse(pattern))
    leading = _leading_anchors(parsed)
    if leading and all(leading):
        return frozenset(a.translate(_ASCII_LOWER) for a in leading), True
    found = _literal_anchors(parsed)
    if not found:
        return None, False
    return frozenset(a.translate(_ASCII_LOWER) for a in found), False


def _class_characters(pattern: str) -> str | None:
    """The characters of a pattern that is one class of ASCII characters other than letters.

    ``"[;:]"`` gives ``";:"`` (whether case is ignored does not matter for such characters);
    anything else (ranges, categories, negation, letters, more than one item) gives ``None``.
    """
    parsed = list(_sre_parse.parse(pattern))
    if len(parsed) != 1 or parsed[0][0] is not _sre.IN:
        return None
    chars = []
    for op, arg in parsed[0][1]:
        char = chr(arg) if op is _sre.LITERAL else ""
        if not char or not char.isascii() or char.isalpha():
            return None
        chars.append(char)
    return "".join(chars)


def _trie_regex(words: list[str]) -> str:
    """A regex matching any of ``words``, structured as a trie (fast to try at each position)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alternatives = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


class EncounterCues:
    """The validated cues, compiled for fast scanning.

    Every scanned cue but one has literal anchors (derived from its pattern). One pass of a trie
    regex over the lower-cased note finds the anchors present at word starts (a few anchors
    that start with punctuation are found anywhere by substring search); only the cues whose
    anchors occur are run: cues whose every match starts with an anchor at that position, the
    others on the anchor's line (no such cue matches across a line break). The one cue without
    an anchor, ``[;:]``, is found by substring search.
    """

    def __init__(self, cues: tuple[EncounterCue, ...], path: Path) -> None:
        self.cues = cues
        self.path = path
        self.regexes: list[re.Pattern[str]] = []
        by_kind: dict[str, list[int]] = {}
        for i, cue in enumerate(cues):
            try:
                regex = re.compile(cue.pattern, 0 if cue.case_sensitive else re.IGNORECASE)
            except re.error as exc:
                raise RulePatternError(path, cue.id, str(exc)) from exc
            self.regexes.append(regex)
            by_kind.setdefault(cue.kind, []).append(i)
        self.by_kind = by_kind
        group_of_kind = {kind: group for group, kinds in _SCAN_GROUPS.items() for kind in kinds}
        self.group_of: dict[int, str] = {}
        by_lead: dict[str, list[int]] = {}
        by_line: dict[str, list[int]] = {}
        self.unanchored: list[int] = []
        for i, cue in enumerate(cues):
            group = group_of_kind.get(cue.kind)
            if group is None:
                continue
            self.group_of[i] = group
            anchors, leading = cue_anchors(cue.pattern)
            if anchors is None:
                self.unanchored.append(i)
                continue
            for anchor in anchors:
                (by_lead if leading else by_line).setdefault(anchor, []).append(i)
        words = sorted(set(by_lead) | set(by_line))
        # Leading anchors that begin with a letter or digit are looked for at word starts only
        # (a cue never starts inside a word), by one trie regex; the few others anywhere, by
        # substring search.
        at_word_start = sorted(w for w in by_lead if w[0].isalnum())
        self.anywhere = sorted(set(words) - set(at_word_start))
        trie = _trie_regex(at_word_start)
        # An anchor after a character that is not a letter or digit ("(?<![a-z0-9])" written
        # so that the regex engine can skip ahead); the note's first position is tried apart.
        self._after_separator = re.compile("[^a-z0-9](?=(" + trie + "))")
        self._at_start = re.compile("(?=(" + trie + "))")
        # An anchor found at a position implies every shorter anchor that is its prefix: cues
        # with leading anchors are tried at that position, the others on its line.
        group_names = tuple(_SCAN_GROUPS)
        self._group_names = group_names
        group_number = {group: k for k, group in enumerate(group_names)}
        # Per anchor: (the cue's bound ``match``, its scan group's number, the cue's index).
        self._try_at: dict[str, tuple[tuple[Any, int, int], ...]] = {}
        self._try_line: dict[str, tuple[int, ...]] = {}
        for word in words:
            prefixes = [other for other in words if word.startswith(other)]
            self._try_at[word] = tuple(
                (self.regexes[i].match, group_number[self.group_of[i]], i)
                for i in sorted({i for o in prefixes for i in by_lead.get(o, ())})
            )
            self._try_line[word] = tuple(sorted({i for o in prefixes for i in by_line.get(o, ())}))
        self._group_number_of = {i: group_number[g] for i, g in self.group_of.items()}
        # Unanchored cues that are one class of punctuation characters ("[;:]"): every
        # occurrence of those characters is a hit, found by substring search.
        self._char_cues: list[tuple[int, str]] = []
        self._unanchored_regex: list[int] = []
        for i in self.unanchored:
            chars = _class_characters(cues[i].pattern)
            if chars is None:
                self._unanchored_regex.append(i)
            else:
                self._char_cues.append((i, chars))

        def alt(kinds: Sequence[str]) -> re.Pattern[str]:
            parts = []
            for i in (i for kind in kinds for i in by_kind.get(kind, [])):
                body = f"(?-i:{cues[i].pattern})" if cues[i].case_sensitive else cues[i].pattern
                parts.append(f"(?P<c{i}>{body})")
            if not parts:
                return re.compile(r"(?!x)x")
            return re.compile("(?:" + "|".join(parts) + ")", re.IGNORECASE)

        # Small alternations used on short windows or phrases only.
        self.negation_post = alt(["negation_post"])
        self.reason_hydration = alt(["reason_hydration"])
        self.reason_classes = alt(["reason_drug_class"])
        self.reason_technique = alt(["reason_technique"])

    def cue(self, match: re.Match[str]) -> EncounterCue:
        """The cue whose group matched in one of the small alternations."""
        return self.cues[int(match.lastgroup[1:])]  # type: ignore[index]

    def scan(self, text: str) -> dict[str, list[Hit]]:
        """All scanned cues in ``text``: per scan group, non-overlapping hits in text order.

        Within a group, overlapping hits are resolved leftmost first, then longest, then in
        file order.
        """
        # Lower-case ASCII letters only, so offsets stay those of ``text``.
        lowered = text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
        # Hits are collected as (start, -end, cue index): plain tuple order is then the
        # resolution order.
        raw: list[list[tuple[int, int, int]]] = [[] for _ in self._group_names]
        try_at = self._try_at
        found = [(m.start(1), m.group(1)) for m in self._after_separator.finditer(lowered)]
        first = self._at_start.match(lowered)
        if first is not None:
            found.append((0, first.group(1)))
        for word in self.anywhere:
            pos = lowered.find(word)
            while pos >= 0:
                found.append((pos, word))
                pos = lowered.find(word, pos + 1)
        lines: dict[int, set[int]] = {}  # cue index -> starts of the lines to scan (-1: all)
        for pos, word in found:
            for match, group, i in try_at[word]:
                hit = match(text, pos)
                if hit is not None:
                    end = hit.end()
                    if end > pos:
                        raw[group].append((pos, -end, i))
            line_cues = self._try_line[word]
            if line_cues:
                line_start = lowered.rfind("\n", 0, pos) + 1
                for i in line_cues:
                    lines.setdefault(i, set()).add(line_start)
        for i in self._unanchored_regex:
            lines[i] = {-1}
        for i, chars in self._char_cues:
            hits = raw[self._group_number_of[i]]
            for char in chars:
                pos = text.find(char)
                while pos >= 0:
                    hits.append((pos, -pos - 1, i))
                    pos = text.find(char, pos + 1)
        for i, line_starts in lines.items():
            regex = self.regexes[i]
            hits = raw[self._group_number_of[i]]
            for line_start in line_starts:
                if line_start < 0:
                    spans = regex.finditer(text)
                else:
                    line_end = text.find("\n", line_start)
                    spans = regex.finditer(
                        text, line_start, len(text) if line_end < 0 else line_end
                    )
                hits += [(m.start(), -m.end(), i) for m in spans if m.end() > m.start()]
        resolved: dict[str, list[Hit]] = {}
        for group, hits in zip(self._group_names, raw, strict=True):
            kept: list[Hit] = []
            if hits:
                hits.sort()
                last_end = -1
                for start, neg_end, i in hits:
                    if start >= last_end:
                        last_end = -neg_end
                        kept.append((start, last_end, i))
            resolved[group] = kept
        return resolved


def _fail(path: Path, raw: Any, exc: ValidationError) -> RuleFileError:
    first = exc.errors()[0]
    loc = list(first["loc"])
    where = f"header field {'.'.join(str(p) for p in loc)!r}" if loc else "header"
    if len(loc) >= 2 and loc[0] == "cues" and isinstance(loc[1], int):
        index = loc[1]
        cues = raw.get("cues") if isinstance(raw, dict) else None
        cue_id = "?"
        if isinstance(cues, list) and index < len(cues) and isinstance(cues[index], dict):
            cue_id = str(cues[index].get("id", "?"))
        field = ".".join(str(p) for p in loc[2:]) or "<cue>"
        where = f"cues[{index}] (id={cue_id}): field {field!r}"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return RuleFileError(path, f"{where}: {first['msg']}{more}")


def load_encounter_cues(path: Path | str | None = None) -> EncounterCues:
    """Load, validate and compile the encounter cues.

    Args:
        path: A cue file; ``None`` reads ``extraction/rules/encounter.json`` (cached).

    Returns:
        The compiled cues.

    Raises:
        RuleFileError: missing file, invalid JSON or a cue that does not match the schema (the
            message names the file, the cue index, its id and the field).
        DuplicateRuleIdError: two cues share an id.
        RulePatternError: a pattern does not compile.
    """
    return _load(Path(path) if path is not None else ENCOUNTER_FILE)


@cache
def _load(path: Path) -> EncounterCues:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleFileError(path, "file not found") from exc
    except json.JSONDecodeError as exc:
        raise RuleFileError(path, f"not valid JSON: {exc}") from exc
    try:
        parsed = EncounterCueFile.model_validate(raw)
    except ValidationError as exc:
        raise _fail(path, raw, exc) from exc
    seen: set[str] = set()
    for cue in parsed.cues:
        if cue.id in seen:
            raise DuplicateRuleIdError(path, cue.id)
        seen.add(cue.id)
    return EncounterCues(parsed.cues, path)


_XStr = Extracted[str]
_XDate = Extracted[dt.date]
_XFloat = Extracted[float]

# ---------------------------------------------------------------------------------------------
# Fixed shapes: dates, ICD-10-CM codes, weights, durations, amounts.

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Calendar-date candidates. Both patterns start with a digit so the regex engine can skip ahead;
# the boundaries the patterns cannot express cheaply are checked in :func:`_date_candidates`.
# The middle of a numeric date ("/14/2026", "-03-14"): a separator first lets the regex engine
# jump between separators; the leading month (or ISO year) is read backwards in Python.
_DATE_TAIL = re.compile(r"([/-])(\d{1,2})\1(\d{4}|\d{2})")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NAMED_DATE = re.compile(
    r"\b(?:" + _MONTHS + r"\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+"
    r"|\d{1,2}(?:st|nd|rd|th)?[ \t]+" + _MONTHS + r"\.?,?[ \t]+)(?:19|20)\d\d\Z",
    re.IGNORECASE,
)
_TIME_AFTER_DATE = re.compile(r"[ \t,]+(?:at[ \t]+|@[ \t]*)?(?:[01]?\d|2[0-3]):?[0-5]\d\b")
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "MDY",
    "PREFER_DAY_OF_MONTH": "first",
    "RELATIVE_BASE": dt.datetime(2000, 1, 1),
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_MIN_SERVICE_YEAR = 2000
_MAX_SERVICE_YEAR = 2100

# ICD-10-CM shape: letter, digit, digit or A/B (C4A, D3A, M1A, Z3A, C7B), optional .1-4 chars.
# ICD-10-CM shape: letter, digit, digit or A/B (C4A, D3A, M1A, Z3A, C7B), then up to 4 more
# characters with or without the dot. Starting with a letter class lets the engine skip ahead;
# the token boundaries are checked by :func:`_glued`.
_CODE = re.compile(r"[A-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4}|[0-9A-Z]{1,4})?")
_UNIT_AFTER = re.compile(
    r"[ \t]*(?:mg|mcg|g|mL|ml|cc|L|units?|u|%|°|C|F|kg|lbs?|mmHg|bpm|mEq|mmol|x\b|/)(?![a-z])"
)
_VITALS_START = re.compile(r"[ \t]*(?:VS|Vitals?|BP|HR|T|Temp|P|RR|SpO2|O2)\b")

_WEIGHT_VALUE = re.compile(
    r"[ \t]*(?:[:=-]|\bis\b|\bof\b|\bwas\b)?[ \t]*(?:(?:is|of|was)[ \t]+)?"
    r"(?P<v>\d{1,3}(?:\.\d+)?)[ \t]*(?P<u>kgs?|kilograms?|lbs?|pounds?|#)(?![a-z])",
    re.IGNORECASE,
)
_KG_IN_PARENS = re.compile(
    r"[ \t]*(?P<open>\()?[/,]?[ \t]*(?P<v>\d{1,3}(?:\.\d+)?)[ \t]*(?:kgs?|kilograms?)\b"
    r"(?(open)\))",
    re.IGNORECASE,
)
_NOT_ACTUAL_WEIGHT = re.compile(r"\b(?:ideal|lean|target|goal|dry|IBW|adjusted)[ \t]*$", re.I)
_LB_TO_KG = 0.45359237

_DURATION = re.compile(
    r"(?<![\w.:])(?P<n>\d{1,3}(?:\.\d+)?)[ \t]*(?:(?:-|to)[ \t]*\d{1,3}(?:\.\d+)?[ \t]*)?"
    r"(?P<u>hours?|hrs?|h|minutes?|mins?|min|m)\b"
    r"(?:[ \t]*(?:and[ \t]+)?(?P<n2>\d{1,2})[ \t]*(?:minutes?|mins?|min|m)\b)?",
    re.IGNORECASE,
)
_CLOCK_RANGE = re.compile(
    r"(?P<a>(?:[01]?\d|2[0-3]):?[0-5]\d)[ \t]*(?:-|–|to|until)[ \t]*"
    r"(?P<b>(?:[01]?\d|2[0-3]):?[0-5]\d)"
)
_CODE_GAP = re.compile(r"[ \t:#-]*")
_DOSE_AFTER = re.compile(r"[ \t]*\d")
_UNITS = {"cc": "mL", "ml": "mL", "unit": "units", "units": "units"}
_AMOUNT = re.compile(r"(?P<n>\d+(?:\.\d+)?)[ \t]*(?P<u>mg|mcg|mL|ml|units?|g|cc)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CLAUSE_END = re.compile(r"[;\n]|,[ \t]|[ \t]-[ \t]|\.(?:[ \t]|$)")
_LABEL_END = re.compile(r"[;\n]|\.(?:[ \t]|$)")


@lru_cache(maxsize=4096)
def _parse_named_date(candidate: str) -> dt.date | None:
    """Read a month-name date with its year ("March 14, 2026", "14 Mar 2026") with dateparser."""
    import dateparser  # imported lazily: it is slow to import and only needed here

    parsed = dateparser.parse(candidate, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed is not None else None


def _numeric_date(text: str, tail: re.Match[str]) -> tuple[int, dt.date] | None:
    """The start and date of a numeric date whose tail ``tail`` matched, month first.

    ``03/14/2026``, ``3/14/26`` and ``03-14-2026`` are month/day/year; ``2026-03-14`` is ISO.
    """
    sep_at = tail.start()
    start = sep_at
    while start > 0 and sep_at - start < 4 and text[start - 1].isdigit():
        start -= 1
    head = text[start:sep_at]
    try:
        if len(head) == 4 and tail.group(1) == "-" and len(tail.group(2)) == 2:
            if len(tail.group(3)) != 2:
                return None
            return start, dt.date(int(head), int(tail.group(2)), int(tail.group(3)))
        if not 1 <= len(head) <= 2:
            return None
        year = int(tail.group(3))
        return start, dt.date(year + 2000 if year < 100 else year, int(head), int(tail.group(2)))
    except ValueError:
        return None


def _glued(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer token ("103/14/2026", "3/14/26/1")."""
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_/.-"):
        return True
    if end < len(text):
        after = text[end]
        if after.isalnum() or after in "_/-":
            return True
        if after == "." and end + 1 < len(text) and text[end + 1].isdigit():
            return True
    return False


def _date_candidates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every calendar date written in ``text`` as ``(start, end, date)``, in text order.

    Numeric dates are read month first (``03/14/2026``, ``3/14/26``, ISO ``2026-03-14``);
    month-name dates need a year and are read by dateparser.
    """
    out: list[tuple[int, int, dt.date]] = []
    for tail in _DATE_TAIL.finditer(text):
        found = _numeric_date(text, tail)
        if found is not None and not _glued(text, found[0], tail.end()):
            out.append((found[0], tail.end(), found[1]))
    for year in _YEAR.finditer(text):
        end = year.end()
        if _glued(text, year.start(), end):
            continue
        named = _NAMED_DATE.search(text, max(0, year.start() - 24), end)
        if named is None or _glued(text, named.start(), end):
            continue
        value = _parse_named_date(" ".join(named.group().split()))
        if value is not None:
            out.append((named.start(), end, value))
    out.sort()
    return out


# ---------------------------------------------------------------------------------------------
# Per-note context: sentences and sections, and the trigger checks.


class _Note:
    """One note's text with its sentences, section headers and cue hits, and trigger checks."""

    def __init__(self, text: str, doc: Doc | None, cues: EncounterCues) -> None:
        self.text = text
        self.cues = cues
        self.sentences = _sentences(text, doc)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.headers: list[SectionHeader] = find_headers(text)
        self.header_starts = [h.start for h in self.headers]
        self.hits = cues.scan(text)
        self._ends: dict[str, list[int]] = {}  # per scan group, the hits' ends (on first use)

    def cue(self, hit: Hit) -> EncounterCue:
        return self.cues.cues[hit[2]]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence containing ``pos`` (or the text around it when between sentences)."""
        k = bisect_right(self.sentence_starts, pos) - 1
        if k >= 0:
            found = self.sentences[k]
            if pos < found[1]:
                return found
        text = self.text
        line_end = text.find("\n", pos)
        return text.rfind("\n", 0, pos) + 1, len(text) if line_end < 0 else line_end

    def section(self, pos: int) -> str | None:
        """The category of the section containing ``pos``, if any."""
        k = bisect_right(self.header_starts, pos) - 1
        if k < 0:
            return None
        header = self.headers[k]
        end = header.body_end if header.body_end > header.end else header.end
        return header.category if pos < end else None

    def last_hit(self, group: str, start: int, floor: int) -> Hit | None:
        """The last hit of ``group`` ending by ``start``, if it starts at ``floor`` or later."""
        hits = self.hits[group]
        if not hits:
            return None
        ends = self._ends.get(group)
        if ends is None:
            ends = self._ends[group] = [h[1] for h in hits]
        k = bisect_right(ends, start) - 1
        if k >= 0 and hits[k][0] >= floor:
            return hits[k]
        return None

    def any_hit(self, group: str, lo: int, hi: int) -> bool:
        """Whether a hit of ``group`` lies within ``[lo, hi)``."""
        return any(lo <= h[0] and h[1] <= hi for h in self.hits[group])

    def _pre_trigger(self, group: str, start: int, floor: int) -> bool:
        trigger = self.last_hit(group, start, max(floor, start - _WINDOW))
        if trigger is None:
            return False
        return self.last_hit("terminators", start, trigger[1]) is None

    def negated(self, start: int, end: int, sentence: tuple[int, int] | None = None) -> bool:
        """A negation trigger governs ``[start, end)`` (before it, or right after it)."""
        s_start, s_end = sentence or self.sentence(start)
        if self._pre_trigger("negation_pre", start, s_start):
            return True
        post_end = min(max(s_end, end), end + _POST_WINDOW)
        return self.cues.negation_post.match(self.text, end, post_end) is not None

    def governed(self, group: str, start: int, sentence: tuple[int, int] | None = None) -> bool:
        """A trigger of ``group`` ("uncertain", "family", "history") governs the cue at ``start``.

        Uncertain: "rule out", "possible", "if"; family: "mother has", "FHx"; history: "h/o",
        "prior", "last".
        """
        if not self.hits[group]:
            return False
        s_start = sentence[0] if sentence else self.sentence(start)[0]
        return self._pre_trigger(group, start, s_start)

    def historical_place(self, start: int, end: int) -> bool:
        """A place mention is historical or hypothetical ("seen in the ED last week").

        The trigger may come before the place (in the sentence, with the place's own words:
        "referred from the ED") or shortly after it ("ED visit 2 weeks ago").
        """
        s_start, s_end = self.sentence(start)
        if self.any_hit("history", max(s_start, start - _WINDOW), end):
            return True
        limit = min(max(s_end, end), end + _POST_WINDOW)
        return _HISTORY_AFTER.match(self.text, end, limit) is not None

    def sentence_span(self, pos: int) -> CharSpan:
        s, e = self.sentence(pos)
        return CharSpan.of(self.text, s, e)


def _sentences(text: str, doc: Doc | None) -> list[tuple[int, int]]:
    """Sentence offsets of ``text``.

    From the doc when it was segmented: the spans ``ic_sentences`` left in its user data, else
    its (trimmed) sentences; without a doc, :func:`split_sentences`.
    """
    if doc is None:
        return split_sentences(text)
    cached = doc.user_data.get(SENTENCE_SPANS_KEY)
    if cached is not None and cached[0] == text:
        return list(cached[1])
    if doc.text != text or not doc.has_annotation("SENT_START"):
        return split_sentences(text)
    out = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            out.append((start + left, start + right))
    return out


# ---------------------------------------------------------------------------------------------
# The extractors.


def extract_encounter(
    text: str,
    doc: Doc | None,
    administrations: Sequence[Administration],
) -> Encounter:
    """Read the encounter-level facts of a note.

    Args:
        text: The note text (all spans are offsets into it).
        doc: The note processed by the pipeline, used for its sentences when it is
            sentence-segmented; ``None`` splits sentences with :func:`split_sentences`.
        administrations: The note's administrations, to resolve the primary reason's
            administration.

    Returns:
        The encounter facts; anything not documented is ``None`` or empty.
    """
    cues = load_encounter_cues()
    note = _Note(text, doc, cues)
    terms = _read_terms(note)
    reason, reason_kind, reason_admin = _primary_reason(note, administrations)
    statements = _read_statements(note)
    return Encounter(
        date_of_service=_date_of_service(note),
        setting_cue=_setting(note),
        primary_reason=reason,
        primary_reason_kind=reason_kind,
        primary_reason_admin=reason_admin,
        diagnoses=tuple(sorted(_codes(note) + terms.diagnoses, key=lambda d: d.span.start)),
        indications=tuple(sorted(_indication_labels(note) + terms.indications, key=_start)),
        dehydration_evidence=tuple(terms.dehydration),
        separate_encounter=tuple(statements["separate_encounter"]),
        separate_site=tuple(statements["separate_site"]),
        waste_statements=tuple(statements["waste"]),
        weight_kg=_weight(note),
        rems=_first(statements["rems"]),
        monitoring=_best_monitoring(statements["monitoring"]),
        first_line=_first_line(text),
        assessment=_assessment(note),
    )


def _start(item: Extracted[str]) -> int:
    return item.span.start


def _first(items: list[Extracted[str]]) -> Extracted[str] | None:
    return items[0] if items else None


def _rule(cue: EncounterCue) -> str:
    return f"rule:{cue.id}"


_NON_SPACE = re.compile(r"\S")


def _first_line(text: str) -> CharSpan | None:
    """The first non-blank line, without its surrounding whitespace."""
    first = _NON_SPACE.search(text)
    if first is None:
        return None
    start = first.start()
    line_end = text.find("\n", start)
    line = text[start:] if line_end < 0 else text[start:line_end]
    return CharSpan.of(text, start, start + len(line.rstrip()))


def _assessment(note: _Note) -> CharSpan | None:
    for wanted in (("assessment_and_plan", "assessment"), ("plan",)):
        for header in note.headers:
            if header.category in wanted:
                end = header.end
                while end > header.start and note.text[end - 1].isspace():
                    end -= 1
                return CharSpan.of(note.text, header.start, end)
    return None


# --- date of service

_LABEL_GAP = re.compile(r"[ \t]*(?:/[ \t]*time)?[ \t]*(?:[:#=-][ \t]*)?")


def _date_of_service(note: _Note) -> Extracted[dt.date] | None:
    text = note.text
    best: tuple[int, int, int, str, dt.date] | None = None
    for start, end, value in _date_candidates(text):
        if not _MIN_SERVICE_YEAR <= value.year <= _MAX_SERVICE_YEAR:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        pre_start = max(line_start, start - 40)
        label = note.last_hit("dos_label", start, pre_start)
        if label is not None and _LABEL_GAP.fullmatch(text, label[1], start):
            cue = note.cue(label)
            rank, source = 10 + cue.priority, _rule(cue)
        elif not text[line_start:start].strip() and _TIME_AFTER_DATE.match(text, end):
            rank, source = 5, "rule:mar-row-date"
        elif not note.any_hit("date_exclude", pre_start, start):
            rank, source = 1, "rule:calendar-date"
        else:
            continue
        if best is None or rank > best[0]:
            best = (rank, start, end, source, value)
    if best is None:
        return None
    _, start, end, source, value = best
    return _XDate(value=value, span=CharSpan.of(text, start, end), source=source)


# --- setting


def _setting(note: _Note) -> Extracted[str] | None:
    best: tuple[int, int, int, EncounterCue] | None = None
    for start, end, i in note.hits["settings"]:
        cue = note.cues.cues[i]
        if best is not None and cue.priority <= best[0]:
            continue  # only a higher priority can win
        if note.historical_place(start, end) or note.negated(start, end):
            continue
        best = (cue.priority, start, end, cue)
    if best is None:
        return None
    _, start, end, cue = best
    return _XStr(value=cue.value or "", span=CharSpan.of(note.text, start, end), source=_rule(cue))


# --- primary reason


@cache
def _lexicon_regex() -> re.Pattern[str]:
    # Lower-cased, single-spaced forms as a trie; searched in the lower-cased, ASCII-only
    # text of a short phrase, so the regex needs no IGNORECASE and no whitespace classes.
    forms = sorted(
        {
            " ".join(form.split()).translate(_ASCII_LOWER)
            for form, _ in load_drug_lexicon().surface_forms()
        }
    )
    return re.compile(r"(?<![\w-])(?:" + _trie_regex(forms) + r")(?![\w-])")


def _clause_end(text: str, start: int, limit: int, label: bool) -> int:
    stop = (_LABEL_END if label else _CLAUSE_END).search(text, start, limit)
    end = stop.start() if stop is not None else limit
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;-"):
        end -= 1
    return end


def _primary_reason(
    note: _Note, administrations: Sequence[Administration]
) -> tuple[Extracted[str] | None, str | None, str | None]:
    text = note.text
    best: tuple[int, int, int, int, EncounterCue] | None = None
    for hit in note.hits["reasons"]:
        cue = note.cue(hit)
        if cue.kind != "reason" or (best is not None and cue.priority <= best[0]):
            continue  # an indication label, or a reason that cannot outrank the best
        start, end, _ = hit
        _, s_end = note.sentence(start)
        label = cue.value != "phrase"  # "Reason for visit:" and "CC:" run to the line end
        body = end
        if label:
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            if not text[end:line_end].strip():  # "Reason for visit:" alone on its line
                body = line_end
                _, s_end = note.sentence(_skip_space(text, line_end))
                s_end = max(s_end, body)
        body = _skip_space(text, body)
        limit = s_end if s_end > body else len(text)
        clause_end = _clause_end(text, body, limit, label)
        if clause_end <= body:
            continue
        if not label and (
            note.section(start) in _FUTURE_SECTIONS
            or _FUTURE_WORDS.search(text, body, clause_end) is not None
            or note.negated(start, end)
        ):
            continue
        if best is None or cue.priority > best[0]:
            best = (cue.priority, start, body, clause_end, cue)
    if best is None:
        return None, None, None
    _, start, body, clause_end, cue = best
    reason = _XStr(
        value=text[start:clause_end], span=CharSpan.of(text, start, clause_end), source=_rule(cue)
    )
    # A chief complaint describes symptoms ("cannot keep fluids down"), not the service: it
    # names a hydration visit only through a drug or fluid name.
    hydration_words = cue.value != "complaint"
    kind, admin = _reason_kind(note, body, clause_end, administrations, hydration_words)
    return reason, kind, admin


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _given(adm: Administration) -> bool:
    return adm.status.value is Status.GIVEN


def _reason_kind(
    note: _Note,
    start: int,
    end: int,
    administrations: Sequence[Administration],
    hydration_words: bool = True,
) -> tuple[str | None, str | None]:
    """The kind of the reason phrase ``text[start:end]`` and the administration it names.

    The first of: a lexicon drug (a fluid means "hydration"), a hydration word (unless
    ``hydration_words`` is False), a drug class resolved against the administrations; else a
    technique word.
    """
    text = note.text
    candidates: list[tuple[int, str, tuple[str, ...]]] = []  # (position, kind, drug names)
    phrase = text[start:end].translate(_ASCII_LOWER).replace("\t", " ")  # same offsets
    drug = _lexicon_regex().search(phrase)
    if drug is not None:
        entry = load_drug_lexicon().by_name(drug.group())
        if entry is not None:
            if entry.kind == "fluid":
                candidates.append((start + drug.start(), "hydration", ()))
            else:
                candidates.append((start + drug.start(), entry.name, (entry.name,)))
    searches = [note.cues.reason_classes]
    if hydration_words:
        searches.append(note.cues.reason_hydration)
    for regex in searches:
        word = regex.search(text, start, end)
        if word is not None:
            cue = note.cues.cue(word)
            candidates.append((word.start(), cue.value or "", cue.drugs))
    for _, kind, names in sorted(candidates, key=lambda c: c[0]):
        if kind == "hydration":
            return kind, _hydration_admin(administrations)
        matching = [a for a in administrations if a.drug is not None and a.drug.value in names]
        chosen = next((a for a in matching if _given(a)), matching[0] if matching else None)
        if chosen is not None and chosen.drug is not None:
            return chosen.drug.value, chosen.admin_id
        if len(names) == 1:  # a named drug that was not read as an administration
            return kind, None
    technique = note.cues.reason_technique.search(text, start, end)
    if technique is not None:
        value = note.cues.cue(technique).value or ""
        chosen = next(
            (
                a
                for a in administrations
                if _given(a) and a.technique is not None and a.technique.value == value
            ),
            None,
        )
        return value, chosen.admin_id if chosen is not None else None
    return None, None


def _hydration_admin(administrations: Sequence[Administration]) -> str | None:
    fluids = [a for a in administrations if a.kind == "fluid" and _given(a)]
    for adm in fluids:
        if adm.purpose is not None and adm.purpose.value is FluidPurpose.HYDRATION:
            return adm.admin_id
    for adm in fluids:
        if adm.purpose is None:
            return adm.admin_id
    return None


# --- terms: diagnoses, indications, dehydration evidence

_INTRO_GAP = re.compile(r"[ \t]+(?:[\w'/-]*[A-Za-z][\w'/-]*[ \t]+){0,2}")


class _Terms:
    def __init__(self) -> None:
        self.diagnoses: list[Diagnosis] = []
        self.indications: list[Extracted[str]] = []
        self.dehydration: list[Extracted[str]] = []


def _read_terms(note: _Note) -> _Terms:
    text = note.text
    out = _Terms()
    cues = note.cues.cues
    dehydration: list[tuple[EncounterCue, Extracted[str]]] = []
    for start, end, i in note.hits["terms"]:
        cue = cues[i]
        if cue.min_value is not None:
            numbers = _NUMBER.findall(text, start, end)
            if not numbers or float(numbers[-1]) < cue.min_value:
                continue
        sentence = note.sentence(start)
        if note.negated(start, end, sentence) or note.governed("family", start, sentence):
            continue
        uncertain = note.governed("uncertain", start, sentence)
        span: CharSpan | None = None  # made once, when a fact needs it
        roles = cue.roles
        if (
            "dehydration" in roles
            and not uncertain
            and not note.governed("history", start, sentence)
        ):
            span = CharSpan.of(text, start, end)
            dehydration.append((cue, _extracted(cue.value or "", span, cue)))
        if not uncertain and ("diagnosis" in roles or "symptom" in roles):
            section = note.section(start)
            if section not in _NO_DIAGNOSIS_SECTIONS and (
                "diagnosis" in roles or section in _SYMPTOM_DIAGNOSIS_SECTIONS
            ):
                if span is None:
                    span = CharSpan.of(text, start, end)
                out.diagnoses.append(Diagnosis(code=None, text=span.text, span=span))
        if "indication" in roles:
            intro = note.last_hit("indication_intro", start, max(sentence[0], start - 40))
            previous_end = out.indications[-1].span.end if out.indications else -1
            if (
                intro is not None
                and intro[0] >= previous_end
                and _INTRO_GAP.fullmatch(text, intro[1], start)
            ):
                phrase = CharSpan.of(text, intro[0], end)
                out.indications.append(_extracted(phrase.text, phrase, cue))
    present = {cue.value for cue, _ in dehydration if not cue.requires_any}
    out.dehydration = [
        found
        for cue, found in dehydration
        if not cue.requires_any or present.intersection(cue.requires_any)
    ]
    return out


def _extracted(value: str, span: CharSpan, cue: EncounterCue) -> Extracted[str]:
    """A value read (not derived) by ``cue`` from ``span``."""
    return _XStr(value=value, span=span, source=_rule(cue))


def _indication_labels(note: _Note) -> list[Extracted[str]]:
    text = note.text
    out: list[Extracted[str]] = []
    for hit in note.hits["reasons"]:
        cue = note.cue(hit)
        if cue.kind != "indication_label":
            continue
        start, end, _ = hit
        body = _skip_space(text, end)
        line_end = text.find("\n", body)
        limit = len(text) if line_end < 0 else line_end
        clause_end = _clause_end(text, body, limit, label=True)
        if clause_end > body:
            span = CharSpan.of(text, start, clause_end)
            out.append(_XStr(value=span.text, span=span, source=_rule(cue)))
    return out


def _codes(note: _Note) -> list[Diagnosis]:
    text = note.text
    out: list[Diagnosis] = []
    for match in _CODE.finditer(text):
        start, end = match.span()
        if _glued(text, start, end) or _UNIT_AFTER.match(text, end):
            continue
        section = note.section(start)
        if section in _NOT_CODE_SECTIONS:
            continue
        s_start, s_end = note.sentence(start)
        line_start = text.rfind("\n", 0, start) + 1
        if _VITALS_START.match(text, max(line_start, s_start)):
            continue
        excluded = note.last_hit("code_exclude", start, max(s_start, start - 16))
        if excluded is not None and _CODE_GAP.fullmatch(text, excluded[1], start):
            continue
        code = match.group()
        if _is_drug_name(code):  # "B12" is a vitamin
            continue
        if "." not in code:
            if len(code) > 4:
                continue
            in_context = section in _DIAGNOSIS_CONTEXT_SECTIONS or note.any_hit(
                "dx_context", s_start, s_end
            )
            if not in_context or _DOSE_AFTER.match(text, end):
                continue
        out.append(Diagnosis(code=code, text=code, span=CharSpan.of(text, start, end)))
    return out


@lru_cache(maxsize=1024)
def _is_drug_name(code: str) -> bool:
    """Whether a code-shaped word is a drug lexicon name ("B12"); the lexicon is fixed."""
    return load_drug_lexicon().by_name(code) is not None


# --- statements: separate encounter / site, waste, REMS, monitoring


def _read_statements(note: _Note) -> dict[str, list[Extracted[str]]]:
    text = note.text
    out: dict[str, list[Extracted[str]]] = {
        "separate_encounter": [],
        "separate_site": [],
        "waste": [],
        "rems": [],
        "monitoring": [],
    }
    seen_sentences: set[tuple[str, int]] = set()
    for hit in note.hits["statements"]:
        cue = note.cue(hit)
        start, end, _ = hit
        kind = cue.kind
        if kind == "weight_label":
            continue
        if kind == "waste":
            value = cue.value or "waste"
            if value == "waste":
                amount = _AMOUNT.search(text, start, end)
                if amount is not None:
                    number = float(amount.group("n"))
                    unit = _UNITS.get(amount.group("u").lower(), amount.group("u").lower())
                    value = "zero_waste" if number == 0 else f"waste:{number:g} {unit}"
            out["waste"].append(
                _XStr(value=value, span=CharSpan.of(text, start, end), source=_rule(cue))
            )
            continue
        if note.negated(start, end):
            continue
        if kind == "monitoring":
            out["monitoring"].append(_monitoring(text, start, end, cue))
            continue
        span = note.sentence_span(start)
        key = (kind, span.start)
        if key in seen_sentences:
            continue
        seen_sentences.add(key)
        out[kind].append(_XStr(value=cue.value or kind, span=span, source=_rule(cue)))
    return out


def _monitoring(text: str, start: int, end: int, cue: EncounterCue) -> Extracted[str]:
    """A monitoring statement with its length: ``"<minutes> min"`` or ``"unspecified"``.

    A period written as a clock range ("Monitored 13:10-15:15") gives a computed length,
    marked derived.
    """
    span = CharSpan.of(text, start, end)
    if cue.value == "clock_range":
        clock = _CLOCK_RANGE.search(text, start, end)
        first = parse_clock(clock.group("a")) if clock is not None else None
        last = parse_clock(clock.group("b")) if clock is not None else None
        if first is not None and last is not None:
            minutes = (last - first) % 1440
            source = f"derived:clock_range({_rule(cue)})"
            return _XStr(value=f"{minutes} min", span=span, source=source, derived=True)
        return _XStr(value="unspecified", span=span, source=_rule(cue))
    duration = _DURATION.search(text, start, end)
    value = "unspecified"
    if duration is not None:
        minutes = float(duration.group("n"))
        if duration.group("u").lower().startswith("h"):
            minutes = minutes * 60 + float(duration.group("n2") or 0)
        value = f"{minutes:g} min"
    return _XStr(value=value, span=span, source=_rule(cue))


def _best_monitoring(items: list[Extracted[str]]) -> Extracted[str] | None:
    def minutes(item: Extracted[str]) -> float:
        return float(item.value.split()[0]) if item.value != "unspecified" else -1.0

    best: Extracted[str] | None = None
    for item in items:
        if best is None or minutes(item) > minutes(best):
            best = item
    return best


# --- weight


def _weight(note: _Note) -> Extracted[float] | None:
    text = note.text
    for hit in note.hits["statements"]:
        cue = note.cue(hit)
        if cue.kind != "weight_label":
            continue
        start, end, _ = hit
        if _NOT_ACTUAL_WEIGHT.search(text, max(0, start - 12), start):
            continue
        value = _WEIGHT_VALUE.match(text, end)
        if value is None:
            continue
        number = float(value.group("v"))
        if value.group("u").lower().startswith("k"):
            kg, span_end, derived, source = number, value.end(), False, _rule(cue)
        else:
            in_kg = _KG_IN_PARENS.match(text, value.end())
            if in_kg is not None:
                kg, span_end, derived, source = (
                    float(in_kg.group("v")),
                    in_kg.end(),
                    False,
                    _rule(cue),
                )
            else:
                kg, span_end, derived = round(number * _LB_TO_KG, 2), value.end(), True
                source = f"derived:lb_to_kg({_rule(cue)})"
        if not 2 <= kg <= 400:
            continue
        return _XFloat(
            value=kg, span=CharSpan.of(text, start, span_end), source=source, derived=derived
        )
    return None
