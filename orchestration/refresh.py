"""Run the refresh job in-process and summarise what was built and where."""

from __future__ import annotations

import contextlib
from datetime import datetime

import duckdb
from dagster import DagsterInstance

from ingest.paths import StoHome
from orchestration.errors import UserError


def _failure_messages(result) -> list[str]:
    messages = []
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            while error is not None and error.cls_name in (
                "DagsterExecutionStepExecutionError",
                "DagsterUserCodeExecutionError",
            ):
                error = error.cause
            if error is not None:
                text = error.message.strip()
                prefix = text.split(": ", 1)[0]
                if prefix.endswith(error.cls_name):  # "ingest.errors.IngestFailed: ..." -> "..."
                    text = text.split(": ", 1)[1]
                messages.append(
                    text.splitlines()[0]
                    if error.cls_name != "DbtCliInvocationError"
                    else "dbt build failed: " + " ".join(text.split())[:300]
                )
    return messages


def run_refresh(instance: DagsterInstance | None = None) -> str:
    """Run the refresh job for the current STO_HOME; raise UserError with one line on failure."""
    from orchestration.definitions import defs
    from orchestration.resources import configure_environment

    home = configure_environment()

    job = defs.resolve_job_def("refresh")
    log_dir = home.root / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"refresh-{datetime.now():%Y%m%d-%H%M%S}.log"
    # dbt's own log lines go to the log file; progress lines go to stderr.
    with (
        log_path.open("w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        contextlib.nullcontext(instance) if instance else DagsterInstance.get() as instance,
    ):
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        )
    if not result.success:
        messages = _failure_messages(result) or ["the refresh run failed"]
        raise UserError("; ".join(messages) + f" (nothing downstream of the failure was rebuilt; log: {log_path})")
    return summary(home, result.run_id) + f"\nlog: {log_path}"


def summary(home: StoHome, run_id: str | None = None) -> str:
    con = duckdb.connect(str(home.database), read_only=True)
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
