"""Quality gates and the release in Dagster: raw contract checks, the anomaly check, the release
asset, the jobs `check` and `release`, the landing sensor and the yearly schedule."""

from datetime import datetime

import dagster as dg
import duckdb

from ingest.contracts import validate_raw
from ingest.loader import LEDGER, landing_files, sha256_of
from ingest.sources import SOURCES, Source
from orchestration.progress import progress
from orchestration.release import Check, anomaly_checks, contract_cache, coverage_checks, publish, python_checks
from orchestration.resources import WarehouseResource

RELEASE_KEY = dg.AssetKey(["release", "release"])
PYTHON_CHECKS = {"contract", "year_on_year_anomalies", "rows_not_counted"}
YEARLY_CRON = "0 6 1 11 *"  # 1 November, after DUO's October counts are in


def build_contract_check(source: Source) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", source.name]),
        name="contract",
        blocking=True,
        description=f"Great Expectations contract of {source.name} (generated from its Column specs) "
        "over every schooljaar partition in raw.",
    )
    def contract(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        progress(f"contract {source.name} ...")
        with warehouse.connect(read_only=True) as con:
            outcomes = validate_raw(con, source, contract_cache(warehouse.home))
        failed = [o for o in outcomes if not o.passed]
        blocking = [o for o in failed if o.blocking]
        return dg.AssetCheckResult(
            passed=not failed,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            description="; ".join(str(o) for o in failed[:5]) or f"{len(outcomes)} expectations passed",
            metadata={
                "expectations": len(outcomes),
                "failed": dg.MetadataValue.json([o.as_dict() for o in failed[:50]]),
            },
        )

    return contract


@dg.asset_check(
    asset=dg.AssetKey(["marts", "indicator_values"]),
    name="year_on_year_anomalies",
    blocking=False,
    description="Cells of indicator_values whose year-on-year change exceeds the thresholds in "
    "ingest/quality_rules.yml (a warning, never blocking).",
)
def year_on_year_anomalies(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    progress("anomalies: year-on-year changes of marts.indicator_values ...")
    with warehouse.connect(read_only=True) as con:
        found = anomaly_checks(con)
    return dg.AssetCheckResult(
        passed=not found,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(c.detail for c in found[:5]) or "no jumps beyond the thresholds",
        metadata={"anomalies": dg.MetadataValue.json([c.as_dict() for c in found])},
    )


@dg.asset_check(
    asset=dg.AssetKey(["intermediate", "int_coverage__files"]),
    name="rows_not_counted",
    blocking=False,
    description="Raw rows of delivered files that no figure counts, or counts only in part, per source, file "
    "and reason (docs/quality.md, 'Rows not counted'; a warning, never blocking).",
)
def rows_not_counted(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    progress("coverage: rows of the delivered files not counted ...")
    with warehouse.connect(read_only=True) as con:
        checks = coverage_checks(con)
    warned = [c for c in checks if not c.passed]
    return dg.AssetCheckResult(
        passed=not warned,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(f"{c.target}: {c.detail}" for c in warned) or "every row of every file counted",
        metadata={"sources": dg.MetadataValue.json([c.as_dict() for c in checks])},
    )


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


def run_check_results(context: dg.AssetExecutionContext) -> list[Check]:
    """The latest evaluation of every asset check of the repository except those the release
    evaluates itself: the dbt tests of this run's candidate build (job `release`), or of the last
    build when the release asset runs alone (automation). A check without a completed evaluation
    counts as a blocking failure."""
    from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus

    from orchestration.definitions import defs  # the one Definitions (imported here: it imports us)

    keys = [k for k in defs.resolve_asset_graph().asset_check_keys if k.name not in PYTHON_CHECKS]
    latest = context.instance.event_log_storage.get_latest_asset_check_execution_by_key(keys)
    checks = []
    for key in sorted(keys, key=lambda k: (k.asset_key.to_user_string(), k.name)):
        record = latest.get(key)
        target = key.asset_key.to_user_string()
        ev = record.evaluation if record is not None else None
        if record is None or record.status == AssetCheckExecutionRecordStatus.PLANNED or ev is None:
            checks.append(Check("dbt_test", key.name, target, False, True, "not evaluated: run the job 'release'"))
            continue
        blocking = ev.severity == dg.AssetCheckSeverity.ERROR
        checks.append(Check("dbt_test", key.name, target, ev.passed, blocking))
    return checks


def build_release_asset(mart_keys: list[dg.AssetKey]) -> dg.AssetsDefinition:
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
        context: dg.AssetExecutionContext, config: ReleaseConfig, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        home = warehouse.home
        year = config.monitor_year or latest_monitor_year(warehouse)
        progress(f"release {year}: evaluating every check ...")
        checks = [*run_check_results(context), *python_checks(home)]
        log_dir = home.root / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        with (log_dir / f"release-{datetime.now():%Y%m%d-%H%M%S}.log").open("w", encoding="utf-8") as log:
            folder = publish(home, year, checks, context.run_id, log)
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


# ---------------------------------------------------------------- automation


def changed_landing_files(warehouse: WarehouseResource) -> dict[str, list[str]]:
    """source -> landing files ("<file>@<sha256 prefix>") whose sha256 has no successful load in raw._loads."""
    home = warehouse.home
    loaded: set[tuple[str, str, str]] = set()
    if home.database.exists():
        con = duckdb.connect(str(home.database), read_only=True)
        try:
            has = con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = '_loads'"
            ).fetchall()[0][0]
            if has:
                loaded = set(
                    con.execute(f"SELECT source, file_name, sha256 FROM {LEDGER} WHERE result = 'loaded'").fetchall()
                )
        finally:
            con.close()
    changed: dict[str, list[str]] = {}
    for source in SOURCES.values():
        for path in landing_files(home.landing, source):
            name = f"{source.landing_folder}/{path.name}"
            sha = sha256_of(path)
            if (source.name, name, sha) not in loaded:
                changed.setdefault(source.name, []).append(f"{name}@{sha[:12]}")
    return changed


def build_landing_sensor(ingest_job_name: str) -> dg.SensorDefinition:
    @dg.sensor(
        name="landing_sensor",
        job_name=ingest_job_name,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Starts an ingest of only the raw/<source> assets whose landing files are new or changed "
        "(sha256 not in raw._loads); the files are passed in the run's tags.",
    )
    def landing_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        changed = changed_landing_files(warehouse)
        if not changed:
            return dg.SkipReason("no new or changed landing files")
        files = sorted(f for fs in changed.values() for f in fs)
        return dg.RunRequest(
            run_key="|".join(files),
            asset_selection=[dg.AssetKey(["raw", s]) for s in sorted(changed)],
            tags={"sto/changed_files": ",".join(files)[:4000]},
        )

    return landing_sensor
