"""FHIR R4 input: ``DocumentReference`` resources (alone, in a ``Bundle`` or in bulk NDJSON).

Only the handful of fields a note needs are read, with plain :mod:`json` and the checks below;
one malformed resource becomes that note's error record and never stops the batch. (The
``fhir.resources`` models were considered: they validate every field of every resource, so one
non-conformant extension in an unrelated resource would reject a whole Bundle, and they cost
time and memory per note for fields the coder never reads.)

Mapping:

- note id: ``DocumentReference.id``, else ``masterIdentifier.value``, else the first
  ``identifier.value``, else ``<file stem>:<position>``.
- text: the first ``content.attachment`` whose ``contentType`` is ``text/plain`` (or absent),
  from ``data`` (base64, decoded with the ``charset`` of the ``contentType``, default UTF-8) or
  from ``url``: a ``Binary`` in the same Bundle (``Binary/<id>`` or its ``fullUrl``), a contained
  ``#id``, or a local file (``file:`` URL or a path relative to the JSON file). An ``http(s)``
  URL that the Bundle does not hold is refused: nothing is fetched, nothing leaves the machine.
- date of service: ``context.period.start``, else the referenced Encounter's ``period.start``,
  else ``DocumentReference.date`` (the document's own date, which can be later than the visit).
- setting: the referenced Encounter's ``class`` (``AMB`` → office; ``IMP``/``ACUTE``/``NONAC``/
  ``EMER``/``OBSENC``/``SS``/``HOSP`` → facility), else a CMS place-of-service code in
  ``context.facilityType``/``practiceSetting`` (``11`` → office; ``19``/``22`` → facility),
  else a display text naming an outpatient hospital or an office. Nothing found: not set.
- a DocumentReference with ``status: entered-in-error`` is an error record (never coded).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from infusion_coder.readers import (
    MAX_JSON_DOCUMENT_BYTES,
    MAX_NOTE_BYTES,
    InputItem,
    InputProblem,
    ReadStats,
    _stem,
    _too_large,
    note_from_bytes,
    note_from_mapping,
    open_input,
)

#: HL7 v3 ActEncounterCode values of ``Encounter.class`` and the coding setting they mean.
#: AMB (ambulatory) is read as a professional (office) claim; hospital encounter classes as a
#: facility claim. Source: terminology.hl7.org/CodeSystem/v3-ActCode (R4 Encounter.class).
ENCOUNTER_CLASS_SETTING = {
    "AMB": "office",
    "IMP": "facility",
    "ACUTE": "facility",
    "NONAC": "facility",
    "EMER": "facility",
    "OBSENC": "facility",
    "SS": "facility",
    "HOSP": "facility",
}
#: CMS place-of-service codes (CMS-1500 item 24B) seen in ``facilityType``/``practiceSetting``.
PLACE_OF_SERVICE_SETTING = {"11": "office", "19": "facility", "22": "facility"}
_POS_SYSTEM_HINT = "place-of-service"
_TEXT_TYPES = ("text/plain", "")


@dataclass
class FhirContext:
    """Where a resource was found: the JSON file's folder and the Bundle's other resources."""

    base_dir: Path
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of_bundle(cls, bundle: dict[str, Any], base_dir: Path) -> FhirContext:
        """Index a Bundle's resources by ``fullUrl`` and by ``Type/id``."""
        ctx = cls(base_dir=base_dir)
        for entry in bundle.get("entry") or ():
            if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
                continue
            resource = entry["resource"]
            if isinstance(entry.get("fullUrl"), str):
                ctx.resources[entry["fullUrl"]] = resource
            if isinstance(resource.get("resourceType"), str) and isinstance(
                resource.get("id"), str
            ):
                ctx.resources[f"{resource['resourceType']}/{resource['id']}"] = resource
        return ctx

    def resolve(self, reference: str, container: dict[str, Any]) -> dict[str, Any] | None:
        """A referenced resource: contained (``#id``), by ``fullUrl`` or by ``Type/id``."""
        if reference.startswith("#"):
            for item in container.get("contained") or ():
                if isinstance(item, dict) and item.get("id") == reference[1:]:
                    return item
            return None
        if reference in self.resources:
            return self.resources[reference]
        parts = reference.rstrip("/").split("/")
        if len(parts) >= 2:
            return self.resources.get(f"{parts[-2]}/{parts[-1]}")
        return None


