"""What earlier releases did, kept in STO_HOME for the next release (orchestration/disclosure/solve.py,
`choose_hidden`; docs/release.md, "Disclosure control"):

- `STO_HOME/cache/disclosure_parts.json`: the last release's hidden cells per independent part (each part's
  fingerprint -> the positions of its hidden cells), so that the next release hides the same cells of every
  part that did not change;
- `STO_HOME/cache/disclosure_published.npy`: the labels (64-bit hashes; a label holds the cell's value) of
  every cell a release published so far, so that a later release treats them as known to the outsider:
  it does not hide them and its attacker's audit uses them.

Both are written when a release is in place and read by the next release; they never go into a release (a
fingerprint is a function of the hidden values). Without them (a first release, a deleted cache) every part
is solved and no cell counts as published before; a file this version cannot read counts as none.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ingest.paths import StoHome

FORMAT = 1


@dataclass(frozen=True)
class Previous:
    parts: Mapping[str, list[int]] = field(default_factory=dict)  # the last release's pattern per part
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))  # sorted label hashes


def parts_path(home: StoHome):
    return home.root / "cache" / "disclosure_parts.json"


def published_path(home: StoHome):
    return home.root / "cache" / "disclosure_published.npy"


def read_previous(home: StoHome) -> Previous:
    """The parts of the last release and the cells published by every release so far (none when there is
    no record or it is not of this format)."""
    return Previous(_read_parts(home), _read_published(home))


def _read_parts(home: StoHome) -> dict[str, list[int]]:
    try:
        body = json.loads(parts_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(body, dict) or body.get("format") != FORMAT or not isinstance(body.get("parts"), dict):
        return {}
    return body["parts"]


def _read_published(home: StoHome) -> np.ndarray:
    try:
        published = np.load(published_path(home), allow_pickle=False)
    except (OSError, ValueError):
        return np.zeros(0, dtype=np.uint64)
    if published.dtype != np.uint64 or published.ndim != 1:
        return np.zeros(0, dtype=np.uint64)
    return sorted_unique(published)


def sorted_unique(hashes: np.ndarray) -> np.ndarray:
    """The distinct values of `hashes`, sorted: np.unique, by sorting (NumPy 2.4's np.unique and np.isin take
    ~20 x as long as a sort on 10^6 random 64-bit hashes)."""
    hashes = np.sort(np.asarray(hashes, dtype=np.uint64))
    return hashes[np.r_[True, hashes[1:] != hashes[:-1]]] if len(hashes) else hashes


def published_before(hashes: np.ndarray, published: np.ndarray) -> np.ndarray:
    """Per hash: is it in `published` (sorted, distinct: `sorted_unique`); np.isin, by binary search."""
    if not len(published):
        return np.zeros(len(hashes), dtype=bool)
    at = np.minimum(np.searchsorted(published, hashes), len(published) - 1)
    return published[at] == hashes


def record(home: StoHome, release_id: str, parts: Mapping[str, list[int]], published: np.ndarray) -> None:
    """Keep the parts of the release `release_id` for the next release, and add the cells it published to
    those of the releases before it (each file replaced atomically)."""
    path = parts_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"format": FORMAT, "release_id": release_id, "parts": parts}, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    os.replace(tmp, path)
    every = sorted_unique(np.concatenate([_read_published(home), np.asarray(published, dtype=np.uint64)]))
    npy = published_path(home)
    tmp = npy.with_name(npy.stem + ".tmp.npy")
    np.save(tmp, every, allow_pickle=False)
    os.replace(tmp, npy)
