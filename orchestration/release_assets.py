"""The release in Dagster: the asset `release/release` (gate, then publish) and how it reads the dbt tests'
latest outcomes (docs/release.md)."""

from collections.abc import Sequence
from datetime import datetime

import dagster as dg
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus

from ingest.paths import StoHome
from orchestration.build_state import current_check_outcomes, recorded_mart_columns
from orchestration.checks import Check, python_checks
from orchestration.dbt import check_outcome_key
from orchestration.progress import progress
from orchestration.resources import RunLockResource, WarehouseResource
from orchestration.sensors import YEARLY_CRON

RELEASE_KEY = dg.AssetKey(["release", "release"])


class ReleaseConfig(dg.Config):
    monitor_year: int = 0  # 0 = the latest: the last schooljaar of the pupil counts + 1


def latest_monitor_year(warehouse: WarehouseResource) -> int:
    """The monitor year after the last schooljaar of the registry pupil counts (report 2025 = pupils
    of 2024/25). Survey metingen (e.g. a school-leaver meting two years after the diploma) can run
    ahead of the registry data and do not move it; without pupil counts the last schooljaar of
    any indicator is used."""
    with warehouse.connect(read_only=True) as con:
        year = con.execute(
            "SELECT coalesce(max(schooljaar) FILTER (WHERE indicator_id = 'pupils_lj3_count'), max(schooljaar))"
            " FROM marts.indicator_values"
        ).fetchall()[0][0]
    if year is None:
        raise dg.Failure("marts.indicator_values is empty: nothing to release")
    return int(year) + 1


def run_check_results(
    context: dg.AssetExecutionContext, keys: Sequence[dg.AssetCheckKey], home: StoHome
) -> list[Check]:
    """The outcome of the asset checks `keys` (the dbt tests) for the warehouse being released: those recorded
    by the last complete dbt build while the warehouse is still exactly as it left it (a fresh warehouse
    is published without building again), else the latest evaluation in the Dagster instance (of this
    run's candidate build, or of the last build when the release asset runs alone). A check without a
    completed evaluation counts as a blocking failure."""
    ordered = sorted(keys, key=lambda k: (k.asset_key.to_user_string(), k.name))
    recorded = current_check_outcomes(home)
    if recorded is not None:
        progress("  the warehouse is exactly as the last complete dbt build left it: its test outcomes gate")
        return [recorded_check(recorded, key) for key in ordered]
    latest = context.instance.event_log_storage.get_latest_asset_check_execution_by_key(list(keys))
    checks = []
    for key in ordered:
        record = latest.get(key)
        target = key.asset_key.to_user_string()
        ev = record.evaluation if record is not None else None
        if record is None or record.status == AssetCheckExecutionRecordStatus.PLANNED or ev is None:
            checks.append(Check("dbt_test", key.name, target, False, True, "not evaluated: run the job 'release'"))
            continue
        blocking = ev.severity == dg.AssetCheckSeverity.ERROR
        checks.append(Check("dbt_test", key.name, target, ev.passed, blocking))
    return checks


def recorded_check(recorded: dict[str, dict], key: dg.AssetCheckKey) -> Check:
    target = key.asset_key.to_user_string()
    outcome = recorded.get(check_outcome_key(key.asset_key, key.name))
    if outcome is None:
        return Check("dbt_test", key.name, target, False, True, "not evaluated: run the job 'release'")
    return Check("dbt_test", key.name, target, outcome["passed"], outcome["blocking"])


def build_release_asset(mart_keys: Sequence[dg.AssetKey], gate_keys: Sequence[dg.AssetCheckKey]) -> dg.AssetsDefinition:
    """The release asset over the marts; `gate_keys`: the asset checks (the dbt tests) whose latest
    outcome gates it, beside the checks evaluated in Python (orchestration/checks.py)."""

    @dg.asset(
        key=RELEASE_KEY,
        group_name="release",
        deps=mart_keys,
        pool="warehouse",
        kinds={"parquet", "duckdb"},
        # Once a year, after the marts were rebuilt since the cron tick, and only when every
        # blocking check of the marts passed (never eager: a release is a yearly event).
        automation_condition=dg.AutomationCondition.on_cron(YEARLY_CRON)
        & dg.AutomationCondition.all_deps_blocking_checks_passed(),
        description="The immutable yearly release releases/<monitor_year>.<n>/ (docs/release.md): written only "
        "when every blocking check passes (dbt tests of this run, raw contracts, landing in sync).",
    )
    def release(
        context: dg.AssetExecutionContext,
        config: ReleaseConfig,
        warehouse: WarehouseResource,
        run_lock: RunLockResource,
    ) -> dg.MaterializeResult:
        home = warehouse.home
        year = config.monitor_year or latest_monitor_year(warehouse)
        progress(f"release {year}: evaluating every check ...")
        progress("  the lineage of every published cell: written meanwhile, in a process of its own ...")
        log_dir = home.root / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        from orchestration.release_lineage import LineageProcess  # deferred: a refresh never releases

        with (
            LineageProcess(home.database, home.root / "tmp", recorded_mart_columns(home)) as lineage,
            (log_dir / f"release-{datetime.now():%Y%m%d-%H%M%S}.log").open("w", encoding="utf-8") as log,
        ):
            checks = [*run_check_results(context, gate_keys, home), *python_checks(home)]
            from orchestration.publish import publish  # deferred: highspy, scipy, pandas (~0.8 s of start-up)

            folder = publish(home, year, checks, context.run_id, log, lineage)
        progress(f"release written: {folder}")
        return dg.MaterializeResult(
            metadata={
                "release_id": folder.name,
                "path": dg.MetadataValue.path(str(folder)),
                "checks": len(checks),
                "warnings": sum((not c.passed) and not c.blocking for c in checks),
            }
        )

    return release
