"""The one Definitions object: what `dagster dev` shows and what `sto-monitor` runs.

Importing this module builds the Definitions from the parsed dbt manifest and does nothing else: it
writes no file and changes no environment variable (tests/test_architecture.py). The manifest is
prepared by the CLI and `make` (orchestration.dbt.prepare_manifest) or, under `dagster dev`, by
DbtProject.prepare_if_dev(); where the warehouse is (STO_HOME) is read by the resources at run time, and
every writing run holds the STO_HOME's run lock through the resource `run_lock`.
"""

from __future__ import annotations

import dagster as dg

from ingest.sources import SOURCES
from orchestration.asset_checks import build_contract_check, rows_not_counted, year_on_year_anomalies
from orchestration.dbt import build_dbt_assets, dbt_resource
from orchestration.ingest_assets import build_ingest_assets
from orchestration.release_assets import build_release_asset
from orchestration.resources import RunLockResource, WarehouseResource
from orchestration.sensors import YEARLY_CRON, build_landing_sensor

ingest_assets = build_ingest_assets()
dbt_models = build_dbt_assets()
contract_checks = [build_contract_check(s) for s in SOURCES.values()]
release_asset = build_release_asset(
    sorted((k for k in dbt_models.keys if k.path[0] == "marts"), key=str),
    gate_keys=sorted(dbt_models.check_keys, key=str),  # the dbt tests; the Python checks it evaluates itself
)

everything_but_release = dg.AssetSelection.all() - dg.AssetSelection.groups("release")
dbt_selection = dg.AssetSelection.assets(dbt_models)

refresh_job = dg.define_asset_job(
    "refresh",
    selection=everything_but_release,
    description="Load new or changed landing files, then dbt build (models and tests) over the warehouse.",
)
ingest_job = dg.define_asset_job(
    "ingest",
    selection=dg.AssetSelection.groups("raw"),
    description="Load new or changed landing files (the landing sensor selects only the affected sources).",
)
check_job = dg.define_asset_job(
    "check",
    selection=dbt_selection | dg.AssetSelection.checks(*contract_checks, year_on_year_anomalies, rows_not_counted),
    description="dbt build with every test, the raw contracts and the anomaly rules, without a release.",
)
release_job = dg.define_asset_job(
    "release",
    selection=dbt_selection | dg.AssetSelection.assets(release_asset),
    description="Build the candidate (dbt build with every test), evaluate every check and write "
    "releases/<monitor_year>.<n>/ only when all blocking checks pass.",
)

warehouse = WarehouseResource()
defs = dg.Definitions(
    assets=[*ingest_assets, dbt_models, release_asset],
    asset_checks=[*contract_checks, year_on_year_anomalies, rows_not_counted],
    jobs=[refresh_job, ingest_job, check_job, release_job],
    schedules=[
        dg.ScheduleDefinition(
            name="yearly_refresh",
            job=refresh_job,
            cron_schedule=YEARLY_CRON,
            default_status=dg.DefaultScheduleStatus.STOPPED,
            description="The full refresh once a year; the release asset follows through its automation "
            "condition (after the cron tick, when all blocking checks passed). Turn on in the Dagster UI.",
        )
    ],
    sensors=[
        build_landing_sensor("ingest"),
        dg.AutomationConditionSensorDefinition(
            "release_automation",
            target=dg.AssetSelection.assets(release_asset),
            default_status=dg.DefaultSensorStatus.STOPPED,
            description="Evaluates the release asset's automation condition (yearly, checks passed).",
        ),
    ],
    resources={
        "warehouse": warehouse,
        "run_lock": RunLockResource(warehouse=warehouse),
        "dbt": dbt_resource(),
    },
    executor=dg.in_process_executor,
)
