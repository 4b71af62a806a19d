"""Raw contracts: one Great Expectations 1.x suite per source, generated from its Column specs, evaluated
in DuckDB on the rows as they go into raw.

The suite of a (source, schooljaar) partition checks: the exact set of columns, non-null columns,
every value against its column's pattern (types, code domains and ranges of the raw text values),
uniqueness of the natural key, the schooljaar against the year in the file name, and the row count
against the previous schooljaar of the same source (bands in ingest/quality_rules.yml).

`suite` is the single definition of a contract: a list of GX expectation configurations (type, kwargs,
meta, exactly as GX serialises a suite). `validate_partition` (the one place a suite runs) translates
each expectation into DuckDB SQL and evaluates the whole suite over the partition in raw, with GX's
semantics (nulls are skipped by the column-map expectations; a compound key ignores rows whose key
columns are all null; Python's `$` also matches before a final newline) and GX's result fields (count of
unexpected rows, the first three in table order, the first line). GX itself is not run here: its SQL
data source fails on DuckDB, and GX on a pandas copy of every partition cost more memory and time than
the load (docs/benchmarks.md). `ingest/contracts_gx.py` runs the same suite with GX on a dataframe, and
tests/test_contracts.py proves both give the same outcomes on good and bad partitions.

A partition is validated once, by the loader, inside the transaction that writes it (ingest/loader.py):
a blocking failure rolls the partition back, leaving it as it was, and is reported as an InputFileError
naming file, line, column and rule. The outcome is recorded in the load ledger beside the load that wrote
the partition (ingest/ledger.py), keyed by the partition's content and the suite's inputs. The asset check
`contract`, `sto-monitor check` and the release read it with `contract_outcomes`, which validates again
only a partition the ledger does not vouch for: rows changed behind the loader's back, a suite whose
inputs changed (the previous schooljaar's row count, the rules, this module), or a load from before
outcomes were recorded.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path

import duckdb

from ingest.ledger import record_contract, recorded_contracts, table_exists
from ingest.rules import quality_rules
from ingest.sources.base import COUNT_RULE, SUPPRESSED, Source, schooljaar_from_name

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
EXAMPLES = 3  # unexpected values named in an outcome's detail


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


@dataclass(frozen=True)
class Expectation:
    """One expectation of a suite as Great Expectations configures it (an ExpectationConfiguration: its
    type, kwargs and meta); ingest/contracts_gx.py turns it into the GX expectation object."""

    type: str
    kwargs: dict
    meta: dict = field(default_factory=dict)

    @property
    def column(self) -> str | None:
        return self.kwargs.get("column")

    @property
    def blocking(self) -> bool:
        return bool(self.meta.get("blocking", True))

    @property
    def rule(self) -> str:
        return self.meta.get("rule", self.type)


def suite(
    source: Source,
    columns: list[str],
    schooljaar: int | None,
    file_name: str | None,
    previous_rows: int | None,
    format_generation: str | None = None,
) -> list[Expectation]:
    """The contract of one partition: the GX suite generated from the source's Column specs."""
    rules = quality_rules().get("contracts", {})
    block = {"blocking": True}
    out = [Expectation("expect_table_columns_to_match_set", {"column_set": columns, "exact_match": True}, block)]
    for c in source.columns:
        if not c.nullable:
            out.append(
                Expectation(
                    "expect_column_values_to_not_be_null", {"column": c.name}, {**block, "rule": "value is required"}
                )
            )
        if c.pattern is not None:
            pattern, rule = c.pattern, c.rule or c.pattern
            # DUO's newer files publish 1-4 as '<5' (generation "new", or e.g. "multi_year_new" for exam files)
            if c.rule == COUNT_RULE and (format_generation or "").rsplit("_", 1)[-1] == "new":
                pattern, rule = f"{pattern}|{SUPPRESSED}", f"{rule} or '{SUPPRESSED}'"
            out.append(
                Expectation(
                    "expect_column_values_to_match_regex",
                    {"column": c.name, "regex": f"^(?:{pattern})$"},
                    {**block, "rule": rule},
                )
            )
    if len(source.key) == 1:
        out.append(
            Expectation(
                "expect_column_values_to_be_unique", {"column": source.key[0]}, {**block, "rule": "key is unique"}
            )
        )
    elif source.key:
        out.append(
            Expectation(
                "expect_compound_columns_to_be_unique",
                {"column_list": list(source.key)},
                {**block, "rule": "key is unique"},
            )
        )
    expected_year = schooljaar
    named = schooljaar_from_name(file_name) if file_name and source.partitioned else None
    if named is not None:
        expected_year = named
    if expected_year is not None:
        out.append(
            Expectation(
                "expect_column_values_to_be_in_set",
                {"column": "_schooljaar", "value_set": [expected_year]},
                {**block, "rule": f"schooljaar must be {expected_year} (the file's year)"},
            )
        )
    if previous_rows is not None and previous_rows >= int(rules.get("min_previous_rows", 200)):
        for band, blocking in (("error_band", True), ("warn_band", False)):
            lo, hi = rules.get(band, [0.1, 10.0] if blocking else [0.5, 1.5])
            out.append(
                Expectation(
                    "expect_table_row_count_to_be_between",
                    {"min_value": math.ceil(previous_rows * lo), "max_value": math.floor(previous_rows * hi)},
                    {
                        "blocking": blocking,
                        "rule": f"row count within {lo:g}-{hi:g} x the previous schooljaar's {previous_rows:,}",
                    },
                )
            )
    return out


