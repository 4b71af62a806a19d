"""Killed and concurrent runs: a refresh SIGKILLed during ingest or during the dbt build leaves nothing
half-loaded, the next refresh converges to marts identical to a clean run's, and a second writing command
while one runs is refused at once, naming the running one.

The moment of the kill is made deterministic with the documented test hook STO_TEST_PAUSE_AT
(ingest/testhooks.py): the run prints "test hook: paused at <point>" and sleeps there.
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from ingest.loader import load_source
from ingest.sources import SOURCES
from tests.conftest import query, run_refresh_in
from tests.duo_fixtures import pupil_row, write_pupil_file

pytestmark = pytest.mark.e2e
CLI = [sys.executable, "-m", "orchestration.cli"]


def write_landing(home: Path) -> None:
    folder = home / "landing" / "duo_leerlingen_vestiging"
    write_pupil_file(
        folder,
        2019,
        [
            pupil_row("10AB", "00", "bb", "6111", (3, 1)),
            pupil_row("10AB", "00", "kb", "6121", (5, 2)),
            pupil_row("20CD", "01", "gl", "6011", (7, 4)),
        ],
    )
    write_pupil_file(
        folder,
        2020,
        [pupil_row("10AB", "00", "bb", "6111", (6, 1)), pupil_row("20CD", "01", "kb", "6321", (8, 9))],
        "new",
    )


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "STO_HOME": str(home), "DAGSTER_HOME": str(home / "dagster_home"), **extra}
    env.pop("STO_DUCKDB_PATH", None)
    return env


def refresh(home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "refresh"], capture_output=True, text=True, env=env_for(home), timeout=600)


class PausedRun:
    """`sto-monitor refresh` (or another `command`) in its own process group, paused by the test hook at `point`."""

    def __init__(self, home: Path, point: str, command: list[str] | None = None):
        self.proc = subprocess.Popen(
            command or [*CLI, "refresh"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env_for(home, STO_TEST_PAUSE_AT=point, STO_TEST_PAUSE_SECONDS="600"),
            start_new_session=True,  # the run and the dbt process it starts are killed together
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for(f"test hook: paused at {point}")

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if text in line:
                return
        self.kill()
        raise AssertionError(f"run never reached {text!r}; its stderr:\n" + "\n".join(self.seen))

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)


def table_digests(home: Path, schema: str, skip_columns: tuple[str, ...] = ()) -> dict[str, str]:
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1", [schema]
            ).fetchall()
        ]
        digests = {}
        for t in tables:
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                    "ORDER BY ordinal_position",
                    [schema, t],
                ).fetchall()
                if r[0] not in skip_columns
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(f'SELECT {select} FROM {schema}."{t}" ORDER BY ALL').fetchall()
            digests[t] = hashlib.sha256(repr((cols, rows)).encode()).hexdigest()
        return digests
    finally:
        con.close()


PROVENANCE = ("_load_id", "_loaded_at")


def duplicate_keys(home: Path) -> dict[str, int]:
    """Per raw table: rows beyond the first per natural key + partition (must be 0)."""
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        present = {
            r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'").fetchall()
        }
        found = {}
        for source in SOURCES.values():
            if source.name not in present:
                continue
            key = ", ".join(f'"{k}"' for k in (*source.key, "_schooljaar"))
            found[source.name] = con.execute(
                f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM raw.{source.name} GROUP BY {key})"
            ).fetchone()[0]
        return found
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Digests of marts and raw after one uninterrupted refresh of the same landing data."""
    home = tmp_path_factory.mktemp("clean") / "sto_home"
    write_landing(home)
    run_refresh_in(home)
    return {"marts": table_digests(home, "marts"), "raw": raw_digests(home)}


def raw_digests(home: Path) -> dict[str, str]:
    """Raw tables without the load ids and times (and without the ledger, a log of attempts)."""
    digests = table_digests(home, "raw", PROVENANCE)
    digests.pop("_loads")
    return digests


def assert_converged(home: Path, clean: dict[str, dict[str, str]]) -> None:
    result = refresh(home)
    assert result.returncode == 0, result.stderr
    assert table_digests(home, "marts") == clean["marts"]
    assert raw_digests(home) == clean["raw"]
    assert set(duplicate_keys(home).values()) == {0}