def read_fhir_json(path: Path, stats: ReadStats | None = None) -> Iterator[InputItem]:
    """The notes of one FHIR JSON document (DocumentReference, Bundle, or array of records)."""
    stats = stats if stats is not None else ReadStats()
    stem = _stem(path)
    source = str(path)
    try:
        with open_input(path) as handle:
            raw = handle.read(MAX_JSON_DOCUMENT_BYTES + 1)
    except (EOFError, zlib.error) as exc:
        yield InputProblem(stem, "read_error", f"{path.name}: {type(exc).__name__}", source)
        return
    except OSError as exc:
        yield InputProblem(
            stem, "read_error", f"cannot read {path.name}: {exc.strerror or exc}", source
        )
        return
    if len(raw) > MAX_JSON_DOCUMENT_BYTES:
        yield InputProblem(
            stem,
            "file_too_large",
            f"{path.name} is larger than {MAX_JSON_DOCUMENT_BYTES:,} bytes; "
            "export large batches as NDJSON (one resource per line)",
            source,
        )
        return
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield InputProblem(stem, "decode_error", f"{path.name} is not valid UTF-8", source)
        return
    except json.JSONDecodeError as exc:
        yield InputProblem(
            stem, "invalid_json", f"{path.name} is not JSON: {exc.msg} (line {exc.lineno})", source
        )
        return
    del raw
    yield from _document_items(document, path, stem, stats)


def _document_items(document: Any, path: Path, stem: str, stats: ReadStats) -> Iterator[InputItem]:
    source = str(path)
    if isinstance(document, list):
        for index, obj in enumerate(document, start=1):
            item_source = f"{path}[{index}]"
            if isinstance(obj, dict) and obj.get("resourceType") == "DocumentReference":
                yield note_from_resource(
                    obj, f"{stem}:{index}", item_source, FhirContext(base_dir=path.parent)
                )
            elif isinstance(obj, dict) and "resourceType" in obj:
                stats.skipped_resources[str(obj["resourceType"])] += 1
            else:
                yield note_from_mapping(obj, f"{stem}:{index}", item_source)
        return
    if not isinstance(document, dict):
        yield InputProblem(stem, "invalid_record", "the JSON document is not an object", source)
        return
    rtype = document.get("resourceType")
    if rtype == "Bundle":
        yield from _bundle_items(document, path, stem, stats)
    elif rtype == "DocumentReference":
        yield note_from_resource(document, stem, source, FhirContext(base_dir=path.parent))
    elif rtype is None:
        yield note_from_mapping(document, stem, source)
    else:
        yield InputProblem(
            stem,
            "unsupported_resource",
            f"a {str(rtype)[:40]} resource is not a note; give a DocumentReference or a Bundle",
            source,
        )


def _bundle_items(
    bundle: dict[str, Any], path: Path, stem: str, stats: ReadStats
) -> Iterator[InputItem]:
    entries = bundle.get("entry")
    if entries is None:
        return
    if not isinstance(entries, list):
        yield InputProblem(stem, "invalid_resource", "Bundle.entry is not a list", str(path))
        return
    ctx = FhirContext.of_bundle(bundle, path.parent)
    for index, entry in enumerate(entries, start=1):
        source = f"{path}#entry[{index}]"
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            yield InputProblem(
                f"{stem}:{index}", "invalid_resource", f"entry {index} has no resource", source
            )
            continue
        rtype = resource.get("resourceType")
        if rtype == "DocumentReference":
            yield note_from_resource(resource, f"{stem}:{index}", source, ctx)
        elif rtype == "Bundle":
            yield from _bundle_items(resource, path, f"{stem}:{index}", stats)
        else:
            stats.skipped_resources[str(rtype)] += 1


