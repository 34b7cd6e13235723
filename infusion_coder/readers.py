"""Input readers: turn paths into a lazy stream of notes (or of per-note input errors).

Every note found in the input yields exactly one item, in input order: a :class:`Note` or, when
the note cannot be read (not UTF-8, empty, too large, binary, a JSONL line that is not JSON or has
no ``text``, a FHIR attachment that cannot be resolved), an :class:`InputProblem` that becomes an
error record. Nothing is dropped silently.

Formats (auto-detected from the extension, ``.gz`` stripped first; ``--format`` overrides):

- ``txt``: one note per file; folders are read recursively in path order; id = file stem.
- ``jsonl``: one ``{"id", "text", ...}`` object per line (optional ``setting``, ``payer``,
  ``date_of_service``, ``billed``). A line holding a FHIR resource is read as in ``ndjson``.
- ``ndjson``: FHIR bulk-export lines; each ``DocumentReference`` is a note, other resource
  types are context, skipped and counted (:class:`ReadStats`).
- ``csv``: a header row, then one note per row; quoted multi-line notes; the delimiter is found
  by :class:`csv.Sniffer` and checked against the header (``,`` ``;`` tab ``|``).
- ``fhir``: a JSON document: a ``DocumentReference``, a ``Bundle`` of them, or a JSON array of
  ``{"id", "text"}`` objects (see :mod:`infusion_coder.fhir`).

All readers are generators holding at most one note (and, for a FHIR JSON document, that
document) in memory. Gzip-compressed files (``.gz`` or gzip magic bytes) are read transparently.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import json
import logging
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from extraction.models import BilledLine, Note

log = logging.getLogger(__name__)

#: The largest note accepted, in bytes; a larger one becomes an error record, not a crash.
MAX_NOTE_BYTES = 2_000_000
#: The largest JSONL/NDJSON line or CSV row read whole (JSON escapes can double a note's size).
MAX_RECORD_BYTES = 3 * MAX_NOTE_BYTES
#: The largest FHIR JSON document parsed whole; bigger exports should use NDJSON.
MAX_JSON_DOCUMENT_BYTES = 256_000_000
#: How much of an oversized record is kept to read its id from.
_HEAD_BYTES = 65_536

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
FORMATS = ("txt", "jsonl", "csv", "fhir", "ndjson")
_SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "ndjson",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "fhir",
}
_GZIP_MAGIC = b"\x1f\x8b"

#: CSV column names used when ``--id-col`` / ``--text-col`` are not given (first match wins).
ID_COLUMNS = ("id", "note_id", "noteid", "document_id")
TEXT_COLUMNS = ("text", "note_text", "note", "body")
#: Optional CSV columns read when present under these names (the JSONL keys).
OPTIONAL_COLUMNS = {
    "setting": ("setting",),
    "payer": ("payer",),
    "date_of_service": ("date_of_service", "dos"),
    "billed": ("billed", "billed_codes"),
}
_DELIMITERS = ",;\t|"


class InputPathError(FileNotFoundError):
    """An input path does not exist or is not readable (the run does not start)."""


class InputFormatError(ValueError):
    """An input cannot be read with the given options (the run does not start)."""


@dataclass(frozen=True)
class InputProblem:
    """A note that could not be read; it is reported as ``status: "error"``."""

    note_id: str
    error_type: str
    message: str
    source: str


InputItem = Note | InputProblem


@dataclass(frozen=True)
class ReadOptions:
    """How to read the inputs (the ``run`` flags ``--format`` and ``--*-col``).

    Attributes:
        format: one of :data:`FORMATS`, or None to detect each file's format.
        id_col: CSV column holding the note id (None: ``id``/``note_id``/..., else row number).
        text_col: CSV column holding the note text (None: ``text``/``note_text``/``note``/``body``).
        setting_col: CSV column with ``office``/``facility`` (None: a ``setting`` column if any).
        payer_col: CSV column with the payer profile name (None: a ``payer`` column if any).
        dos_col: CSV column with the date of service (None: ``date_of_service``/``dos`` if any).
        billed_col: CSV column with the billed codes, e.g. ``96365x1;96375;J2405x4``.
    """

    format: str | None = None
    id_col: str | None = None
    text_col: str | None = None
    setting_col: str | None = None
    payer_col: str | None = None
    dos_col: str | None = None
    billed_col: str | None = None

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise InputFormatError(f"unknown format {self.format!r}; use one of {FORMATS}")


@dataclass
class ReadStats:
    """What the readers skipped on purpose (FHIR resources that are not notes), by type."""

    skipped_resources: Counter[str] = field(default_factory=Counter)


def check_paths(paths: Sequence[Path]) -> None:
    """Fail before any work when an input path is missing.

    Raises:
        InputPathError: naming every missing path.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputPathError("input not found: " + ", ".join(missing))


