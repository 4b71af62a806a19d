"""The generic dbt tests `column_checks` (dbt_project/tests/generic/column_checks.sql: every column rule of a
model in one query) and `every_raw_row_classified_once` (every_raw_row_classified_once.sql: a coverage model
classifies each raw row once). Compiled by dbt on small fixtures and run in DuckDB; the expected rows are
counted by hand from the fixtures. The project's own use of them runs in every end-to-end refresh (and on
Spark in tests/test_spark_target.py)."""

from __future__ import annotations

import json

import duckdb
import pytest

from ingest.paths import StoHome
from orchestration.dbt import dbt_environment, dbt_resource, prepare_manifest

# k, code, n, tag
FIXTURE = (
    "(select * from (values (1, 'a', 2, 'x'), (1, 'b', 7, 'y'), (null, 'b', 3, null), (2, null, 3, null), "
    "(2, null, 3, null)) as v(k, code, n, tag)) as fixture"
)


DISTINCT = "(select * from (values (1, 'a'), (1, null), (null, null)) as v(k, code)) as fixture"
# every_raw_row_classified_once: the raw table `duo_x` (files a: 3 rows, b: 2 rows from one line, c: 1) and
# coverage models that classify rows of `duo_x` and of another source, duo_y (whose rows the check leaves alone).
RAW_X = "select * from (values ('a'), ('a'), ('a'), ('b'), ('b'), ('c')) as v(_source_file)"
OTHER_SOURCE = [("duo_y", "a", 1, ""), ("duo_y", "a", 1, "")]
COVERAGE_ROWS = {  # name: rows (source, source_file, source_row, row_part)
    # each raw row once; row 1 of file b in two parts
    "classified": [("duo_x", "a", 1, ""), ("duo_x", "a", 2, ""), ("duo_x", "a", 3, ""),
                   ("duo_x", "b", 1, "p1"), ("duo_x", "b", 1, "p2"), ("duo_x", "c", 1, "")],
    # row 2 of file a twice, part p2 of file b's row 1 twice, file c missing
    "misclassified": [("duo_x", "a", 1, ""), ("duo_x", "a", 2, ""), ("duo_x", "a", 2, ""),
                      ("duo_x", "a", 3, ""), ("duo_x", "b", 1, "p1"), ("duo_x", "b", 1, "p2"),
                      ("duo_x", "b", 1, "p2")],
}  # fmt: skip


def values(rows: list[tuple]) -> str:
    def literal(v: object) -> str:
        return "null" if v is None else f"'{v}'" if isinstance(v, str) else str(v)

    return ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)


COVERAGE_COLUMNS = "v(source, source_file, source_row, row_part)"
COVERAGE = {
    name: f"(select * from (values {values(rows + OTHER_SOURCE)}) as {COVERAGE_COLUMNS}) as coverage"
    for name, rows in COVERAGE_ROWS.items()
}
CALLS = {  # name: (fixture, arguments of column_checks)
    "broken": (
        FIXTURE,
        "not_null=['k', 'code'], unique=['k', 'tag'], accepted_values={'code': ['a', 'b'], 'n': [2, 3]}, "
        "value_between={'n': {'min_value': 2, 'max_value': 5, 'where_sql': \"tag is null or tag <> 'y'\"}}, "
        "unique_combinations=[['k', 'code'], ['k', 'n', 'tag']]",
    ),
    "kept": (
        FIXTURE,
        "not_null=['n'], unique=['tag'], accepted_values={'k': [1, 2]}, "
        "value_between={'n': {'min_value': 2, 'max_value': 7}}",
    ),
    "distinct": (DISTINCT, "unique_combinations=[['k', 'code']]"),
    "twice": (DISTINCT.replace("(1, 'a')", "(null, null)"), "unique_combinations=[['k', 'code']]"),
}
SPLIT = "-- next call --"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, str]:
    """Each call of CALLS compiled by dbt (one `dbt compile --inline` for all)."""
    prepare_manifest()
    tmp = tmp_path_factory.mktemp("column_checks")
    inline = f"\n{SPLIT}\n".join(
        [
            '{{ test_column_checks(model="' + fixture + '", ' + arguments + ") }}"
            for fixture, arguments in CALLS.values()
        ]
        + [
            '{{ test_every_raw_row_classified_once(model="'
            + fixture
            + '", raw=api.Relation.create(identifier="duo_x")) }}'
            for fixture in COVERAGE.values()
        ]
    )
    target, home = tmp / "target", StoHome(tmp / "home")
    home.ensure()
    with dbt_environment(home):
        invocation = dbt_resource().cli(
            ["compile", "--quiet", "--inline", inline], target_path=target, raise_on_error=False
        )
        invocation.wait()
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    assert results and results[0]["status"] == "success", results
    return dict(zip([*CALLS, *COVERAGE], results[0]["compiled_code"].split(SPLIT), strict=True))


def test_each_broken_rule_is_one_row_with_the_rows_that_break_it(compiled: dict[str, str]) -> None:
    rows = sorted(duckdb.sql(compiled["broken"]).fetchall())
    assert rows == [
        ("accepted_values", "n", 1),  # 7 is not 2 or 3; code: a, b and NULLs pass
        ("not_null", "code", 2),  # the two (2, NULL, 3, NULL) rows
        ("not_null", "k", 1),
        ("unique", "k", 2),  # k = 1 twice and k = 2 twice: two rows beyond the first; the NULL k is not compared
        ("unique_combination", "k, code", 1),  # (2, NULL) twice: NULL counts as a value
        ("unique_combination", "k, n, tag", 1),  # (2, 3, NULL) twice
    ]
    # passing rules give no row: tag (x, y) is unique; n = 7 lies outside 2..5 but its row has tag 'y',
    # which where_sql leaves out


def test_a_model_that_keeps_every_rule_gives_no_row(compiled: dict[str, str]) -> None:
    assert duckdb.sql(compiled["kept"]).fetchall() == []
    assert duckdb.sql(compiled["distinct"]).fetchall() == []  # (1, a), (1, NULL), (NULL, NULL)
    assert duckdb.sql(compiled["twice"]).fetchall() == [("unique_combination", "k, code", 1)]  # (NULL, NULL) twice


def run_coverage_check(sql: str) -> list[tuple]:
    con = duckdb.connect()
    con.execute(f"create view duo_x as {RAW_X}")
    return sorted(con.execute(sql).fetchall(), key=str)


def test_every_raw_row_classified_once_passes_when_each_row_is_classified_once(compiled: dict[str, str]) -> None:
    # file a: rows 1-3; b: line 1 in two parts; c: row 1; the row duo_y repeats is another source's
    assert run_coverage_check(compiled["classified"]) == []


def test_every_raw_row_classified_once_names_each_miscount_and_each_repeated_row(compiled: dict[str, str]) -> None:
    assert run_coverage_check(compiled["misclassified"]) == sorted(
        [
            ("a", None, None, 3, 4),  # file a: 3 raw rows, 4 classified (row 2 twice)
            ("a", 2, "", None, 2),  # row 2 of file a (one raw row: empty row part) classified twice
            ("b", 1, "p2", None, 2),  # part p2 of line 1 of file b twice
            ("b", None, None, 2, 3),  # file b: 2 raw rows, 3 classified
            ("c", None, None, 1, None),  # file c: not classified at all
        ],
        key=str,
    )
