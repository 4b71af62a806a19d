"""The immutable yearly release (docs/release.md): gate, suppress, export, checksum, rename into place.

`releases/<monitor_year>.<n>/` holds marts/<mart>.parquet (every table of schema marts, after
suppression), manifest.json, checks.json, docs/index.html (dbt docs --static) and release.duckdb
(views marts.<mart> over the Parquet files). It is built in a temporary folder beside releases/ and
renamed into place only when every blocking check passed; an existing release is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb

from ingest.contracts import validate_raw
from ingest.loader import LEDGER, landing_files, sha256_of
from ingest.paths import DBT_PROJECT_DIR, PROJECT_ROOT, StoHome
from ingest.rules import quality_rules
from ingest.sources import SOURCES
from orchestration.errors import UserError
from orchestration.suppression import THRESHOLDS

RELEASE_ID = re.compile(r"^(\d{4})\.(\d+)$")
PACKAGES = ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "polars", "pandas", "great-expectations")


@dataclass
class Check:
    """One check's result as it goes into checks.json."""

    kind: str  # dbt_test | contract | landing | anomaly
    name: str
    target: str
    passed: bool
    blocking: bool  # a failure of this check stops the release
    detail: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        status = "pass" if self.passed else ("fail" if self.blocking else "warn")
        return {
            "kind": self.kind,
            "name": self.name,
            "target": self.target,
            "status": status,
            "severity": "error" if self.blocking else "warn",
            "detail": self.detail,
            **self.extra,
        }

    @property
    def failed_blocking(self) -> bool:
        return self.blocking and not self.passed

    def label(self) -> str:
        return f"{self.kind} {self.name} on {self.target}" + (f" ({self.detail})" if self.detail else "")


# ---------------------------------------------------------------- checks evaluated in Python


def contract_cache(home: StoHome) -> Path:
    """Where the outcomes of contract validations are kept per partition content (ingest/contracts.py)."""
    return home.root / "cache" / "contracts"


def contract_checks(con: duckdb.DuckDBPyConnection, cache_dir: Path | None = None) -> list[Check]:
    """The GX contract of every registered source over the rows in raw now (one check per expectation
    and partition; passing ones summarised per source)."""
    checks = []
    for source in SOURCES.values():
        outcomes = validate_raw(con, source, cache_dir)
        if not outcomes:
            continue
        failed = [o for o in outcomes if not o.passed]
        for o in failed:
            checks.append(
                Check("contract", o.expectation, f"raw/{source.name} {o.partition}", False, o.blocking, str(o))
            )
        checks.append(
            Check(
                "contract",
                "contract",
                f"raw/{source.name}",
                not any(o.blocking for o in failed),
                True,
                f"{len(outcomes) - len(failed)} of {len(outcomes)} expectations passed",
            )
        )
    return checks


def landing_checks(con: duckdb.DuckDBPyConnection, home: StoHome) -> list[Check]:
    """Every file in the landing zone is loaded as it is now (else raw is not what landing says)."""
    checks = []
    has_ledger = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = '_loads'"
    ).fetchall()[0][0]
    for source in SOURCES.values():
        for path in landing_files(home.landing, source):
            file_name = f"{source.landing_folder}/{path.name}"
            sha = sha256_of(path)
            rows = (
                con.execute(
                    f"SELECT result, message FROM {LEDGER} WHERE source = ? AND file_name = ? AND sha256 = ? "
                    "ORDER BY started_at DESC LIMIT 1",
                    [source.name, file_name, sha],
                ).fetchall()
                if has_ledger
                else []
            )
            if rows and rows[0][0] == "loaded":
                continue
            detail = (
                f"the last load failed: {rows[0][1]}"
                if rows
                else "new or changed since the last refresh: run sto-monitor refresh"
            )
            checks.append(Check("landing", "landing_file_loaded", file_name, False, True, detail))
    return checks