def test_killed_during_ingest_blocks_nobody_and_converges(tmp_path, clean):
    home = tmp_path / "sto_home"
    # An earlier delivery of 2019 is in raw; then the real landing data arrives and its load is killed
    # after the 2019 partition was replaced but before COMMIT.
    old = tmp_path / "old_landing"
    write_pupil_file(old / "duo_leerlingen_vestiging", 2019, [pupil_row("99ZZ", "00", "bb", "6111", (1, 1))])
    (home / "landing").mkdir(parents=True)
    con = duckdb.connect(str(home / "sto_monitor.duckdb"))
    try:
        load_source(con, old, SOURCES["duo_leerlingen_vestiging"])
    finally:
        con.close()
    before = table_digests(home, "raw")
    write_landing(home)
    run = PausedRun(home, "ingest")  # the 2019 partition is rewritten, not committed

    # A second refresh while the first runs is refused at once, naming the running one.
    started = time.monotonic()
    second = refresh(home)
    assert time.monotonic() - started < 30  # no waiting for the lock: python start-up only
    assert second.returncode == 1
    assert second.stdout == ""
    assert re.fullmatch(
        rf"sto-monitor refresh: error: another sto-monitor run is in progress \(refresh, pid {run.proc.pid}, "
        r"started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\); try again when it has finished\n",
        second.stderr,
    ), second.stderr
    assert "Traceback" not in second.stderr

    run.kill()
    # Nothing of the killed transaction is visible (raw and its ledger are exactly as before); the lock
    # file of the dead run is still there and must not block the next run.
    after = table_digests(home, "raw")
    assert {t: after[t] for t in before} == before
    new_tables = sorted(set(after) - set(before))  # sources ingested before the kill may create empty tables
    assert all(query(home, f"SELECT count(*) FROM raw.{t}")[0][0] == 0 for t in new_tables), new_tables
    assert f'"pid": {run.proc.pid}' in (home / ".sto-monitor.lock").read_text()

    assert_converged(home, clean)


def test_killed_during_dbt_build_converges(tmp_path, clean):
    home = tmp_path / "sto_home"
    write_landing(home)
    run = PausedRun(home, "dbt")  # raw is loaded; dbt has built its first node
    run.kill()
    assert_converged(home, clean)


def test_refresh_is_refused_while_another_program_has_the_warehouse_open(tmp_path):
    home = tmp_path / "sto_home"
    (home / "landing").mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(120)",
            str(home / "sto_monitor.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        result = refresh(home)
        assert time.monotonic() - started < 30
        assert result.returncode == 1
        assert re.fullmatch(
            rf"sto-monitor refresh: error: the warehouse {re.escape(str(home / 'sto_monitor.duckdb'))} is open by "
            rf".+ \(pid {holder.pid}\); close that program and try again \(DuckDB allows one writing process at a "
            r"time\)\n",
            result.stderr,
        ), result.stderr
    finally:
        holder.kill()
        holder.wait()


# A run as the Dagster UI, a sensor or a schedule starts it: the job of the Definitions, not the CLI.
RUN_INGEST_JOB = [
    sys.executable,
    "-c",
    "from dagster import DagsterInstance\n"
    "from orchestration.definitions import defs\n"
    "with DagsterInstance.ephemeral() as instance:\n"
    "    defs.resolve_job_def('ingest').execute_in_process(instance=instance)\n",
]


def test_a_run_started_outside_the_command_line_holds_the_lock_too(tmp_path, defs, monkeypatch):
    home = tmp_path / "sto_home"
    write_landing(home)
    # A run of the job `ingest` started outside the CLI holds the lock while it runs: refresh is refused.
    run = PausedRun(home, "ingest", RUN_INGEST_JOB)
    try:
        second = refresh(home)
        assert second.returncode == 1
        assert re.fullmatch(
            r"sto-monitor refresh: error: another sto-monitor run is in progress \(Dagster run \w{8} of job "
            rf"ingest, pid {run.proc.pid}, started [\d: -]+\); try again when it has finished\n",
            second.stderr,
        ), second.stderr
    finally:
        run.kill()
    # ... and while `sto-monitor refresh` runs, a run started outside it fails at once, naming the refresh.
    run = PausedRun(home, "ingest")
    try:
        monkeypatch.setenv("STO_HOME", str(home))
        with DagsterInstance.ephemeral() as instance:
            result = defs.resolve_job_def("ingest").execute_in_process(instance=instance, raise_on_error=False)
        assert not result.success
        errors = []
        for event in result.all_events:
            error = event.event_specific_data.error if event.is_failure else None
            while error is not None:  # Dagster's error, caused by the resource's
                errors.append(error.message)
                error = error.cause
        assert any(f"another sto-monitor run is in progress (refresh, pid {run.proc.pid}" in e for e in errors), errors
    finally:
        run.kill()