def check_inputs(paths: Sequence[Path], options: ReadOptions | None = None) -> None:
    """Check what can be checked before the run starts: paths exist, CSV headers fit the options.

    Only files named on the command line are opened here (their first record); files found in
    folders are checked when read, and a problem there becomes an error record instead.

    Raises:
        InputPathError: an input is missing or unreadable.
        InputFormatError: a CSV file lacks a named column, or has no text column.
    """
    options = options or ReadOptions()
    check_paths(paths)
    for path in paths:
        if path.is_dir() or detect_format(path, options) != "csv":
            continue
        try:
            with open_input(path) as handle:
                header = _csv_header(handle, path, options)
        except OSError as exc:
            raise InputPathError(f"cannot read {path}: {exc}") from exc
        if header is None:
            continue
        _csv_columns(header[1], options, path)


def iter_inputs(
    paths: Sequence[Path], options: ReadOptions | None = None, stats: ReadStats | None = None
) -> Iterator[InputItem]:
    """Yield the notes of every path in order (folders recursively, sorted by path).

    Args:
        paths: files and folders, read in the order given.
        options: format override and CSV columns (default: detect everything).
        stats: filled with what was skipped on purpose (non-note FHIR resources).
    """
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    for path in paths:
        if path.is_dir():
            for child in walk_files(path):
                yield from read_file(child, options, stats)
        else:
            yield from read_file(path, options, stats)


