"""infusion-coder: drug-administration coding from clinical notes, with evidence."""

from __future__ import annotations

__version__ = "0.1.0"
