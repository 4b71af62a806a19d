"""The Lasso forecast's dbt Python model hands its regressions to a child process (the model's file run as a
script, JSON in and out; docs/teacher_pipeline.md): the protocol, and a failing child failing the model. The
forecast itself is tested end to end in tests/test_teacher_deliveries.py."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

MODEL = Path(__file__).parents[1] / "dbt_project/models/intermediate/teachers/int_lerarenopleidingen__prognose_lasso.py"


def load_model():
    spec = importlib.util.spec_from_file_location("prognose_lasso", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# the yearly totals of one studiejaar's first-year students, no graduates
ONE_YEAR = "SELECT 'totaal' AS opleidingscode, 'eerstejaars' AS maat, 2020 AS schooljaar, 1.0 AS n_schatting"


def run_child(job: dict) -> list[dict]:
    done = subprocess.run(
        [sys.executable, str(MODEL)], input=json.dumps(job), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_child_answers_a_job_with_one_row_per_target_year():
    # studiejaren 2010-2019, diplomajaren 2012-2019: for 2020 lags 2-5 need F(s-5), so training is 2015-2019
    job = {
        "eerstejaars": [[y, 100.0 + y - 2010] for y in range(2010, 2020)],
        "gediplomeerden": [[y, 50.0] for y in range(2012, 2020)],
        "min_basisjaren": 8,
        "min_lag": 2,
        "n_lags": 4,
        "cv_splits": 3,
        "horizon": 2,
    }
    rows = run_child(job)
    assert [list(r) for r in rows] == [list(load_model().COLUMNS)] * 2
    assert [(r["schooljaar"], r["horizon"], r["lags"], r["n_basisjaren"], r["prognose"]) for r in rows] == [
        (2020, 1, "2,3,4,5", 5, None),
        (2021, 2, "2,3,4,5", 5, None),
    ]
    assert rows[0]["reden"] == "5 diplomajaren with first-year students at lags 2,3,4,5 loaded; at least 8 needed"
    assert (rows[0]["eerste_basisjaar"], rows[0]["laatste_basisjaar"]) == (2015, 2019)


class FakeConfig:
    def __call__(self, **kwargs) -> None:
        pass

    def get(self, key: str) -> None:
        return None


class FakeDbt:
    """What model() uses of dbt-duckdb's object: config(...), config.get("meta") and ref()."""

    def __init__(self, relation: duckdb.DuckDBPyRelation):
        self.config = FakeConfig()
        self.relation = relation

    def ref(self, name: str) -> duckdb.DuckDBPyRelation:
        return self.relation


def test_a_failing_child_fails_the_model_with_its_error_output():
    con = duckdb.connect()
    relation = con.sql(ONE_YEAR)
    module = load_model()
    module.__file__ = str(MODEL.with_name("no_such_model.py"))  # the child cannot start its script
    with pytest.raises(RuntimeError, match=r"the forecast's child process failed \(exit 2\)(.|\n)*no_such_model"):
        module.model(FakeDbt(relation), con)


# the table's column types (its column order is the model's COLUMNS)
TYPES = {
    **dict.fromkeys(["schooljaar", "horizon", "n_basisjaren", "eerste_basisjaar", "laatste_basisjaar"], "BIGINT"),
    **dict.fromkeys(["prognose", "alpha", "intercept"], "DOUBLE"),
    **dict.fromkeys(["methode", "lags", "coefficienten", "reden"], "VARCHAR"),
}


def test_an_empty_history_gives_an_empty_table_with_every_column_typed():
    con = duckdb.connect()
    relation = con.sql(ONE_YEAR)
    module = load_model()
    table = module.model(FakeDbt(relation), con)  # no graduates: no target year
    assert table.fetchall() == []
    assert table.columns == list(module.COLUMNS)
    assert dict(zip(table.columns, map(str, table.types), strict=True)) == TYPES


def test_the_forecast_rows_come_back_typed_with_their_text_intact():
    # studiejaren 2006-2019, diplomajaren 2007-2019: for 2020 and 2021 (lags 2-5) the training years are
    # 2011-2019, for 2022 (lags 3-6) 2012-2019, for 2023 (lags 4-7) only 2013-2019: too few
    years = [f"SELECT 'totaal', 'eerstejaars', {y}, {1000.0 + 10 * (y - 2006)}" for y in range(2006, 2020)]
    years += [f"SELECT 'totaal', 'gediplomeerden', {y}, {400.0 + 4 * (y - 2007)}" for y in range(2007, 2020)]
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM (" + " UNION ALL ".join(years) + ") AS t(opleidingscode, maat, schooljaar, n_schatting)"
    )
    table = load_model().model(FakeDbt(relation), con)
    assert dict(zip(table.columns, map(str, table.types), strict=True)) == TYPES
    rows = table.fetchall()
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in rows] == [
        (2020, 1, "lasso", "2,3,4,5", 9),
        (2021, 2, "lasso", "2,3,4,5", 9),
        (2022, 3, "lasso", "3,4,5,6", 8),
        (2023, 4, "lasso", "4,5,6,7", 7),
    ]
    assert all(r[3] is not None and r[3] > 0 for r in rows[:3])
    assert rows[3][3] is None and rows[3][11] == (
        "7 diplomajaren with first-year students at lags 4,5,6,7 loaded; at least 8 needed"
    )


def test_without_a_regression_to_fit_numpy_and_scikit_learn_are_not_imported():
    # a build whose landing zone has too little hbo history fits nothing: its child process then costs
    # Python's start-up, not scikit-learn's import (≈ 0.85 s); most test warehouses are such
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('prognose_lasso', {str(MODEL)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "rows = module.lasso_forecast({2018: 1.0, 2019: 2.0}, {2019: 1.0})\n"
        "print(len(rows), 'numpy' in sys.modules, 'sklearn' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["4", "False", "False"]