def walk_files(root: Path) -> Iterator[Path]:
    """Files under ``root`` in path order, lazily; hidden files and folders are skipped.

    The order equals ``sorted(root.rglob("*"))`` (path components compared in turn) while
    holding only one folder listing at a time. Symlinked folders are not followed.
    """
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        log.warning("cannot list %s: %s", root, exc.strerror)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk_files(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def detect_format(path: Path, options: ReadOptions | None = None) -> str:
    """The format a file is read as: the override, else its extension, else its content."""
    if options is not None and options.format is not None:
        return options.format
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    fmt = _SUFFIX_FORMATS.get(Path(name).suffix)
    if fmt is not None:
        return fmt
    return _sniff_format(path)


def _sniff_format(path: Path) -> str:
    """Content-based detection for files without a known extension (JSON family, else text)."""
    try:
        with open_input(path) as handle:
            head = handle.read(_HEAD_BYTES)
    except (OSError, EOFError, zlib.error):
        return "txt"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] not in (b"{", b"["):
        return "txt"
    first_line = stripped.split(b"\n", 1)[0]
    try:
        obj = json.loads(first_line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "fhir"  # a pretty-printed JSON document
    if isinstance(obj, dict):
        return "ndjson" if "resourceType" in obj else "jsonl"
    return "fhir"


def open_input(path: Path) -> IO[bytes]:
    """Open a file for binary reading, decompressing gzip transparently."""
    handle: IO[bytes] = path.open("rb")
    try:
        magic = handle.read(2)
        handle.seek(0)
    except OSError:
        handle.close()
        raise
    if magic == _GZIP_MAGIC:
        handle.close()
        return gzip.open(path, "rb")
    return handle


def _stem(path: Path) -> str:
    """The note id of a file: its name without ``.gz`` and without its extension."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem


def read_file(
    path: Path, options: ReadOptions | None = None, stats: ReadStats | None = None
) -> Iterator[InputItem]:
    """The notes of one file, read in its detected (or forced) format."""
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    fmt = detect_format(path, options)
    if fmt == "txt":
        yield read_text_file(path)
    elif fmt in ("jsonl", "ndjson"):
        yield from read_jsonl(path, stats)
    elif fmt == "csv":
        yield from read_csv(path, options)
    else:
        from infusion_coder.fhir import read_fhir_json

        yield from read_fhir_json(path, stats)


# --------------------------------------------------------------------------------------- text


def read_text_file(path: Path) -> InputItem:
    """Read one ``.txt`` note (``.txt.gz`` too); the note id is the file stem."""
    note_id = _stem(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_NOTE_BYTES and not _is_gzip(path):
            return _too_large(note_id, size, source)
        with open_input(path) as handle:
            raw = handle.read(MAX_NOTE_BYTES + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return InputProblem(note_id, "read_error", f"{path.name} is not a valid gzip file", source)
    except OSError as exc:
        return InputProblem(
            note_id, "read_error", f"cannot read {path.name}: {exc.strerror or exc}", source
        )
    return note_from_bytes(note_id, raw, source)


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


def _too_large(note_id: str, size: int | None, source: str) -> InputProblem:
    what = f"{size:,} bytes" if size is not None else "larger than the limit"
    return InputProblem(
        note_id,
        "note_too_large",
        f"note is {what}; the limit is {MAX_NOTE_BYTES:,} bytes",
        source,
    )


def note_from_bytes(
    note_id: str, raw: bytes, source: str, charset: str | None = None, **context: Any
) -> InputItem:
    """Decode one note's bytes (UTF-8, a UTF-16 BOM, or ``charset``) into a :class:`Note`.

    Args:
        note_id: the id the note (or its error record) gets.
        raw: the bytes as stored; never stripped or newline-translated.
        source: where the note came from (for messages).
        charset: an explicit encoding (e.g. from a FHIR ``contentType``); default UTF-8.
        **context: ``setting``, ``payer``, ``date_of_service`` for the :class:`Note`.
    """
    if len(raw) > MAX_NOTE_BYTES:
        return _too_large(note_id, None if len(raw) == MAX_NOTE_BYTES + 1 else len(raw), source)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and charset is None:
        charset = "utf-16"
    if b"\x00" in raw and (charset is None or not charset.lower().startswith("utf-16")):
        return InputProblem(
            note_id, "binary_file", "file contains NUL bytes: not a text note", source
        )
    encoding = charset or "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except LookupError:
        return InputProblem(note_id, "decode_error", f"unknown charset {charset!r}", source)
    except UnicodeDecodeError as exc:
        return InputProblem(
            note_id,
            "decode_error",
            f"not valid {'UTF-8' if charset is None else charset} (byte 0x{raw[exc.start]:02x} "
            f"at offset {exc.start}); re-export the note as UTF-8",
            source,
        )
    if encoding == "utf-16" and text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return InputProblem(note_id, "empty_note", "the note is empty", source)
    return Note(note_id=note_id, text=text, source=source, **context)


_note_from_bytes = note_from_bytes  # the name used before the batch work


# --------------------------------------------------------------------------------------- lines


def iter_lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes, bool]]:
    """Lines of a binary stream as ``(number, bytes, too_large)``, never more than ``limit``.

    A line longer than ``limit`` is consumed in pieces and yielded as its first
    :data:`_HEAD_BYTES` with ``too_large=True``, so memory stays bounded.
    """
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            head = line[:_HEAD_BYTES]
            while True:
                piece = handle.readline(1 << 20)
                if not piece or piece.endswith(b"\n"):
                    break
            yield number, head, True
        else:
            yield number, line, False


_ID_IN_HEAD = re.compile(rb'"(?:id|note_id)"\s*:\s*(?:("(?:[^"\\]|\\.){1,200}")|(-?\d{1,30}))')


def id_from_head(head: bytes) -> str | None:
    """The ``id`` of an oversized JSON record, when it appears in the record's first bytes."""
    match = _ID_IN_HEAD.search(head)
    if match is None:
        return None
    if match.group(2) is not None:
        return match.group(2).decode()
    try:
        value = json.loads(match.group(1))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) and value else None


