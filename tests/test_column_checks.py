"""The generic dbt test `column_checks` (dbt_project/tests/generic/column_checks.sql): every column rule of a
model in one query. Compiled by dbt on a five-row fixture and run in DuckDB; the expected rows are counted by
hand from the fixture. The project's own use of it runs in every end-to-end refresh (and on Spark in
tests/test_spark_target.py)."""

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
        '{{ test_column_checks(model="' + fixture + '", ' + arguments + ") }}" for fixture, arguments in CALLS.values()
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
    return dict(zip(CALLS, results[0]["compiled_code"].split(SPLIT), strict=True))


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
