"""A clinical sentence splitter: lines, headers, lists, table rows and abbreviations.

Clinical notes are not prose. A newline usually ends a sentence (list items, headers, template
fields, MAR and flowsheet rows, vitals lines), but notes pasted from a word processor wrap
prose over several lines, and those lines must be joined again. Periods end sentences far less
often than in prose: "p.o.", "Dr.", "approx.", "q.i.d.", "38.5 C." do not, but "Denies SI." does
when a new sentence follows ("Denies SI. Ondansetron 4 mg IV push at 0925." is two sentences;
joined, ConText would read "Denies" as negating the ondansetron).

Decisions (each covered by ``tests/extraction/test_sentences.py``):

* **Line breaks.** A newline ends the sentence when a blank line follows; when either line is a
  table row (``|``, a tab, or columns aligned with runs of spaces); when the next line starts a
  list item, a header or template field (``"Medications:"``, ``"Start Time: 0932"``, an
  all-capitals line), a MAR/flowsheet row (a date with a year, or a clock time, at the line
  start), or a vitals line (``"BP 128/82"``); when the line ends with ``.``, ``!``, ``?`` or
  ``:``; and when the line is short. Lines are joined when the line ends with a connector (a
  comma, "and", "of", "with", "at" ...), when the next line continues in lower case after a
  line that is not short, or when the line is about as long as the note's longest lines (a
  wrapped paragraph).
* **Periods.** Inside a line, ``.``/``!``/``?`` followed by a space ends the sentence unless the
  word before it is a known abbreviation ("Dr.", "e.g.", "approx.", "pt.", "vs."), a dotted
  abbreviation ("p.o.", "q.i.d."; "a.m."/"p.m." end a sentence before a capital), a dosing
  frequency ("q15min", "q4h"), a single letter (initials, "38.5 C."), "No." before a number,
  or a list number at the start of the line ("1. Depression"). Capital-letter abbreviations
  ("SI.", "HA.", "IV.") DO end a sentence: notes use them at the end of sentences all the time.
  A ``?`` preceded by a space ("? UTI") is clinical shorthand for "possible", not an end.
* **Pipes and semicolons never split.** An EHR template row ("Ketamine | 35 mg | IV | Start
  Time: 0932 | Stop Time: 1014") and shorthand ("started 0930; stopped 1012") hold one
  administration whose attributes must stay together for linking; keeping them in one sentence
  is the lesser risk (ConText rules may still treat ``;`` as a scope terminator).

Sentences are half-open character offsets into the original text; each starts and ends on a
non-whitespace character, they do not overlap, and together they cover every non-whitespace
character of the text. Importing this module registers the spaCy component ``ic_sentences``.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["SENTENCE_SPANS_KEY", "ic_sentences", "split_sentences"]

#: ``doc.user_data`` key under which :func:`ic_sentences` leaves ``(text, spans)`` so later
#: readers of the same text (the encounter extractor) need not split it again.
SENTENCE_SPANS_KEY = "ic_sentence_spans"

# A line shorter than this (stripped) is a fragment or field, complete in itself.
_SHORT_LINE = 40
# A line at least this long (and near the note's longest) is taken as wrapped prose.
_MIN_WRAP = 50
_WRAP_FRACTION = 0.75

_LIST_ITEM = re.compile(
    r"[ \t]*(?:[-*•·◦▪‣–—>+](?!\d)|\(?\d{1,2}[.)](?=[ \t])|\(\d{1,2}\)|[A-Za-z][.)][ \t]"
    r"|#\d{1,2}[.):]?[ \t]|\[[ xX]?\])"
)
# "Medications:", "ASSESSMENT AND PLAN:", "Start Time: 0932", "A/P:" (capital first letter).
_HEADER_FIELD = re.compile(r"[ \t]*(?:\*\*|#{1,3}[ \t]*)?[A-Z][A-Za-z0-9 /&()'#.+-]{0,40}?[ \t]*:")
# An all-capitals line ("MEDICATION ADMINISTRATION RECORD", "NKDA").
_CAPS_LINE = re.compile(r"[ \t]*[A-Z][A-Z0-9 /&(),'#+-]{2,}[ \t]*\r?$")
_RULE_LINE = re.compile(r"[ \t]*[-=+_]{3,}")
_NOT_A_TIME_UNIT = (
    r"(?![\d.,]|[ \t]*(?:mL|ml|cc|L\b|mg|mcg|g\b|kg|lbs?\b|units?|u\b|%|mEq|meq|mmol|mm))"
)
_MAR_ROW = re.compile(
    r"[ \t]*(?:"
    r"\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})\b"  # 03/14/2026 ...
    r"|\d{1,2}/\d{1,2}[ \t]+@?\d{1,2}:?\d{2}\b"  # 3/14 0932
    r"|\d{4}-\d{2}-\d{2}\b"  # 2026-03-14
    r"|@?(?:[01]?\d|2[0-3]):[0-5]\d(?:[ \t]*[AaPp]\.?[Mm]?\.?)?"
    + _NOT_A_TIME_UNIT  # 09:32
    + r"|@?(?:[01]\d|2[0-3])[0-5]\d(?:[ \t]*(?:hrs?|h)\b)?"
    + _NOT_A_TIME_UNIT  # 0932
    + r")"
)
_VITALS_LINE = re.compile(
    r"[ \t]*(?:(?:VS|V/S|Vitals?|Vital[ \t]+signs)\b"
    r"|(?:BP|B/P|HR|P|RR|R|T|Temp|SpO2|SaO2|O2[ \t]*sat|Pulse|Wt|Weight|Ht|Height|Pain|GCS|BMI)"
    r"\b[ \t:=]*\d)",
    re.IGNORECASE,
)
_CONNECTOR_END = re.compile(
    r"(?:[,(/&+=@\-–]|\b(?:and|or|of|with|w/|to|at|for|in|on|via|the|a|an|then|was|were|is|are"
    r"|by|from|over|per|after|before|but|plus|x|into|than|that|which|who|while|under|due))$",
    re.IGNORECASE,
)
_CONNECTOR_TAIL = 12  # characters at the end of a line searched for a connector
_TERMINAL_CHARS = frozenset(".!?:")

# Sentence-end candidates inside a line: terminal punctuation, closing quotes/brackets, spaces.
_CANDIDATE = re.compile(r"[.!?]+[\"')\]]*[ \t]+")

# Words after which a period never ends a sentence (compared lower-cased, without the period).
_NEVER_FINAL = frozenset(
    "dr drs mr mrs ms mx prof sr st mt approx appx vs pt pts e.g eg i.e ie cf ca al".split()
)
# Words whose period ends a sentence only before a capital ("Temp. 98.6", "No. 3", "1 tab. Pt").
_FINAL_BEFORE_CAPITAL = frozenset(
    """no nos num nr temp wt ht resp vol inj tab tabs cap caps amp amps fl oz est incl
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri""".split()
)
# Dotted abbreviations that do end a sentence when a capitalised word follows.
_FINAL_DOTTED = frozenset({"a.m", "p.m"})
_DOTTED = frozenset({"a.m", "p.m"})
_DOTTED = re.compile(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}")
_FREQUENCY = re.compile(r"q\.?\d+(?:-\d+)?\.?(?:min|mins|h|hr|hrs|d|wk|wks)?", re.IGNORECASE)
_NOT_START = np.iinfo(np.uint64).max
_LEADING_PUNCT = "([{\"'"
_TRAILING_PUNCT = ")]}\"'"


def _is_table_row(line: str) -> bool:
    """A template/table row: pipes, tabs, columns aligned with 3+ spaces, or a rule line."""
    if "|" in line or "\t" in line or "   " in line.strip():
        return True
    return _RULE_LINE.match(line) is not None


def _line_joins(cur: str, nxt: str, wrap_len: int, cur_table: bool, nxt_table: bool) -> bool:
    """Whether the line break between ``cur`` and ``nxt`` (both non-blank) is inside a sentence."""
    if cur_table or nxt_table:
        return False
    if _LIST_ITEM.match(nxt) or _HEADER_FIELD.match(nxt) or _CAPS_LINE.match(nxt):
        return False
    cur_s = cur.rstrip()
    if _CONNECTOR_END.search(cur_s, max(0, len(cur_s) - _CONNECTOR_TAIL)):
        return True
    if _MAR_ROW.match(nxt) or _VITALS_LINE.match(nxt):
        return False
    if _CAPS_LINE.match(cur):
        return False
    last = cur_s.rstrip(_TRAILING_PUNCT)[-1:]
    if last in _TERMINAL_CHARS:
        if last == ":":
            return False
        word = cur_s.rsplit(None, 1)[-1]
        if not _is_abbreviation_end(word, nxt.lstrip()[:1]):
            return False
    length = len(cur_s.lstrip())
    first = nxt.lstrip()[:1]
    if first.islower() and length >= 20:
        return True
    return length >= wrap_len and length >= _SHORT_LINE


def _is_abbreviation_end(word_with_punct: str, next_char: str) -> bool:
    """Whether the period closing ``word_with_punct`` belongs to an abbreviation.

    Args:
        word_with_punct: The whitespace-delimited word including its final punctuation.
        next_char: The first character of the following text ("" at the end).

    Returns:
        True when the period does not end the sentence.
    """
    word = word_with_punct.rstrip(_TRAILING_PUNCT)
    if not word.endswith(".") or word.endswith(".."):
        return False
    word = word[:-1].lstrip(_LEADING_PUNCT)
    if not word:
        return False
    lower = word.lower()
    if lower in _NEVER_FINAL:
        return True
    if lower in _FINAL_BEFORE_CAPITAL:
        return not next_char.isupper()
    if len(word) == 1 and word.isalpha():
        return True
    if _DOTTED.fullmatch(word):
        if lower in _FINAL_DOTTED:
            return not (next_char.isupper() or next_char.isdigit())
        return True
    return bool(_FREQUENCY.fullmatch(word))


def _ends_inside_line(text: str, match: re.Match[str]) -> bool:
    """Whether a candidate ``[.!?]+ <spaces>`` inside a line ends a sentence."""
    pos = match.start()
    if pos == 0:
        return False
    before = text[pos - 1]
    if before.isspace():
        return False  # "? UTI", " . " stray punctuation
    next_char = text[match.end()] if match.end() < len(text) else ""
    if not next_char or next_char in "\r\n":
        return False  # trailing spaces: the line logic decides
    punct = match.group()
    if punct[0] in "!?":
        return True
    if punct.startswith(".."):
        return next_char.isupper() or next_char.isdigit()
    word_start = max(text.rfind(" ", 0, pos), text.rfind("\t", 0, pos), text.rfind("\n", 0, pos))
    word = text[word_start + 1 : pos]
    if word.isdigit() and len(word) <= 2:
        line_start = text.rfind("\n", 0, pos) + 1
        if not text[line_start : word_start + 1].strip():
            return False  # "1. Depression": a list number at the start of the line
    return not _is_abbreviation_end(word + punct.rstrip(" \t"), next_char)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split a clinical note into sentences.

    Args:
        text: The note text, exactly as read (offsets refer to it).

    Returns:
        Half-open ``(start, end)`` offsets in text order. Each sentence starts and ends on a
        non-whitespace character; sentences do not overlap and cover every non-whitespace
        character of ``text``.

    Examples:
        >>> t = "No nausea. Denies SI. Ondansetron 4 mg IV push at 0925."
        >>> [t[s:e] for s, e in split_sentences(t)]
        ['No nausea.', 'Denies SI.', 'Ondansetron 4 mg IV push at 0925.']
    """
    if not text:
        return []
    boundaries: list[int] = []
    # Line-level boundaries.
    lines = text.split("\n")
    if len(lines) > 1:
        starts: list[int] = []
        offset = 0
        longest = 0
        for line in lines:
            starts.append(offset)
            offset += len(line) + 1
            size = len(line.strip())
            if size > longest:
                longest = size
        wrap_len = max(_MIN_WRAP, int(longest * _WRAP_FRACTION))
        prev_i = -1
        prev_table = False
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            table = _is_table_row(line)
            if prev_i >= 0:
                joined = prev_i == i - 1 and _line_joins(
                    lines[prev_i], line, wrap_len, prev_table, table
                )
                if not joined:
                    boundaries.append(starts[prev_i] + len(lines[prev_i]))
            prev_i = i
            prev_table = table
    # Boundaries inside lines.
    for match in _CANDIDATE.finditer(text):
        if _ends_inside_line(text, match):
            boundaries.append(match.end())
    boundaries.sort()
    out: list[tuple[int, int]] = []
    prev = 0
    for cut in [*boundaries, len(text)]:
        if cut <= prev:
            continue
        piece = text[prev:cut]
        stripped_left = piece.lstrip()
        if stripped_left:
            start = prev + len(piece) - len(stripped_left)
            end = prev + len(piece.rstrip())
            out.append((start, end))
        prev = cut
    return out