def read_jsonl(path: Path, stats: ReadStats | None = None) -> Iterator[InputItem]:
    """Read ``{"id", "text"}`` objects (or FHIR resources), one per line.

    Optional keys ``setting``, ``payer``, ``date_of_service`` and ``billed`` override the batch
    flags for that note; unknown keys are ignored. A line that is not JSON, or has no usable
    ``text``, becomes an error record whose id is the line's ``id`` if readable, else
    ``<file stem>:<line number>``. A line with a ``resourceType`` is a FHIR resource: a
    ``DocumentReference`` is a note, any other type is skipped and counted in ``stats``.
    """
    stats = stats if stats is not None else ReadStats()
    stem = _stem(path)
    try:
        handle = open_input(path)
    except OSError as exc:
        yield InputProblem(
            stem, "read_error", f"cannot read {path.name}: {exc.strerror}", str(path)
        )
        return
    number = 0
    with handle:
        try:
            for number, raw_line, too_large in iter_lines(handle, MAX_RECORD_BYTES):
                if not raw_line.strip():
                    continue
                yield from _jsonl_item(path, stem, number, raw_line, too_large, stats)
        except (OSError, EOFError, zlib.error) as exc:
            yield InputProblem(
                f"{stem}:{number + 1}",
                "read_error",
                f"{path.name} cannot be read after line {number}: {type(exc).__name__}; "
                "the rest of the file is not read",
                f"{path}:{number + 1}",
            )


def _jsonl_item(
    path: Path, stem: str, number: int, raw_line: bytes, too_large: bool, stats: ReadStats
) -> Iterator[InputItem]:
    source = f"{path}:{number}"
    fallback_id = f"{stem}:{number}"
    if too_large:
        yield _too_large(id_from_head(raw_line) or fallback_id, None, source)
        return
    try:
        line = raw_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield InputProblem(fallback_id, "decode_error", "line is not valid UTF-8", source)
        return
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputProblem(
            fallback_id, "invalid_json", f"line {number} is not JSON: {exc.msg}", source
        )
        return
    if isinstance(obj, dict) and "resourceType" in obj:
        from infusion_coder.fhir import FhirContext, note_from_resource

        rtype = obj.get("resourceType")
        if rtype != "DocumentReference":
            stats.skipped_resources[str(rtype)] += 1
            return
        yield note_from_resource(obj, fallback_id, source, FhirContext(base_dir=path.parent))
        return
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
    if len(text) > MAX_NOTE_BYTES or len(text.encode("utf-8")) > MAX_NOTE_BYTES:
        return InputProblem(
            note_id, "note_too_large", f"note is larger than {MAX_NOTE_BYTES:,} bytes", source
        )
    if "\x00" in text:
        return InputProblem(note_id, "binary_file", "the text contains NUL characters", source)
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
    if not isinstance(value, str) or value.strip().lower() not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value.strip().lower()


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
    if isinstance(value, str):
        return parse_billed(value)
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


_BILLED_ITEM = re.compile(
    r"^(?P<code>[A-Z0-9]{5})(?P<m1>(?:-[A-Z0-9]{2})*)(?:[X*](?P<units>\d{1,4}))?"
    r"(?P<m2>(?:-[A-Z0-9]{2})*)$"
)


