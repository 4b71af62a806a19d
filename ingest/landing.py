"""The landing zone: which files a source has there, and their content hash (standard library only, so
that `fetch-duo` and the command line start fast)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.sources.base import Source


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def landing_files(landing: Path, source: Source) -> list[Path]:
    """The files of one source in the landing zone (hidden files and folders such as .partial/ are not)."""
    folder = landing / source.landing_folder
    if not folder.is_dir():
        return []
    found = {p for pattern in source.file_globs for p in folder.glob(pattern)}
    return sorted(p for p in found if p.is_file() and not p.name.startswith("."))


def landing_name(source: Source, path: Path) -> str:
    """How the ledger and raw name a landing file: `<landing folder>/<file name>`."""
    return f"{source.landing_folder}/{path.name}"
