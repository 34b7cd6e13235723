"""Clinical clock times: find them in note text and normalise them to a minute of the day.

dateparser is never used here: on clinical text it reads "1405" as a year, "1015-1100" as a UTC
offset and "pain 8/10" as the 10th of August (see the engineering notes). Instead compiled regular
expressions find candidates (``0932``, ``09:32``, ``9:32 AM``, ``9:32a``, ``9.32``, ``1530 hrs``,
``@1015``, ``2400``, ``noon``, ``midnight``) and the cue vocabulary in ``rules/times.json`` decides

* whether an ambiguous candidate (a bare 4-digit number, ``9.32``, ``930``) is a time at all — it
  needs time context: a cue before it ("at", "@", "started", "Stop Time:"), a ``hrs`` suffix, a
  range partner ("0930-1015"), the start of a MAR/flowsheet line, or a table column headed "Time";
* which role it plays: ``start``, ``stop``, ``point`` (a single push time), ``hold``/``resume``
  (interruptions) or ``None`` (a time with no cue that says what happened at it).

Amounts, vitals, lab values and identifiers ("1500 mL", "BP 128/82", "Glucose 1234", "x1000")
never become times. Offsets are always into the text passed in; the text is never altered.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from extraction.rulefiles import RuleBase, RuleFileModel, compile_pattern, load_file

TIMES_FILE = "times.json"

ROLES = ("start", "stop", "point", "hold", "resume", "change", "none")


class TimeCueRule(RuleBase):
    """A cue word that gives a following (``cues``) or line-initial (``line_cues``) time a role."""

    role: str
    pattern: str


class NotTimeRule(RuleBase):
    """Context that makes a candidate number something other than a time."""

    where: str  # "before" | "after"
    pattern: str


class PatternRule(RuleBase):
    """A pattern that, found earlier on the line, makes a line-final number a time."""

    pattern: str


class TimeRulesFile(RuleFileModel):
    """Schema of ``rules/times.json``."""

    cues: tuple[TimeCueRule, ...]
    line_cues: tuple[TimeCueRule, ...]
    not_times: tuple[NotTimeRule, ...]
    line_final_cues: tuple[PatternRule, ...]


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A clock time found in a text.

    Attributes:
        start: offset of the first character of the time expression in the text searched.
        end: offset one past its last character (half-open).
        minute_of_day: normalised time, 0..1439 ("2400" and "midnight" are 0).
        role: what the context says happened at this time: "start", "stop", "point", "hold",
            "resume", "change" (a rate change), or None when nothing says.
        cue: id of the rule that gave the role or accepted the candidate (provenance).
        range_id: candidates that form one range ("0930-1015") share this number; else None.
    """

    start: int
    end: int
    minute_of_day: int
    role: str | None
    cue: str | None = None
    range_id: int | None = None


