"""Automation: the landing sensor (an ingest of the sources whose landing files are not loaded as they are)."""

import dagster as dg

from ingest.ledger import landing_status
from orchestration.resources import WarehouseResource
from orchestration.warehouse import connect_warehouse

YEARLY_CRON = "0 6 1 11 *"  # 1 November, after DUO's October counts are in


def changed_landing_files(warehouse: WarehouseResource) -> dict[str, list[str]]:
    """source -> landing files ("<file>@<sha256 prefix>") that raw does not hold as they are now (new,
    changed, or their last load failed)."""
    home = warehouse.home
    con = connect_warehouse(home.database, read_only=True) if home.database.exists() else None
    try:
        files = landing_status(con, home.landing)
    finally:
        if con is not None:
            con.close()
    changed: dict[str, list[str]] = {}
    for f in files:
        if not f.loaded:
            changed.setdefault(f.source, []).append(f"{f.file_name}@{f.sha256[:12]}")
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
