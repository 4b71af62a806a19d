"""One Dagster asset per raw source: load the new or changed landing files into raw.<source>."""

import dagster as dg

from ingest.errors import IngestFailed
from ingest.loader import load_source
from ingest.sources import SOURCES, Source
from orchestration.progress import progress
from orchestration.resources import RunLockResource, WarehouseResource


def build_ingest_asset(source: Source) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", source.name]),
        group_name="raw",
        kinds={"polars", "duckdb"},
        description=f"{source.title}: files in landing/{source.name}/ loaded into raw.{source.name}, "
        "one transaction per schooljaar; unchanged files are skipped.",
        pool="warehouse",
        metadata={"landing_folder": f"landing/{source.name}", "natural_key": ", ".join(source.key)},
    )
    def ingest(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, run_lock: RunLockResource
    ) -> dg.MaterializeResult:
        progress(f"ingest {source.name} ...")
        with warehouse.connect() as con:
            report = load_source(con, warehouse.home.landing, source, progress)
            rows = con.execute(f"SELECT count(*) FROM raw.{source.name}").fetchone()[0]
        for note in report.notes:
            context.log.warning(note)
        if report.failed:
            raise IngestFailed(report.failed)
        return dg.MaterializeResult(
            metadata={
                "files_loaded": dg.MetadataValue.json(
                    [{"file": f, "schooljaar": y, "rows": n} for f, y, n in report.loaded]
                ),
                "files_unchanged": len(report.unchanged),
                "rows_in_table": rows,
            }
        )

    return ingest


def build_ingest_assets() -> list[dg.AssetsDefinition]:
    return [build_ingest_asset(s) for s in SOURCES.values()]
