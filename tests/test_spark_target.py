"""The same dbt project on Apache Spark (docs/scale_out.md): `sto-monitor refresh --target spark` over a small
demo landing zone builds every model and passes every dbt test on a local PySpark session, and every row of
every mart (indicator_values included) equals the DuckDB build of the same raw tables (floats to 1e-9
relative; integer and decimal widths may differ between the engines, values may not).

One DuckDB refresh and one Spark refresh for the whole module (the second loads nothing: the landing files
are unchanged), over a 5% demo of two schooljaren; the Spark session runs with the small-data settings of
dbt_project/profiles.yml (no code generation, no adaptive re-planning, one shuffle partition, six dbt threads,
a JVM without the optimising JIT compiler and with the serial garbage collector), which change no result.

What DuckDB builds and Spark does not, on purpose: the dbt Python model int_lerarenopleidingen__prognose_lasso
(dbt-spark's session mode runs no Python models; disabled on Spark in its YAML), so on Spark the G17
forecast has the cohort method's rows only. Those rows are compared separately (DuckDB has them, Spark
has none) and left out of the equality.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest
from dagster import DagsterEventType, DagsterInstance

from ingest.demo.generate import write_demo
from orchestration.dbt import DBT_PROJECT
from orchestration.errors import UserError
from orchestration.refresh import run_refresh
from orchestration.spark import require_spark

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from marts_equal import compare_frames, export_marts, read_table, tables_in  # noqa: E402

pytestmark = pytest.mark.e2e

DUCKDB_ONLY_MODEL = "int_lerarenopleidingen__prognose_lasso"
# Intermediate tables that Python reads after the build: trace and a release's lineage
# (int_source_rows__cell_counts), the check rows_not_counted and checks.json (int_coverage__files).
INTERMEDIATE_READ = ("int_source_rows__cell_counts", "int_coverage__files")
SMALL_DATA = {
    "STO_SPARK_SHUFFLE_PARTITIONS": "1",
    "STO_SPARK_CODEGEN": "false",
    "STO_SPARK_ADAPTIVE": "false",
    "STO_SPARK_THREADS": "6",
    "STO_SPARK_JAVA_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
}


def lasso_rows(name: str) -> pl.Expr | None:
    """The rows of a mart that come from the DuckDB-only Lasso forecast (None: the mart has none)."""
    if name == "lerarenopleidingen_prognose":
        return pl.col("methode") == "lasso"
    if name == "indicator_values":
        return (pl.col("breakdown") == "methode") & (pl.col("breakdown_value") == "lasso")
    return None


def without_lasso(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    rows = lasso_rows(name)
    return frame if rows is None else frame.filter(~rows.fill_null(False))


def export_intermediate(database: Path, folder: Path) -> None:
    """The INTERMEDIATE_READ tables of the DuckDB build as <folder>/<table>.parquet. A sum of bigints is a
    HUGEINT in DuckDB (Parquet would store it as a double) and a bigint in Spark: compared as bigints."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    try:
        for table in INTERMEDIATE_READ:
            columns = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'intermediate' AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            select = ", ".join(
                f'CAST("{name}" AS BIGINT) AS "{name}"' if kind == "HUGEINT" else f'"{name}"' for name, kind in columns
            )
            con.execute(
                f"COPY (SELECT {select} FROM intermediate.\"{table}\") TO '{folder / table}.parquet' (FORMAT parquet)"
            )
    finally:
        con.close()


