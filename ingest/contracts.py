"""Raw contracts: one Great Expectations 1.x suite per source, generated from its Column specs.

The suite of a (source, schooljaar) partition checks: the exact set of columns, non-null columns,
every value against its column's pattern (types, code domains and ranges of the raw text values),
uniqueness of the natural key, the schooljaar against the year in the file name, and the row count
against the previous schooljaar of the same source (bands in ingest/quality_rules.yml).

It runs twice: in the loader on the parsed frame *before* anything is written (a failure leaves the
partition as it was and is reported as an InputFileError naming file, line, column and rule), and
as the blocking asset check `contract` on every raw/<source> asset over the rows in raw (which also
catches a raw table changed behind the loader's back). GX runs on pandas dataframes in an ephemeral
context (stack_notes.md: not on DuckDB, not dagster-ge).
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
from pathlib import Path

import pandas as pd

from ingest.rules import quality_rules
from ingest.sources.base import COUNT_RULE, SUPPRESSED, Source, schooljaar_from_name

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TQDM_DISABLE", "1")  # GX's progress bars stay out of logs

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
    import great_expectations as gx

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
    import great_expectations.expectations as gxe

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


def validate_frame(
    source: Source,
    frame: pd.DataFrame,
    *,
    schooljaar: int | None,
    file_name: str | None,
    previous_rows: int | None,
    expected_columns: list[str] | None = None,
    format_generation: str | None = None,
) -> list[Outcome]:
    """Run the generated suite on one partition's rows (text values as in raw, with `_source_row`
    and `_schooljaar`); return one Outcome per expectation."""
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


@cache
def _contract_code() -> str:
    """Changes to this module (how suites are built and read) invalidate every cached outcome."""
    from importlib.metadata import version

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


def _read_cache(path: Path | None) -> dict:
    if path is None or not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_cache(path: Path | None, entries: dict) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(entries), encoding="utf-8")
    tmp.replace(path)


def _raw_partitions(con, source: Source) -> tuple[list[tuple], list[str]] | None:
    """(schooljaar, file, check inputs, rows, content hash) per partition of raw.<source> in the order
    the contract check validates them, and the table's columns; None when the table does not exist.
    A partition is a schooljaar (file None), or for a Source.per_file source one file: two editions of
    a multi-year file may both hold a cell (staging picks the newest), so the key is unique per file."""
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
        f"min(_format_generation), count(*), sum(hash(t))::VARCHAR FROM raw.{source.name} t "
        "GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2"
    ).fetchall()
    out, previous = [], None
    for schooljaar, file, file_name, n_files, generation, n, digest in rows:
        inputs = {
            "file_name": file_name if n_files == 1 else None,
            "previous_rows": None if file is not None else previous,
            "expected_columns": expected if set(columns) != set(expected) else columns,
            "format_generation": generation,
        }
        out.append((schooljaar, file, inputs, n, digest))
        if schooljaar is not None:
            previous = n
    return out, columns


def validate_raw(con, source: Source, cache_dir: Path | None = None) -> list[Outcome]:
    """The contract over every partition of raw.<source> as it is now (one validation per schooljaar).

    With `cache_dir`, a partition whose content and suite are exactly those of an earlier validation
    reuses that validation's outcomes (GX over pandas is the slow part of a refresh; a partition's
    content hash costs a DuckDB scan): the result is the same, a changed row or rule re-validates."""
    found = _raw_partitions(con, source)
    if found is None:
        return []
    partitions, _columns = found
    cache_path = cache_dir / f"{source.name}.json" if cache_dir is not None else None
    cached, fresh = _read_cache(cache_path), {}
    outcomes: list[Outcome] = []
    for schooljaar, file, inputs, rows, digest in partitions:
        key = _partition_key(source, schooljaar, digest, rows, **inputs)
        if cache_path is not None and key in cached:
            fresh[key] = cached[key]
            outcomes.extend(Outcome(**o) for o in cached[key]["outcomes"])
            continue
        where = "_schooljaar IS NULL" if schooljaar is None else "_schooljaar = ?"
        params = [] if schooljaar is None else [schooljaar]
        if file is not None:
            where, params = f"{where} AND _source_file = ?", [*params, file]
        frame = con.sql(f"SELECT * FROM raw.{source.name} WHERE {where}", params=params).df()
        frame = frame.astype({c: "object" for c in source.column_names if c in frame.columns})
        result = validate_frame(source, frame, schooljaar=schooljaar, **inputs)
        outcomes.extend(result)
        fresh[key] = {"rows": len(frame), "outcomes": [asdict(o) for o in result]}
    if cache_path is not None and fresh.keys() != cached.keys():
        _write_cache(cache_path, fresh)
    return outcomes


def remember_validated(con, source: Source, cache_dir: Path, validated: dict) -> int:
    """The loader validated these partitions ((schooljaar, file or None) -> (file_name, previous_rows,
    format_generation, outcomes)) on the parsed rows before writing them. Where the contract check would
    run exactly the same suite on exactly those rows now (same file, same previous row count, same
    generation, and raw has precisely the contract's columns, so the column-set expectation passes as
    it did on the frame), its outcomes are stored under the check's key so that the check does not run
    GX a second time.
    Returns the number of partitions remembered."""
    found = _raw_partitions(con, source)
    if found is None or not validated:
        return 0
    partitions, columns = found
    if columns != [*source.column_names, *PROVENANCE]:
        return 0
    cache_path = cache_dir / f"{source.name}.json"
    cached = _read_cache(cache_path)
    added = 0
    for schooljaar, file, inputs, rows, digest in partitions:
        if (schooljaar, file) not in validated:
            continue
        file_name, previous_rows, generation, outcomes = validated[(schooljaar, file)]
        if (inputs["file_name"], inputs["previous_rows"], inputs["format_generation"]) != (
            file_name,
            previous_rows,
            generation,
        ):
            continue
        key = _partition_key(source, schooljaar, digest, rows, **inputs)
        cached[key] = {"rows": rows, "outcomes": [asdict(o) for o in outcomes]}
        added += 1
    if added:
        _write_cache(cache_path, cached)
    return added