def anomaly_checks(con: duckdb.DuckDBPyConnection) -> list[Check]:
    """Year-on-year jumps per cell of marts.indicator_values beyond the configured thresholds (warnings)."""
    rules = quality_rules().get("anomalies", {})
    defaults = rules.get("default", {})
    per_indicator = rules.get("indicators", {}) or {}
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'marts' AND table_name = 'indicator_values'"
    ).fetchall()[0][0]
    if not exists:
        return []
    pairs = con.execute(
        """
        SELECT cur.indicator_id, cur.unit, cur.schooljaar, prev.value, cur.value,
               least(prev.denominator, cur.denominator) AS min_denominator,
               concat_ws(' ', 'regio=' || cur.sto_regio_id, 'vestiging=' || cur.vestiging_id,
                         'leerweg=' || cur.leerweg, 'profiel=' || cur.profiel,
                         cur.breakdown || '=' || cur.breakdown_value) AS cell
        FROM marts.indicator_values AS cur
        JOIN marts.indicator_values AS prev
          ON prev.indicator_id = cur.indicator_id AND prev.schooljaar = cur.schooljaar - 1
         AND prev.sto_regio_id IS NOT DISTINCT FROM cur.sto_regio_id
         AND prev.vestiging_id IS NOT DISTINCT FROM cur.vestiging_id
         AND prev.leerweg IS NOT DISTINCT FROM cur.leerweg
         AND prev.profiel IS NOT DISTINCT FROM cur.profiel
         AND prev.breakdown IS NOT DISTINCT FROM cur.breakdown
         AND prev.breakdown_value IS NOT DISTINCT FROM cur.breakdown_value
        WHERE cur.value IS NOT NULL AND prev.value IS NOT NULL
        ORDER BY 1, 3, 7
        """
    ).fetchall()
    found: dict[str, list[str]] = {}
    for indicator, unit, year, prev, cur, min_denominator, cell in pairs:
        rule = {
            **defaults.get(unit if unit in ("count", "percent") else "other", {}),
            **per_indicator.get(indicator, {}),
        }
        if min_denominator is not None and min_denominator < float(rule.get("min_denominator", 0)):
            continue
        if "points" in rule:
            jump = abs(cur - prev) > float(rule["points"])
            text = f"{prev:g} -> {cur:g} ({cur - prev:+.1f} points)"
        else:
            if max(abs(prev), abs(cur)) < float(rule.get("min_value", 0)) or prev == 0:
                continue
            jump = abs(cur / prev - 1) > float(rule.get("relative", 0.25))
            text = f"{prev:g} -> {cur:g} ({100 * (cur / prev - 1):+.0f} %)"
        if jump:
            found.setdefault(indicator, []).append(f"{year - 1}->{year} {cell or 'total'}: {text}")
    return [
        Check(
            "anomaly",
            "year_on_year_jump",
            f"marts/indicator_values {indicator}",
            False,
            False,
            f"{len(items)} cell(s) beyond the threshold, e.g. " + "; ".join(items[:3]),
            {"cells": items},
        )
        for indicator, items in sorted(found.items())
    ]


def python_checks(home: StoHome) -> list[Check]:
    con = duckdb.connect(str(home.database), read_only=True)
    try:
        return [*landing_checks(con, home), *contract_checks(con, contract_cache(home)), *anomaly_checks(con)]
    finally:
        con.close()


# ---------------------------------------------------------------- writing a release


def dbt_manifest() -> dict:
    path = DBT_PROJECT_DIR / "target" / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"nodes": {}}


