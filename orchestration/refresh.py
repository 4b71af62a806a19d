"""Run the Dagster jobs in-process for the command line (refresh, check, release) and summarise them."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Collection, Iterator
from datetime import datetime
from pathlib import Path

from dagster import AssetCheckSeverity, AssetKey, DagsterEventType, DagsterInstance, ExecuteInProcessResult

from ingest.paths import StoHome
from ingest.sources import SOURCES
from orchestration.build_state import current_check_outcomes
from orchestration.checks import landing_checks, python_checks
from orchestration.dagster_storage import instance_config
from orchestration.dbt import dbt_resource, prepare_manifest
from orchestration.errors import UserError
from orchestration.progress import progress
from orchestration.release_assets import RELEASE_KEY
from orchestration.spark import SPARK_TARGET, require_spark, spark_summary
from orchestration.summary import summary
from orchestration.warehouse import connect_warehouse, kept_open, out_of_memory_hint


def _failure_messages(result) -> list[str]:
    messages, out_of_memory = [], False
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            while error is not None and error.cls_name in (
                "DagsterExecutionStepExecutionError",
                "DagsterUserCodeExecutionError",
            ):
                error = error.cause
            if error is not None:
                text = error.message.strip()
                prefix = text.split(": ", 1)[0]
                if prefix.endswith(error.cls_name) and ": " in text:  # "ingest.errors.IngestFailed: ..." -> "..."
                    text = text.split(": ", 1)[1]
                messages.append(text.splitlines()[0])  # a failed dbt build: orchestration.dbt.DbtBuildFailed
                out_of_memory = out_of_memory or error.cls_name == "OutOfMemoryException"
    if out_of_memory:  # DuckDB's, in a step before or after dbt (dbt's own failures say it themselves)
        messages.append(out_of_memory_hint())
    return messages


@contextlib.contextmanager
def _dagster_instance(home: StoHome, instance: DagsterInstance | None) -> Iterator[DagsterInstance]:
    """The given instance, or the persistent one of DAGSTER_HOME (default $STO_HOME/dagster_home, with
    telemetry off), so that the command line's runs show up in the Dagster UI."""
    if instance is not None:
        yield instance
        return
    os.environ.setdefault("DAGSTER_HOME", str(home.root / "dagster_home"))
    # Dagster hands the planned events of a run's start to the event log in batches of this size, which the
    # local event log stores in one transaction (orchestration/dagster_storage.py)
    os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", "1000")
    dagster_home = Path(os.environ["DAGSTER_HOME"])
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text(instance_config(str(dagster_home.resolve())), encoding="utf-8")
    with DagsterInstance.get() as persistent:
        yield persistent


def run_job(
    name: str,
    run_config: dict | None = None,
    instance: DagsterInstance | None = None,
    only: Callable[[StoHome], list[AssetKey] | None] | None = None,
) -> tuple[StoHome, ExecuteInProcessResult, Path]:
    """Run one job of the Definitions in-process for the current STO_HOME; dbt's own log lines go to
    $STO_HOME/logs/<job>-<time>.log (returned), progress lines to stderr. `only`: given the STO_HOME with its
    manifest prepared, the assets of the job to run (None: all of them)."""
    home = StoHome.from_env()
    prepare_manifest(home)
    # deferred: the Definitions are built from the dbt manifest, which prepare_manifest has just made current
    from orchestration.definitions import defs

    job = defs.resolve_job_def(name)
    selection = only(home) if only is not None else None
    log_dir = home.root / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}-{datetime.now():%Y%m%d-%H%M%S}.log"
    with (
        log_path.open("w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        _dagster_instance(home, instance) as dagster_instance,
    ):
        result = job.execute_in_process(
            instance=dagster_instance,
            asset_selection=selection,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}, **(run_config or {})},
        )
    return home, result, log_path


def run_refresh(
    instance: DagsterInstance | None = None, target: str = "duckdb", sources: Collection[str] | None = None
) -> str:
    """Run the refresh job for the current STO_HOME; raise UserError with one line on failure.
    target "spark" runs the same job with dbt's Spark target (orchestration/spark.py, docs/scale_out.md).
    `sources`: the only sources whose ingest asset and contract check run (orchestration/unchanged.py; None:
    every source)."""
    only = None if sources is None else _only_sources(frozenset(sources))
    # the warehouse file opened once for the steps before dbt (orchestration/warehouse.py; the dbt asset
    # closes it before dbt starts)
    with kept_open(StoHome.from_env().database):
        home, result, log_path = run_job("refresh", dbt_target_config(target), instance, only=only)
    if not result.success:
        messages = _failure_messages(result) or ["the refresh run failed"]
        raise UserError("; ".join(messages) + f" (nothing downstream of the failure was rebuilt; log: {log_path})")
    if target == "spark":
        return spark_summary(home, result.run_id) + f"\nlog: {log_path}"
    return summary(home, result.run_id) + f"\nlog: {log_path}"