@Language.component("ic_sentences", assigns=["token.is_sent_start"])
def ic_sentences(doc: Doc) -> Doc:
    """Set ``token.is_sent_start`` from :func:`split_sentences` on the document text.

    A token starts a sentence when a sentence of :func:`split_sentences` starts inside it;
    whitespace tokens between sentences stay with the sentence before them. The character
    spans are also left in ``doc.user_data[SENTENCE_SPANS_KEY]`` as ``(text, spans)``.

    Args:
        doc: The document (any tokenizer; only character offsets are used).

    Returns:
        The same document, sentence-segmented.
    """
    n_tokens = len(doc)
    if n_tokens == 0:
        return doc
    text = doc.text
    spans = split_sentences(text)
    doc.user_data[SENTENCE_SPANS_KEY] = (text, spans)
    # spaCy reads the array as uint64; -1 ("not a sentence start") wraps around.
    flags = np.full((n_tokens, 1), _NOT_START, dtype=np.uint64)
    if spans:
        token_starts = doc.to_array(IDX)
        sent_starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
        first_tokens = np.searchsorted(token_starts, sent_starts, side="right") - 1
        flags[first_tokens[first_tokens >= 0], 0] = 1
    flags[0, 0] = 1
    doc.from_array([SENT_START], flags)
    return doc
