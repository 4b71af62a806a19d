"""Reading the dbt project's artifacts: the one reader of dbt's manifest (the parsed
`dbt_project/target/manifest.json`) and of the project's vars; and the removal of old builds' artifact
folders. Nothing here runs dbt: the manifest is prepared by `orchestration.dbt.prepare_manifest` (the CLI,
`make`) or by `DbtProject.prepare_if_dev()` under `dagster dev`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ingest.paths import DBT_PROJECT_DIR
from orchestration.errors import UserError

TARGET_DIR = DBT_PROJECT_DIR / "target"
MANIFEST_PATH = TARGET_DIR / "manifest.json"  # what `dbt parse` writes (no compiled SQL)
FINGERPRINT_FILE = TARGET_DIR / ".sto_fingerprint"  # the project files the manifest was parsed from
PROJECT_SUFFIXES = {".sql", ".py", ".yml", ".yaml", ".csv", ".md"}  # what dbt parses (.py: Python models)
SKIPPED_FOLDERS = {"target", "logs"}
BUILDS_KEPT = 20  # artifact folders of dbt builds kept in target/ (prune_build_folders)
BUILD_MIN_AGE_S = 3600.0  # ... and none younger than this (a build of another STO_HOME may still write it)


def read_manifest(required: bool = False) -> dict:
    """The parsed manifest; without one an empty manifest, or with `required` a one-line error."""
    if not MANIFEST_PATH.exists():
        if required:
            raise UserError(
                f"no dbt manifest ({MANIFEST_PATH.relative_to(DBT_PROJECT_DIR.parent)}): run sto-monitor refresh first"
            )
        return {"nodes": {}}
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def manifest_sha256() -> str | None:
    if not MANIFEST_PATH.exists():
        return None
    return hashlib.sha256(MANIFEST_PATH.read_bytes()).hexdigest()


def modified(path: Path) -> float:
    """The path's modification time; one removed meanwhile (by another process pruning) counts as newest."""
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")


def newest_first(paths: Iterable[Path]) -> list[Path]:
    """What is kept in target/ by several processes (build folders, docs pages), newest first."""
    return sorted(paths, key=modified, reverse=True)


def prune_build_folders(pattern: str, keep: int = BUILDS_KEPT, min_age_s: float = BUILD_MIN_AGE_S) -> int:
    """Remove the artifact folders of older dbt builds: dagster-dbt writes one per build into target/
    (`pattern`, e.g. "sto_dbt_models-*": manifest, run results, compiled SQL, ~12 MB at scale 1), and nothing
    removed them. All but the newest `keep` go, except any modified in the last `min_age_s` seconds (a build of
    another STO_HOME or test may still be writing it). How many were removed."""
    now = time.time()
    removed = 0
    for folder in newest_first(TARGET_DIR.glob(pattern))[keep:]:
        if folder.is_dir() and now - modified(folder) >= min_age_s:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def node_meta(node: dict) -> dict:
    """A node's `meta` (dbt >= 1.10 keeps it under config)."""
    return node.get("config", {}).get("meta", {}) or node.get("meta", {}) or {}


def project_fingerprint(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """A hash over every file of the dbt project that a parse reads (not target/ or logs/, which are not
    walked at all: target/ holds a folder of artifacts per dbt invocation, hundreds of MB after a while)."""
    paths = []
    for folder, subfolders, files in os.walk(project_dir):
        subfolders[:] = [d for d in subfolders if d not in SKIPPED_FOLDERS]
        paths.extend(Path(folder) / f for f in files if Path(f).suffix in PROJECT_SUFFIXES)
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(project_dir)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def manifest_is_current(fingerprint: str) -> bool:
    """The parsed manifest exists and was parsed from project files with this fingerprint."""
    return MANIFEST_PATH.exists() and FINGERPRINT_FILE.exists() and FINGERPRINT_FILE.read_text() == fingerprint


@cache
def project_vars(project_dir: Path = DBT_PROJECT_DIR) -> dict[str, Any]:
    """The `vars:` of dbt_project.yml (the one place for settings that SQL and Python share)."""
    text = (project_dir / "dbt_project.yml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text).get("vars") or {})
