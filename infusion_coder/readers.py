"""Input readers: turn paths into a lazy stream of notes (or of per-note input errors).

Every note found in the input yields exactly one item, in input order: a :class:`Note` or, when
the note cannot be read (not UTF-8, empty, a JSONL line that is not JSON or has no ``text``), an
:class:`InputProblem` that becomes an error record. Nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction.models import BilledLine, Note

#: The largest note accepted, in bytes; a larger one becomes an error record, not a crash.
MAX_NOTE_BYTES = 2_000_000

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)


class InputPathError(FileNotFoundError):
    """An input path does not exist or is not readable (the run does not start)."""


@dataclass(frozen=True)
class InputProblem:
    """A note that could not be read; it is reported as ``status: "error"``."""

    note_id: str
    error_type: str
    message: str
    source: str


InputItem = Note | InputProblem


def check_paths(paths: Sequence[Path]) -> None:
    """Fail before any work when an input path is missing.

    Raises:
        InputPathError: naming every missing path.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputPathError("input not found: " + ", ".join(missing))


def iter_inputs(paths: Sequence[Path]) -> Iterator[InputItem]:
    """Yield the notes of every path in order (folders recursively, sorted by path)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in JSONL_SUFFIXES:
                    yield from read_jsonl(child)
                elif not child.name.startswith("."):
                    yield read_text_file(child)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        else:
            yield read_text_file(path)


def read_text_file(path: Path) -> InputItem:
    """Read one ``.txt`` note; the note id is the file stem."""
    note_id = path.stem
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return InputProblem(
            note_id, "read_error", f"cannot read {path.name}: {exc.strerror}", source
        )
    return _note_from_bytes(note_id, raw, source)


def _note_from_bytes(note_id: str, raw: bytes, source: str) -> InputItem:
    if len(raw) > MAX_NOTE_BYTES:
        return InputProblem(
            note_id,
            "note_too_large",
            f"note is {len(raw):,} bytes; the limit is {MAX_NOTE_BYTES:,} bytes",
            source,
        )
    if b"\x00" in raw:
        return InputProblem(
            note_id, "binary_file", "file contains NUL bytes: not a text note", source
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputProblem(
            note_id,
            "decode_error",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-export the note as UTF-8",
            source,
        )
    if not text.strip():
        return InputProblem(note_id, "empty_note", "the note is empty", source)
    return Note(note_id=note_id, text=text, source=source)


def read_jsonl(path: Path) -> Iterator[InputItem]:
    """Read ``{"id", "text"}`` objects, one per line, with optional per-note context.

    Optional keys ``setting``, ``payer``, ``date_of_service`` and ``billed`` override the batch
    flags for that note; unknown keys are ignored. A line that is not JSON, or has no usable
    ``text``, becomes an error record whose id is the line's ``id`` if readable, else
    ``<file stem>:<line number>``.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputProblem(
            path.stem, "read_error", f"cannot read {path.name}: {exc.strerror}", str(path)
        )
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            if not raw_line.strip():
                continue
            source = f"{path}:{number}"
            fallback_id = f"{path.stem}:{number}"
            try:
                line = raw_line.decode("utf-8-sig")
            except UnicodeDecodeError:
                yield InputProblem(fallback_id, "decode_error", "line is not valid UTF-8", source)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputProblem(
                    fallback_id, "invalid_json", f"line {number} is not JSON: {exc.msg}", source
                )
                continue
            yield note_from_mapping(obj, fallback_id, source)


def note_from_mapping(obj: Any, fallback_id: str, source: str) -> InputItem:
    """Build a note from a JSON object (JSONL line, CSV row); problems become InputProblem."""
    if not isinstance(obj, dict):
        return InputProblem(fallback_id, "invalid_record", "record is not a JSON object", source)
    raw_id = obj.get("id", obj.get("note_id"))
    note_id = str(raw_id) if raw_id not in (None, "") else fallback_id
    text = obj.get("text")
    if not isinstance(text, str):
        return InputProblem(note_id, "missing_text", "record has no string field 'text'", source)
    if not text.strip():
        return InputProblem(note_id, "empty_note", "the note text is empty", source)
    if len(text.encode("utf-8")) > MAX_NOTE_BYTES:
        return InputProblem(
            note_id, "note_too_large", f"note is larger than {MAX_NOTE_BYTES:,} bytes", source
        )
    try:
        setting = _choice(obj.get("setting"), ("office", "facility"), "setting")
        payer = _payer(obj.get("payer"))
        dos = _date(obj.get("date_of_service"))
        billed = _billed(obj.get("billed"))
    except ValueError as exc:
        return InputProblem(note_id, "invalid_record", str(exc), source)
    return Note(
        note_id=note_id,
        text=text,
        setting=setting,
        payer=payer,
        date_of_service=dos,
        billed=billed,
        source=source,
    )


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value.lower() not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value.lower()


def _payer(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"payer must be a profile name, not {value!r}")
    return value.strip().lower()


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"date_of_service must be YYYY-MM-DD, not {value!r}") from exc


def _billed(value: Any) -> tuple[BilledLine, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError("billed must be a list of {code, units, modifiers}")
    lines = []
    for item in value:
        if isinstance(item, str):
            lines.append(BilledLine(code=item.strip().upper()))
            continue
        if not isinstance(item, dict) or "code" not in item:
            raise ValueError(f"billed line {item!r} has no code")
        modifiers = item.get("modifiers") or ()
        lines.append(
            BilledLine(
                code=str(item["code"]).strip().upper(),
                units=int(item.get("units", 1)),
                modifiers=tuple(str(m).upper() for m in modifiers),
            )
        )
    return tuple(lines)