def note_from_resource(
    resource: dict[str, Any], fallback_id: str, source: str, ctx: FhirContext
) -> InputItem:
    """Build a note from a DocumentReference; every problem becomes an :class:`InputProblem`."""
    note_id = _resource_id(resource) or fallback_id
    if resource.get("status") == "entered-in-error":
        return InputProblem(
            note_id,
            "entered_in_error",
            "the DocumentReference status is entered-in-error; it is not coded",
            source,
        )
    content = resource.get("content")
    if not isinstance(content, list) or not content:
        return InputProblem(note_id, "missing_text", "DocumentReference has no content", source)
    attachments = [
        c["attachment"]
        for c in content
        if isinstance(c, dict) and isinstance(c.get("attachment"), dict)
    ]
    chosen = next(
        (a for a in attachments if _media_type(a.get("contentType"))[0] in _TEXT_TYPES), None
    )
    if chosen is None:
        types = sorted({str(a.get("contentType"))[:60] for a in attachments}) or ["none"]
        return InputProblem(
            note_id,
            "unsupported_content_type",
            f"no text/plain attachment (found: {', '.join(types)})",
            source,
        )
    _media, charset = _media_type(chosen.get("contentType"))
    encounter = _encounter(resource, ctx)
    context = {
        "setting": _setting(resource, encounter),
        "date_of_service": _date_of_service(resource, encounter),
    }
    if "data" in chosen:
        return _from_data(note_id, chosen["data"], charset, source, context)
    url = chosen.get("url")
    if not isinstance(url, str) or not url:
        return InputProblem(
            note_id, "missing_text", "the attachment has neither data nor url", source
        )
    return _from_url(note_id, url, charset, source, context, resource, ctx)


def _resource_id(resource: dict[str, Any]) -> str | None:
    rid = resource.get("id")
    if isinstance(rid, str) and rid:
        return rid
    master = resource.get("masterIdentifier")
    if isinstance(master, dict) and isinstance(master.get("value"), str) and master["value"]:
        return master["value"]
    for ident in resource.get("identifier") or ():
        if isinstance(ident, dict) and isinstance(ident.get("value"), str) and ident["value"]:
            return ident["value"]
    return None


