"""Rule modules by family; importing this package registers every rule in ``RULES``."""

from __future__ import annotations

from validators.rules import (  # noqa: F401  (imported for registration)
    audit,
    code,
    diagnosis,
    dose,
    drug,
    payer,
    route,
    sequence,
    site,
    time,
)
