"""The project's section rules: which header starts which kind of section in a clinical note.

The rules live in ``extraction/rules/sections.json`` (ids ``SEC-NNN``, a literal header, a
category, optionally a regular expression, a terminator and a scope). medspaCy's default rules
are ~140 literal headers and miss "ASSESSMENT AND PLAN:"; drugs in the plan then land in the
previous section. These rules cover the headers of office, infusion-centre, ketamine and
esketamine, psychiatry, urgent-care and ED templates.

A header matches only at the start of a line (after indentation and an optional ``**`` or
``#`` decoration), so "plan" inside a sentence is never a header, and it must be followed by a
colon or stand alone on its line (``terminator="colon_or_eol"``, the default). SOAP letters
("S:", "O:", "A:", "P:") are capitals with a colon and never followed by a number ("P: 88" is a
pulse). Allergy statements that are their own header ("NKDA") have ``scope="line"``: their
section is that line only, so a drug on the next line never lands in "allergies". List-like
sections (allergies, home medications, history, ROS, vitals, labs, exam, diagnoses, chief
complaint, reason for visit, consent) have ``scope="inline"``: written inline ("Meds:
sertraline, bupropion") they end with their line, so an administration documented on the next
line without a header of its own does not inherit "medications" or "allergies"; written as a
block (header alone on its line) they run to the next header.

Two views of the same rules:

* :func:`find_headers` / :func:`find_sections`: pure functions on the text (no spaCy), one
  compiled regular expression.
* :func:`load_section_rules`: ``medspacy.section_detection.SectionRule`` objects for medspaCy's
  Sectionizer. For speed they are compiled per category into two regular-expression rules (a
  header at the start of the text, a header after a newline) instead of ~300 separate ones;
  ``rule.metadata["rule_ids"]`` lists the JSON rules each one carries. The newline variant's
  match (and so the section title span) begins with the newline token before the header.
  One-line sections (``scope="line"``, and ``"inline"`` headers with text after them) match
  their whole line and get ``max_scope=0``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args

from medspacy.section_detection import SectionRule
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from extraction.errors import DuplicateRuleIdError, RuleFileError, RulePatternError
from extraction.rulefiles import RULES_DIR

__all__ = [
    "SECTION_CATEGORIES",
    "SectionCategory",
    "SectionHeader",
    "SectionRuleSpec",
    "SectionRulesFile",
    "find_headers",
    "find_sections",
    "load_section_rules",
    "load_section_specs",
    "section_at",
]

SECTIONS_FILE = RULES_DIR / "sections.json"
SCHEMA_NAME = "infusion_coder.section_rules"

SectionCategory = Literal[
    "hpi",
    "chief_complaint",
    "reason_for_visit",
    "assessment_and_plan",
    "assessment",
    "plan",
    "medications",
    "mar",
    "procedure",
    "orders",
    "allergies",
    "past_history",
    "social_history",
    "family_history",
    "vitals",
    "labs",
    "physical_exam",
    "review_of_systems",
    "diagnoses",
    "nursing_notes",
    "discharge",
    "monitoring",
    "consent",
]
SECTION_CATEGORIES: tuple[str, ...] = get_args(SectionCategory)

_STRICT = ConfigDict(frozen=True, extra="forbid")
_ID_RE = re.compile(r"^SEC-\d{3}$")
_DECORATION = r"(?:\*\*|#{1,3}[ \t]*)?"
# What a medspaCy rule appends after the header for each scope variant: one-line sections
# swallow their line (the header span is then the whole section, with ``max_scope=0``).
_VARIANT_TAIL = {
    "section": "",
    "line": r"[^\n]*",
    "line_with_text": r"[ \t]*[^\s][^\n]*",
    "section_alone": r"(?=[ \t]*(?:\r?\n|\Z))",
}
_TERMINATORS = {
    # "Plan:", "**Plan:**"
    "colon": r"[ \t]*(?:\*\*)?[ \t]*:(?:\*\*)?",
    # "Plan:" or "PLAN" alone on its line
    "colon_or_eol": r"(?:[ \t]*(?:\*\*)?[ \t]*:(?:\*\*)?|(?:\*\*)?(?=[ \t]*(?:\r?\n|\Z)))",
    # "NKDA" followed by anything
    "word": r"\b",
}


class SectionRuleSpec(BaseModel):
    """One header rule as written in ``sections.json``.

    Attributes:
        id: ``SEC-NNN``, unique and never reused.
        literal: The header as written in notes, without its colon ("Assessment and Plan").
        category: The project's section category.
        pattern: A regular expression for the header words, used instead of the literal (no
            anchors: the start-of-line anchor and the terminator are added by the loader).
        terminator: What must follow the header words: ``"colon"``, ``"colon_or_eol"`` (a colon,
            or nothing else on the line) or ``"word"`` (a word boundary).
        scope: ``"section"`` (until the next header), ``"line"`` (the header's line only) or
            ``"inline"`` (the header's line only when text follows the header on that line,
            as in "Meds: sertraline 100 mg"; otherwise until the next header).
        case_sensitive: Match the case as written (SOAP letters).
        source: Where the header comes from.
    """

    model_config = _STRICT

    id: str
    literal: str = Field(min_length=1)
    category: SectionCategory
    pattern: str | None = None
    terminator: Literal["colon", "colon_or_eol", "word"] = "colon_or_eol"
    scope: Literal["section", "line", "inline"] = "section"
    case_sensitive: bool = False
    source: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"malformed id {value!r} (expected SEC-NNN)")
        return value

    @field_validator("literal")
    @classmethod
    def _literal_clean(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError(f"literal {value!r} has outer whitespace")
        return value

    def header_regex(self) -> str:
        """The regular expression of this header (words and terminator, no line anchor)."""
        core = self.pattern if self.pattern is not None else _literal_regex(self.literal)
        if self.case_sensitive:
            core = f"(?-i:{core})"
        return f"(?:{core}){_TERMINATORS[self.terminator]}"


class SectionRulesFile(BaseModel):
    """The whole ``sections.json`` file."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    schema_name: Literal["infusion_coder.section_rules"] = Field(alias="schema")
    schema_version: Literal[1]
    source: str = Field(min_length=1)
    rules: tuple[SectionRuleSpec, ...] = Field(min_length=1)


class SectionHeader(NamedTuple):
    """A header found in a note, with the body it governs (half-open offsets)."""

    category: str
    rule_id: str
    start: int  # header text (decoration, words, colon), no indentation
    end: int
    body_start: int  # first non-blank character after the header
    body_end: int  # last non-blank character of the body, exclusive


def _literal_regex(literal: str) -> str:
    """Turn a literal header into a regex tolerant of spacing, slashes, hyphens and apostrophes."""
    parts: list[str] = []
    pending_space = False
    for ch in literal.removesuffix(":"):
        if ch.isspace():
            pending_space = True
            continue
        if ch in "/&":
            parts.append(rf"[ \t]*{re.escape(ch)}[ \t]*")
            pending_space = False
            continue
        if pending_space:
            parts.append(r"[ \t]+")
            pending_space = False
        if ch == "-":
            parts.append(r"[-– ]?")
        elif ch in "'’":
            parts.append(r"['’]?")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _fail(path: Path, raw: Any, exc: ValidationError) -> RuleFileError:
    """A RuleFileError naming the file, the rule index, its id and the field."""
    first = exc.errors()[0]
    loc = list(first["loc"])
    where = "header"
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        index = loc[1]
        rule_id = "?"
        rules = raw.get("rules") if isinstance(raw, dict) else None
        if isinstance(rules, list) and index < len(rules) and isinstance(rules[index], dict):
            rule_id = str(rules[index].get("id", "?"))
        field = ".".join(str(part) for part in loc[2:]) or "<rule>"
        where = f"rules[{index}] (id={rule_id}): field {field!r}"
    elif loc:
        where = f"header field {'.'.join(str(part) for part in loc)!r}"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return RuleFileError(path, f"{where}: {first['msg']}{more}")


def load_section_specs(path: Path | str | None = None) -> tuple[SectionRuleSpec, ...]:
    """Load and validate the section rules.

    Args:
        path: A sections JSON file; ``None`` reads ``extraction/rules/sections.json`` (cached).

    Returns:
        The rules in file order.

    Raises:
        RuleFileError: missing file, invalid JSON, or a rule that does not match the schema
            (the message names the file, the rule index, its id and the field), or one
            header literal listed twice.
        DuplicateRuleIdError: two rules share an id.
        RulePatternError: a header pattern does not compile.
    """
    return _load_specs(Path(path) if path is not None else SECTIONS_FILE)


@cache
def _load_specs(path: Path) -> tuple[SectionRuleSpec, ...]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleFileError(path, "file not found") from exc
    except json.JSONDecodeError as exc:
        raise RuleFileError(path, f"not valid JSON: {exc}") from exc
    try:
        parsed = SectionRulesFile.model_validate(raw)
    except ValidationError as exc:
        raise _fail(path, raw, exc) from exc
    seen_ids: set[str] = set()
    seen_literals: dict[str, str] = {}
    for spec in parsed.rules:
        if spec.id in seen_ids:
            raise DuplicateRuleIdError(path, spec.id)
        seen_ids.add(spec.id)
        key = " ".join(spec.literal.casefold().split())
        if key in seen_literals and not spec.case_sensitive:
            raise RuleFileError(
                path, f"rule {spec.id}: literal {spec.literal!r} repeats rule {seen_literals[key]}"
            )
        seen_literals[key] = spec.id
        try:
            re.compile(spec.header_regex(), re.IGNORECASE)
        except re.error as exc:
            raise RulePatternError(path, spec.id, str(exc)) from exc
    return parsed.rules


class _Finder:
    """The compiled header regexes of one rule file, bucketed by the header's first letter.

    One alternation of ~300 headers tried at every line start costs milliseconds per note;
    bucketing by first letter makes each line try a dozen headers at most.
    """

    _LINE = re.compile(r"(?m)^[ \t]*(?P<h>)(?:\*\*|#{1,3}[ \t]*)?(?=(\w))")

    def __init__(self, specs: tuple[SectionRuleSpec, ...]) -> None:
        buckets: dict[str, list[int]] = {}
        wildcard: list[int] = []
        for i, spec in enumerate(specs):
            first = (spec.pattern if spec.pattern is not None else spec.literal)[0]
            if first.isalnum():
                buckets.setdefault(first.casefold(), []).append(i)
            else:
                wildcard.append(i)
        self.specs = specs
        self.buckets: dict[str, re.Pattern[str]] = {
            key: self._compile(specs, members + wildcard) for key, members in buckets.items()
        }
        self.wildcard = self._compile(specs, wildcard) if wildcard else None

    @staticmethod
    def _compile(specs: tuple[SectionRuleSpec, ...], members: list[int]) -> re.Pattern[str]:
        ordered = sorted(members, key=lambda i: (-len(specs[i].literal), specs[i].id))
        alternatives = "|".join(f"(?P<r{i}>{specs[i].header_regex()})" for i in ordered)
        return re.compile(f"(?:{alternatives})", re.IGNORECASE)

    def finditer(self, text: str) -> list[tuple[int, int, int, SectionRuleSpec]]:
        """``(line_start, header_start, header_end, spec)`` of every header, in text order."""
        out: list[tuple[int, int, int, SectionRuleSpec]] = []
        for line in self._LINE.finditer(text):
            regex = self.buckets.get(line.group(2).casefold(), self.wildcard)
            if regex is None:
                continue
            match = regex.match(text, line.end())
            if match is None:
                continue
            spec = self.specs[int(match.lastgroup[1:])]  # type: ignore[index]
            out.append((line.start(), line.start("h"), match.end(), spec))
        return out


@cache
def _finder(path: Path) -> _Finder:
    return _Finder(_load_specs(path))


def _skip_ws(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def _back_ws(text: str, pos: int, floor: int) -> int:
    while pos > floor and text[pos - 1].isspace():
        pos -= 1
    return pos


def find_headers(text: str, path: Path | str | None = None) -> list[SectionHeader]:
    """Every section header in ``text`` with the body it governs.

    A body runs from the first non-blank character after the header to the last non-blank
    character before the next header (line-scoped headers: before the end of their line).
    An empty body has ``body_start == body_end``.

    Args:
        text: The note text (offsets refer to it).
        path: Another rules file (tests); default ``extraction/rules/sections.json``.

    Returns:
        The headers in text order.

    Examples:
        >>> t = "HPI: here for ketamine.\\nASSESSMENT AND PLAN:\\nTRD, continue series."
        >>> [(h.category, t[h.start:h.end]) for h in find_headers(t)]
        [('hpi', 'HPI:'), ('assessment_and_plan', 'ASSESSMENT AND PLAN:')]
    """
    finder = _finder(Path(path) if path is not None else SECTIONS_FILE)
    found = finder.finditer(text)
    out: list[SectionHeader] = []
    for k, (_, start, end, spec) in enumerate(found):
        limit = found[k + 1][0] if k + 1 < len(found) else len(text)
        if spec.scope != "section":
            newline = text.find("\n", end, limit)
            line_end = newline if newline >= 0 else limit
            if spec.scope == "line" or text[end:line_end].strip():
                limit = line_end
        body_start = _skip_ws(text, end, limit)
        body_end = max(body_start, _back_ws(text, limit, body_start))
        out.append(SectionHeader(spec.category, spec.id, start, end, body_start, body_end))
    return out


def find_sections(text: str) -> list[tuple[str, int, int]]:
    """The sections of ``text`` as ``(category, body_start, body_end)``, without spaCy.

    Text before the first header, and after a line-scoped header's line, belongs to no
    section and is not listed; headers with an empty body are not listed either.

    Args:
        text: The note text.

    Returns:
        ``(category, start, end)`` of each non-empty section body, in text order.
    """
    return [
        (h.category, h.body_start, h.body_end)
        for h in find_headers(text)
        if h.body_end > h.body_start
    ]


def section_at(headers: list[SectionHeader], pos: int) -> SectionHeader | None:
    """The header whose section contains character ``pos`` (header or body), if any.

    Args:
        headers: The output of :func:`find_headers` for the same text.
        pos: A character offset.

    Returns:
        The governing header, or None when ``pos`` is outside every section.
    """
    starts = [h.start for h in headers]
    k = bisect_right(starts, pos) - 1
    if k < 0:
        return None
    header = headers[k]
    if pos >= _section_end(headers, k):
        return None
    return header


def _section_end(headers: list[SectionHeader], k: int) -> int:
    header = headers[k]
    return header.body_end if header.body_end > header.end else header.end


def load_section_rules(path: Path | str | None = None) -> list[SectionRule]:
    """The section rules as medspaCy ``SectionRule`` objects for the Sectionizer.

    Use them with ``nlp.add_pipe("medspacy_sectionizer", config={"rules": None})`` and
    ``sectionizer.add(load_section_rules())``. Every rule is a regular expression anchored at
    the start of the text or after a newline, so the Sectionizer needs no
    ``require_start_line`` setting.

    Args:
        path: Another rules file (tests); default ``extraction/rules/sections.json``.

    Returns:
        Two rules per (category, scope): start-of-text and after-newline variants, each with
        ``metadata = {"rule_ids": [...], "anchor": ..., "scope": ...}``.
    """
    specs = load_section_specs(path)
    groups: dict[tuple[str, str], list[SectionRuleSpec]] = {}
    for spec in specs:
        if spec.scope == "inline":
            groups.setdefault((spec.category, "line_with_text"), []).append(spec)
            groups.setdefault((spec.category, "section_alone"), []).append(spec)
        else:
            groups.setdefault((spec.category, spec.scope), []).append(spec)
    rules: list[SectionRule] = []
    for (category, variant), members in groups.items():
        members = sorted(members, key=lambda s: (-len(s.literal), s.id))
        body = "(?:" + "|".join(s.header_regex() for s in members) + ")"
        body += _VARIANT_TAIL[variant]
        ids = [s.id for s in members]
        # A lookahead on the possible first letters lets most lines fail at once.
        firsts = sorted(
            {(s.pattern if s.pattern is not None else s.literal)[0].casefold() for s in members}
        )
        lookahead = ""
        if all(first.isalnum() for first in firsts):
            lookahead = r"(?=[ \t*#]*[" + "".join(firsts) + "])"
        one_line = variant in ("line", "line_with_text")
        for anchor, prefix in (("text_start", r"\A"), ("line_start", r"\n")):
            rules.append(
                SectionRule(
                    literal=f"{category} headers ({variant}) at {anchor.replace('_', ' ')}",
                    category=category,
                    pattern=prefix + lookahead + r"[ \t]*" + _DECORATION + body,
                    max_scope=0 if one_line else None,
                    metadata={"rule_ids": ids, "anchor": anchor, "scope": variant},
                )
            )
    return rules