def _media_type(content_type: Any) -> tuple[str, str | None]:
    """``("text/plain", "iso-8859-1")`` from ``"text/plain; charset=ISO-8859-1"``."""
    if not isinstance(content_type, str):
        return "", None
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _from_data(
    note_id: str, data: Any, charset: str | None, source: str, context: dict[str, Any]
) -> InputItem:
    if not isinstance(data, str):
        return InputProblem(note_id, "invalid_attachment", "attachment.data is not text", source)
    if len(data) * 3 // 4 > MAX_NOTE_BYTES + 3:
        return _too_large(note_id, len(data) * 3 // 4, source)
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return InputProblem(
            note_id, "invalid_attachment", "attachment.data is not valid base64", source
        )
    return note_from_bytes(note_id, raw, source, charset, **context)


def _from_url(
    note_id: str,
    url: str,
    charset: str | None,
    source: str,
    context: dict[str, Any],
    resource: dict[str, Any],
    ctx: FhirContext,
) -> InputItem:
    local = ctx.resolve(url, resource)
    if local is not None:
        if local.get("resourceType") != "Binary":
            return InputProblem(
                note_id, "invalid_attachment", "attachment.url names a non-Binary resource", source
            )
        media, binary_charset = _media_type(local.get("contentType"))
        if media not in _TEXT_TYPES:
            return InputProblem(
                note_id,
                "unsupported_content_type",
                f"the Binary is {media[:60]}, not text/plain",
                source,
            )
        return _from_data(note_id, local.get("data"), binary_charset or charset, source, context)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return InputProblem(
            note_id,
            "remote_attachment",
            "the attachment is an http(s) URL; remote documents are never fetched (nothing "
            "leaves this machine): export the text inline (attachment.data) or as a local file",
            source,
        )
    if scheme == "file":
        path = Path(unquote(parts.path))
    elif scheme == "" or (len(scheme) == 1 and url[1:3] in (":\\", ":/")):
        path = Path(unquote(url))
    else:
        return InputProblem(
            note_id,
            "unresolved_attachment",
            f"attachment url scheme {scheme[:20]!r} is not a local file or a Binary in the bundle",
            source,
        )
    if not path.is_absolute():
        path = ctx.base_dir / path
    try:
        size = path.stat().st_size
    except OSError:
        return InputProblem(
            note_id,
            "attachment_not_found",
            f"attachment file {path.name} not found next to the JSON file",
            source,
        )
    if size > MAX_NOTE_BYTES:
        return _too_large(note_id, size, source)
    try:
        with open_input(path) as handle:
            raw = handle.read(MAX_NOTE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return InputProblem(
            note_id,
            "read_error",
            f"cannot read attachment {path.name}: {type(exc).__name__}",
            source,
        )
    return note_from_bytes(note_id, raw, f"{source} -> {path}", charset, **context)


def _encounter(resource: dict[str, Any], ctx: FhirContext) -> dict[str, Any] | None:
    context = resource.get("context")
    if not isinstance(context, dict):
        return None
    refs = context.get("encounter")
    if isinstance(refs, dict):
        refs = [refs]
    for ref in refs or ():
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            found = ctx.resolve(ref["reference"], resource)
            if isinstance(found, dict) and found.get("resourceType") == "Encounter":
                return found
    return None


def _codings(value: Any) -> Iterator[dict[str, Any]]:
    """The Codings of a Coding, a CodeableConcept, or a list of either (R4 and R5 shapes)."""
    if isinstance(value, list):
        for item in value:
            yield from _codings(item)
    elif isinstance(value, dict):
        if "code" in value or "display" in value:
            yield value
        for coding in value.get("coding") or ():
            if isinstance(coding, dict):
                yield coding
        if isinstance(value.get("text"), str):
            yield {"display": value["text"]}


def _setting(resource: dict[str, Any], encounter: dict[str, Any] | None) -> str | None:
    if encounter is not None:
        for coding in _codings(encounter.get("class")):
            code = str(coding.get("code", "")).upper()
            if code in ENCOUNTER_CLASS_SETTING:
                return ENCOUNTER_CLASS_SETTING[code]
    context = resource.get("context")
    if not isinstance(context, dict):
        return None
    codings = list(_codings(context.get("facilityType"))) + list(
        _codings(context.get("practiceSetting"))
    )
    for coding in codings:
        if _POS_SYSTEM_HINT in str(coding.get("system", "")).lower():
            setting = PLACE_OF_SERVICE_SETTING.get(str(coding.get("code", "")).strip())
            if setting is not None:
                return setting
    for coding in codings:
        display = str(coding.get("display", "")).lower()
        if "outpatient hospital" in display or "hospital outpatient" in display:
            return "facility"
        if "office" in display:
            return "office"
    return None


def _fhir_date(value: Any) -> dt.date | None:
    """The calendar date of a FHIR date/dateTime/instant as written (no time-zone shift)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _date_of_service(resource: dict[str, Any], encounter: dict[str, Any] | None) -> dt.date | None:
    context = resource.get("context")
    if isinstance(context, dict) and isinstance(context.get("period"), dict):
        found = _fhir_date(context["period"].get("start"))
        if found is not None:
            return found
    if encounter is not None and isinstance(encounter.get("period"), dict):
        found = _fhir_date(encounter["period"].get("start"))
        if found is not None:
            return found
    return _fhir_date(resource.get("date"))
