"""Fixtures shared by every test package (one place, as in spaCy's test suite)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def pipeline():
    """The full rules-only pipeline, built once per test session."""
    from infusion_coder.pipeline import Pipeline, PipelineConfig

    return Pipeline(PipelineConfig())


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
