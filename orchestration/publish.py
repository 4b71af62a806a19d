"""Publishing the immutable yearly release (docs/release.md): gate, suppress, export, checksum, rename
into place.

`releases/<monitor_year>.<n>/` holds marts/<mart>.parquet (every table of schema marts, after
suppression), manifest.json, checks.json, lineage.json and lineage/, docs/index.html (dbt docs --static),
report/index.html and release.duckdb (views marts.<mart> over the Parquet files). It is built in a
temporary folder beside releases/ and renamed into place only when every blocking check passed; an
existing release is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import TextIO

import duckdb

from ingest.ledger import source_files
from ingest.paths import PROJECT_ROOT, StoHome
from orchestration.checks import Check
from orchestration.dbt_docs import build_docs, docs_version
from orchestration.dbt_manifest import manifest_sha256, read_manifest
from orchestration.disclosure import previous as previous_parts
from orchestration.disclosure.catalog import catalog_of, thresholds
from orchestration.disclosure.release import audit_summary, write_tables
from orchestration.disclosure.step import Outcome
from orchestration.errors import UserError
from orchestration.progress import progress
from orchestration.release_lineage import LineageProcess
from orchestration.report import render_report
from orchestration.verify import RELEASE_ID, file_sha256s
from orchestration.warehouse import connect_duckdb, connect_warehouse

PACKAGES = ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "polars", "pandas", "great-expectations")


def export_marts(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    manifest: dict,
    log: TextIO | None = None,
    previous: previous_parts.Previous | None = None,
) -> tuple[list[dict], Check, Outcome]:
    """Every released table of schema marts as marts/<name>.parquet after disclosure control
    (orchestration/disclosure), the attacker's audit as a blocking check, and the outcome (its pattern per
    part and the cells it publishes are kept for the next release; `previous`: what earlier releases did,
    orchestration/disclosure/previous.py)."""
    outcome, marts = write_tables(con, folder, catalog_of(manifest), log, previous)
    detail, extra = audit_summary(outcome)
    check = Check("disclosure", "attacker_audit", "release", outcome.passed, True, detail, extra)
    return marts, check, outcome


def write_release_duckdb(folder: Path, marts: list[dict]) -> None:
    """release.duckdb: views marts.<mart> over the Parquet files, by paths relative to the release folder."""
    con = connect_duckdb(folder / "release.duckdb")
    try:
        con.execute(f"SET file_search_path = '{folder}'")  # the views keep the relative paths
        con.execute("CREATE SCHEMA marts")
        for m in marts:
            con.execute(f"CREATE VIEW marts.\"{m['name']}\" AS SELECT * FROM read_parquet('{m['file']}')")
    finally:
        con.close()


def git_commit() -> tuple[str | None, bool | None]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain"], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True
            ).stdout.strip()
        )
        return commit, dirty
    except (OSError, subprocess.CalledProcessError):
        return None, None


def next_release_id(home: StoHome, monitor_year: int) -> str:
    taken = [
        int(m.group(2))
        for p in (home.releases.iterdir() if home.releases.exists() else [])
        if (m := RELEASE_ID.match(p.name)) and int(m.group(1)) == monitor_year
    ]
    return f"{monitor_year}.{max(taken, default=0) + 1}"


def publish(
    home: StoHome, monitor_year: int, checks: list[Check], run_id: str, log: TextIO, lineage: LineageProcess
) -> Path:
    """Write the release (all blocking checks must have passed) and return its folder; `lineage`: the process
    writing its lineage, started before the checks were evaluated (orchestration/release_lineage.py)."""
    failing = [c for c in checks if c.failed_blocking]
    if failing:
        raise UserError(gate_message(monitor_year, failing))
    manifest = read_manifest()
    staging = home.root / "tmp" / f"release-{uuid.uuid4().hex[:12]}"
    staging.mkdir(parents=True)
    try:
        progress("release: export of the marts with disclosure control (cells to hide, attacker's audit) ...")
        con = connect_warehouse(home.database, read_only=True)
        try:
            previous = previous_parts.read_previous(home)
            marts, disclosure, outcome = export_marts(con, staging, manifest, log, previous)
            checks = [*checks, disclosure]
            if disclosure.failed_blocking:
                raise UserError(gate_message(monitor_year, [disclosure]))
            sources = source_files(con)
            docs = docs_version(con)
        finally:
            con.close()
        lineage.wait(log)
        lineage.move_into(staging)
        write_release_duckdb(staging, marts)
        created = datetime.now(UTC).isoformat(timespec="seconds")
        (staging / "checks.json").write_text(
            json.dumps(
                {
                    "monitor_year": monitor_year,
                    "run_id": run_id,
                    "created_at": created,
                    "summary": summarise(checks),
                    "checks": [c.as_dict() for c in checks],
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
            + "\n",
            encoding="utf-8",
        )
        home.releases.mkdir(parents=True, exist_ok=True)
        release_id = next_release_id(home, monitor_year)
        # The report (before the manifest, so that report/index.html is checksummed with the rest) is rendered
        # while dbt generates the docs, when this version of the project and schema has none kept yet.
        progress("release: docs ...")
        progress("release: report ...")
        report = partial(render_report, staging, staging / "report", release_id=release_id)
        if build_docs(home, staging, log, docs, beside=report):
            progress("release: docs generated by dbt docs generate --static (kept for the releases of this version)")
        else:
            progress("release: docs as generated for an earlier release of this project version and warehouse schema")
        progress("release: seal (checksums, manifest) ...")
        commit, dirty = git_commit()
        body = {
            "release_id": release_id,
            "monitor_year": monitor_year,
            "created_at": created,
            "run_id": run_id,
            "project": {
                "name": "sto-monitor",
                "version": _version("sto-monitor"),
                "git_commit": commit,
                "git_dirty": dirty,
            },
            "packages": {p: _version(p) for p in PACKAGES},
            "dbt_manifest_sha256": manifest_sha256(),
            "suppression": thresholds(),
            "marts": marts,
            "disclosure": disclosure.extra.get("utility", {}),
            "source_files": sources,
            "files": file_sha256s(staging),
        }
        (staging / "manifest.json").write_text(
            json.dumps(body, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
        for p in staging.rglob("*"):
            if p.is_file():
                p.chmod(0o444)
        final = home.releases / release_id
        os.rename(staging, final)  # atomic; fails rather than overwrite if the id was taken meanwhile
        # the next release keeps the cells of unchanged parts and what this one published
        previous_parts.record(home, release_id, outcome.parts, outcome.published)
        return final
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def summarise(checks: list[Check]) -> dict:
    return {
        "checks": len(checks),
        "passed": sum(c.passed for c in checks),
        "failed_blocking": sum(c.failed_blocking for c in checks),
        "warnings": sum((not c.passed) and not c.blocking for c in checks),
    }


def gate_message(monitor_year: int, failing: list[Check]) -> str:
    shown = "; ".join(c.label() for c in failing[:5])
    more = f" (and {len(failing) - 5} more)" if len(failing) > 5 else ""
    return f"release {monitor_year} not written: {len(failing)} blocking check(s) failed: {shown}{more}"