def refresh(home: Path, target: str) -> tuple[str, dict[str, bool]]:
    """Run the refresh job on `target`; returns its summary and every asset check's outcome (name -> passed)."""
    with pytest.MonkeyPatch.context() as mp, DagsterInstance.ephemeral() as instance:
        mp.setenv("STO_HOME", str(home))
        mp.setenv("STO_DUCKDB_PATH", str(home / "sto_monitor.duckdb"))
        for name, value in SMALL_DATA.items():
            mp.setenv(name, value)
        summary = run_refresh(instance=instance, target=target)
        (run,) = instance.get_runs()
        checks = {}
        for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
            evaluation = entry.dagster_event.event_specific_data
            checks[f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"] = evaluation.passed
    return summary, checks


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    try:
        require_spark()  # dbt-spark and PySpark (make setup) and Java 17
    except UserError as missing:
        if "Java" not in str(missing):
            raise  # dbt-spark and PySpark are the project's own dependencies: their absence is a failure
        pytest.skip(f"no Java on this machine: {missing} (CI installs it: .ci/run)")
    home = tmp_path_factory.mktemp("spark_target") / "sto_home"
    write_demo(home / "landing", [2020, 2021], scale=0.05, seed=3)
    _, duckdb_checks = refresh(home, "duckdb")
    export_marts(home / "sto_monitor.duckdb", home / "duckdb_marts")
    export_intermediate(home / "sto_monitor.duckdb", home / "duckdb_intermediate")
    summary, spark_checks = refresh(home, "spark")
    return {
        "home": home,
        "summary": summary,
        "duckdb_marts": tables_in(home / "duckdb_marts"),
        "spark_marts": tables_in(home / "spark-warehouse" / "marts.db"),
        "duckdb_intermediate": tables_in(home / "duckdb_intermediate"),
        "spark_intermediate": tables_in(home / "spark-warehouse" / "intermediate.db"),
        "duckdb_checks": duckdb_checks,
        "spark_checks": spark_checks,
    }


def test_marts_land_as_parquet_folders_in_the_spark_warehouse(builds):
    assert builds["duckdb_marts"], "the DuckDB build wrote no marts"
    assert sorted(builds["spark_marts"]) == sorted(builds["duckdb_marts"])
    for name, folder in builds["spark_marts"].items():
        assert folder == builds["home"] / "spark-warehouse" / "marts.db" / name
        assert folder.is_dir() and list(folder.glob("*.parquet")), name
    assert f"marts: {builds['home'] / 'spark-warehouse'}/marts.db" in builds["summary"]


def test_indicator_values_equal_the_duckdb_build_row_for_row(builds):
    duck = without_lasso("indicator_values", read_table(builds["duckdb_marts"]["indicator_values"]))
    spark = read_table(builds["spark_marts"]["indicator_values"])
    assert duck.height > 1000  # every catalog section has cells on this landing zone: the comparison means something
    assert duck["indicator_id"].n_unique() > 50
    assert compare_frames(duck, spark, loose_types=True) == []


def test_every_mart_equals_the_duckdb_build(builds):
    problems, empty = [], []
    for name, path in sorted(builds["duckdb_marts"].items()):
        duck = read_table(path)
        if duck.height == 0:
            empty.append(name)
        spark = read_table(builds["spark_marts"][name])
        problems += [f"{name}: {p}" for p in compare_frames(without_lasso(name, duck), spark, loose_types=True)]
    assert problems == []
    assert len(empty) <= len(builds["duckdb_marts"]) // 5, f"too many empty marts to prove anything: {empty}"


def test_the_intermediate_tables_python_reads_equal_the_duckdb_build(builds):
    """The source-row counts behind every traced cell and the rows not counted per file are the same on
    Spark, and land there as Parquet (readable after the session, e.g. by orchestration.spark.spark_tables)."""
    problems = []
    for name in INTERMEDIATE_READ:
        duck = read_table(builds["duckdb_intermediate"][name])
        assert duck.height > 0, name
        assert name in builds["spark_intermediate"], f"{name}: no Parquet table in the Spark warehouse"
        spark = read_table(builds["spark_intermediate"][name])
        problems += [f"{name}: {p}" for p in compare_frames(duck, spark, loose_types=True)]
    assert problems == []


def test_only_the_lasso_forecast_is_duckdb_only(builds):
    """The rows left out of the comparison exist on DuckDB (so leaving them out means something) and on
    Spark not at all; the cohort forecast beside them is on both."""
    for name in ("lerarenopleidingen_prognose", "indicator_values"):
        duck = read_table(builds["duckdb_marts"][name])
        spark = read_table(builds["spark_marts"][name])
        assert duck.filter(lasso_rows(name)).height > 0, name
        assert spark.filter(lasso_rows(name)).height == 0, name
    prognose = read_table(builds["spark_marts"]["lerarenopleidingen_prognose"])
    assert prognose["methode"].unique().to_list() == ["cohortrendement"]


def test_every_dbt_test_runs_and_passes_on_spark(builds):
    """Every dbt test (an asset check of the dbt asset) ran on Spark as on DuckDB, and passed; the tests of
    the DuckDB-only Python model are not run on Spark."""
    manifest = json.loads(DBT_PROJECT.manifest_path.read_text(encoding="utf-8"))
    tests = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "test"}
    duck = {
        k: v
        for k, v in builds["duckdb_checks"].items()
        if k.split(":")[1] in tests and not k.split(":")[0].endswith("/" + DUCKDB_ONLY_MODEL)
    }
    spark = {k: v for k, v in builds["spark_checks"].items() if k.split(":")[1] in tests}
    assert len(duck) > 150  # (a test that fails with severity error would also have failed the refresh)
    assert sorted(spark) == sorted(duck)
    assert [name for name, passed in spark.items() if not passed] == []


def test_a_float_difference_beyond_1e9_is_caught():
    """The comparison itself can fail: a value off by 1e-8 relative, or a row missing, is reported."""
    a = pl.DataFrame({"k": ["x", "y"], "v": [1.0, 2.0]})
    assert compare_frames(a, a.with_columns(pl.col("v") * (1 + 1e-12)), loose_types=True) == []
    assert compare_frames(a, a.with_columns(pl.col("v") * (1 + 1e-8)), loose_types=True) != []
    assert compare_frames(a, a.head(1), loose_types=True) != []