def parse_billed(value: str) -> tuple[BilledLine, ...] | None:
    """Read billed codes written in one cell: ``96365x1;96375;J2405-JZx4``.

    Items are separated by ``;``, ``,`` or white space; each is a 5-character code, optional
    ``-MM`` modifiers and optional ``xN`` units (default 1). An empty cell means "not given".

    Raises:
        ValueError: an item does not have that shape.
    """
    items = [part for part in re.split(r"[;,\s]+", value.strip().upper()) if part]
    if not items:
        return None
    lines = []
    for item in items:
        match = _BILLED_ITEM.match(item)
        if match is None:
            raise ValueError(f"billed item {item!r} is not CODE[-MOD][xUNITS] (e.g. J2405x4)")
        modifiers = (match["m1"] + match["m2"]).split("-")[1:]
        units = int(match["units"]) if match["units"] else 1
        lines.append(BilledLine(code=match["code"], units=units, modifiers=tuple(modifiers)))
    return tuple(lines)


# ----------------------------------------------------------------------------------------- csv


def iter_csv_records(handle: IO[bytes], limit: int) -> Iterator[tuple[int, bytes, bool]]:
    """Split a CSV byte stream into records (``"``-quoted fields may hold newlines).

    Yields ``(record number, bytes, too_large)``; a record longer than ``limit`` is consumed
    and yielded as its first :data:`_HEAD_BYTES`. Quote state is tracked on bytes, which is
    exact for UTF-8 (``"`` and newline never occur inside a multi-byte character) and for the
    doubled-quote escape (``""`` toggles twice).
    """
    number = 0
    parts: list[bytes] = []
    size = 0
    head = b""
    too_large = False
    in_quotes = False

    def finish(piece: bytes) -> tuple[bytes, bool]:
        if too_large:
            return head, True
        if size + len(piece) > limit:
            return (b"".join(parts) + piece[:_HEAD_BYTES])[:_HEAD_BYTES], True
        return b"".join([*parts, piece]), False

    while True:
        buffer = handle.read(1 << 16)
        if not buffer:
            break
        pos = start = 0
        next_q = buffer.find(b'"')
        next_n = buffer.find(b"\n")
        while True:
            if in_quotes:
                if next_q < 0:
                    break
                in_quotes = False
                pos = next_q + 1
                next_q = buffer.find(b'"', pos)
                continue
            if 0 <= next_n < pos:
                next_n = buffer.find(b"\n", pos)
            if next_q >= 0 and (next_n < 0 or next_q < next_n):
                in_quotes = True
                pos = next_q + 1
                next_q = buffer.find(b'"', pos)
                continue
            if next_n < 0:
                break
            number += 1
            record, large = finish(buffer[start : next_n + 1])
            yield number, record, large
            parts, size, head, too_large = [], 0, b"", False
            start = pos = next_n + 1
            next_n = buffer.find(b"\n", pos)
        rest = buffer[start:]
        if not rest:
            continue
        if not too_large and size + len(rest) > limit:
            head = (b"".join(parts) + rest[:_HEAD_BYTES])[:_HEAD_BYTES]
            parts, too_large = [], True
        elif not too_large:
            parts.append(rest)
        size += len(rest)
    if parts or too_large:
        number += 1
        record = head if too_large else b"".join(parts)
        if too_large or record.strip():
            yield number, record, too_large


def _csv_header(
    handle: IO[bytes], path: Path, options: ReadOptions | None = None
) -> tuple[type[csv.Dialect], list[str]] | None:
    """The dialect and column names of a CSV stream (its first non-blank record)."""
    for _number, record, too_large in iter_csv_records(handle, MAX_RECORD_BYTES):
        if too_large:
            raise InputFormatError(
                f"{path}: the header row is larger than {MAX_RECORD_BYTES:,} bytes"
            )
        text = record.decode("utf-8-sig", errors="replace")
        if not text.strip():
            continue
        dialect = _dialect_for(text, path, options or ReadOptions())
        row = next(csv.reader([text], dialect), [])
        return dialect, [name.strip() for name in row]
    return None


