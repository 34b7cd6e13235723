"""The coder review report: a static, self-contained HTML site under ``DIR/review/``.

One page per note (highlighted note text, SVG timeline, claim lines with their traces, findings
with provider queries, LLM proposals) and an index with counts, filters, sorting and search. The
pages open from disk, need no network and treat every piece of note text as inert data.
"""

from __future__ import annotations

from infusion_coder.report.highlight import Mark, Segment, segment
from infusion_coder.report.note_page import render_note_page
from infusion_coder.report.sink import ReportSink, note_file_name
from infusion_coder.report.timeline import build_rows, render_svg

__all__ = [
    "Mark",
    "ReportSink",
    "Segment",
    "build_rows",
    "note_file_name",
    "render_note_page",
    "render_svg",
    "segment",
]
