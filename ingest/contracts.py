"""Raw contracts: one Great Expectations 1.x suite per source, generated from its Column specs.

The suite of a (source, schooljaar) partition checks: the exact set of columns, non-null columns,
every value against its column's pattern (types, code domains and ranges of the raw text values),
uniqueness of the natural key, the schooljaar against the year in the file name, and the row count
against the previous schooljaar of the same source (bands in ingest/quality_rules.yml).

A partition is validated once, by `validate_partition` (the one place a suite runs), when the loader
has parsed it and before anything is written: a blocking failure leaves the partition as it was and is
reported as an InputFileError naming file, line, column and rule. The outcome is recorded in the load
ledger beside the load that wrote the partition (ingest/ledger.py), keyed by the partition's content
and the suite's inputs. The asset check `contract`, `sto-monitor check` and the release read it with
`contract_outcomes`, which validates again only a partition the ledger does not vouch for: rows changed
behind the loader's back, a suite whose inputs changed (the previous schooljaar's row count, the rules,
this module), or a load from before outcomes were recorded. GX runs on pandas dataframes in an
ephemeral context (stack_notes.md: not on DuckDB, not dagster-ge).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import uuid
import warnings
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

from ingest.ledger import record_contract, recorded_contracts
from ingest.rules import quality_rules
from ingest.sources.base import COUNT_RULE, SUPPRESSED, ParsedFile, Source, schooljaar_from_name

PROVENANCE = [
    "_extra",
    "_schooljaar",
    "_format_generation",
    "_source_file",
    "_source_sha256",
    "_source_row",
    "_load_id",
    "_loaded_at",
]


@dataclass(frozen=True)
class Outcome:
    """The result of one expectation on one partition."""

    source: str
    partition: str  # "schooljaar 2019" or "snapshot"
    file: str | None
    expectation: str
    column: str | None
    passed: bool
    blocking: bool
    detail: str
    first_line: int | None = None

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "partition": self.partition,
            "file": self.file,
            "expectation": self.expectation,
            "column": self.column,
            "passed": self.passed,
            "severity": "error" if self.blocking else "warn",
            "detail": self.detail,
            "first_line": self.first_line,
        }

    def __str__(self) -> str:
        where = self.file or self.source
        if self.first_line is not None:
            where += f", line {self.first_line}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: contract {self.expectation} failed: {self.detail}"


@cache
def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before GX is imported, which reads them
    os.environ.setdefault("TQDM_DISABLE", "1")  # GX's progress bars stay out of logs
    import great_expectations as gx  # deferred: GX takes seconds to import, and only validating needs it

    context = gx.get_context(mode="ephemeral")
    with contextlib.suppress(Exception):  # older GX without the setting: TQDM_DISABLE covers it
        context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return gx, context


def _expectations(
    source: Source,
    columns: list[str],
    schooljaar: int | None,
    file_name: str | None,
    previous_rows: int | None,
    format_generation: str | None = None,
) -> list:
    import great_expectations.expectations as gxe  # deferred: see _gx

    rules = quality_rules().get("contracts", {})
    block = {"blocking": True}
    out: list = [gxe.ExpectTableColumnsToMatchSet(column_set=columns, exact_match=True, meta=block)]
    for c in source.columns:
        if not c.nullable:
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=c.name, meta={**block, "rule": "value is required"}))
        if c.pattern is not None:
            pattern, rule = c.pattern, c.rule or c.pattern
            # DUO's newer files publish 1-4 as '<5' (generation "new", or e.g. "multi_year_new" for exam files)
            if c.rule == COUNT_RULE and (format_generation or "").rsplit("_", 1)[-1] == "new":
                pattern, rule = f"{pattern}|{SUPPRESSED}", f"{rule} or '{SUPPRESSED}'"
            out.append(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=c.name, regex=f"^(?:{pattern})$", meta={**block, "rule": rule}
                )
            )
    if len(source.key) == 1:
        out.append(gxe.ExpectColumnValuesToBeUnique(column=source.key[0], meta={**block, "rule": "key is unique"}))
    elif source.key:
        out.append(
            gxe.ExpectCompoundColumnsToBeUnique(column_list=list(source.key), meta={**block, "rule": "key is unique"})
        )
    expected_year = schooljaar
    named = schooljaar_from_name(file_name) if file_name and source.partitioned else None
    if named is not None:
        expected_year = named
    if expected_year is not None:
        out.append(
            gxe.ExpectColumnValuesToBeInSet(
                column="_schooljaar",
                value_set=[expected_year],
                meta={**block, "rule": f"schooljaar must be {expected_year} (the file's year)"},
            )
        )
    if previous_rows is not None and previous_rows >= int(rules.get("min_previous_rows", 200)):
        for band, blocking in (("error_band", True), ("warn_band", False)):
            lo, hi = rules.get(band, [0.1, 10.0] if blocking else [0.5, 1.5])
            out.append(
                gxe.ExpectTableRowCountToBeBetween(
                    min_value=math.ceil(previous_rows * lo),
                    max_value=math.floor(previous_rows * hi),
                    meta={
                        "blocking": blocking,
                        "rule": f"row count within {lo:g}-{hi:g} x the previous schooljaar's {previous_rows:,}",
                    },
                )
            )
    return out


def validate_partition(
    source: Source,
    frame: pd.DataFrame | pl.DataFrame,
    *,
    schooljaar: int | None,
    file_name: str | None,
    previous_rows: int | None,
    expected_columns: list[str] | None = None,
    format_generation: str | None = None,
) -> list[Outcome]:
    """Run the generated suite on one partition's rows (text values as in raw, with `_source_row`
    and `_schooljaar`); return one Outcome per expectation. The one place where a raw contract runs:
    how a partition is validated (today GX on a pandas copy) is decided here and nowhere else."""
    if isinstance(frame, pl.DataFrame):
        frame = frame.to_pandas()
    gx, context = _gx()
    columns = expected_columns or [*source.column_names, *PROVENANCE]
    name = f"{source.name}_{schooljaar}_{uuid.uuid4().hex[:8]}"
    suite = gx.ExpectationSuite(name=name)
    for expectation in _expectations(source, columns, schooljaar, file_name, previous_rows, format_generation):
        suite.add_expectation(expectation)
    suite = context.suites.add(suite)
    data_source = context.data_sources.add_or_update_pandas("sto_raw")
    asset = data_source.add_dataframe_asset(name)
    batch = asset.add_batch_definition_whole_dataframe("whole")
    validation = context.validation_definitions.add(gx.ValidationDefinition(data=batch, suite=suite, name=name))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # pandas: "pattern has match groups"
            result = validation.run(
                batch_parameters={"dataframe": frame},
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": ["_source_row"] if "_source_row" in frame.columns else [],
                    "partial_unexpected_count": 5,
                },
            )
    finally:  # an ephemeral context keeps everything in memory: forget this partition's objects
        context.validation_definitions.delete(name)
        context.suites.delete(name)
        data_source.delete_asset(name)
        # ... including the metrics GX computed on it (column values, unexpected index lists), which its
        # execution engine otherwise keeps for the life of the process (hundreds of MB per source).
        with contextlib.suppress(Exception):
            data_source.get_execution_engine()._metric_cache.clear()
    partition = "snapshot" if schooljaar is None else f"schooljaar {schooljaar}"
    outcomes = []
    for r in result.results:
        config = r.expectation_config
        meta = config.meta or {}
        column = config.kwargs.get("column")
        res = r.result or {}
        first_line = None
        if r.exception_info and r.exception_info.get("raised_exception"):
            detail = f"could not be evaluated: {r.exception_info.get('exception_message')}"
        elif r.success:
            detail = "ok"
        elif "unexpected_count" in res:
            examples = res.get("partial_unexpected_list") or []
            lines = [
                int(i["_source_row"])
                for i in (res.get("unexpected_index_list") or [])
                if isinstance(i, dict) and i.get("_source_row") is not None
            ]
            first_line = min(lines) if lines else None
            shown = ", ".join(repr(v) for v in examples[:3])
            detail = f"{meta.get('rule', config.type)}: {res['unexpected_count']:,} row(s)" + (
                f", e.g. {shown}" if shown else ""
            )
        else:
            detail = f"{meta.get('rule', config.type)} (observed {res.get('observed_value')!r})"
        outcomes.append(
            Outcome(
                source=source.name,
                partition=partition,
                file=file_name,
                expectation=config.type,
                column=column,
                passed=bool(r.success),
                blocking=bool(meta.get("blocking", True)),
                detail=detail,
                first_line=first_line,
            )
        )
    return outcomes


def previous_partition_rows(con, source: Source, schooljaar: int | None) -> int | None:
    """Rows of the latest earlier schooljaar of the source in raw (None: no earlier partition)."""
    if schooljaar is None:
        return None
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = ?", [source.name]
    ).fetchall()[0][0]
    if not exists:
        return None
    rows = con.execute(
        f"SELECT _schooljaar, count(*) FROM raw.{source.name} WHERE _schooljaar < ? GROUP BY 1 ORDER BY 1 DESC LIMIT 1",
        [schooljaar],
    ).fetchall()
    return int(rows[0][1]) if rows else None


def validate_parsed(con: duckdb.DuckDBPyConnection, source: Source, file_name: str, parsed: ParsedFile) -> Validated:
    """The contract on a parsed file's rows, before they are written (the loader)."""
    inputs = {
        "file_name": file_name,
        "previous_rows": previous_partition_rows(con, source, parsed.schooljaar),
        "format_generation": parsed.format_generation,
    }
    frame = parsed.frame.with_columns(pl.lit(parsed.schooljaar, dtype=pl.Int32).alias("_schooljaar"))
    outcomes = validate_partition(
        source,
        frame,
        schooljaar=parsed.schooljaar,
        expected_columns=[*source.column_names, "_extra", "_source_row", "_schooljaar"],
        **inputs,
    )
    return Validated(partition_id(source, parsed.schooljaar, file_name), inputs, outcomes)