# ---------------------------------------------------------------- the suite in DuckDB SQL


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unsupported value in a value set: {value!r}")
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def re2_regex(regex: str) -> str:
    """A Python regex as GX applies it (pandas `str.contains`, i.e. `re.search`) in RE2 (DuckDB): the same
    except that Python's final `$` also matches before a newline that ends the value."""
    if regex.endswith("$") and not regex.endswith("\\$"):
        return regex[:-1] + r"\n?$"
    return regex


# Column-map expectations: (SQL of an unexpected row, SQL of its value shown in the detail); `c` is the
# quoted column, `e` the expectation. Nulls are skipped by all but not_be_null, as in GX.
_MAP = {
    "expect_column_values_to_not_be_null": lambda c, e: (f"{c} IS NULL", "NULL"),
    "expect_column_values_to_match_regex": lambda c, e: (
        f"{c} IS NOT NULL AND NOT regexp_matches(CAST({c} AS VARCHAR), {_literal(re2_regex(e.kwargs['regex']))})",
        c,
    ),
    "expect_column_values_to_be_in_set": lambda c, e: (
        f"{c} IS NOT NULL AND {c} NOT IN ({', '.join(_literal(v) for v in e.kwargs['value_set'])})",
        c,
    ),
    "expect_column_values_to_be_unique": lambda c, e: (f"{c} IS NOT NULL AND count(*) OVER (PARTITION BY {c}) > 1", c),
}


def _compound(columns: list[str]) -> tuple[str, str]:
    quoted = [_ident(c) for c in columns]
    all_null = " AND ".join(f"{q} IS NULL" for q in quoted)
    return (
        f"NOT ({all_null}) AND count(*) OVER (PARTITION BY {', '.join(quoted)}) > 1",
        "struct_pack(" + ", ".join(f"{_ident(c)} := {q}" for c, q in zip(columns, quoted, strict=True)) + ")",
    )


# Whether a column-map expectation may have an unexpected row in the partition `_p`, in SQL that costs a
# fraction of the row-by-row flags above: a pattern tested once per distinct value, a key by counting its
# distinct values (no window). True whenever an unexpected row exists; only the expectations for which it
# is true are evaluated row by row (count, first line, examples), so a partition that passes (nearly all of
# them) is scanned once, cheaply.
_MAY_FAIL = {
    "expect_column_values_to_not_be_null": lambda c, e: f"count(*) > count({c})",
    "expect_column_values_to_match_regex": lambda c, e: (
        f"(SELECT coalesce(bool_or(NOT regexp_matches(CAST(_v AS VARCHAR), {_literal(re2_regex(e.kwargs['regex']))})),"
        f" false) FROM (SELECT DISTINCT {c} AS _v FROM _p WHERE {c} IS NOT NULL))"
    ),
    "expect_column_values_to_be_in_set": lambda c, e: _MAP[e.type](c, e)[0].join(["coalesce(bool_or(", "), false)"]),
    "expect_column_values_to_be_unique": lambda c, e: f"count({c}) > count(DISTINCT {c})",
}


def _compound_may_fail(columns: list[str]) -> str:
    quoted = [_ident(c) for c in columns]
    not_all_null = "NOT (" + " AND ".join(f"{q} IS NULL" for q in quoted) + ")"
    key = "struct_pack(" + ", ".join(f"{q} := {q}" for q in quoted) + ")"  # nulls compare equal, as in a window
    return f"count(*) FILTER (WHERE {not_all_null}) > count(DISTINCT {key}) FILTER (WHERE {not_all_null})"


