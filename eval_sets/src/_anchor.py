"""Helpers for writing gold notes by hand: find a quoted phrase and return its half-open span."""

from __future__ import annotations


def span(text: str, needle: str, nth: int = 0) -> list[int]:
    """Return ``[start, end]`` of the ``nth`` occurrence (0-based) of ``needle`` in ``text``.

    Raises:
        ValueError: when the phrase does not occur that often, so a typo in a label fails loudly.
    """
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"{needle!r} (occurrence {nth}) not found in note")
    return [start, start + len(needle)]
