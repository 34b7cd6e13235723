"""A probe pipeline for the batch machinery tests (never used by the product).

The batch guarantees (one record per note, input order, unique ids, resume, worker-count
invariance) hold whatever the coding is, so they are tested with a pipeline whose behaviour the
tests control: each note gets a record whose notice carries the note's length and digest (so
every record depends on its own text), and markers in the text make the probe slow, raise, or
kill its worker process. The same tests also run on the real pipeline (see conftest.py).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from typing import Any

from infusion_coder.models import NoteResult, Notice
from infusion_coder.readers import InputItem, InputProblem

RAISE = "PROBE:raise"
KILL_WORKER = "PROBE:kill-worker"
SLOW = "PROBE:slow"


class ProbePipeline:
    """Answers every note from its text; markers make it slow, raise or die."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)
        self.pid = os.getpid()

    def process_item(self, item: InputItem) -> NoteResult:
        if isinstance(item, InputProblem):
            return NoteResult.failed(item.note_id, item.error_type, item.message)
        text = item.text
        began = time.perf_counter()
        if KILL_WORKER in text and os.environ.get("PROBE_IN_PROCESS") != "1":
            os._exit(3)
        if RAISE in text:
            raise RuntimeError("probe failure")
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        # Uneven work so that workers finish notes out of input order.
        delay = 0.05 if SLOW in text else (int(digest[:2], 16) % 4) * 0.002
        time.sleep(delay)
        return NoteResult(
            note_id=item.note_id,
            status="ok",
            setting=item.setting or self.options.get("setting") or "office",
            payer=item.payer or self.options.get("payer") or "commercial",
            date_of_service=item.date_of_service or self.options.get("date_of_service"),
            text=text,
            notices=(Notice(type="probe", message=f"{len(text)} chars sha1 {digest[:16]}"),),
            seconds=time.perf_counter() - began,
        )


def build(options: Mapping[str, Any]) -> ProbePipeline:
    """The factory named by ``--pipeline-factory batch_probe:build``."""
    return ProbePipeline(options)


def build_broken(options: Mapping[str, Any]) -> ProbePipeline:
    """A factory whose pipeline cannot be built (a bad profile folder, say)."""
    raise FileNotFoundError("profile folder not found")
