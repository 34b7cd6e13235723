"""Gold eval files: one labelled note per JSONL line, validated on load (eval_sets/README.md).

Every record is checked with pydantic before anything runs: unknown keys inside ``gold`` are
rejected (a typo such as ``"finding"`` would otherwise score as "no findings"), top-level keys
other than the documented ones are allowed (a practice may keep its own columns), every gold span
must be a non-empty ``[start, end)`` inside the note, and findings must be canonical categories
(coding-policy §6), each once. A problem raises :class:`GoldFormatError` naming ``file:line``.

Only ``id``, ``text``, ``setting``, ``payer``, ``date_of_service`` and ``billed`` reach the
pipeline (:meth:`GoldNote.to_note`); the ``gold`` block never does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extraction.models import FluidPurpose, Note, Route, Status, Technique
from infusion_coder.readers import InputProblem, note_from_mapping
from validators.models import Category

__all__ = [
    "GoldAdministration",
    "GoldFormatError",
    "GoldLabels",
    "GoldLine",
    "GoldNote",
    "GoldSpans",
    "line_kind",
    "load_gold",
    "load_gold_located",
    "parse_gold_record",
    "read_gold_file",
]

_NESTED = ConfigDict(frozen=True, extra="forbid")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
_ADMIN_CODE = re.compile(r"^96[34]\d\d$")
_DRUG_CODE = re.compile(r"^[JGSQ]\d{4}$")
#: IV solutions (J7030–J7131) are listed by the program for hydration fluid but never scored.
_IV_SOLUTIONS = (7030, 7131)

CATEGORIES = frozenset(c.value for c in Category)
TECHNIQUES = frozenset(t.value for t in Technique)
ROUTES = frozenset(r.value for r in Route)
STATUSES = frozenset(s.value for s in Status)
PURPOSES = frozenset(p.value for p in FluidPurpose)

LineKind = Literal["administration", "drug"]


def line_kind(code: str) -> LineKind | None:
    """Which scored family a claim-line code belongs to, or None when it is never scored.

    Args:
        code: A CPT or HCPCS code as written on the line.

    Returns:
        ``"administration"`` for 963xx/964xx, ``"drug"`` for HCPCS J/G/S/Q codes other than the
        IV solutions J7030–J7131, else None (IV solutions, E/M, 36000 ...).

    >>> [line_kind(c) for c in ("96365", "J2405", "J7050", "99213")]
    ['administration', 'drug', None, None]
    """
    code = code.strip().upper()
    if _ADMIN_CODE.match(code):
        return "administration"
    if _DRUG_CODE.match(code):
        if code[0] == "J" and _IV_SOLUTIONS[0] <= int(code[1:]) <= _IV_SOLUTIONS[1]:
            return None
        return "drug"
    return None


class GoldFormatError(ValueError):
    """A gold file cannot be read or a record does not follow the gold format."""

    code: ClassVar[str] = "EVAL101"

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")

    def __str__(self) -> str:
        return f"[{self.code}] {self.where}: {self.message}"


def _check_modifiers(value: tuple[str, ...]) -> tuple[str, ...]:
    for modifier in value:
        if not _MODIFIER.match(modifier):
            raise ValueError(f"modifier {modifier!r} is not two upper-case letters/digits")
    return value


class GoldLine(BaseModel):
    """A claim line the documentation supports (scored lines only)."""

    model_config = _NESTED

    code: str
    units: int = Field(ge=1)
    modifiers: tuple[str, ...] = ()

    @field_validator("code")
    @classmethod
    def _scored_code(cls, value: str) -> str:
        if value != value.strip().upper():
            raise ValueError(f"code {value!r} must be upper case without spaces")
        if line_kind(value) is None:
            raise ValueError(
                f"code {value!r} is not scored: gold lines list only 963xx/964xx and HCPCS "
                "J/G/S/Q drug codes (not IV solutions J7030–J7131, not E/M)"
            )
        return value

    @field_validator("modifiers")
    @classmethod
    def _modifier_format(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_modifiers(value)


class BilledLineIn(BaseModel):
    """A billed line given to the claim audit (any code)."""

    model_config = _NESTED

    code: str = Field(min_length=1)
    units: int = Field(default=1, ge=0)
    modifiers: tuple[str, ...] = ()

    @field_validator("modifiers")
    @classmethod
    def _modifier_format(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_modifiers(value)


Offsets = tuple[int, int]


class GoldSpans(BaseModel):
    """Half-open ``[start, end)`` offsets of the drug mention and the start/stop time tokens."""

    model_config = _NESTED

    drug: Offsets | None = None
    start: Offsets | None = None
    stop: Offsets | None = None


def _check_time(value: str | None) -> str | None:
    if value is not None and not _HHMM.match(value):
        raise ValueError(f"time {value!r} is not HH:MM (24 h, e.g. '09:05')")
    return value


def _check_choice(value: str | None, allowed: frozenset[str], name: str) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"{name} {value!r} is not one of {', '.join(sorted(allowed))}")
    return value


class GoldAdministration(BaseModel):
    """One administration event of the note (given or not), as a labeller reads it."""

    model_config = _NESTED

    drug: str | None  # canonical lowercase generic name; None when the note names no substance
    technique: str | None = None
    route: str | None = None
    status: str = "given"
    purpose: str | None = None
    start: str | None = None
    stop: str | None = None
    minutes: int | None = Field(default=None, ge=0)
    billable: bool | None = None
    spans: GoldSpans | None = None

    @field_validator("start", "stop")
    @classmethod
    def _time_format(cls, value: str | None) -> str | None:
        return _check_time(value)

    @field_validator("drug")
    @classmethod
    def _drug_named(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("drug must be a name or null, not an empty string")
        return value

    @model_validator(mode="after")
    def _choices(self) -> GoldAdministration:
        _check_choice(self.technique, TECHNIQUES, "technique")
        _check_choice(self.route, ROUTES, "route")
        _check_choice(self.status, STATUSES, "status")
        _check_choice(self.purpose, PURPOSES, "purpose")
        if self.spans is not None:
            # a drug span with a null drug marks an unnamed mention ("antiemetic 4 mg IVP")
            for label in ("start", "stop"):
                if getattr(self.spans, label) is not None and getattr(self, label) is None:
                    raise ValueError(f"spans.{label} is given but {label} is null")
        return self


class GoldLabels(BaseModel):
    """The ``gold`` block: what the documentation supports, labelled from the policy."""

    model_config = _NESTED

    lines: tuple[GoldLine, ...] = ()
    findings: tuple[str, ...] = ()
    administrations: tuple[GoldAdministration, ...] = ()
    rationale: str | None = None

    @field_validator("findings")
    @classmethod
    def _canonical_once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in value if c not in CATEGORIES]
        if unknown:
            raise ValueError(
                f"unknown finding categor{'y' if len(unknown) == 1 else 'ies'} "
                f"{', '.join(map(repr, unknown))} (canonical categories: coding-policy §6)"
            )
        repeated = sorted({c for c in value if value.count(c) > 1})
        if repeated:
            raise ValueError(f"finding categories listed more than once: {', '.join(repeated)}")
        return value


class GoldNote(BaseModel):
    """One gold record: the note, its coding context and its labels."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str = Field(min_length=1)
    text: str
    setting: Literal["office", "facility"]
    payer: str | None = None
    date_of_service: dt.date | None = None
    billed: tuple[BilledLineIn, ...] | None = None
    gold: GoldLabels

    @field_validator("text")
    @classmethod
    def _text_present(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the note text is empty")
        return value

    @model_validator(mode="after")
    def _spans_inside(self) -> GoldNote:
        size = len(self.text)
        for index, adm in enumerate(self.gold.administrations):
            if adm.spans is None:
                continue
            for label in ("drug", "start", "stop"):
                offsets = getattr(adm.spans, label)
                if offsets is None:
                    continue
                start, end = offsets
                where = f"gold.administrations[{index}].spans.{label} [{start}, {end}]"
                if not 0 <= start < end <= size:
                    raise ValueError(
                        f"{where} is empty or outside the note (0..{size}); spans are half-open"
                    )
                if not self.text[start:end].strip():
                    raise ValueError(f"{where} covers only whitespace")
        return self

    def to_note(self, source: str | None = None) -> Note:
        """The pipeline's input: id, text and coding context only (never the gold block).

        Raises:
            GoldFormatError: the context values are not accepted by the reader.
        """
        mapping = {
            "id": self.id,
            "text": self.text,
            "setting": self.setting,
            "payer": self.payer,
            "date_of_service": None
            if self.date_of_service is None
            else self.date_of_service.isoformat(),
            "billed": None
            if self.billed is None
            else [line.model_dump(mode="json") for line in self.billed],
        }
        item = note_from_mapping(mapping, self.id, source or self.id)
        if isinstance(item, InputProblem):
            raise GoldFormatError(source or self.id, f"{item.error_type}: {item.message}")
        return item

    def record(self) -> dict[str, Any]:
        """The record as plain JSON data (what the scorer reads)."""
        return self.model_dump(mode="json")


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {message}" if loc else message)
    return "; ".join(parts)


def parse_gold_record(obj: Any, where: str = "<memory>") -> GoldNote:
    """Validate one decoded gold record.

    Args:
        obj: The decoded JSON object.
        where: ``file:line`` for error messages.

    Returns:
        The validated record.

    Raises:
        GoldFormatError: naming ``where``, the record id when readable, and every invalid field.
    """
    if not isinstance(obj, dict):
        raise GoldFormatError(where, "a gold record must be a JSON object")
    try:
        return GoldNote.model_validate(obj)
    except ValidationError as exc:
        ident = obj.get("id")
        label = f"{where} (id {ident!r})" if isinstance(ident, str) and ident else where
        raise GoldFormatError(label, _describe(exc)) from None


def read_gold_file(path: Path) -> list[GoldNote]:
    """Read and validate every record of one gold JSONL file (blank lines are skipped).

    Raises:
        GoldFormatError: the file is unreadable, a line is not JSON or not a valid record, or an
            id repeats.
    """
    return [note for _, note in _read_located(Path(path), {})]


def load_gold(paths: Sequence[Path] | Iterable[Path]) -> list[GoldNote]:
    """Read several gold files in order; ids must be unique across all of them.

    Raises:
        GoldFormatError: as :func:`read_gold_file`, or when no file holds any note.
    """
    return [note for _, note in load_gold_located(paths)]


def load_gold_located(paths: Sequence[Path] | Iterable[Path]) -> list[tuple[str, GoldNote]]:
    """As :func:`load_gold`, each note with the ``file:line`` it came from."""
    seen: dict[str, str] = {}
    located: list[tuple[str, GoldNote]] = []
    names = []
    for path in paths:
        names.append(str(path))
        located.extend(_read_located(Path(path), seen))
    if not located:
        raise GoldFormatError(", ".join(names) or "<no file>", "no gold notes found")
    return located


def _read_located(path: Path, seen: dict[str, str]) -> list[tuple[str, GoldNote]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise GoldFormatError(str(path), f"cannot read the gold file: {reason}") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GoldFormatError(str(path), f"not UTF-8 (byte offset {exc.start})") from None
    located: list[tuple[str, GoldNote]] = []
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(where, f"not JSON: {exc.msg} (column {exc.colno})") from None
        note = parse_gold_record(obj, where)
        if note.id in seen:
            raise GoldFormatError(where, f"note id {note.id!r} repeats (first at {seen[note.id]})")
        seen[note.id] = where
        located.append((where, note))
    return located