def partition_id(source: Source, schooljaar: int | None, file_name: str) -> tuple[int | None, str | None]:
    """How a partition is named: (schooljaar, None), or (schooljaar, file) for a Source.per_file source,
    whose files are partitions of their own."""
    return schooljaar, file_name if source.per_file else None


@dataclass(frozen=True)
class Validated:
    """A partition the loader validated before writing it: the suite's inputs and its outcomes."""

    partition: tuple[int | None, str | None]
    inputs: dict
    outcomes: list[Outcome]


@cache
def _contract_code() -> str:
    """Changes to this module (how suites are built and read) invalidate every recorded outcome."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest() + version("great_expectations")


def _partition_key(source: Source, schooljaar, content: str, rows: int, **inputs) -> str:
    """Everything the outcomes of one partition's validation depend on: the partition's content (a
    hash over every column of every row, computed by DuckDB), the suite's inputs and its code."""
    spec = {
        "source": [source.name, [asdict(c) for c in source.columns], list(source.key), source.partitioned],
        "rules": quality_rules().get("contracts", {}),
        "code": _contract_code(),
        "schooljaar": schooljaar,
        "content": [content, rows],
        **inputs,
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class RawPartition:
    """One partition of raw.<source> as it is now, with what its suite's outcome depends on."""

    schooljaar: int | None
    file: str | None  # the file of a Source.per_file partition, else None
    inputs: dict  # file_name, previous_rows, expected_columns, format_generation
    rows: int
    content: str  # DuckDB's hash over every column of every row
    load_id: str | None  # the load that wrote it (None: rows of several loads)

    def key(self, source: Source) -> str:
        return _partition_key(source, self.schooljaar, self.content, self.rows, **self.inputs)


def _raw_partitions(con: duckdb.DuckDBPyConnection, source: Source) -> tuple[list[RawPartition], list[str]] | None:
    """Every partition of raw.<source> in the order they are validated, and the table's columns; None when
    the table does not exist. A partition is a schooljaar (file None), or for a Source.per_file source one
    file: two editions of a multi-year file may both hold a cell (staging picks the newest), so the key is
    unique per file."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = ?", [source.name]
    ).fetchall()[0][0]
    if not exists:
        return None
    columns = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ? "
            "ORDER BY ordinal_position",
            [source.name],
        ).fetchall()
    ]
    expected = [*source.column_names, *PROVENANCE]
    by_file = ", _source_file" if source.per_file else ", NULL"
    rows = con.execute(
        f"SELECT _schooljaar{by_file} AS file, min(_source_file), count(DISTINCT _source_file), "
        f"min(_format_generation), count(*), sum(hash(t))::VARCHAR, min(_load_id), count(DISTINCT _load_id) "
        f"FROM raw.{source.name} t GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2"
    ).fetchall()
    out, previous = [], None
    for schooljaar, file, file_name, n_files, generation, n, digest, load_id, n_loads in rows:
        inputs = {
            "file_name": file_name if n_files == 1 else None,
            "previous_rows": None if file is not None else previous,
            "expected_columns": expected if set(columns) != set(expected) else columns,
            "format_generation": generation,
        }
        out.append(RawPartition(schooljaar, file, inputs, n, digest, load_id if n_loads == 1 else None))
        if schooljaar is not None:
            previous = n
    return out, columns


def _validate_raw_partition(con: duckdb.DuckDBPyConnection, source: Source, p: RawPartition) -> list[Outcome]:
    where = "_schooljaar IS NULL" if p.schooljaar is None else "_schooljaar = ?"
    params = [] if p.schooljaar is None else [p.schooljaar]
    if p.file is not None:
        where, params = f"{where} AND _source_file = ?", [*params, p.file]
    frame = con.sql(f"SELECT * FROM raw.{source.name} WHERE {where}", params=params).df()
    frame = frame.astype({c: "object" for c in source.column_names if c in frame.columns})
    return validate_partition(source, frame, schooljaar=p.schooljaar, **p.inputs)


def contract_outcomes(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    *,
    record: bool = False,
    validated: list[Validated] = (),
) -> list[Outcome]:
    """The contract's outcome on every partition of raw.<source> as it is now.

    A partition's outcome is the one recorded in the ledger when the ledger vouches for exactly these rows
    and this suite (same content hash, same inputs, same code); else the loader's validation of it in this
    load (`validated`) when its inputs are those raw gives now; else it is validated now. With `record`
    (a writable connection), outcomes not recorded yet are recorded on the load that wrote the partition,
    so the next reader does not validate again."""
    found = _raw_partitions(con, source)
    if found is None:
        return []
    partitions, columns = found
    recorded = recorded_contracts(con, (p.load_id for p in partitions if p.load_id))
    just_validated = {v.partition: v for v in validated}
    outcomes: list[Outcome] = []
    for p in partitions:
        key = p.key(source)
        record_of = recorded.get(p.load_id) if p.load_id else None
        if record_of is not None and record_of[0] == key:
            outcomes.extend(Outcome(**o) for o in record_of[1])
            continue
        loader = just_validated.get((p.schooljaar, p.file))
        # The loader validated the parsed rows; they are raw's rows when its inputs are raw's inputs and
        # raw has exactly the contract's columns (so the column-set expectation passes on both).
        same = (
            loader is not None
            and columns == [*source.column_names, *PROVENANCE]
            and all(loader.inputs[k] == p.inputs[k] for k in ("file_name", "previous_rows", "format_generation"))
        )
        result = loader.outcomes if same else _validate_raw_partition(con, source, p)
        outcomes.extend(result)
        if record and p.load_id:
            record_contract(con, p.load_id, key, [asdict(o) for o in result])
    return outcomes
