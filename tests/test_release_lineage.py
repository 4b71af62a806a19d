"""The process that writes a release's lineage while the release evaluates its checks and describes its marts
(orchestration/release_lineage.py): a failure is one line, its folder goes when the block is left, and
leaving early ends it. What it writes is tested where releases are (tests/test_trace.py,
tests/test_release.py)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from orchestration.errors import UserError
from orchestration.release_lineage import LineageProcess


def test_a_lineage_that_cannot_be_written_is_one_line(tmp_path: Path):
    work = tmp_path / "tmp"
    with LineageProcess(tmp_path / "missing.duckdb", work, {}) as lineage, pytest.raises(UserError) as failed:
        lineage.wait()
    message = str(failed.value)
    assert message.startswith("the lineage of the release could not be written: ")
    assert "missing.duckdb" in message and "\n" not in message and "Traceback" not in message
    assert list(work.iterdir()) == []  # its folder is gone


def test_a_warehouse_without_marts_names_the_missing_table(tmp_path: Path):
    database = tmp_path / "w.duckdb"
    duckdb.connect(str(database)).close()  # a warehouse without any table
    log = tmp_path / "release.log"
    with (
        LineageProcess(database, tmp_path / "tmp", {}) as lineage,
        log.open("w") as out,
        pytest.raises(UserError) as failed,
    ):
        lineage.wait(out)
    assert 'Table with name "marts.indicator_values" does not exist' in str(failed.value)
    assert log.read_text().strip()  # what the process said is in the release's log


def test_leaving_early_ends_the_process_and_removes_its_folder(tmp_path: Path):
    with LineageProcess(tmp_path / "missing.duckdb", tmp_path / "tmp", {}) as lineage:
        process, folder = lineage._process, lineage.folder
        assert folder.is_dir() and folder.parent == tmp_path / "tmp"
    assert process.poll() is not None  # ended (killed, or done) before the block was left
    assert not folder.exists()


def test_the_marts_column_lineage_it_is_given_is_moved_into_the_release(tmp_path: Path):
    lineage = {"m1": {"a": ["intermediate.x.a"], "b": []}, "m2": {"c": ["staging.y.c", "staging.z.c"]}}
    release = tmp_path / "release"
    release.mkdir()
    with LineageProcess(tmp_path / "missing.duckdb", tmp_path / "tmp", lineage) as process:
        with pytest.raises(UserError):
            process.wait()  # (no warehouse: lineage.json cannot be written; columns.json already is)
        (process.folder / "lineage.json").write_text("{}")
        process.move_into(release)
    assert json.loads((release / "lineage" / "columns.json").read_text()) == lineage
