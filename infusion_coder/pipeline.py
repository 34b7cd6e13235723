"""The pipeline: one note in, one :class:`NoteResult` out — extraction, validators, packaging.

A note that cannot be processed becomes an error record (``status: "error"``) with the exception
type and a message that names no note text; the batch goes on.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction import build_nlp, extract
from extraction.models import Note
from infusion_coder.models import SETTINGS, NoteResult, Notice
from infusion_coder.readers import InputItem, InputProblem
from validators import code_encounter, load_profile
from validators.models import EncounterContext

log = logging.getLogger(__name__)

DEFAULT_SETTING = "office"
DEFAULT_PAYER = "commercial"


@dataclass
class PipelineConfig:
    """Batch-level defaults; per-note values (JSONL keys) win over these."""

    setting: str | None = None  # None: the note's own cue, else "office"
    payer: str | None = None  # None: "commercial"
    date_of_service: Any = None  # datetime.date | None
    profile_dir: Path | None = None
    refiner: Any = None  # optional LLM refiner (see extraction.refine); None = rules only


@dataclass
class Pipeline:
    """Builds the NLP pipeline once and processes notes one at a time."""

    config: PipelineConfig = field(default_factory=PipelineConfig)

    def __post_init__(self) -> None:
        if isinstance(self.config.refiner, dict):  # --llm settings as sent to batch workers
            from infusion_coder.llm_options import refiner_from_settings

            self.config.refiner = refiner_from_settings(self.config.refiner)
        self._nlp = build_nlp()
        self._profiles: dict[tuple[str, str], Any] = {}

    def profile(self, setting: str, payer: str) -> Any:
        key = (setting, payer)
        if key not in self._profiles:
            self._profiles[key] = load_profile(setting, payer, self.config.profile_dir)
        return self._profiles[key]

    def process_item(self, item: InputItem) -> NoteResult:
        """Process a note, or turn an input problem into its error record."""
        if isinstance(item, InputProblem):
            return NoteResult.failed(item.note_id, item.error_type, item.message)
        return self.process(item)

    def process(self, note: Note) -> NoteResult:
        """Extract, refine (when configured) and code one note; never raises for a bad note."""
        began = time.perf_counter()
        try:
            return self._process(note, began)
        except Exception as exc:  # one bad note must not stop the batch; the error is recorded
            log.warning("note %s failed: %s", note.note_id, type(exc).__name__)
            return NoteResult.failed(
                note.note_id,
                "processing_error",
                f"{type(exc).__name__} while processing the note: {_safe_message(exc)}",
                setting=note.setting or self.config.setting,
                payer=note.payer or self.config.payer,
            )

    def _process(self, note: Note, began: float) -> NoteResult:
        if not note.text.strip():
            return NoteResult.failed(note.note_id, "empty_note", "the note is empty")
        notices: list[Notice] = []
        extraction = extract(note.text, self._nlp)
        llm_record = None
        if self.config.refiner is not None:
            refined = self.config.refiner.refine(note, extraction)
            extraction = refined.extraction
            llm_record = refined.record
            notices.extend(Notice(type=kind, message=text) for kind, text in refined.notices)
        extraction.check_spans(note.text)

        setting = note.setting or self.config.setting
        if setting is None:
            cue = extraction.encounter.setting_cue
            if cue is not None and cue.value in SETTINGS:
                setting = cue.value
                notices.append(
                    Notice(
                        type="setting_from_note", message=f"setting '{setting}' read from the note"
                    )
                )
            else:
                setting = DEFAULT_SETTING
        payer = note.payer or self.config.payer or DEFAULT_PAYER
        dos = note.date_of_service or self.config.date_of_service
        if dos is None and extraction.encounter.date_of_service is not None:
            dos = extraction.encounter.date_of_service.value

        context = EncounterContext(
            note_text=note.text,
            setting=setting,
            payer=payer,
            date_of_service=dos,
            billed=note.billed,
        )
        coding = code_encounter(extraction, context, self.profile(setting, payer))
        for line in coding.lines:
            for ev in line.evidence:
                ev.span.check(note.text)
        for finding in coding.findings:
            for ev in finding.evidence:
                ev.span.check(note.text)
        return NoteResult(
            note_id=note.note_id,
            status="ok",
            setting=setting,
            payer=payer,
            date_of_service=dos,
            text=note.text,
            extraction=extraction,
            coding=coding,
            notices=tuple(notices),
            llm=llm_record,
            seconds=time.perf_counter() - began,
        )


def _safe_message(exc: Exception) -> str:
    """Where the exception was raised, never its message (which may quote note text)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "no traceback"
    last = frames[-1]
    return f"raised at {Path(last.filename).name}:{last.lineno} in {last.name}"
