"""`sto-monitor verify-release`: a release's files against the checksums of its manifest.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ingest.landing import sha256_of
from ingest.paths import StoHome
from orchestration.errors import UserError

RELEASE_ID = re.compile(r"^(\d{4})\.(\d+)$")


def file_sha256s(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): sha256_of(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def verify_release(home: StoHome, release_id: str) -> list[str]:
    """Recompute every checksum of a release; return the differences (empty = intact)."""
    folder = home.releases / release_id
    if not RELEASE_ID.match(release_id) or not folder.is_dir():
        raise UserError(f"no release {release_id!r} in {home.releases}")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        expected: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError) as exc:
        return [f"manifest.json: unreadable ({exc})"]
    problems = []
    actual = file_sha256s(folder)
    for path, sha in sorted(expected.items()):
        if path not in actual:
            problems.append(f"{path}: missing")
        elif actual[path] != sha:
            problems.append(f"{path}: sha256 differs (manifest {sha[:12]}..., file {actual[path][:12]}...)")
    for path in sorted(set(actual) - set(expected)):
        problems.append(f"{path}: not in manifest.json")
    if manifest.get("release_id") != release_id:
        problems.append(f"manifest.json: release_id is {manifest.get('release_id')!r}, folder is {release_id!r}")
    return problems
