"""Imported last by the batch's forkserver process, after the heavy modules it preloads.

Workers fork from the forkserver and share its memory page by page until a page is written
(copy-on-write). The cyclic garbage collector writes into every object it examines, so each
worker's first full collection would copy the whole preloaded heap (spaCy, the ICD-10-CM tables:
about 300 MB) into that worker. :func:`gc.freeze` moves every object that exists now out of the
collector's reach, so those pages stay shared by all workers. Nothing else imports this module.
"""

from __future__ import annotations

import gc

gc.collect()
gc.freeze()
