"""Fixtures of the batch tests (helpers live in batch_helpers.py)."""

from __future__ import annotations

import pytest

from infusion_coder.batch import PipelineSpec


@pytest.fixture
def probe_spec() -> PipelineSpec:
    """The probe pipeline (tests/batch/batch_probe.py) as a batch pipeline spec."""
    return PipelineSpec(factory="batch_probe:build", options={}, preload=())
