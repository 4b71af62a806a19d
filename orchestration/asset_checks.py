"""The checks evaluated in Python as Dagster asset checks: the raw contract of every raw/<source> asset
(the outcomes recorded at load time, ingest/contracts.py) and the year-on-year anomaly rules on
marts/indicator_values. The dbt tests are asset checks of the dbt assets (orchestration/dbt.py)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from ingest.contracts import contract_outcomes
from ingest.sources import Source
from orchestration.checks import Check, anomaly_checks, coverage_checks
from orchestration.progress import progress
from orchestration.resources import RunLockResource, WarehouseResource
from orchestration.spark import SPARK_TARGET, spark_tables


def build_contract_check(source: Source) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", source.name]),
        name="contract",
        blocking=True,
        pool="warehouse",
        description=f"Great Expectations contract of {source.name} (generated from its Column specs) "
        "over every schooljaar partition in raw: the outcome recorded when the partition was loaded, "
        "validated again only when the ledger does not vouch for the rows in raw.",
    )
    def contract(warehouse: WarehouseResource, run_lock: RunLockResource) -> dg.AssetCheckResult:
        progress(f"contract {source.name} ...")
        with warehouse.connect() as con:  # writable: an outcome validated here is recorded in the ledger
            outcomes = contract_outcomes(con, source, record=True)
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


@contextmanager
def built_tables(warehouse: WarehouseResource, dbt: DbtCliResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only access to what the run's dbt build wrote: the DuckDB file, or on the Spark target the
    Parquet tables of its spark-warehouse (as DuckDB views)."""
    if dbt.target == SPARK_TARGET:
        with spark_tables(warehouse.home) as con:
            yield con
    else:
        with warehouse.connect(read_only=True) as con:
            yield con


def warning(warned: list[Check], description: str, **listed: list[Check]) -> dg.AssetCheckResult:
    """The result of a non-blocking check: passed when nothing `warned`, else a warning; the `listed`
    checks as JSON metadata under their keyword."""
    return dg.AssetCheckResult(
        passed=not warned,
        severity=dg.AssetCheckSeverity.WARN,
        description=description,
        metadata={key: dg.MetadataValue.json([c.as_dict() for c in checks]) for key, checks in listed.items()},
    )


def warning_check(
    asset: list[str],
    name: str,
    description: str,
    start: str,
    evaluate: Callable[[duckdb.DuckDBPyConnection], dg.AssetCheckResult],
) -> dg.AssetChecksDefinition:
    """A non-blocking check of `asset` that says `start` and `evaluate`s what the run's dbt build wrote."""

    @dg.asset_check(asset=dg.AssetKey(asset), name=name, blocking=False, description=description)
    def check(warehouse: WarehouseResource, dbt: DbtCliResource) -> dg.AssetCheckResult:
        progress(start)
        with built_tables(warehouse, dbt) as con:
            return evaluate(con)

    return check


def anomalies(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    found = anomaly_checks(con)
    return warning(found, "; ".join(c.detail for c in found[:5]) or "no jumps beyond the thresholds", anomalies=found)


def rows_not_counted_in(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    checks = coverage_checks(con)
    warned = [c for c in checks if not c.passed]
    description = "; ".join(f"{c.target}: {c.detail}" for c in warned) or "every row of every file counted"
    return warning(warned, description, sources=checks)


year_on_year_anomalies = warning_check(
    ["marts", "indicator_values"],
    "year_on_year_anomalies",
    "Cells of indicator_values whose year-on-year change exceeds the thresholds in "
    "ingest/quality_rules.yml (a warning, never blocking).",
    "anomalies: year-on-year changes of marts.indicator_values ...",
    anomalies,
)
rows_not_counted = warning_check(
    ["intermediate", "int_coverage__files"],
    "rows_not_counted",
    "Raw rows of delivered files that no figure counts, or counts only in part, per source, file "
    "and reason (docs/quality.md, 'Rows not counted'; a warning, never blocking).",
    "coverage: rows of the delivered files not counted ...",
    rows_not_counted_in,
)
