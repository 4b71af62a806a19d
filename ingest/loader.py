"""Loading landing files into raw.<source>: one transaction per (source, schooljaar), with a ledger.

A file is loaded only when it is new or changed (sha256). Every row carries its provenance
(_source_file, _source_sha256, _source_row, _load_id, _loaded_at). A file that breaks its contract
is recorded in the ledger as failed and leaves its partition exactly as it was.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from ingest.errors import InputFileError, Problem
from ingest.sources.base import ParsedFile, Source
from ingest.testhooks import pause_point

LEDGER = "raw._loads"
PROVENANCE_DDL = (
    "_extra VARCHAR, _schooljaar INTEGER, _format_generation VARCHAR, _source_file VARCHAR, "
    "_source_sha256 VARCHAR, _source_row BIGINT, _load_id VARCHAR, _loaded_at TIMESTAMP"
)
LEDGER_DDL = f"""
CREATE TABLE IF NOT EXISTS {LEDGER} (
    load_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    schooljaar INTEGER,
    format_generation VARCHAR,
    rows_read BIGINT,
    rows_loaded BIGINT,
    rows_quarantined BIGINT,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    result VARCHAR NOT NULL,      -- loaded | failed
    message VARCHAR
)
"""


@dataclass
class LoadReport:
    source: str
    loaded: list[tuple[str, int | None, int]] = field(default_factory=list)  # (file, schooljaar, rows)
    unchanged: list[str] = field(default_factory=list)
    failed: list[InputFileError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ensure_schema(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(LEDGER_DDL)
    cols = ", ".join(f'"{c}" VARCHAR' for c in source.column_names)
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.{source.name} ({cols}, {PROVENANCE_DDL})")
    existing = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ?",
            [source.name],
        ).fetchall()
    }
    for c in source.column_names:
        if c not in existing:
            con.execute(f'ALTER TABLE raw.{source.name} ADD COLUMN "{c}" VARCHAR')


def landing_files(landing: Path, source: Source) -> list[Path]:
    folder = landing / source.landing_folder
    if not folder.is_dir():
        return []
    found = {p for pattern in source.file_globs for p in folder.glob(pattern)}
    return sorted(p for p in found if p.is_file() and not p.name.startswith("."))


def _loaded_sha(con: duckdb.DuckDBPyConnection, source: str, file_name: str) -> str | None:
    rows = con.execute(  # fetchall: DuckDB 2 refuses new work while a result is only partly fetched
        f"SELECT sha256 FROM {LEDGER} WHERE source = ? AND file_name = ? AND result = 'loaded' "
        "ORDER BY finished_at DESC LIMIT 1",
        [source, file_name],
    ).fetchall()
    return rows[0][0] if rows else None


def _partition_filter(schooljaar: int | None, file_name: str | None = None) -> tuple[str, list]:
    if file_name is not None:  # Source.per_file: the file is the partition
        return "_source_file = ?", [file_name]
    if schooljaar is None:
        return "_schooljaar IS NULL", []
    return "_schooljaar = ?", [schooljaar]


def _record_failure(con, load_id, source, file_name, sha, size, started, error: InputFileError) -> None:
    con.execute(
        f"INSERT INTO {LEDGER} VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, 0, NULL, ?, ?, 'failed', ?)",
        [load_id, source, file_name, sha, size, started, datetime.now(UTC).replace(tzinfo=None), str(error)],
    )


def load_source(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    source: Source,
    progress: Callable[[str], None] = lambda _m: None,
    only_files: set[str] | None = None,
    contract_cache: Path | None = None,
) -> LoadReport:
    """Load every new or changed file of one source. Never raises for bad files: see report.failed.

    With `contract_cache` (the contract check's cache, ingest/contracts.py), the contract outcomes of the
    partitions written are kept for the check, which then does not validate the same rows again."""
    ensure_schema(con, source)
    report = LoadReport(source.name)

    def parsed_files():
        for path in landing_files(landing, source):
            file_name = f"{source.landing_folder}/{path.name}"
            if only_files is not None and file_name not in only_files:
                continue
            started = datetime.now(UTC).replace(tzinfo=None)
            sha = sha256_of(path)
            size = path.stat().st_size
            if _loaded_sha(con, source.name, file_name) == sha:
                report.unchanged.append(file_name)
                continue
            load_id = uuid.uuid4().hex[:16]
            progress(f"  reading {file_name} ({size / 1e6:.1f} MB)")
            try:
                result = source.parse(path, file_name)
            except InputFileError as exc:
                _record_failure(con, load_id, source.name, file_name, sha, size, started, exc)
                report.failed.append(exc)
                continue
            yield path, file_name, sha, size, started, load_id, result

    # Two files for one partition are ambiguous: refuse the later one, keep the partition as it was.
    # `claimed` is what raw held before this load. Partitioned and per-file sources are parsed, checked
    # and written one file at a time (only one parsed file in memory); snapshot sources are small.
    seen: dict[int | None, str] = {}

    def claimed_in_raw() -> dict:
        return {
            r[0]: r[1]
            for r in con.execute(f"SELECT DISTINCT _schooljaar, _source_file FROM raw.{source.name}").fetchall()
        }

    if source.per_file:
        claimed, parsed = {}, parsed_files()
    elif source.partitioned:
        claimed, parsed = claimed_in_raw(), parsed_files()
    else:
        parsed = list(parsed_files())
        claimed = claimed_in_raw() if any(p[6].schooljaar is not None for p in parsed) else {}
    refused: list[InputFileError] = []  # reported after the files that could not be read, as before
    validating: dict = {}
    validated: dict = {}
    for _path, file_name, sha, size, started, load_id, result in parsed:
        other = (
            None
            if source.per_file
            else seen.get(result.schooljaar)
            or (
                claimed.get(result.schooljaar)
                if claimed.get(result.schooljaar) not in (None, file_name)
                and (landing / claimed[result.schooljaar]).exists()
                else None
            )
        )
        if other:
            err = InputFileError.one(
                file_name,
                f"schooljaar {result.schooljaar} is already delivered by {other}; remove one of the two files",
            )
            _record_failure(con, load_id, source.name, file_name, sha, size, started, err)
            refused.append(err)
            continue
        seen[result.schooljaar] = file_name
        contract_error, warnings = _check_contract(con, source, file_name, result, validating)
        if contract_error is not None:
            validating.pop(partition_id(source, result, file_name), None)
            _record_failure(con, load_id, source.name, file_name, sha, size, started, contract_error)
            refused.append(contract_error)
            continue
        report.notes.extend(f"{file_name}: {w}" for w in warnings)
        rows = _write_partition(con, source, file_name, sha, size, started, load_id, result)
        report.loaded.append((file_name, result.schooljaar, rows))
        validated[partition_id(source, result, file_name)] = validating.pop(partition_id(source, result, file_name))
        report.notes.extend(f"{file_name}: {n}" for n in result.notes)
        progress(
            f"  loaded {file_name}: {rows:,} rows into raw.{source.name}"
            + (f" (schooljaar {result.schooljaar})" if result.schooljaar is not None else "")
        )
    report.failed.extend(refused)
    if contract_cache is not None and validated:
        from ingest.contracts import remember_validated

        remember_validated(con, source, contract_cache, validated)
    return report


def partition_id(source: Source, result: ParsedFile, file_name: str) -> tuple[int | None, str | None]:
    """How the contract check names a partition: (schooljaar, None), or (schooljaar, file) for a
    Source.per_file source, whose files are validated one by one."""
    return result.schooljaar, file_name if source.per_file else None


def _check_contract(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    file_name: str,
    result: ParsedFile,
    validated: dict | None = None,
) -> tuple[InputFileError | None, list[str]]:
    """The source's GX contract on the parsed rows, before anything is written (ingest/contracts.py).
    `validated` collects partition_id -> (file, previous rows, generation, outcomes) of what was checked."""
    from ingest.contracts import previous_partition_rows, validate_frame

    frame = result.frame.with_columns(pl.lit(result.schooljaar, dtype=pl.Int32).alias("_schooljaar")).to_pandas()
    previous_rows = previous_partition_rows(con, source, result.schooljaar)
    outcomes = validate_frame(
        source,
        frame,
        schooljaar=result.schooljaar,
        file_name=file_name,
        previous_rows=previous_rows,
        expected_columns=[*source.column_names, "_extra", "_source_row", "_schooljaar"],
        format_generation=result.format_generation,
    )
    if validated is not None:
        validated[partition_id(source, result, file_name)] = (
            file_name,
            previous_rows,
            result.format_generation,
            outcomes,
        )
    failed = [o for o in outcomes if not o.passed and o.blocking]
    warnings = [f"contract warning: {o.expectation}: {o.detail}" for o in outcomes if not o.passed and not o.blocking]
    if not failed:
        return None, warnings
    problems = [
        Problem(file_name, f"contract {o.expectation} failed: {o.detail}", line=o.first_line, column=o.column)
        for o in failed
    ]
    return InputFileError(problems), warnings


def _write_partition(
    con, source: Source, file_name: str, sha: str, size: int, started: datetime, load_id: str, result: ParsedFile
) -> int:
    con.register("_incoming", result.frame)
    where, params = _partition_filter(result.schooljaar, file_name if source.per_file else None)
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    cols = ", ".join(f'"{c}"' for c in source.column_names)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM raw.{source.name} WHERE {where}", params)
        con.execute(
            f"INSERT INTO raw.{source.name} ({cols}, _extra, _schooljaar, _format_generation, _source_file, "
            f"_source_sha256, _source_row, _load_id, _loaded_at) "
            f"SELECT {cols}, _extra, ?, ?, ?, ?, _source_row, ?, ? FROM _incoming ORDER BY _source_row",
            [result.schooljaar, result.format_generation, file_name, sha, load_id, loaded_at],
        )
        rows = result.frame.height
        con.execute(
            f"INSERT INTO {LEDGER} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'loaded', ?)",
            [
                load_id,
                source.name,
                file_name,
                sha,
                size,
                result.schooljaar,
                result.format_generation,
                result.rows_read,
                rows,
                started,
                datetime.now(UTC).replace(tzinfo=None),
                "; ".join(result.notes) or None,
            ],
        )
        pause_point("ingest")  # tests kill the process here: the partition is written but not committed
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_incoming")
    return rows
