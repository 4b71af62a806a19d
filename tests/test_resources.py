"""Every DuckDB connection of a refresh, release, report, trace and Spark export caps DuckDB's memory as dbt's
does (orchestration/warehouse.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from ingest.paths import StoHome
from ingest.testhooks import MB_PER_THREAD_ENV
from orchestration import publish, spark, trace
from orchestration.dbt import LOG_FILE_LEVEL_VAR, DbtBuild, dbt_environment, dbt_executable, prepare_manifest
from orchestration.disclosure import describe
from orchestration.disclosure.catalog import catalog_of
from orchestration.errors import UserError
from orchestration.report.data import ReleaseData
from orchestration.resources import WarehouseResource
from orchestration.warehouse import (
    MB_PER_THREAD,
    MEMORY_LIMIT_VAR,
    connect_duckdb,
    connect_warehouse,
    duckdb_threads,
    hand_back_memory,
    kept_open,
    memory_limit,
    memory_limit_for,
    release,
    retry_memory_limit,
)

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "dbt_project" / "profiles.yml"
LIMIT = "300MB"


def setting(resource: WarehouseResource, read_only: bool = False) -> str:
    with resource.connect(read_only=read_only) as con:
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def duckdb_renders(limit: str) -> str:
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{limit}'")
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()


def test_a_warehouse_connection_is_capped_by_the_variable_dbt_reads(tmp_path, monkeypatch):
    resource = WarehouseResource(sto_home=str(tmp_path / "sto_home"))
    monkeypatch.delenv(MEMORY_LIMIT_VAR, raising=False)
    con = duckdb.connect()
    (threads,) = con.execute("SELECT current_setting('threads')").fetchone()
    con.close()
    assert memory_limit() == f"{125 * max(2, int(threads))}MB"  # 250MB on this 2-core machine
    assert setting(resource) == duckdb_renders(memory_limit())
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "300MB")
    assert setting(resource) == "286.1 MiB"  # 300MB = 3 x 10^8 bytes, as DuckDB prints it
    assert setting(resource, read_only=True) == "286.1 MiB"


def test_the_default_cap_is_125_mb_for_each_of_duckdbs_threads_and_at_least_two():
    assert [memory_limit_for(t, MB_PER_THREAD) for t in (1, 2, 3, 8)] == ["250MB", "250MB", "375MB", "1000MB"]


def test_a_dbt_build_out_of_the_default_cap_is_retried_with_400_mb_per_thread_but_a_users_cap_is_kept(monkeypatch):
    monkeypatch.delenv(MEMORY_LIMIT_VAR, raising=False)
    assert retry_memory_limit() == f"{400 * max(2, duckdb_threads())}MB"  # 800MB on this 2-core machine
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "300MB")
    assert retry_memory_limit() is None


def test_a_test_hook_makes_the_default_cap_smaller(monkeypatch):
    monkeypatch.delenv(MEMORY_LIMIT_VAR, raising=False)
    monkeypatch.setenv(MB_PER_THREAD_ENV, "12")
    assert memory_limit() == f"{12 * max(2, duckdb_threads())}MB"
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "2GB")  # the user's cap still wins
    assert memory_limit() == "2GB"


def test_every_dbt_process_gets_the_cap_of_the_refreshs_connections(tmp_path, monkeypatch):
    home = StoHome(tmp_path / "sto_home")
    monkeypatch.delenv(MEMORY_LIMIT_VAR, raising=False)
    with dbt_environment(home):
        assert os.environ[MEMORY_LIMIT_VAR] == memory_limit_for(duckdb_threads(), MB_PER_THREAD)
    assert MEMORY_LIMIT_VAR not in os.environ  # restored
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "2GB")
    with dbt_environment(home):
        assert os.environ[MEMORY_LIMIT_VAR] == "2GB"


def test_a_dbt_build_writes_no_debug_log_file_unless_the_user_asks_for_one(tmp_path, monkeypatch):
    seen = []

    class RecordingDbt:  # what DbtBuild uses of dagster-dbt's resource: cli(), run with the build's environment
        def cli(self, args, context, raise_on_error):
            seen.append(os.environ.get(LOG_FILE_LEVEL_VAR))

    build = DbtBuild(RecordingDbt(), None, StoHome(tmp_path / "sto_home"), ["build"], None, on_spark=False)
    monkeypatch.delenv(LOG_FILE_LEVEL_VAR, raising=False)
    build._start([], None)
    assert LOG_FILE_LEVEL_VAR not in os.environ  # restored after the start
    monkeypatch.setenv(LOG_FILE_LEVEL_VAR, "debug")
    build._start([], None)
    assert seen == ["none", "debug"]


@pytest.mark.e2e
def test_dbts_duckdb_is_opened_with_the_cap_and_a_build_with_another_cap_reuses_the_parse(tmp_path, monkeypatch):
    # the profile names a plugin that opens DuckDB with STO_DUCKDB_MEMORY_LIMIT (orchestration/dbt_duckdb_cap.py):
    # in the profile's `settings:` the value made dbt parse the whole project again for every other cap
    plugins = yaml.safe_load(PROFILES.read_text(encoding="utf-8"))["sto_monitor"]["outputs"]["dev"]["plugins"]
    assert plugins == [{"module": "orchestration.dbt_duckdb_cap"}]
    prepare_manifest()
    home = StoHome(tmp_path / "sto_home")
    home.database.parent.mkdir(parents=True)
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "300MB")  # not the cap in the environment of the parse (the default)
    with dbt_environment(home):
        done = subprocess.run(
            [dbt_executable(), "show", "--inline", "select current_setting('memory_limit') as cap"]
            + ["--output", "json", "--log-format", "json", "--profiles-dir", str(PROFILES.parent)],
            cwd=PROFILES.parent,
            capture_output=True,
            text=True,
        )
    assert done.returncode == 0, done.stdout[-2000:]
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    shown = [json.loads(e["data"]["preview"]) for e in events if e["info"]["name"] == "ShowNode"]
    assert shown == [[{"cap": duckdb_renders("300MB")}]]
    assert not [e for e in events if e["info"]["name"] == "UnableToPartialParse"]
    # dbt run by hand, without the variable (and without sto-monitor's retry): 800MB
    source = (ROOT / "orchestration" / "dbt_duckdb_cap.py").read_text(encoding="utf-8")
    assert re.findall(r'^BY_HAND = "([^"]+)"', source, re.MULTILINE) == ["800MB"]


def test_a_cap_that_is_no_memory_size_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "lots")
    with pytest.raises(UserError, match=r"^STO_DUCKDB_MEMORY_LIMIT='lots' is not a memory size"):
        setting(WarehouseResource(sto_home=str(tmp_path / "sto_home")))


def test_a_read_only_connection_is_capped_too(tmp_path, monkeypatch):
    database = tmp_path / "w.duckdb"
    connect_warehouse(database).close()
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "200MB")
    con = connect_warehouse(database, read_only=True)
    try:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "190.7 MiB"
    finally:
        con.close()


def limit_of(con: duckdb.DuckDBPyConnection) -> str:
    ((limit,),) = con.execute("SELECT current_setting('memory_limit')").fetchall()  # no unfinished result left
    return limit


@pytest.fixture
def capped(monkeypatch) -> str:
    """STO_DUCKDB_MEMORY_LIMIT=300MB; returns how DuckDB itself renders that cap (asked of a plain connection),
    which is not DuckDB's own default."""
    monkeypatch.setenv(MEMORY_LIMIT_VAR, LIMIT)
    con = duckdb.connect()
    try:
        default = limit_of(con)
        con.execute(f"SET memory_limit = '{LIMIT}'")
        expected = limit_of(con)
    finally:
        con.close()
    assert expected != default
    return expected


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The cap of every connection opened through connect_duckdb by the modules that open their own
    connections (recorded as it opens: some close it before they return)."""
    settings: list[str] = []

    def spy(*args, **kwargs):
        con = connect_duckdb(*args, **kwargs)
        settings.append(limit_of(con))
        return con

    for module in (publish, trace, spark, describe):
        monkeypatch.setattr(module, "connect_duckdb", spy, raising=False)  # absent: the test fails below
    return settings


def test_an_in_memory_connection_is_capped(capped):
    con = connect_duckdb()
    try:
        assert con.execute("SELECT current_setting('memory_limit'), current_database()").fetchone() == (
            capped,
            "memory",
        )
    finally:
        con.close()


def test_a_file_connection_is_capped_read_write_and_read_only(tmp_path, capped):
    for read_only in (False, True):
        con = connect_duckdb(tmp_path / "x.duckdb", read_only=read_only)
        try:
            assert limit_of(con) == capped
        finally:
            con.close()


def test_an_in_memory_cap_that_is_no_memory_size_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "lots")
    with pytest.raises(UserError, match=r"^STO_DUCKDB_MEMORY_LIMIT='lots' is not a memory size"):
        connect_duckdb()


def test_the_release_writer_and_the_trace_of_a_release_are_capped(tmp_path, capped, opened):
    publish.write_release_duckdb(tmp_path, [])
    assert opened == [capped]
    con = trace._connect(StoHome(tmp_path / "sto_home"), tmp_path)
    try:
        assert limit_of(con) == capped
    finally:
        con.close()
    assert opened == [capped, capped]


def test_the_report_reads_a_release_capped(tmp_path, capped):
    with ReleaseData(tmp_path, release_id="r") as data:
        assert limit_of(data.con) == capped


def test_the_spark_targets_connections_are_capped(tmp_path, capped, opened):
    home = StoHome(tmp_path)
    with spark.spark_tables(home) as con:
        assert limit_of(con) == capped
    assert spark.spark_summary(home).startswith("refresh done on Spark")
    assert opened == [capped, capped]


def test_disclosure_controls_connection_is_capped(capped, opened):
    described = describe.Described(catalog_of({"nodes": {}}, {}))
    described.number()
    describe.find_relations(described, {})
    assert opened == [capped]


def test_every_duckdb_connection_opens_through_the_capped_one():
    """No module of orchestration/ or ingest/ calls duckdb.connect but orchestration/warehouse.py (and
    orchestration/lock.py, whose probe opens and closes the warehouse file at once to see whether another
    program holds it)."""
    allowed = {Path("orchestration/warehouse.py"), Path("orchestration/lock.py")}
    pattern = re.compile(r"\bduckdb\s*\.\s*connect\s*\(|from\s+duckdb\s+import\b[^#]*\bconnect\b")
    found = {
        f"{path.relative_to(ROOT)}:{n}"
        for package in ("orchestration", "ingest")
        for path in sorted((ROOT / package).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    }
    assert {p for p in found if Path(p.split(":")[0]) not in allowed} == set()
    assert any(p.startswith("orchestration/warehouse.py:") for p in found)  # the scan sees the one call


# ---------------------------------------------------------------- the warehouse kept open during a refresh


def opens_for_writing_elsewhere(database: Path) -> bool:
    """Whether another process (as dbt is) can open the file for writing now."""
    done = subprocess.run(
        [sys.executable, "-c", f"import duckdb; duckdb.connect({str(database)!r}).close()"], capture_output=True
    )
    return done.returncode == 0


def test_kept_open_the_warehouse_is_opened_once_until_it_is_released(tmp_path):
    database = tmp_path / "sto_monitor.duckdb"
    with kept_open(database):
        first = connect_warehouse(database)
        first.execute("CREATE TABLE t AS SELECT 1 AS x")
        first.close()  # a connection closed: the file stays open
        assert not opens_for_writing_elsewhere(database)
        reader = connect_warehouse(database, read_only=True)  # the same database, however asked for
        assert reader.execute("SELECT x FROM t").fetchall() == [(1,)]
        assert reader.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # capped as any
        reader.close()
        release(database)  # as the dbt asset does before dbt starts
        assert opens_for_writing_elsewhere(database)
        after = connect_warehouse(database, read_only=True)  # on its own again, and read-only
        with pytest.raises(duckdb.Error):
            after.execute("CREATE TABLE u AS SELECT 1")
        after.close()
    assert opens_for_writing_elsewhere(database)


def test_kept_open_a_read_only_connection_to_a_missing_file_fails_as_before(tmp_path):
    database = tmp_path / "missing.duckdb"
    with kept_open(database), pytest.raises(duckdb.Error):
        connect_warehouse(database, read_only=True)
    assert not database.exists()


def test_kept_open_closes_the_file_when_the_run_ends(tmp_path):
    database = tmp_path / "sto_monitor.duckdb"
    with pytest.raises(RuntimeError), kept_open(database):
        connect_warehouse(database).close()
        raise RuntimeError("a step failed")
    assert opens_for_writing_elsewhere(database)


@pytest.mark.e2e
def test_a_refresh_out_of_duckdbs_memory_says_which_cap_and_how_to_raise_it(sto_home, monkeypatch):
    """DuckDB's "Out of Memory Error" names neither the cap nor the variable that sets it: the refresh's one
    line adds both, once however many steps ran out of it."""
    from tests.conftest import run_refresh_in
    from tests.duo_fixtures import pupil_row, write_pupil_file

    write_pupil_file(
        sto_home / "landing" / "duo_leerlingen_vestiging", 2019, [pupil_row("10AB", "00", "bb", "6011", (8, 2))]
    )
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "1MB")
    with pytest.raises(UserError) as failed:
        run_refresh_in(sto_home)
    line = str(failed.value)
    assert "Out of Memory Error" in line and "\n" not in line
    hint = "DuckDB's memory cap is 1MB: a larger one, e.g. STO_DUCKDB_MEMORY_LIMIT=2GB, lets it finish"
    assert line.count(hint) == 1


def test_hand_back_memory_frees_what_duckdb_holds_and_keeps_the_cap(tmp_path, capped):
    con = connect_duckdb()  # an in-memory table: its blocks are in memory until DuckDB has to write them out
    used = "SELECT sum(memory_usage_bytes) / 2 ** 20 FROM duckdb_memory()"
    try:
        con.execute(f"SET temp_directory = '{tmp_path}'")
        con.execute("CREATE TABLE t AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(3000000)")
        assert con.execute(used).fetchone()[0] > 60
        hand_back_memory(con)
        assert con.execute(used).fetchone()[0] <= 32
        assert limit_of(con) == capped
        assert con.execute("SELECT count(DISTINCT s) FROM t").fetchone() == (3000000,)
    finally:
        con.close()