def suppression_kinds(manifest: dict) -> tuple[dict[str, str | None], dict[str, dict[str, str | None]]]:
    """indicator_id -> kind (meta.indicators[].suppression) and mart -> {count column -> kind}."""
    indicators: dict[str, str | None] = {}
    columns: dict[str, dict[str, str | None]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "model":
            continue
        meta = node.get("config", {}).get("meta", {}) or node.get("meta", {})
        for ind in meta.get("indicators", []) or []:
            indicators[ind["id"]] = ind.get("suppression")
        if node.get("schema") == "marts":
            cols = {}
            for name, col in (node.get("columns") or {}).items():
                kind = (col.get("meta") or {}).get("suppression") or (col.get("config", {}).get("meta") or {}).get(
                    "suppression"
                )
                if kind is not None:
                    cols[name] = kind
            columns[node["name"]] = cols
    for kind in [*indicators.values(), *(k for c in columns.values() for k in c.values())]:
        if kind is not None and kind not in THRESHOLDS:
            raise UserError(f"unknown suppression kind {kind!r} in dbt meta (expected one of {sorted(THRESHOLDS)})")
    return indicators, columns


def export_marts(con: duckdb.DuckDBPyConnection, folder: Path, manifest: dict) -> tuple[list[dict], Check]:
    """Every released table of schema marts as marts/<name>.parquet after disclosure control
    (orchestration/disclosure), and the attacker's audit as a blocking check."""
    from orchestration.disclosure.release import audit_summary, write_tables

    indicator_kinds, column_kinds = suppression_kinds(manifest)
    outcome, marts = write_tables(con, folder, indicator_kinds, column_kinds)
    detail, extra = audit_summary(outcome)
    return marts, Check("disclosure", "attacker_audit", "release", outcome.passed, True, detail, extra)


def write_lineage(con: duckdb.DuckDBPyConnection, folder: Path, manifest: dict) -> None:
    """lineage.json: the dbt graph (models, seeds, sources, exposures with SQL paths and parents), the
    indicators' trace blocks and the source-row counts of every traceable cell; lineage/columns.json:
    the upstream columns of every mart column (docs/lineage.md)."""
    from orchestration.column_lineage import compiled_manifest, write_columns_json
    from orchestration.trace import lineage_from_manifest, record_cell_rows

    lineage = lineage_from_manifest(manifest)
    lineage["cells"], lineage["cell_files"] = record_cell_rows(con, lineage)
    text = json.dumps(lineage, separators=(",", ":"), ensure_ascii=False, default=str)  # 10^5 cells: compact
    (folder / "lineage.json").write_text(text + "\n")
    write_columns_json(folder, compiled_manifest())


def write_release_duckdb(folder: Path, marts: list[dict]) -> None:
    """release.duckdb: views marts.<mart> over the Parquet files, by paths relative to the release folder."""
    con = duckdb.connect(str(folder / "release.duckdb"))
    try:
        con.execute(f"SET file_search_path = '{folder}'")  # the views keep the relative paths
        con.execute("CREATE SCHEMA marts")
        for m in marts:
            con.execute(f"CREATE VIEW marts.\"{m['name']}\" AS SELECT * FROM read_parquet('{m['file']}')")
    finally:
        con.close()


def build_docs(folder: Path, log) -> None:
    """dbt docs generate --static into docs/index.html."""
    target = folder.parent / f"{folder.name}-dbt-target"
    exe = Path(sys.executable).parent / "dbt"
    cmd = [
        str(exe) if exe.exists() else "dbt",
        "docs",
        "generate",
        "--static",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(target),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=DBT_PROJECT_DIR, env=os.environ.copy())
    log.write(done.stdout + done.stderr)
    if done.returncode != 0 or not (target / "static_index.html").exists():
        raise UserError("dbt docs generate --static failed: " + " ".join(done.stdout.split()[-40:]))
    (folder / "docs").mkdir()
    shutil.copyfile(target / "static_index.html", folder / "docs" / "index.html")
    shutil.rmtree(target, ignore_errors=True)


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


def source_files(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every source file whose rows are in raw now, with its sha256 and load id (from the ledger)."""
    out = []
    for source in SOURCES.values():
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = ?",
            [source.name],
        ).fetchall()[0][0]
        if not exists:
            continue
        rows = con.execute(
            f"""
            SELECT r._source_file, r._source_sha256, r._load_id, r._schooljaar, count(*), any_value(l.finished_at)
            FROM raw.{source.name} AS r LEFT JOIN {LEDGER} AS l ON l.load_id = r._load_id
            GROUP BY 1, 2, 3, 4 ORDER BY 1
            """
        ).fetchall()
        for file, sha, load_id, year, n, loaded_at in rows:
            out.append(
                {
                    "source": source.name,
                    "file": file,
                    "sha256": sha,
                    "load_id": load_id,
                    "schooljaar": year,
                    "rows": n,
                    "loaded_at": loaded_at.isoformat() if loaded_at else None,
                }
            )
    return out


def file_sha256s(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): sha256_of(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def next_release_id(home: StoHome, monitor_year: int) -> str:
    taken = [
        int(m.group(2))
        for p in (home.releases.iterdir() if home.releases.exists() else [])
        if (m := RELEASE_ID.match(p.name)) and int(m.group(1)) == monitor_year
    ]
    return f"{monitor_year}.{max(taken, default=0) + 1}"


def publish(home: StoHome, monitor_year: int, checks: list[Check], run_id: str, log) -> Path:
    """Write the release (all blocking checks must have passed) and return its folder."""
    failing = [c for c in checks if c.failed_blocking]
    if failing:
        raise UserError(gate_message(monitor_year, failing))
    manifest = dbt_manifest()
    staging = home.root / "tmp" / f"release-{uuid.uuid4().hex[:12]}"
    staging.mkdir(parents=True)
    try:
        con = duckdb.connect(str(home.database), read_only=True)
        try:
            marts, disclosure = export_marts(con, staging, manifest)
            checks = [*checks, disclosure]
            if disclosure.failed_blocking:
                raise UserError(gate_message(monitor_year, [disclosure]))
            sources = source_files(con)
            write_lineage(con, staging, manifest)
        finally:
            con.close()
        write_release_duckdb(staging, marts)
        build_docs(staging, log)
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
        from orchestration.report import render_report

        home.releases.mkdir(parents=True, exist_ok=True)
        release_id = next_release_id(home, monitor_year)
        # Before the manifest, so that report/index.html is checksummed with the rest.
        render_report(staging, staging / "report", release_id=release_id)
        commit, dirty = git_commit()
        manifest_path = DBT_PROJECT_DIR / "target" / "manifest.json"
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
            "dbt_manifest_sha256": sha256_of(manifest_path) if manifest_path.exists() else None,
            "suppression": {k: v for k, v in THRESHOLDS.items() if v is not None},
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


# ---------------------------------------------------------------- verifying a release


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