def evaluate_suite(
    con: duckdb.DuckDBPyConnection, table: str, where: str, params: list, expectations: list[Expectation]
) -> list[tuple[Expectation, bool, str, int | None]]:
    """(expectation, passed, detail, first line) of every expectation over the rows of `table` (a DuckDB table)
    selected by `where`: one cheap pass says which column-map expectations may fail (_MAY_FAIL), a second
    pass, only when some may, evaluates those row by row. Examples of unexpected values are the first in the
    table's order."""
    columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    present = set(columns)
    line = "_source_row" if "_source_row" in present else "NULL::BIGINT"
    plan, rowwise = [], []  # rowwise: (index, SQL of an unexpected row, SQL of its value, SQL of "may fail")
    for i, e in enumerate(expectations):
        needs = e.kwargs.get("column_list") or ([e.column] if e.column else [])
        if any(c not in present for c in needs):
            plan.append((e, "missing"))
        elif e.type == "expect_compound_columns_to_be_unique":
            rowwise.append((i, *_compound(e.kwargs["column_list"]), _compound_may_fail(e.kwargs["column_list"])))
            plan.append((e, i))
        elif e.type in _MAP:
            c = _ident(e.column)
            rowwise.append((i, *_MAP[e.type](c, e), _MAY_FAIL[e.type](c, e)))
            plan.append((e, i))
        elif e.type in ("expect_table_columns_to_match_set", "expect_table_row_count_to_be_between"):
            plan.append((e, "table"))
        else:
            raise NotImplementedError(f"no SQL translation of the expectation {e.type}")
    partition = f"WITH _p AS NOT MATERIALIZED (SELECT * FROM {table} WHERE {where}) "
    first = con.execute(
        partition + f"SELECT count(*){''.join(f', {may_fail}' for *_, may_fail in rowwise)} FROM _p", params
    ).fetchall()[0]
    n_rows, suspects = first[0], [r for r, may_fail in zip(rowwise, first[1:], strict=True) if may_fail]
    per = {i: (0, None, None) for i, *_ in rowwise}
    if suspects:
        flags = [f"({bad}) AS _bad{i}, {value} AS _value{i}" for i, bad, value, _ in suspects]
        selects = [
            f"count_if(_bad{i}), min(_line) FILTER (WHERE _bad{i}), "
            f"min_by(_value{i}, _order, {EXAMPLES}) FILTER (WHERE _bad{i})"
            for i, *_ in suspects
        ]
        inner = ", ".join(["rowid AS _order", f"{line} AS _line", *flags])
        result = con.execute(f"SELECT {', '.join(selects)} FROM (SELECT {inner} FROM {table} WHERE {where})", params)
        values = result.fetchall()[0]
        for k, (i, *_) in enumerate(suspects):
            per[i] = values[3 * k : 3 + 3 * k]
    out = []
    for e, how in plan:
        if how == "missing":
            out.append((e, False, f"{e.rule} (observed None)", None))
        elif e.type == "expect_table_columns_to_match_set":
            passed = set(columns) == set(e.kwargs["column_set"])
            out.append((e, passed, "ok" if passed else f"{e.rule} (observed {sorted(columns)!r})", None))
        elif e.type == "expect_table_row_count_to_be_between":
            passed = e.kwargs["min_value"] <= n_rows <= e.kwargs["max_value"]
            out.append((e, passed, "ok" if passed else f"{e.rule} (observed {n_rows!r})", None))
        else:
            count, first_line, examples = per[how]
            if not count:
                out.append((e, True, "ok", None))
                continue
            if e.type == "expect_column_values_to_not_be_null":
                examples = [None] * min(count, EXAMPLES)
            shown = ", ".join(repr(v) for v in examples or [])
            detail = f"{e.rule}: {count:,} row(s)" + (f", e.g. {shown}" if shown else "")
            out.append((e, False, detail, None if first_line is None else int(first_line)))
    return out


def validate_partition(con: duckdb.DuckDBPyConnection, source: Source, p: RawPartition) -> list[Outcome]:
    """Run the generated suite on one partition of raw.<source> (the one place where a raw contract runs);
    one Outcome per expectation, in the suite's order."""
    where, params = partition_filter(p.schooljaar, p.file)
    expectations = suite(
        source,
        p.inputs["expected_columns"],
        p.schooljaar,
        p.inputs["file_name"],
        p.inputs["previous_rows"],
        p.inputs["format_generation"],
    )
    partition = "snapshot" if p.schooljaar is None else f"schooljaar {p.schooljaar}"
    return [
        Outcome(source.name, partition, p.inputs["file_name"], e.type, e.column, passed, e.blocking, detail, line)
        for e, passed, detail, line in evaluate_suite(con, f"raw.{source.name}", where, params, expectations)
    ]


