"""ICD-10-CM validity with the maintained ``simple-icd-10-cm`` package (CDC release inside).

A code is billable when it exists and is a leaf (``is_valid_item`` and ``is_leaf``): category
headers such as ``F33`` or ``F32.8`` (which has children) are not. The package is imported on
first use (it loads the whole classification, about two seconds) and answers are cached.
"""

from __future__ import annotations

import functools


def normalise_code(code: str) -> str:
    """Upper-case and trim a code as written ("f33.2 " -> "F33.2"); the dot is kept."""
    return code.strip().upper()


@functools.lru_cache(maxsize=4096)
def code_status(code: str) -> str:
    """``"billable"``, ``"header"`` (valid, not a leaf) or ``"unknown"`` for an ICD-10-CM code.

    Args:
        code: The code as written in the note.

    Returns:
        The status string.
    """
    import simple_icd_10_cm as icd  # deferred: loading the classification takes ~2 s

    normal = normalise_code(code)
    if not normal or not icd.is_valid_item(normal):
        return "unknown"
    return "billable" if icd.is_leaf(normal) else "header"