_TOKEN_RE = re.compile(
    r"""
    (?<![\w./:,\\])
    (?:
        (?P<ch>[01]?\d|2[0-4]):(?P<cm>[0-5]\d)(?::[0-5]\d)?
      | (?P<dh>[01]?\d|2[0-3])\.(?P<dm>[0-5]\d)
      | (?P<four>(?:[01]\d|2[0-3])[0-5]\d(?!-\d{1,2}-)|2400)
      | (?P<three>[1-9][0-5]\d)
      | (?P<hour>1[0-2]|0?[1-9])(?=\s?[ap]\.?m\b|\s?[ap]\.m\.|[ap](?![\w]))
      | (?P<word>noon|midnight)
    )
    (?P<ampm>\s?(?:a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?![\w])|[ap](?![\w]))?
    (?P<hrs>\s?(?:hrs|hr|hours|h)(?![\w])\.?)?
    (?![\w]|[.:/,]\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Whole-string form for parse_clock: the same token, optionally after "@" or "at".
_JOINER_RE = re.compile(r"\s*(?:-{1,2}>?|–|—|>|to|until|till|til|thru|through|and)\s*\Z", re.I)
_UNTIL_RE = re.compile(r"\b(?:until|till|through)\b", re.I)
_BETWEEN_RE = re.compile(r"\bbetween\s*\Z", re.I)
_LINE_PREFIX_RE = re.compile(
    r"\A[ \t]*(?:[-*•>|]\s*)?(?:(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2})[ \t,|]*)?"
    r"(?:\|\s*)?\Z"
)
_CONNECT_RE = r"[\s:=#\-]*(?:(?:at|@|around|approx\.?|~|about|of|on|time|time:)[\s:=]*)*"


@dataclass(frozen=True, slots=True)
class _Rules:
    cue_re: re.Pattern[str]
    cue_ids: dict[str, tuple[str, str]]  # group name -> (rule id, role)
    line_re: re.Pattern[str]
    line_ids: dict[str, tuple[str, str]]
    not_after: re.Pattern[str]
    not_before: re.Pattern[str]
    final_re: re.Pattern[str]


@cache
def _rules() -> _Rules:
    parsed = load_file(TIMES_FILE, TimeRulesFile)
    for rule in (*parsed.cues, *parsed.line_cues):
        if rule.role not in ROLES:
            raise ValueError(f"{TIMES_FILE}: rule {rule.id}: unknown role {rule.role!r}")
        compile_pattern(TIMES_FILE, rule.id, rule.pattern, re.I)
    cue_ids: dict[str, tuple[str, str]] = {}
    alts: list[str] = []
    for i, rule in enumerate(parsed.cues):
        name = f"c{i}"
        cue_ids[name] = (rule.id, rule.role)
        alts.append(f"(?P<{name}>{rule.pattern})")
    # A cue immediately before the time, separated only by connectors ("started at", "Time:").
    cue_re = compile_pattern(
        TIMES_FILE,
        "cues",
        r"(?:(?<![\w])|(?<=@))(?:" + "|".join(alts) + r")" + _CONNECT_RE + r"\Z",
        re.I,
    )
    line_ids: dict[str, tuple[str, str]] = {}
    line_alts: list[str] = []
    for i, rule in enumerate(parsed.line_cues):
        name = f"l{i}"
        line_ids[name] = (rule.id, rule.role)
        line_alts.append(f"(?P<{name}>{rule.pattern})")
    line_re = compile_pattern(
        TIMES_FILE, "line_cues", r"(?<![\w])(?:" + "|".join(line_alts) + r")(?![\w])", re.I
    )
    after = [r.pattern for r in parsed.not_times if r.where == "after"]
    before = [r.pattern for r in parsed.not_times if r.where == "before"]
    for rule in parsed.not_times:
        if rule.where not in ("before", "after"):
            raise ValueError(f"{TIMES_FILE}: rule {rule.id}: 'where' must be before/after")
        compile_pattern(TIMES_FILE, rule.id, rule.pattern, re.I)
    not_after = compile_pattern(TIMES_FILE, "not_after", r"\s?(?:" + "|".join(after) + ")", re.I)
    not_before = compile_pattern(
        TIMES_FILE, "not_before", r"(?<![\w/])(?:" + "|".join(before) + r")\Z", re.I
    )
    for rule in parsed.line_final_cues:
        compile_pattern(TIMES_FILE, rule.id, rule.pattern, re.I)
    final_re = compile_pattern(
        TIMES_FILE,
        "line_final_cues",
        r"(?:" + "|".join(f"(?:{r.pattern})" for r in parsed.line_final_cues) + r")[^\n]{0,40}\Z",
        re.I,
    )
    return _Rules(cue_re, cue_ids, line_re, line_ids, not_after, not_before, final_re)


def _minute(m: re.Match[str]) -> tuple[int, str] | None:
    """(minute of day, form) of a token match, or None when the values are not a clock time."""
    ampm = (m.group("ampm") or "").strip().lower()[:1]
    if m.group("word"):
        return (720 if m.group("word").lower() == "noon" else 0), "word"
    if m.group("ch") is not None:
        hour, minute, form = int(m.group("ch")), int(m.group("cm")), "colon"
    elif m.group("dh") is not None:
        hour, minute, form = int(m.group("dh")), int(m.group("dm")), "dot"
    elif m.group("four") is not None:
        raw = m.group("four")
        hour, minute, form = int(raw[:2]), int(raw[2:]), "four"
    elif m.group("three") is not None:
        raw = m.group("three")
        hour, minute, form = int(raw[0]), int(raw[1:]), "three"
    else:
        hour, minute, form = int(m.group("hour")), 0, "hour"
    if hour == 24:
        if minute != 0 or ampm:
            return None
        return 0, form
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    return hour * 60 + minute, form


def parse_clock(s: str) -> int | None:
    """Parse a whole string as a clock time.

    The caller asserts that ``s`` is a time (a "Start Time" field, a time column), so a bare
    4-digit number is accepted here; anything that is not entirely one time returns None.

    Args:
        s: e.g. "0932", "09:32", "9:32 AM", "9:32a", "9.32", "1530 hrs", "@1015", "2400", "noon".

    Returns:
        Minute of the day (0..1439), or None.

    >>> parse_clock("9:32 PM"), parse_clock("2400"), parse_clock("Glucose 1234")
    (1292, 0, None)
    """
    core = s.strip()
    if core.startswith("@"):
        core = core[1:].lstrip()
    elif core[:3].lower() == "at ":
        core = core[3:].lstrip()
    m = _TOKEN_RE.fullmatch(core)
    if m is None:
        return None
    got = _minute(m)
    return None if got is None else got[0]


def _line_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    ls = text.rfind("\n", lo, pos) + 1
    if ls < lo:
        ls = lo
    le = text.find("\n", pos, hi)
    if le < 0:
        le = hi
    return ls, le


_SEPARATOR_ROW = re.compile(r"[\s|:+-]+")


def _table_column_role(text: str, line_start: int, pos: int, lo: int) -> str | None:
    """Role of a pipe-table cell from its column header ("Start", "Stop", "Time"), if any.

    The header is the row above the ``|---|`` separator, or the table's first row.
    """
    line_end = text.find("\n", pos)
    row = text[line_start : line_end if line_end >= 0 else len(text)]
    if row.count("|") < 2:
        return None
    col = text.count("|", line_start, pos)
    header: str | None = None
    cursor = line_start - 1
    for _ in range(60):
        if cursor < lo:
            break
        prev_start = text.rfind("\n", lo, cursor) + 1
        line = text[prev_start:cursor]
        cursor = prev_start - 1
        if "|" not in line:
            break
        if _SEPARATOR_ROW.fullmatch(line):
            above_end = prev_start - 1
            above_start = text.rfind("\n", lo, above_end) + 1 if above_end > lo else lo
            header = text[above_start:above_end] if above_end > lo else None
            break
        header = line
    if header is None:
        return None
    cells = header.split("|")
    if col >= len(cells):
        return None
    cell = cells[col].strip().lower()
    if re.search(r"\b(start|begin|on)\b", cell):
        return "start"
    if re.search(r"\b(stop|end|off|complete[d]?)\b", cell):
        return "stop"
    if "time" in cell:
        return "none"
    return None


def find_times(text: str, start: int = 0, end: int | None = None) -> list[TimeMention]:
    """Find the clock times in ``text[start:end]``.

    Args:
        text: the note text (offsets returned are into this string).
        start: where to start looking.
        end: where to stop looking (default: end of text).

    Returns:
        Time mentions in text order. A candidate without time context is not returned.

    >>> [(t.minute_of_day, t.role) for t in find_times("Ketamine started 0930, stopped 1012.")]
    [(570, 'start'), (612, 'stop')]
    >>> find_times("Glucose 1234, NS 1500 mL, BP 128/82, pain 8/10")
    []
    """
    hi = len(text) if end is None else end
    rules = _rules()
    raw: list[tuple[re.Match[str], int, str]] = []
    for m in _TOKEN_RE.finditer(text, start, hi):
        got = _minute(m)
        if got is None:
            continue
        minute, form = got
        if rules.not_after.match(text, m.end(), min(hi, m.end() + 12)):
            continue
        raw.append((m, minute, form))
    cands: list[_Candidate] = []
    for m, minute, form in raw:
        s, e = m.span()
        ls, le = _line_bounds(text, s, start, hi)
        left_lo = max(ls, s - 60)
        left = text[left_lo:s]
        if rules.not_before.search(left):
            continue
        explicit = bool(m.group("ampm")) or bool(m.group("hrs")) or form in ("colon", "word")
        role: str | None = None
        cue: str | None = None
        cm = rules.cue_re.search(left)
        if cm is not None:
            cue, role = rules.cue_ids[cm.lastgroup or ""]
        immediate = cm is not None
        line_initial = form in ("four", "colon") and _LINE_PREFIX_RE.match(left) is not None
        col_role = None
        if cm is None and "|" in left:
            col_role = _table_column_role(text, ls, s, start)
        if line_initial and cm is None:
            # MAR / flowsheet line: the action later on the line says what happened.
            best: tuple[int, str, str] | None = None
            for lm in rules.line_re.finditer(text, e, le):
                lid, lrole = rules.line_ids[lm.lastgroup or ""]
                # a hold beats the "stopped" that describes it ("pump stopped, infusion held");
                # an action beats "push"/"bolus" wording
                rank = {"hold": 0, "resume": 0, "point": 2}.get(lrole, 1)
                if best is None or rank < best[0]:
                    best = (rank, lid, lrole)
            if best is not None:
                _, cue, role = best
            else:
                cue = "line-initial"
        elif role in (None, "point", "none"):
            # A start/stop verb earlier in the same clause names what happened at this time
            # ("Started ketamine 35 mg IV at 0932").
            clause = text[max(ls, s - 80) : left_lo + cm.start() if cm is not None else s]
            cut = max(clause.rfind(ch) for ch in ".;,|")
            if cut >= 0:
                clause = clause[cut + 1 :]
            for hit in reversed(list(rules.line_re.finditer(clause))):
                hit_id, hit_role = rules.line_ids[hit.lastgroup or ""]
                if hit_role in ("start", "stop", "hold", "resume"):
                    role, cue = hit_role, hit_id
                    break
            else:
                if role is None and _UNTIL_RE.search(clause):
                    role, cue = "stop", "until-clause"  # "until discharge 11:30"
        if col_role is not None and role is None:
            role, cue = col_role, "table-column"
        line_final = False
        if not (explicit or cm is not None or line_initial or col_role) and form == "four":
            # "- ketorolac 60 mg IM R gluteal 1410": a time written last on a medication line
            if text[e:le].strip(" \t.;,)") == "" and rules.final_re.search(text, ls, s):
                line_final = True
                role, cue = role or "point", "line-final"
        context = explicit or immediate or line_initial or col_role is not None or line_final
        if form in ("three", "dot") and not (explicit or immediate):
            context = False
        # the span is the time token itself: "1530 hrs" -> "1530" (the suffix only gives context)
        shown = m.start("hrs") if m.group("hrs") else e
        cands.append(_Candidate(s, e, minute, role, cue, form, context, immediate, shown_end=shown))
    _link_ranges(text, cands)
    out: list[TimeMention] = []
    for c in cands:
        if c.range_id is None and not c.context:
            continue
        out.append(
            TimeMention(
                c.start,
                c.shown_end if c.shown_end is not None else c.end,
                c.minute,
                None if c.role == "none" else c.role,
                c.cue,
                c.range_id,
            )
        )
    return out


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    minute: int
    role: str | None
    cue: str | None
    form: str
    context: bool
    immediate: bool
    range_id: int | None = None
    shown_end: int | None = None  # end of the reported span (before a "hrs" suffix)


_STRONG_FORMS = frozenset({"four", "colon", "word", "hour"})


def _link_ranges(text: str, cands: list[_Candidate]) -> None:
    """Join candidates written as a range ("0930-1015", "from 9:30 to 10:15") and set roles."""
    next_id = 0
    for first, second in itertools.pairwise(cands):
        between = text[first.end : second.start]
        if len(between) > 12 or "\n" in between or not _JOINER_RE.match(between):
            continue
        if between.strip().lower() == "and" and not _BETWEEN_RE.search(
            text, max(0, first.start - 12), first.start
        ):
            continue
        if not (first.context or second.context) and not (
            first.form in _STRONG_FORMS and second.form in _STRONG_FORMS
        ):
            continue
        if any(c.form in ("three", "dot") and not c.context for c in (first, second)):
            continue
        if first.role == "change":
            second.role, second.cue = "change", first.cue
            continue
        if first.range_id is None:
            first.range_id = next_id
            next_id += 1
            if first.role in (None, "none", "point"):
                first.role, first.cue = "start", first.cue or "range"
            first.minute = _borrow_meridiem(text, first, second)
        second.range_id = first.range_id
        if not second.immediate or second.role in (None, "none", "point"):
            second.role = "resume" if first.role == "hold" else "stop"
            second.cue = "range"


def _borrow_meridiem(text: str, first: _Candidate, second: _Candidate) -> int:
    """ "9:30-10:15 PM": the first time takes the second's am/pm when that keeps the order."""
    m1 = _TOKEN_RE.match(text, first.start, first.end)
    m2 = _TOKEN_RE.match(text, second.start, second.end)
    if m1 is None or m2 is None or m1.group("ampm") or not m2.group("ampm"):
        return first.minute
    if m2.group("ampm").strip().lower().startswith("p") and first.minute < 720:
        candidate = first.minute + 720
        if candidate <= second.minute:
            return candidate
    return first.minute