def _dialect_for(header_text: str, path: Path, options: ReadOptions) -> type[csv.Dialect]:
    """The dialect whose delimiter splits the header into the expected columns.

    :class:`csv.Sniffer` proposes the delimiter; the proposal is kept when the header it gives
    contains the text or id column, else ``,`` ``;`` tab ``|`` are tried in turn (a sniffer
    can be fooled by a header alone). Quoting is always ``"`` doubled, as spreadsheets write.
    """
    candidates: list[str] = []
    try:
        candidates.append(csv.Sniffer().sniff(header_text, delimiters=_DELIMITERS).delimiter)
    except csv.Error:
        pass
    if path.name.lower().removesuffix(".gz").endswith(".tsv"):
        candidates.append("\t")
    candidates.extend(_DELIMITERS)
    wanted = {
        name.lower()
        for name in (
            *((options.text_col,) if options.text_col else TEXT_COLUMNS),
            *((options.id_col,) if options.id_col else ID_COLUMNS),
        )
    }
    best, best_fields = candidates[0], 1
    for delimiter in candidates:
        fields = next(csv.reader([header_text], delimiter=delimiter), [])
        if {f.strip().lower() for f in fields} & wanted:
            best = delimiter
            break
        if len(fields) > best_fields:
            best, best_fields = delimiter, len(fields)

    class Dialect(csv.excel):
        delimiter = best

    return Dialect


def _find_column(header: list[str], wanted: str | None, defaults: tuple[str, ...]) -> int | None:
    names = [wanted] if wanted is not None else list(defaults)
    for name in names:
        if name in header:
            return header.index(name)
    lowered = [h.lower() for h in header]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None


@dataclass(frozen=True)
class _CsvColumns:
    id: int | None
    text: int
    optional: dict[str, int]


def _csv_columns(header: list[str], options: ReadOptions, path: Path) -> _CsvColumns:
    """Resolve the option columns against a header.

    Raises:
        InputFormatError: a named column is missing, or no text column is found.
    """
    listing = ", ".join(repr(h) for h in header[:20])
    text = _find_column(header, options.text_col, TEXT_COLUMNS)
    if text is None:
        named = options.text_col or "/".join(TEXT_COLUMNS)
        raise InputFormatError(
            f"{path}: no text column {named!r} (columns: {listing}); name it with --text-col"
        )
    note_id = _find_column(header, options.id_col, ID_COLUMNS)
    if note_id is None and options.id_col is not None:
        raise InputFormatError(f"{path}: no id column {options.id_col!r} (columns: {listing})")
    optional: dict[str, int] = {}
    explicit = {
        "setting": options.setting_col,
        "payer": options.payer_col,
        "date_of_service": options.dos_col,
        "billed": options.billed_col,
    }
    for key, defaults in OPTIONAL_COLUMNS.items():
        index = _find_column(header, explicit[key], defaults)
        if index is None and explicit[key] is not None:
            raise InputFormatError(
                f"{path}: no {key} column {explicit[key]!r} (columns: {listing})"
            )
        if index is not None:
            optional[key] = index
    return _CsvColumns(id=note_id, text=text, optional=optional)


