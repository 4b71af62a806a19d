"""Raw contracts (GX suites generated from the Source registry), the landing sensor, dbt test coverage of
every staging model and mart, and a coverage model (rows not counted) for every raw table."""

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest.contracts import contract_outcomes, raw_partitions, suite, validate_partition
from ingest.loader import load_source
from ingest.sources import SOURCES
from tests.duo_fixtures import pupil_row, write_pupil_file

PUPILS = SOURCES["duo_leerlingen_vestiging"]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_source_gets_a_suite_from_its_column_specs(name):
    source = SOURCES[name]
    expectations = suite(source, source.column_names, 2019, None, previous_rows=None)
    types = [e.type for e in expectations]
    patterned = {c.name for c in source.columns if c.pattern}
    required = {c.name for c in source.columns if not c.nullable}
    assert types[0] == "expect_table_columns_to_match_set"
    assert {e.column for e in expectations if e.type == "expect_column_values_to_match_regex"} == patterned
    assert {e.column for e in expectations if e.type == "expect_column_values_to_not_be_null"} == required
    assert any(t in types for t in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"))


@pytest.mark.parametrize(
    ("generation", "accepts_suppressed"),
    [("new", True), ("multi_year_new", True), ("per_profiel_new", True), ("multi_year_old", False), (None, False)],
)
def test_suppressed_counts_are_accepted_only_in_newer_duo_formats(generation, accepts_suppressed):
    # the exam source names its formats <layout>_<generation>; '<5' is valid wherever the generation is new
    source = SOURCES["duo_examenkandidaten"]
    expectations = suite(source, source.column_names, None, None, None, format_generation=generation)
    regex = next(e.kwargs["regex"] for e in expectations if e.column == "examenkandidaten" and "regex" in e.kwargs)
    assert ("<5" in regex) is accepts_suppressed


def rows(n: int) -> list[list[object]]:
    return [pupil_row(f"{10 + i // 90:02d}AB", f"{i % 90:02d}", "bb", "6011", (1, 1)) for i in range(n)]


def test_a_partition_shrinking_beyond_the_blocking_band_is_refused_and_keeps_its_rows(tmp_path: Path):
    # 2019: 300 rows. 2020 with 20 rows is 0.07 x 300, below the blocking band 0.1-10 x.
    landing = tmp_path / "landing"
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        write_pupil_file(landing / PUPILS.name, 2019, rows(300))
        assert not load_source(con, landing, PUPILS).failed
        write_pupil_file(landing / PUPILS.name, 2020, rows(20))
        report = load_source(con, landing, PUPILS)
        assert len(report.failed) == 1
        message = str(report.failed[0])
        assert message.startswith(
            "duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2020.csv"
        )
        assert "expect_table_row_count_to_be_between" in message and "300" in message
        counts = con.execute("SELECT _schooljaar, count(*) FROM raw.duo_leerlingen_vestiging GROUP BY 1").fetchall()
        assert counts == [(2019, 300)]  # nothing of 2020 was written
        # 2020 with 140 rows (0.47 x) loads, with a warning outside the warning band 0.5-1.5 x.
        write_pupil_file(landing / PUPILS.name, 2020, rows(140))
        report = load_source(con, landing, PUPILS)
        assert not report.failed
        assert any("contract warning" in n and "row count" in n for n in report.notes)
        # The same suite over raw: every partition passes its blocking expectations.
        outcomes = contract_outcomes(con, PUPILS)
        assert not [o for o in outcomes if o.blocking and not o.passed]
        # ... and a value changed behind the loader's back is caught, naming column and line.
        con.execute(
            "UPDATE raw.duo_leerlingen_vestiging SET elementcode = '60x1' WHERE _source_row = 7 AND _schooljaar = 2019"
        )
        failed = [o for o in contract_outcomes(con, PUPILS) if not o.passed and o.blocking]
        assert [(o.column, o.first_line, o.partition) for o in failed] == [("elementcode", 7, "schooljaar 2019")]
    finally:
        con.close()


def test_a_partition_is_validated_once_and_the_check_reads_the_recorded_outcome(tmp_path: Path, monkeypatch):
    import ingest.contracts as contracts
    import ingest.loader as loader

    validated: list[int | None] = []
    real = contracts.validate_partition

    def counting(con, source, partition):
        validated.append(partition.schooljaar)
        return real(con, source, partition)

    monkeypatch.setattr(contracts, "validate_partition", counting)
    monkeypatch.setattr(loader, "validate_partition", counting)
    landing = tmp_path / "landing"
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        write_pupil_file(landing / PUPILS.name, 2019, rows(300))
        write_pupil_file(landing / PUPILS.name, 2020, rows(300))
        assert not load_source(con, landing, PUPILS).failed
        assert validated == [2019, 2020]  # once per partition, on the rows written, before the commit
        recorded = con.execute("SELECT schooljaar, contract_key IS NOT NULL FROM raw._loads ORDER BY 1").fetchall()
        assert recorded == [(2019, True), (2020, True)]
        # The check (and the release) read the recorded outcomes: 2 partitions, nothing validated again.
        outcomes = contract_outcomes(con, PUPILS)
        assert validated == [2019, 2020]
        assert {o.partition for o in outcomes} == {"schooljaar 2019", "schooljaar 2020"}
        assert all(o.passed for o in outcomes)
        # 2019 delivered again with 280 rows: 2019 is validated as it is written, and 2020 again on raw,
        # because its row-count band follows the previous schooljaar.
        write_pupil_file(landing / PUPILS.name, 2019, rows(280))
        assert not load_source(con, landing, PUPILS).failed
        assert validated == [2019, 2020, 2019, 2020]
        contract_outcomes(con, PUPILS)
        assert validated == [2019, 2020, 2019, 2020]
        # Rows changed behind the loader's back: the ledger no longer vouches for them, so that partition
        # (and only that one) is validated again, and the change is caught.
        con.execute(
            "UPDATE raw.duo_leerlingen_vestiging SET elementcode = 'x' WHERE _source_row = 3 AND _schooljaar = 2020"
        )
        failed = [o for o in contract_outcomes(con, PUPILS) if not o.passed]
        assert validated == [2019, 2020, 2019, 2020, 2020]
        assert [(o.column, o.first_line) for o in failed] == [("elementcode", 3)]
    finally:
        con.close()


def test_schooljaar_must_agree_with_the_file_name():
    from ingest.loader import ensure_schema

    con = duckdb.connect()
    ensure_schema(con, PUPILS)
    columns = ", ".join(f'"{c}"' for c in PUPILS.column_names)
    ones = ", ".join("'1'" for _ in PUPILS.column_names)
    con.execute(
        f"INSERT INTO raw.{PUPILS.name} ({columns}, _schooljaar, _source_file, _source_row) "
        f"SELECT {ones}, 2019, 'duo_leerlingen_vestiging/01.-leerlingen-2020.csv', 2"
    )
    (partition,) = raw_partitions(con, PUPILS)
    outcomes = validate_partition(con, PUPILS, partition)
    year = [o for o in outcomes if o.column == "_schooljaar"]
    # the file's name says 2020, its rows say 2019
    assert len(year) == 1 and not year[0].passed and "2020" in year[0].detail and year[0].first_line == 2


def test_landing_sensor_requests_only_the_changed_sources(tmp_path: Path, monkeypatch):
    from orchestration.resources import WarehouseResource
    from orchestration.sensors import build_landing_sensor

    home = tmp_path / "home"
    write_pupil_file(home / "landing" / PUPILS.name, 2019, rows(3))
    sensor = build_landing_sensor("ingest")
    warehouse = WarehouseResource(sto_home=str(home))
    with dg.build_sensor_context(resources={"warehouse": warehouse}) as context:
        request = sensor(context)
    assert isinstance(request, dg.RunRequest)
    assert request.asset_selection == [dg.AssetKey(["raw", PUPILS.name])]
    assert PUPILS.name + "/01.-leerlingen" in request.tags["sto/changed_files"]
    con = duckdb.connect(str(home / "sto_monitor.duckdb"))
    load_source(con, home / "landing", PUPILS)
    con.close()
    with dg.build_sensor_context(resources={"warehouse": warehouse}) as context:
        assert isinstance(sensor(context), dg.SkipReason)


def test_every_staging_model_and_mart_has_dbt_tests():
    from orchestration.dbt import prepare_manifest

    manifest = json.loads(prepare_manifest().read_text())
    tested = {
        dep for n in manifest["nodes"].values() if n["resource_type"] == "test" for dep in n["depends_on"]["nodes"]
    }
    untested = [
        n["name"]
        for key, n in manifest["nodes"].items()
        if n["resource_type"] == "model" and n["schema"] in ("staging", "marts") and key not in tested
    ]
    assert untested == []


def test_every_raw_table_has_its_rows_classified():
    # issue 17: no row of a delivered file vanishes silently; a coverage model holds every registered raw table
    from orchestration.dbt import prepare_manifest

    manifest = json.loads(prepare_manifest().read_text())
    covered = {
        dep
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test"
        and (n.get("test_metadata") or {}).get("name") == "every_raw_row_classified_once"
        for dep in n["depends_on"]["nodes"]
    }
    assert "source.sto_monitor.duo.duo_hbo_eerstejaars" in manifest["sources"]
    assert sorted(set(manifest["sources"]) - covered) == []


def test_release_asset_waits_for_blocking_checks(defs):
    release = defs.resolve_assets_def(dg.AssetKey(["release", "release"]))
    condition = release.automation_conditions_by_key[dg.AssetKey(["release", "release"])]
    assert "blocking" in str(condition).lower() or "checks" in str(condition).lower()
    parents = defs.resolve_asset_graph().get(dg.AssetKey(["release", "release"])).parent_keys
    assert dg.AssetKey(["marts", "indicator_values"]) in parents


def test_every_dbt_test_is_an_asset_check_so_the_release_gate_sees_it(defs):
    # A singular test reading several models needs meta {dagster: {ref: {name: <model>}}} in its config.
    from orchestration.dbt import prepare_manifest

    manifest = json.loads(prepare_manifest().read_text())
    tests = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "test"}
    checks = {k.name for k in defs.resolve_asset_graph().asset_check_keys}
    assert tests - checks == set()
