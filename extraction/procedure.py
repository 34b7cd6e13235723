"""Administrations that are part of another procedure (coding-policy §4.1).

Anesthesia or sedation during a procedure, pre-operative antibiotics in the operating room,
contrast for imaging and local anaesthetic injections are never coded. This module finds the
cue that makes an administration part of a procedure: wording in its own sentence or line
("0811 lidocaine 40 mg IV push at induction", "Contrast: Omnipaque 350"), the header of the
block it is listed under ("Intra-procedure medications (anesthesia record):"), or a contrast
agent from the lexicon. The cue's span is recorded on
:attr:`extraction.models.Administration.integral_to_procedure`; the validators drop those
administrations. Rules: ``extraction/rules/procedure.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from extraction.rulefiles import RuleBase, RuleFileModel, compile_pattern, load_file

PROCEDURE_FILE = "procedure.json"
_HEADER_LINES = 15  # how far up a list block a header is looked for


class ProcedureCue(RuleBase):
    """A wording that makes a drug part of a procedure."""

    scope: Literal["line", "header"]
    pattern: str


class ContrastRule(RuleBase):
    """Lexicon drug classes that are contrast agents (always given for imaging)."""

    classes: tuple[str, ...]


class ProcedureRulesFile(RuleFileModel):
    """``extraction/rules/procedure.json``."""

    cues: tuple[ProcedureCue, ...]
    contrast_classes: ContrastRule


@dataclass(frozen=True, slots=True)
class ProcedureRules:
    """Compiled procedure cues."""

    line: tuple[tuple[str, re.Pattern[str]], ...]
    header: tuple[tuple[str, re.Pattern[str]], ...]
    contrast_id: str
    contrast_classes: frozenset[str]


@cache
def load_procedure_rules() -> ProcedureRules:
    """Load and compile ``procedure.json`` (fails loudly on a broken file)."""
    parsed = load_file(PROCEDURE_FILE, ProcedureRulesFile)
    line: list[tuple[str, re.Pattern[str]]] = []
    header: list[tuple[str, re.Pattern[str]]] = []
    for cue in parsed.cues:
        pattern = compile_pattern(PROCEDURE_FILE, cue.id, cue.pattern, re.IGNORECASE)
        (line if cue.scope == "line" else header).append((cue.id, pattern))
    return ProcedureRules(
        line=tuple(line),
        header=tuple(header),
        contrast_id=parsed.contrast_classes.id,
        contrast_classes=frozenset(c.lower() for c in parsed.contrast_classes.classes),
    )


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    return ls, (le if le >= 0 else len(text))


def _search(
    rules: tuple[tuple[str, re.Pattern[str]], ...], text: str, lo: int, hi: int
) -> tuple[str, int, int] | None:
    for rule_id, pattern in rules:
        m = pattern.search(text, lo, hi)
        if m is not None and m.end() > m.start():
            return rule_id, m.start(), m.end()
    return None


def _block_header(text: str, line_start: int) -> tuple[int, int] | None:
    """The header line (ending with ':') of the contiguous block a line belongs to."""
    cursor = line_start
    for _ in range(_HEADER_LINES):
        if cursor <= 0:
            return None
        prev_start = text.rfind("\n", 0, cursor - 1) + 1
        line = text[prev_start : cursor - 1]
        if not line.strip():
            return None
        if line.rstrip().endswith(":"):
            return prev_start, cursor - 1
        cursor = prev_start
    return None


def procedure_cue(
    text: str,
    sentence: tuple[int, int],
    mention: tuple[int, int],
    drug_class: str | None,
) -> tuple[str, int, int] | None:
    """The cue that makes an administration part of a procedure, if any.

    Args:
        text: the note text.
        sentence: ``(start, end)`` of the administration's sentence / MAR line.
        mention: ``(start, end)`` of the drug mention.
        drug_class: the lexicon drug class, or None.

    Returns:
        ``(rule id, start, end)`` of the cue in ``text``, or None.

    >>> procedure_cue("Contrast: Omnipaque 350, 100 mL IV.", (0, 35), (10, 19), None)
    ('PROC-004', 0, 9)
    >>> procedure_cue("Ondansetron 4 mg IV push for nausea.", (0, 36), (0, 11), None) is None
    True
    """
    rules = load_procedure_rules()
    ls, le = _line_bounds(text, mention[0])
    # the sentence, cut to the mention's line (a MAR row is its own context)
    hit = _search(rules.line, text, max(sentence[0], ls), min(sentence[1], le))
    if hit is not None:
        return hit
    header = _block_header(text, ls)
    if header is not None:
        hit = _search(rules.header + rules.line, text, *header)
        if hit is not None:
            return hit
    hit = _search(rules.header, text, ls, le)
    if hit is not None:
        return hit
    if drug_class is not None and drug_class.lower() in rules.contrast_classes:
        return rules.contrast_id, mention[0], mention[1]
    return None