def read_csv(path: Path, options: ReadOptions | None = None) -> Iterator[InputItem]:
    """Read one note per CSV row (see :class:`ReadOptions` for the columns).

    The id is the id column's value, else ``<file stem>:<row number>`` (rows counted after the
    header). Dates may be ``YYYY-MM-DD``, an ISO date-time, or ``MM/DD/YYYY``; billed codes are
    read with :func:`parse_billed`. A row that cannot be used becomes an error record.
    """
    options = options or ReadOptions()
    stem = _stem(path)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))
    try:
        handle = open_input(path)
    except OSError as exc:
        yield InputProblem(
            stem, "read_error", f"cannot read {path.name}: {exc.strerror}", str(path)
        )
        return
    with handle:
        try:
            records = iter_csv_records(handle, MAX_RECORD_BYTES)
            dialect: type[csv.Dialect] | None = None
            columns: _CsvColumns | None = None
            row_number = 0
            for number, record, too_large in records:
                if dialect is None:
                    if too_large:
                        yield InputProblem(
                            stem, "invalid_csv", "the header row is too large", f"{path}:1"
                        )
                        return
                    text = record.decode("utf-8-sig", errors="replace")
                    if not text.strip():
                        continue
                    dialect = _dialect_for(text, path, options)
                    header = [h.strip() for h in next(csv.reader([text], dialect), [])]
                    try:
                        columns = _csv_columns(header, options, path)
                    except InputFormatError as exc:
                        yield InputProblem(stem, "invalid_csv", str(exc), f"{path}:{number}")
                        return
                    continue
                assert columns is not None
                if not too_large and not record.strip():
                    continue
                row_number += 1
                yield _csv_item(record, too_large, dialect, columns, stem, row_number, path, number)
        except (OSError, EOFError, zlib.error) as exc:
            yield InputProblem(
                f"{stem}:read-error",
                "read_error",
                f"{path.name} cannot be read to the end: {type(exc).__name__}; "
                "the rest of the file is not read",
                str(path),
            )


def _csv_item(
    record: bytes,
    too_large: bool,
    dialect: type[csv.Dialect],
    columns: _CsvColumns,
    stem: str,
    row_number: int,
    path: Path,
    line_number: int,
) -> InputItem:
    fallback_id = f"{stem}:{row_number}"
    source = f"{path}:{line_number}"
    if too_large:
        row = next(csv.reader([record.decode("utf-8", errors="replace")], dialect), [])
        note_id = _cell(row, columns.id) or fallback_id
        return _too_large(note_id, None, source)
    try:
        decoded = record.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = next(csv.reader([record.decode("utf-8", errors="replace")], dialect), [])
        note_id = _cell(row, columns.id) or fallback_id
        return InputProblem(
            note_id,
            "decode_error",
            f"row {row_number} is not valid UTF-8 (byte 0x{record[exc.start]:02x}); "
            "re-export the file as UTF-8",
            source,
        )
    try:
        row = next(csv.reader([decoded], dialect), [])
    except csv.Error as exc:
        return InputProblem(fallback_id, "invalid_csv", f"row {row_number}: {exc}", source)
    note_id = _cell(row, columns.id) or fallback_id
    text = row[columns.text] if columns.text < len(row) else None
    if text is None:
        return InputProblem(
            note_id, "missing_text", f"row {row_number} has no text column value", source
        )
    if not text.strip():
        return InputProblem(note_id, "empty_note", "the note text is empty", source)
    if len(text.encode("utf-8")) > MAX_NOTE_BYTES:
        return _too_large(note_id, None, source)
    if "\x00" in text:
        return InputProblem(note_id, "binary_file", "the text contains NUL characters", source)
    values = {key: _cell(row, index) for key, index in columns.optional.items()}
    try:
        setting = _choice(values.get("setting"), ("office", "facility"), "setting")
        payer = _payer(values.get("payer"))
        dos = parse_csv_date(values.get("date_of_service"))
        billed = parse_billed(values["billed"]) if values.get("billed") else None
    except ValueError as exc:
        return InputProblem(note_id, "invalid_record", f"row {row_number}: {exc}", source)
    return Note(
        note_id=note_id,
        text=text,
        setting=setting,
        payer=payer,
        date_of_service=dos,
        billed=billed,
        source=source,
    )


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    value = row[index].strip()
    return value or None


_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_csv_date(value: str | None) -> dt.date | None:
    """A CSV date of service: ``YYYY-MM-DD``, an ISO date-time, or US ``MM/DD/YYYY``.

    Raises:
        ValueError: any other shape (a wrong date must not be guessed).
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    us = _US_DATE.match(value)
    try:
        if us is not None:
            return dt.date(int(us[3]), int(us[1]), int(us[2]))
        if len(value) > 10 and value[10] in "T ":
            return dt.date.fromisoformat(value[:10])
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            f"date_of_service must be YYYY-MM-DD or MM/DD/YYYY, not {value!r}"
        ) from exc
