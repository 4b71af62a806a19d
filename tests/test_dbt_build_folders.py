"""dagster-dbt writes an artifact folder per dbt build into dbt_project/target/ (orchestration/dbt_manifest.py,
prune_build_folders): a build removes all but the newest of them, never one that may still be written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orchestration.dbt_manifest as dbt_manifest


def make(target: Path, name: str, age_s: float) -> Path:
    folder = target / name
    (folder / "compiled").mkdir(parents=True)
    (folder / "run_results.json").write_text("{}")
    stamp = time.time() - age_s
    os.utime(folder, (stamp, stamp))
    return folder


def test_all_but_the_newest_builds_go_and_none_younger_than_the_minimum_age(tmp_path, monkeypatch):
    monkeypatch.setattr(dbt_manifest, "TARGET_DIR", tmp_path)
    old = [make(tmp_path, f"sto_dbt_models-{i:07d}-aaaaaaa", 7200 + 60 * i) for i in range(5)]  # 2 h and older
    recent = make(tmp_path, "sto_dbt_models-recent0-bbbbbbb", 600)  # 10 min: may still be written
    other = make(tmp_path, "column_lineage", 9000)  # not a build's folder
    (tmp_path / "manifest.json").write_text("{}")
    removed = dbt_manifest.prune_build_folders("sto_dbt_models-*", keep=2, min_age_s=3600)
    # newest first: recent, old[0], old[1], ... -> recent and old[0] kept; of the rest, all are older than 1 h
    assert removed == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([recent.name, old[0].name, other.name, "manifest.json"])
    # nothing older than the minimum age beyond the kept ones: nothing more to remove
    assert dbt_manifest.prune_build_folders("sto_dbt_models-*", keep=1, min_age_s=3600) == 1
    assert not old[0].exists() and recent.exists()
    assert dbt_manifest.prune_build_folders("sto_dbt_models-*", keep=0, min_age_s=3600) == 0
