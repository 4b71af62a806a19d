"""Short progress lines on stderr for long work (ingest, dbt build), shown by the CLI and in logs."""

from __future__ import annotations

import sys


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
