"""Writing the released tables after disclosure control, and the audit's record for checks.json and
manifest.json (called from orchestration/release.py `export_marts`)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import duckdb

from orchestration.disclosure.catalog import Catalog
from orchestration.disclosure.previous import Previous
from orchestration.disclosure.step import SUPPRESSED_COLUMNS, Outcome, disclose

ADDED_TYPES = {"is_suppressed": "BOOLEAN", SUPPRESSED_COLUMNS: "VARCHAR"}


def write_tables(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    catalog: Catalog,
    log: TextIO | None = None,
    previous: Previous | None = None,
) -> tuple[Outcome, list[dict]]:
    """marts/<table>.parquet for every released table, with the column types of the warehouse; `previous`: what
    earlier releases did (orchestration/disclosure/previous.py)."""
    outcome = disclose(con, catalog, log, previous)
    (folder / "marts").mkdir(parents=True)
    marts = []
    for table, frame in outcome.frames.items():
        types = {r[0]: r[1] for r in con.execute(f'DESCRIBE marts."{table}"').fetchall()} | ADDED_TYPES
        select = ", ".join(f'CAST("{c}" AS {types[c]}) AS "{c}"' for c in frame.columns)
        target = folder / "marts" / f"{table}.parquet"
        con.register("_release_frame", frame)
        try:
            con.execute(f"COPY (SELECT {select} FROM _release_frame) TO '{target}' (FORMAT parquet)")
        finally:
            con.unregister("_release_frame")
        suppressed = int(frame["is_suppressed"].sum()) if "is_suppressed" in frame.columns else 0
        marts.append(
            {"name": table, "file": f"marts/{table}.parquet", "rows": len(frame), "suppressed_rows": suppressed}
        )
    return outcome, marts


def audit_summary(outcome: Outcome) -> tuple[str, dict]:
    """The check's detail line and the fields checks.json records (the audit and the utility)."""
    a = outcome.audit
    detail = (
        f"{a['cells']} cells, {a['primary']} primary, {a['complementary']} complementary, "
        f"information loss {a['information_loss']:g}; "
        + ("every primary cell protected" if outcome.passed else f"{a['n_failures']} primary cell(s) narrowed down")
    )
    return detail, {"audit": a, "utility": outcome.shares}
