"""Evaluation harness: score the pipeline against labelled gold notes (``infusion-coder eval``).

``gold`` loads and validates the gold files, ``scoring`` holds the pure metric functions over
plain records, ``reporters`` formats them (terminal table, ``metrics.json``, ``report.md``) and
``command`` wires them to the command line. The gold format is documented in
``eval_sets/README.md``.
"""

from __future__ import annotations

from infusion_coder.evaluation.gold import GoldFormatError, GoldNote, line_kind, load_gold
from infusion_coder.evaluation.scoring import METRICS, EvalScores, NotePair, pair_records, score

__all__ = [
    "METRICS",
    "EvalScores",
    "GoldFormatError",
    "GoldNote",
    "NotePair",
    "line_kind",
    "load_gold",
    "pair_records",
    "score",
]