def _only_sources(sources: frozenset[str]) -> Callable[[StoHome], list[AssetKey]]:
    """The assets of a refresh run with the ingest assets (and so the contract checks) of `sources` only."""

    def only(_home: StoHome) -> list[AssetKey]:
        from orchestration.definitions import dbt_models  # deferred: run_job has prepared the manifest

        left_out = [name for name in SOURCES if name not in sources]
        if left_out:
            progress(
                f"{len(left_out)} of {len(SOURCES)} sources left out of the run: no new or changed landing file, "
                "contracts vouched by the ledger"
            )
        return [*(AssetKey(["raw", name]) for name in SOURCES if name in sources), *dbt_models.keys]

    return only


def dbt_target_config(target: str) -> dict:
    """Run config that points the job's dbt resource at the profile output of an engine (duckdb: none, the
    profile's default)."""
    if target == "duckdb":
        return {}
    require_spark()
    # run config replaces the resource's configuration whole: every field the Definitions set, and the target
    resource = dbt_resource(target=SPARK_TARGET)
    fields = ("project_dir", "profiles_dir", "dbt_executable", "target")
    return {"resources": {"dbt": {"config": {f: getattr(resource, f) for f in fields}}}}


def _check_failures(result) -> list[str]:
    """Blocking asset checks that failed in a run (e.g. dbt tests with severity error)."""
    failed = []
    for event in result.all_events:
        if event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            ev = event.event_specific_data
            if not ev.passed and ev.severity == AssetCheckSeverity.ERROR:
                failed.append(f"{ev.check_name} on {ev.asset_key.to_user_string()}")
    return failed


def run_release(monitor_year: int | None, instance: DagsterInstance | None = None) -> str:
    """Build the candidate, evaluate every check, write the release; raise UserError naming the
    failing checks when a blocking one fails (nothing is written under releases/ then)."""
    config = {"ops": {"release__release": {"config": {"monitor_year": monitor_year or 0}}}}
    home, result, log_path = run_job("release", config, instance, only=_release_alone_when_fresh)
    if not result.success:
        messages = _failure_messages(result)
        if any(m.startswith("release ") for m in messages):  # the gate in the release step said why
            raise UserError("; ".join(messages) + f" (log: {log_path})")
        # The candidate build failed before the gate: name its failing checks and those of the gate.
        failing = _check_failures(result) + [c.label() for c in python_checks(home) if c.failed_blocking]
        if not failing:
            raise UserError("; ".join(messages or ["the release run failed"]) + f" (log: {log_path})")
        shown = "; ".join(failing[:5]) + (f" (and {len(failing) - 5} more)" if len(failing) > 5 else "")
        year = f" {monitor_year}" if monitor_year else ""
        raise UserError(
            f"release{year} not written: {len(failing)} blocking check(s) failed: {shown} (log: {log_path})"
        )
    mats = result.asset_materializations_for_node("release__release")
    path = mats[-1].metadata["path"].value if mats else "?"
    warnings = mats[-1].metadata["warnings"].value if mats else 0
    return (
        f"release written: {path}\n  checks: all blocking checks passed, {warnings} warning(s) in checks.json\n"
        f"  report: {path}/report/index.html"
    )


def _release_alone_when_fresh(home: StoHome) -> list[AssetKey] | None:
    """A release publishes what is there when the warehouse is exactly as the last complete dbt build left
    it (that build's test outcomes gate it); otherwise the job builds the candidate first."""
    if current_check_outcomes(home) is None:
        return None
    progress("the warehouse is as the last complete dbt build left it: publishing it without building again")
    return [RELEASE_KEY]


def run_checks(instance: DagsterInstance | None = None) -> tuple[bool, str]:
    """dbt build with every test, raw contracts and anomaly rules; no release."""
    home, result, log_path = run_job("check", instance=instance)
    lines, blocking = [], 0
    for event in result.all_events:
        if event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            ev = event.event_specific_data
            status = "pass" if ev.passed else ("FAIL" if ev.severity == AssetCheckSeverity.ERROR else "warn")
            blocking += status == "FAIL"
            if status != "pass":
                desc = ev.description or ""
                lines.append(f"  {status} {ev.check_name} on {ev.asset_key.to_user_string()} {desc}".rstrip())
    con = connect_warehouse(home.database, read_only=True)
    try:
        for c in landing_checks(con, home):
            blocking += 1
            lines.append(f"  FAIL {c.name} on {c.target} ({c.detail})")
    finally:
        con.close()
    ok = result.success and blocking == 0
    head = "all blocking checks passed" if ok else f"{blocking} blocking check(s) failed"
    if not result.success and not blocking:
        head = "; ".join(_failure_messages(result)) or "the check run failed"
    return ok, "\n".join([head, *lines, f"log: {log_path}"])
