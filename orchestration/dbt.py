"""dbt in Dagster: the dbt CLI resource (created in one place), preparing the manifest, and the dbt
models as Dagster assets (dbt tests become asset checks) with a small translator."""

import fcntl
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version as package_version
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
from dagster_dbt.errors import DagsterDbtCliRuntimeError
from packaging import version

from ingest.paths import DBT_PROJECT_DIR, StoHome
from ingest.testhooks import pause_point
from orchestration.build_state import (
    last_build_state,
    record_build_state,
    recorded_check_outcomes,
    recorded_mart_columns,
    warehouse_state,
)
from orchestration.column_lineage import DagsterColumnLineage, mart_names
from orchestration.dbt_manifest import (
    FINGERPRINT_FILE,
    MANIFEST_PATH,
    manifest_is_current,
    project_fingerprint,
    prune_build_folders,
)
from orchestration.incremental import (
    ENV_VAR as INCREMENTAL_ENV_VAR,
)
from orchestration.incremental import (
    BuildPlan,
    DbtGraph,
    clear_pending,
    exclusion_args,
    incremental_models,
    mark_pending,
    plan_build,
    read_pending,
)
from orchestration.progress import progress
from orchestration.resources import RunLockResource, WarehouseResource
from orchestration.spark import (
    SPARK_TARGET,
    export_raw_parquet,
    raw_parquet_dir,
    reset_spark_warehouse,
    spark_warehouse,
)
from orchestration.warehouse import (
    MEMORY_LIMIT_VAR,
    connect_warehouse,
    memory_limit,
    out_of_memory_hint,
    release,
    retry_memory_limit,
)

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
LAYERS = ("staging", "intermediate", "marts")


def dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


