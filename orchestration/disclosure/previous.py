"""The hidden cells of the last release, per independent part, kept in STO_HOME so that the next release
hides the same cells of every part that did not change (orchestration/disclosure/solve.py, `choose_hidden`;
docs/release.md, "Disclosure control").

`STO_HOME/cache/disclosure_parts.json` maps each part's fingerprint to the positions of its hidden cells.
It is written when a release is in place and read by the next release; it never goes into a release (a
fingerprint is a function of the hidden values). Without it (a first release, a deleted cache) every part
is solved; a file this version cannot read counts as none.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from ingest.paths import StoHome

FORMAT = 1


def parts_path(home: StoHome):
    return home.root / "cache" / "disclosure_parts.json"


def read_previous(home: StoHome) -> dict[str, list[int]]:
    """The parts of the last release (empty when there is none or the file is not of this format)."""
    try:
        body = json.loads(parts_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(body, dict) or body.get("format") != FORMAT or not isinstance(body.get("parts"), dict):
        return {}
    return body["parts"]


def record(home: StoHome, release_id: str, parts: Mapping[str, list[int]]) -> None:
    """Keep the parts of the release `release_id` for the next release (replaces the file atomically)."""
    path = parts_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"format": FORMAT, "release_id": release_id, "parts": parts}, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    os.replace(tmp, path)