def partition_filter(schooljaar: int | None, file_name: str | None = None) -> tuple[str, list]:
    """The rows of one partition of a raw table: a schooljaar (or the snapshot), and for a Source.per_file
    source one file."""
    where, params = ("_schooljaar IS NULL", []) if schooljaar is None else ("_schooljaar = ?", [schooljaar])
    if file_name is not None:
        where, params = f"{where} AND _source_file = ?", [*params, file_name]
    return where, params


# ---------------------------------------------------------------- partitions in raw and their recorded outcomes


@cache
def _contract_code() -> str:
    """Changes to this module (how suites are built and evaluated) invalidate every recorded outcome."""
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


def raw_partitions(
    con: duckdb.DuckDBPyConnection, source: Source, only: tuple[int | None, str | None] | None = None
) -> list[RawPartition] | None:
    """Every partition of raw.<source> in the order they are validated (or only the partition `only`, as
    (schooljaar, file)); None when the table does not exist. A partition is a schooljaar (file None), or for
    a Source.per_file source one file: two editions of a multi-year file may both hold a cell (staging picks
    the newest), so the key is unique per file. The content hash is computed only for the partitions
    returned."""
    if not table_exists(con, "raw", source.name):
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
    by_file = "_source_file" if source.per_file else "NULL::VARCHAR"
    per_year = (
        dict(
            con.execute(
                f"SELECT _schooljaar, count(*) FROM raw.{source.name} WHERE _schooljaar IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        if not source.per_file
        else {}
    )

    def previous_rows(schooljaar: int | None) -> int | None:  # rows of the latest earlier schooljaar
        earlier = [y for y in per_year if schooljaar is not None and y < schooljaar]
        return per_year[max(earlier)] if earlier else None

    where, params = ("TRUE", []) if only is None else partition_filter(*only)
    rows = con.execute(
        f"SELECT _schooljaar, {by_file} AS file, min(_source_file), count(DISTINCT _source_file), "
        f"min(_format_generation), count(*), sum(hash(t))::VARCHAR, min(_load_id), count(DISTINCT _load_id) "
        f"FROM raw.{source.name} t WHERE {where} GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2",
        params,
    ).fetchall()
    if only is not None and not rows:  # an empty partition (a file of which no row goes into raw)
        rows = [(*only, None, 0, None, 0, None, None, 0)]
    out = []
    for schooljaar, file, file_name, n_files, generation, n, digest, load_id, n_loads in rows:
        inputs = {
            "file_name": file_name if n_files == 1 else None,
            "previous_rows": previous_rows(schooljaar),
            "expected_columns": expected if set(columns) != set(expected) else columns,
            "format_generation": generation,
        }
        out.append(RawPartition(schooljaar, file, inputs, n, digest, load_id if n_loads == 1 else None))
    return out


def _partitions_and_records(
    con: duckdb.DuckDBPyConnection, source: Source
) -> Iterator[tuple[RawPartition, str, list[Outcome] | None]]:
    """Every partition of raw.<source> as it is now, its key, and the outcomes the ledger recorded for exactly
    this key (None: not recorded, or recorded for other rows, another suite or other code)."""
    partitions = raw_partitions(con, source) or []
    recorded = recorded_contracts(con, (p.load_id for p in partitions if p.load_id))
    for p in partitions:
        key = p.key(source)
        record_of = recorded.get(p.load_id) if p.load_id else None
        yield p, key, [Outcome(**o) for o in record_of[1]] if record_of is not None and record_of[0] == key else None


def contract_outcomes(con: duckdb.DuckDBPyConnection, source: Source, *, record: bool = False) -> list[Outcome]:
    """The contract's outcome on every partition of raw.<source> as it is now.

    A partition's outcome is the one recorded in the ledger when the ledger vouches for exactly these rows
    and this suite (same content hash, same inputs, same code); else it is validated now. With `record`
    (a writable connection), outcomes not recorded yet are recorded on the load that wrote the partition,
    so the next reader does not validate again."""
    outcomes: list[Outcome] = []
    for p, key, recorded in _partitions_and_records(con, source):
        if recorded is None:
            recorded = validate_partition(con, source, p)
            if record and p.load_id:
                record_contract(con, p.load_id, key, [asdict(o) for o in recorded])
        outcomes.extend(recorded)
    return outcomes


def vouched_partitions(
    con: duckdb.DuckDBPyConnection, source: Source
) -> list[tuple[RawPartition, list[Outcome]]] | None:
    """Every partition of raw.<source> with the contract outcomes the ledger recorded for it as it is now, without
    validating: None when the ledger does not vouch for every partition (`contract_outcomes` would validate)."""
    out = []
    for p, _key, recorded in _partitions_and_records(con, source):
        if recorded is None:
            return None
        out.append((p, recorded))
    return out
