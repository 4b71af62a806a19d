"""What a refresh prints at its end: the raw and mart tables with their rows, and every indicator of
marts.indicator_values with its cells and schooljaren (DuckDB only: a refresh that changes nothing prints
it without starting Dagster)."""

from __future__ import annotations

from ingest.paths import StoHome
from orchestration.warehouse import connect_warehouse


def summary(home: StoHome, run_id: str | None = None) -> str:
    con = connect_warehouse(home.database, read_only=True)
    try:
        tables = con.execute(
            "SELECT schema_name, table_name, estimated_size FROM duckdb_tables() "
            "WHERE schema_name IN ('raw', 'marts') ORDER BY 1, 2"
        ).fetchall()
        indicators = con.execute(
            "SELECT indicator_id, count(*), min(schooljaar), max(schooljaar) FROM marts.indicator_values "
            "GROUP BY 1 ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    lines = [f"refresh done{f' (run {run_id[:8]})' if run_id else ''}", f"warehouse: {home.database}"]
    for schema, name, rows in tables:
        lines.append(f"  {schema}.{name}: {rows:,} rows")
    lines.append("indicators in marts.indicator_values:")
    for ind, n, lo, hi in indicators:
        lines.append(f"  {ind}: {n} cells, schooljaar {lo}-{hi}")
    return "\n".join(lines)
