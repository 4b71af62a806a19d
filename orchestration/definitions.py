"""The one Definitions object: what `dagster dev` shows and what `sto-monitor` runs."""

from __future__ import annotations

import dagster as dg

from orchestration.dbt import build_dbt_assets, dbt_resource
from orchestration.ingest_assets import build_ingest_assets
from orchestration.resources import WarehouseResource, configure_environment

configure_environment()

ingest_assets = build_ingest_assets()
dbt_models = build_dbt_assets()

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Load new or changed landing files, then dbt build (models and tests) over the warehouse.",
)

defs = dg.Definitions(
    assets=[*ingest_assets, dbt_models],
    jobs=[refresh_job],
    resources={
        "warehouse": WarehouseResource(),
        "dbt": dbt_resource(),
    },
    executor=dg.in_process_executor,
)
