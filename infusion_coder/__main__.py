"""``python -m infusion_coder`` runs the command line."""

from __future__ import annotations

import sys

from infusion_coder.cli import main

sys.exit(main())
