"""The Spark target (docs/scale_out.md): hand the loaded raw schema to Spark as Parquet, and read its marts back.

The loader keeps writing the raw schema of the DuckDB file (one writer, one transaction per source x
schooljaar). Before a `dbt build --target spark` every raw table is exported to
`$STO_HOME/raw_parquet/<table>/data.parquet`; the dbt project's on-run-start hook (macro
`register_raw_tables`) declares those folders as the tables `raw.<table>` of the Spark session, so the
same dbt sources resolve on both engines. Spark writes its tables under `$STO_HOME/spark-warehouse/<schema>.db/`,
emptied before each build (the session's catalog lives in memory).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ingest.paths import StoHome
from orchestration.errors import UserError
from orchestration.warehouse import connect_duckdb, connect_warehouse

SPARK_TARGET = "spark"  # the output of dbt_project/profiles.yml (its default, `dev`, is DuckDB)


def require_spark() -> None:
    """Refuse with one line when the Spark target cannot run here (no dbt-spark/PySpark, or no Java)."""
    missing = [m for m in ("pyspark", "dbt.adapters.spark") if importlib.util.find_spec(m) is None]
    if missing:
        needs = " and ".join(missing)
        raise UserError(f"--target spark needs {needs}: run `make setup` (installs dbt-spark and PySpark)")
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and (Path(java_home) / "bin" / "java").exists()):
        raise UserError("--target spark needs Java 17 (e.g. apt-get install openjdk-17-jre-headless)")


def raw_parquet_dir(home: StoHome) -> Path:
    return home.root / "raw_parquet"


def spark_warehouse(home: StoHome) -> Path:
    return home.root / "spark-warehouse"


def export_raw_parquet(home: StoHome) -> list[str]:
    """Every table of the DuckDB schema raw as <raw_parquet>/<table>/data.parquet (a folder per table, as
    Spark reads a table); each folder is replaced whole, so a reader never sees half a table. Returns the
    table names."""
    out = raw_parquet_dir(home)
    out.mkdir(parents=True, exist_ok=True)
    con = connect_warehouse(home.database, read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' ORDER BY 1"
            ).fetchall()
        ]
        for table in tables:
            staging = out / f".{table}.new"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            con.execute(f"COPY (SELECT * FROM raw.\"{table}\") TO '{staging / 'data.parquet'}' (FORMAT parquet)")
            final = out / table
            old = out / f".{table}.old"
            shutil.rmtree(old, ignore_errors=True)
            if final.exists():
                final.rename(old)
            staging.rename(final)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        con.close()
    return tables


def reset_spark_warehouse(home: StoHome) -> None:
    """Every Spark build starts from an empty warehouse folder: the session's catalog is in memory, so a
    table folder left by the previous build would only be in the way (Spark refuses to create a table over
    a non-empty folder). Raw Parquet lives elsewhere (raw_parquet/) and is not touched."""
    shutil.rmtree(spark_warehouse(home), ignore_errors=True)


def spark_mart_folders(home: StoHome) -> dict[str, Path]:
    """The marts Spark wrote: <spark-warehouse>/marts.db/<mart>/ (Parquet parts)."""
    marts = spark_warehouse(home) / "marts.db"
    if not marts.is_dir():
        return {}
    return {p.name: p for p in sorted(marts.iterdir()) if p.is_dir() and any(p.glob("*.parquet"))}


@contextmanager
def spark_tables(home: StoHome) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection (in memory) in which every table the Spark build wrote is a view
    <schema>.<table> over its Parquet folder, so that the Python checks (orchestration/checks.py) read
    the Spark build with the same SQL as they read the DuckDB file."""
    con = connect_duckdb()
    try:
        root = spark_warehouse(home)
        for schema in sorted(root.glob("*.db")) if root.is_dir() else []:
            name = schema.name.removesuffix(".db")
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
            for table in sorted(p for p in schema.iterdir() if p.is_dir() and any(p.glob("*.parquet"))):
                con.execute(f'CREATE VIEW "{name}"."{table.name}" AS SELECT * FROM read_parquet(\'{table}/*.parquet\')')
        yield con
    finally:
        con.close()


def spark_summary(home: StoHome, run_id: str | None = None) -> str:
    """What `sto-monitor refresh --target spark` built: the marts' Parquet folders and their indicators,
    read with DuckDB (any Parquet reader would do)."""
    folders = spark_mart_folders(home)
    run = f" (run {run_id[:8]})" if run_id else ""
    lines = [f"refresh done on Spark{run}", f"marts: {spark_warehouse(home)}/marts.db"]
    con = connect_duckdb()
    try:
        for name, folder in folders.items():
            n = con.execute(f"SELECT count(*) FROM read_parquet('{folder}/*.parquet')").fetchone()[0]
            lines.append(f"  marts.{name}: {n:,} rows")
        if "indicator_values" in folders:
            indicators = con.execute(
                "SELECT indicator_id, count(*), min(schooljaar), max(schooljaar) "
                f"FROM read_parquet('{folders['indicator_values']}/*.parquet') GROUP BY 1 ORDER BY 1"
            ).fetchall()
            lines.append("indicators in marts.indicator_values:")
            lines += [f"  {ind}: {n} cells, schooljaar {lo}-{hi}" for ind, n, lo, hi in indicators]
    finally:
        con.close()
    return "\n".join(lines)