class StoDbtCliResource(DbtCliResource):
    """dagster-dbt's CLI resource without two costs per dbt command that this project never uses: it
    asks the dbt executable for its version (`dbt --version`, a second Python process) and opens dbt's
    adapter inside Dagster's process (for row counts and column metadata read back from the warehouse;
    the marts' column schema and lineage come from the manifest here, orchestration/column_lineage.py).
    Together about 5 s per dbt command on an idle core, more on a busy one (docs/benchmarks.md)."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(package_version("dbt-core"))  # the dbt beside this Python (dbt_executable)

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None


def dbt_resource(target: str | None = None) -> DbtCliResource:
    """The dbt CLI resource: every dbt command (build, parse, docs generate) runs through one made here
    (`target`: a target of profiles.yml other than its default)."""
    return StoDbtCliResource(
        project_dir=DBT_PROJECT, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable(), target=target
    )


# The warehouse's path in the profile of every dbt command on DuckDB, whatever the STO_HOME (dbt_environment)
DBT_DUCKDB_PATH = "~/sto_monitor.duckdb"


@contextmanager
def dbt_environment(home: StoHome, extra: Mapping[str, str] | None = None, *, duckdb: bool = True) -> Iterator[None]:
    """Point the dbt profile at this STO_HOME's warehouse while a dbt process is started (profiles.yml reads
    STO_DUCKDB_PATH; the Spark target STO_SPARK_WAREHOUSE, and its hook register_raw_tables STO_RAW_PARQUET),
    with the schooljaren an incremental build rebuilds (orchestration/incremental.py; absent: all) and
    DuckDB's memory cap (STO_DUCKDB_MEMORY_LIMIT: `memory_limit()`, the cap of this process's connections,
    whose default depends on the machine); the variables are restored afterwards.

    dbt parses the whole project again (about 9 s) when the profile differs from the one of the last parse,
    and the warehouse's path is part of the profile. So on DuckDB the path is the same for every STO_HOME,
    DBT_DUCKDB_PATH, and the dbt process's HOME is the STO_HOME: DuckDB expands `~` with HOME (the file,
    its write-ahead log and its spill folder are the STO_HOME's), and a build in any STO_HOME reuses the
    parse made in another (`duckdb=False`: the Spark target, whose dbt process keeps HOME).

    A dbt process opens the warehouse file itself: a database this process keeps open (`kept_open`,
    orchestration/warehouse.py) is closed first."""
    release(home.database)
    values = {
        "STO_DUCKDB_PATH": DBT_DUCKDB_PATH if duckdb else str(home.database),
        "HOME": str(home.database.parent) if duckdb else os.environ.get("HOME"),
        "STO_SPARK_WAREHOUSE": str(spark_warehouse(home)),
        "STO_RAW_PARQUET": str(raw_parquet_dir(home)),
        MEMORY_LIMIT_VAR: memory_limit(),  # the cap of this process's connections (the default: per machine)
        INCREMENTAL_ENV_VAR: None,
        **(extra or {}),
    }
    before = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def prepare_manifest(home: StoHome | None = None) -> Path:
    """Parse the dbt project when its files changed since the last parse (dbt parse takes seconds); the
    CLI does this before it loads the Definitions, `dagster dev` through DBT_PROJECT.prepare_if_dev().
    dbt parses with the profile every build uses (`dbt_environment`: the same for every STO_HOME and every cap
    of DuckDB's memory, which a dbt-duckdb plugin reads when dbt connects: orchestration/dbt_duckdb_cap.py), so
    that the builds reuse this parse (dbt parses everything again when the profile differs); `home` only names
    the STO_HOME whose environment it runs in (default: STO_HOME from the environment).

    Runs for different STO_HOMEs share the project's target/ folder: an exclusive lock on
    target/.sto_parse.lock lets one of them parse while the others wait and then find it current."""
    # the profile's one value: the warehouse path (the same for every STO_HOME, dbt_environment)
    fingerprint = f"{project_fingerprint()} STO_DUCKDB_PATH={DBT_DUCKDB_PATH}"
    FINGERPRINT_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(FINGERPRINT_FILE.parent / ".sto_parse.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        if manifest_is_current(fingerprint):
            return MANIFEST_PATH
        progress("parsing the dbt project (dbt parse) ...")
        with dbt_environment(home or StoHome.from_env()):
            invocation = dbt_resource().cli(["parse", "--quiet"], target_path=Path("target"))
        invocation.wait()
        FINGERPRINT_FILE.write_text(fingerprint)
    return MANIFEST_PATH


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
    """The dbt models as assets, from the parsed manifest (prepared by the CLI or, under `dagster dev`,
    here: prepare_if_dev does nothing elsewhere)."""
    DBT_PROJECT.prepare_if_dev()
    if not MANIFEST_PATH.exists():
        raise FileNotFoundError(
            f"no dbt manifest at {MANIFEST_PATH}: run `make setup`, `sto-monitor refresh` or `dbt parse` first"
        )

    @dbt_assets(manifest=MANIFEST_PATH, dagster_dbt_translator=TRANSLATOR, project=DBT_PROJECT, pool="warehouse")
    def sto_dbt_models(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        run_lock: RunLockResource,
    ):
        home = warehouse.home
        whole = not context.is_subset
        on_spark = dbt.target == SPARK_TARGET
        before = warehouse_state(home) if whole and not on_spark else None
        last = last_build_state(home)
        pending = read_pending(home)
        if context.job_name == "refresh" and before is not None and pending is None and before == last:
            warnings = [k for k, outcome in recorded_check_outcomes(home).items() if not outcome["passed"]]
            listed = f" ({len(warnings)} warnings: {', '.join(warnings[:5])}{' ...' * (len(warnings) > 5)})"
            progress(
                "dbt build skipped: the raw tables, the dbt project and the built tables are exactly as after "
                "the last complete build, which passed every blocking test" + (listed if warnings else "")
            )
            return
        if on_spark:  # the raw schema of the DuckDB file, handed over as Parquet; an empty Spark warehouse
            progress("handing the raw tables to Spark as Parquet ...")
            export_raw_parquet(home)
            reset_spark_warehouse(home)
            plan = None
        elif before is None:  # a subset of the models: each incremental one rebuilds every schooljaar
            plan = None
            mark_pending(home, None)
        else:  # incremental by schooljaar where it can be (orchestration/incremental.py)
            manifest = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
            # a refresh runs what a changed raw table feeds; the check and release jobs promise every test
            graph = DbtGraph.from_manifest(manifest) if context.job_name == "refresh" else None
            plan = plan_build(last, before, incremental_models(manifest), pending, graph)
            mark_pending(home, plan)
            progress(plan.describe())
        progress(f"dbt build{' on Spark' if on_spark else ''}: seeds, staging, intermediate, marts and their tests ...")
        prune_build_folders(f"{context.op.name}-*")  # dagster-dbt's folder per build (its target path)
        built, outcomes = 0, {}
        # The dbt unit tests check SQL logic, not data: make test runs them (tests/test_dbt_unit_tests.py),
        # a refresh or release does not.
        args = ["build", "--exclude-resource-type", "unit_test"]
        if plan is not None and plan.full:
            args.append("--full-refresh")
        build = DbtBuild(dbt, context, home, args, plan, on_spark)
        columns = None
        for invocation, event in build.events():
            if isinstance(event, dg.Output):
                columns = columns or DagsterColumnLineage(invocation.manifest, TRANSLATOR.get_asset_key)
                event = with_column_lineage(event, columns, invocation.target_path)
                progress(f"  built {event.output_name.replace('__', '.', 1)}")
                built += 1
                if built == 1:
                    pause_point("dbt")  # tests kill the run here, in the middle of the dbt build
            elif isinstance(event, dg.AssetCheckResult):
                blocking = event.severity == dg.AssetCheckSeverity.ERROR
                outcomes[check_outcome_key(event.asset_key, event.check_name)] = {
                    "passed": event.passed,
                    "blocking": blocking,
                }
                if not event.passed:
                    progress(
                        f"  check {event.check_name} on {'.'.join(event.asset_key.path)}: "
                        f"{'FAILED' if blocking else 'warning'}"
                    )
            yield event
        if whole and before is not None:  # complete: a failing blocking test raised above
            if plan is not None and plan.left_out:  # the tests left out: as the last complete build found them
                outcomes = {**recorded_check_outcomes(home), **outcomes}
            record_build_state(home, before, outcomes, mart_columns_after(home, columns))
            clear_pending(home)

    return sto_dbt_models


# dbt writes a debug log file of every command (target/<build>/dbt.log: every SQL statement, ~10 MB per
# build); formatting its lines costs a build ≈ 0.6 s at scale 1 (docs/benchmarks.md). A build's progress
# lines are in the refresh log, its compiled SQL in target/<build>/compiled; DBT_LOG_LEVEL_FILE=debug
# in the environment brings the file back.
LOG_FILE_LEVEL_VAR = "DBT_LOG_LEVEL_FILE"
BUILD_LOG_FILE_LEVEL = "none"


class DbtBuildFailed(Exception):
    """A dbt build that failed, in one line: the failed models and tests with dbt's first error line."""


@dataclass
class DbtBuild:
    """One `dbt build` of the dbt asset: `args` (the command and its flags) with the plan's selection and
    environment (None: every node), on DuckDB or Spark.

    DuckDB spills to disk beyond its cap, but not exactly where the hash tables of several joins meet in one
    query: each keeps to a share of the cap without knowing about the others (DuckDB's documentation, "How to
    tune workloads"). Whether a model runs out of the default cap then depends on its data and the cap, not
    only on the size of either (docs/operations.md). So when every node that failed ran out of DuckDB's memory
    and the cap is sto-monitor's default, the nodes that failed and the ones skipped after them are built once
    more, in a second dbt process with `retry_memory_limit()`; the nodes that were built are left out of it.
    Any other failure, a second one, or a cap the user set (theirs is kept) fails the build with one line
    naming what failed (`failed_nodes_line`)."""

    dbt: DbtCliResource
    context: dg.AssetExecutionContext
    home: StoHome
    args: list[str]
    plan: BuildPlan | None
    on_spark: bool

    def events(self) -> Iterator[tuple[Any, Any]]:
        """(invocation, event) of every Dagster event of the build (and of its retry). The failed checks of the
        first dbt process are held back to its end: a test that a retry runs again reports once, from the retry;
        the others are reported then."""
        left_out = self.plan.exclude if self.plan is not None else []  # what the plan leaves out of the build
        first = self._start(left_out, None)
        held = []
        try:
            for event in first.stream():
                if isinstance(event, dg.AssetCheckResult) and not event.passed:
                    held.append(event)
                else:
                    yield first, event
        except DagsterDbtCliRuntimeError as failed:
            cap = None if self.on_spark else retry_memory_limit()
            again = out_of_memory_retry(first.target_path / "run_results.json", first.manifest) if cap else None
            if again is None:
                yield from ((first, event) for event in held)
                raise self._failure(first, failed) from failed
        else:
            for event in held:
                yield first, event
            return
        for event in held:
            if _unique_id(event) not in again.rerun:
                yield first, event
        progress(
            f"DuckDB ran out of its {memory_limit()} cap in {_listed(again.names)}: building the nodes that failed"
            f" and the ones skipped after them once more with {cap} ..."
        )
        retry = self._start([*left_out, *again.built], cap)
        try:
            for event in retry.stream():
                yield retry, event
        except DagsterDbtCliRuntimeError as failed:
            raise self._failure(retry, failed, cap) from failed

    def _start(self, exclude: list[str], cap: str | None):
        """A dbt process running the build with the nodes of `exclude` left out (and DuckDB's cap `cap`).
        Without dbt's debug log file (BUILD_LOG_FILE_LEVEL), unless the user set DBT_LOG_LEVEL_FILE."""
        env = {
            **(self.plan.env() if self.plan is not None else {}),
            **({MEMORY_LIMIT_VAR: cap} if cap else {}),
            LOG_FILE_LEVEL_VAR: os.environ.get(LOG_FILE_LEVEL_VAR, BUILD_LOG_FILE_LEVEL),
        }
        with dbt_environment(self.home, env, duckdb=not self.on_spark):
            return self.dbt.cli([*self.args, *exclusion_args(exclude)], context=self.context, raise_on_error=True)

    def _failure(self, invocation, failed: Exception, cap: str | None = None) -> DbtBuildFailed:
        """The build's failure in one line: what failed, from the invocation's run_results.json."""
        line = failed_nodes_line(
            invocation.target_path / "run_results.json",
            database=None if self.on_spark else self.home.database,
            cap=cap,
        )
        return DbtBuildFailed(line or str(failed).splitlines()[0])


OUT_OF_MEMORY = "Out of Memory Error"  # how DuckDB's error begins when a query needs more than its cap


@dataclass(frozen=True)
class OutOfMemory:
    """A dbt build whose every failure was DuckDB running out of memory."""

    names: list[str]  # the nodes that ran out
    rerun: frozenset[str]  # unique_ids of the nodes that ran out and of those skipped after them
    built: list[str]  # the selectors of the nodes it built (DbtGraph.selectors), which a retry leaves out


def _run_results(run_results: Path) -> tuple[list[dict], list[dict]]:
    """(every node's result, the failed ones) of a dbt invocation's run_results.json; none when it is absent."""
    if not run_results.exists():
        return [], []
    results = json.loads(run_results.read_text(encoding="utf-8")).get("results", [])
    return results, [r for r in results if r.get("status") in ("error", "fail")]


def out_of_memory_retry(run_results: Path, manifest: Mapping) -> OutOfMemory | None:
    """OutOfMemory from the run_results.json of a dbt build; None when another failure is among its failures,
    or nothing failed."""
    results, failed = _run_results(run_results)
    if not failed or not all(OUT_OF_MEMORY in (r.get("message") or "") for r in failed):
        return None
    selectors = DbtGraph.from_manifest(manifest).selectors
    again = {r["unique_id"] for r in results if r.get("status") in ("error", "skipped")}
    built = [r["unique_id"] for r in results if r["unique_id"] not in again and r["unique_id"] in selectors]
    return OutOfMemory(
        names=[r["unique_id"].split(".")[2] for r in failed],
        rerun=frozenset(again),
        built=[selectors[unique_id] for unique_id in built],
    )


def _listed(names: list[str], most: int = 3) -> str:
    """ "a, b, c (+2 more)" """
    return ", ".join(names[:most]) + (f" (+{len(names) - most} more)" if len(names) > most else "")


def _unique_id(event: dg.AssetCheckResult) -> str | None:
    """The dbt node of a check result (dagster-dbt's metadata)."""
    value = (event.metadata or {}).get("unique_id")
    return getattr(value, "value", value)


def failed_nodes_line(
    run_results: Path, most: int = 3, database: Path | None = None, cap: str | None = None
) -> str | None:
    """ "dbt build failed: model m: <error>; test t: <error> (+N more)" from a run_results.json, or None
    (no such file, or no node failed). A failed `column_checks` test names the rules it found broken when the
    DuckDB warehouse it ran on is given (its query run again, read-only); a model out of DuckDB's memory adds
    the cap (`cap`, by default this process's) and how to raise it."""
    _results, failed = _run_results(run_results)
    if not failed:
        return None
    parts = []
    for result in failed[:most]:
        kind, _project, name = result["unique_id"].split(".")[:3]
        message = " ".join((result.get("message") or result["status"]).split())
        if result["status"] == "fail" and name.startswith("column_checks_") and database is not None:
            message = broken_column_rules(database, result.get("compiled_code") or "") or message
        parts.append(f"{kind} {name}: {message[:200]}")
    more = f" (+{len(failed) - most} more)" if len(failed) > most else ""
    # DuckDB's words when a model needs more than its cap (profiles.yml): say which cap, and how to raise it
    if any(OUT_OF_MEMORY in (r.get("message") or "") for r in failed):
        more += "; " + out_of_memory_hint(cap)
    return "dbt build failed: " + "; ".join(parts) + more


def broken_column_rules(database: Path, compiled_sql: str) -> str | None:
    """ "not_null on vestiging_id: 3 rows, unique on leerling_id: 1 row" from a column_checks test's compiled
    query (dbt_project/tests/generic/column_checks.sql), or None when it cannot be run again."""
    if not compiled_sql or not database.exists():
        return None
    try:
        con = connect_warehouse(database, read_only=True)
        try:
            rows = con.execute(compiled_sql).fetchall()
        finally:
            con.close()
    except duckdb.Error:
        return None
    if not rows:
        return None
    return ", ".join(f"{rule} on {column}: {n:,} row{'s' * (n != 1)}" for rule, column, n in rows)


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


def mart_columns_after(home: StoHome, columns: DagsterColumnLineage | None) -> dict[str, dict[str, list[str]]]:
    """The column lineage of every mart after a complete build: as this build resolved it for the marts it
    built, as the last complete build recorded it for the marts a refresh left out (their SQL is the same: a
    changed dbt project makes a full build); only the marts the project has."""
    recorded = recorded_mart_columns(home)
    if columns is None:  # nothing was built
        return recorded
    marts = mart_names(columns.manifest)
    return {name: lineage for name, lineage in {**recorded, **columns.resolved}.items() if name in marts}


def check_outcome_key(asset_key: dg.AssetKey, check_name: str) -> str:
    return f"{asset_key.to_user_string()}:{check_name}"
