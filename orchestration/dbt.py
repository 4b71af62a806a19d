"""dbt models as Dagster assets (dbt tests become asset checks), with a small translator."""

import fcntl
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from ingest.paths import DBT_PROJECT_DIR, StoHome
from ingest.testhooks import pause_point
from orchestration.column_lineage import DagsterColumnLineage
from orchestration.progress import progress
from orchestration.spark import dbt_target_name, export_raw_parquet, reset_spark_warehouse

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
FINGERPRINT_FILE = DBT_PROJECT_DIR / "target" / ".sto_fingerprint"
LAYERS = ("staging", "intermediate", "marts")


def dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


def dbt_resource(target: str | None = None) -> DbtCliResource:
    """target: a profile output (profiles.yml); None = the profile's default (DuckDB)."""
    return DbtCliResource(
        project_dir=DBT_PROJECT, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable(), target=target
    )


def project_fingerprint() -> str:
    h = hashlib.sha256()
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        if (
            path.suffix in {".sql", ".yml", ".yaml", ".csv", ".md"}
            and "target" not in path.parts
            and "logs" not in path.parts
        ):
            h.update(str(path.relative_to(DBT_PROJECT_DIR)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def ensure_manifest() -> Path:
    """Parse the dbt project when its files changed since the last parse (dbt parse takes seconds).

    Runs for different STO_HOMEs share the project's target/ folder: an exclusive lock on
    target/.sto_parse.lock lets one of them parse while the others wait and then find it current."""
    fingerprint = project_fingerprint()
    manifest = DBT_PROJECT.manifest_path
    FINGERPRINT_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(FINGERPRINT_FILE.parent / ".sto_parse.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        if manifest.exists() and FINGERPRINT_FILE.exists() and FINGERPRINT_FILE.read_text() == fingerprint:
            return manifest
        progress("parsing the dbt project (dbt parse) ...")
        dbt_resource().cli(["parse", "--quiet"], target_path=Path("target")).wait()
        FINGERPRINT_FILE.write_text(fingerprint)
    return manifest


class StoDbtTranslator(DagsterDbtTranslator):
    """Asset keys are <schema>/<name> (raw/<table> for sources, reference/<seed> for seeds), so that
    dbt sources line up with the ingest assets; groups are the layers."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        kind = dbt_resource_props["resource_type"]
        if kind == "source":
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        if kind in ("model", "seed", "snapshot"):
            return dg.AssetKey([self._layer(dbt_resource_props), dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return self._layer(dbt_resource_props)

    @staticmethod
    def _layer(props: Mapping[str, Any]) -> str:
        if props["resource_type"] == "seed":
            return "reference"
        fqn = props.get("fqn", [])
        return next((part for part in fqn if part in LAYERS), props.get("schema", "dbt"))


TRANSLATOR = StoDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def build_dbt_assets() -> dg.AssetsDefinition:
    manifest = ensure_manifest()

    @dbt_assets(manifest=manifest, dagster_dbt_translator=TRANSLATOR, project=DBT_PROJECT, pool="warehouse")
    def sto_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        home = StoHome.from_env()
        whole = not context.is_subset
        on_spark = dbt.target == dbt_target_name("spark")
        before = warehouse_state(home) if whole and not on_spark else None
        if context.job_name == "refresh" and before is not None and before == last_build_state(home):
            progress(
                "dbt build skipped: the raw tables, the dbt project and the built tables are exactly as after "
                "the last complete build, which passed every test"
            )
            return
        if on_spark:
            progress("handing the raw tables to Spark as Parquet ...")
            export_raw_parquet(home)
            reset_spark_warehouse(home)
        progress(f"dbt build{' on Spark' if on_spark else ''}: seeds, staging, intermediate, marts and their tests ...")
        built, clean = 0, True
        invocation = dbt.cli(["build"], context=context, raise_on_error=True)
        columns = DagsterColumnLineage(invocation.manifest, TRANSLATOR.get_asset_key)
        for event in invocation.stream():
            if isinstance(event, dg.Output):
                event = with_column_lineage(event, columns, invocation.target_path)
                progress(f"  built {event.output_name.replace('__', '.', 1)}")
                built += 1
                if built == 1:
                    pause_point("dbt")  # tests kill the run here, in the middle of the dbt build
            elif isinstance(event, dg.AssetCheckResult) and not event.passed:
                clean = False
                progress(
                    f"  check {event.check_name} on {'.'.join(event.asset_key.path)}: "
                    f"{'warning' if event.severity == dg.AssetCheckSeverity.WARN else 'FAILED'}"
                )
            yield event
        if whole and clean and before is not None:
            record_build_state(home, before["raw"])

    return sto_dbt_models


def with_column_lineage(event: dg.Output, columns: DagsterColumnLineage, target_path: Path) -> dg.Output:
    """A mart's Output with its column lineage and column schema (docs/lineage.md); the compiled SQL is
    the one this dbt build wrote (target/<run>/compiled/...)."""
    unique_id = event.metadata.get("unique_id")
    node = columns.manifest.get("nodes", {}).get(getattr(unique_id, "text", unique_id))
    if node is None or node.get("schema") != "marts":
        return event
    compiled = target_path / "compiled" / node["package_name"] / node["original_file_path"]
    if not compiled.exists():
        return event
    extra = columns.metadata(node["unique_id"], compiled.read_text(encoding="utf-8"))
    return event.with_metadata({**event.metadata, **extra}) if extra else event


# ---------------------------------------------------------------- skipping a build that would change nothing


def _build_state_file(home: StoHome) -> Path:
    return home.root / "cache" / "dbt_build.json"


def warehouse_state(home: StoHome, raw: dict | None = None) -> dict | None:
    """What a dbt build depends on and what it leaves behind: the dbt project's fingerprint, a content
    hash of every raw table (DuckDB hashes every column of every row), every other table and view with
    its row count, and a content hash of the marts. None when there is no warehouse yet."""
    if not home.database.exists():
        return None
    con = duckdb.connect(str(home.database), read_only=True)
    try:
        tables = con.execute(
            "SELECT schema_name, table_name, estimated_size FROM duckdb_tables() ORDER BY 1, 2"
        ).fetchall()
        views = con.execute(
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1, 2"
        ).fetchall()

        def content(schema: str, table: str) -> list:
            n, digest = con.execute(f'SELECT count(*), sum(hash(t))::VARCHAR FROM "{schema}"."{table}" t').fetchone()
            return [n, digest]

        if raw is None:
            raw = {t: content(s, t) for s, t, _n in tables if s == "raw"}
        return {
            "project": project_fingerprint(),
            "raw": raw,
            "tables": [[s, t, n] for s, t, n in tables if s != "raw"],
            "views": [[s, v] for s, v in views],
            "marts": {t: content(s, t) for s, t, _n in tables if s == "marts"},
        }
    finally:
        con.close()


def last_build_state(home: StoHome) -> dict | None:
    path = _build_state_file(home)
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, ValueError):
        return None


def record_build_state(home: StoHome, raw: dict) -> None:
    """After a complete dbt build in which every test passed (the raw tables did not change during it)."""
    state = warehouse_state(home, raw=raw)
    path = _build_state_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state), encoding="utf-8")
