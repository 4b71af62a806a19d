"""The local Dagster instance's event log (orchestration/dagster_storage.py): a new DAGSTER_HOME is configured
with it, runs are stored and read back as with Dagster's own SQLite event log, and its connections commit
with synchronous=NORMAL and stay open in a small pool between uses."""

from __future__ import annotations

import dagster as dg
import pytest
from sqlalchemy import text

from ingest.paths import StoHome
from orchestration.dagster_storage import LocalSqliteEventLogStorage
from orchestration.refresh import _dagster_instance


@dg.asset
def numbers() -> list[int]:
    return [1, 2, 3]


@dg.asset
def total(numbers: list[int]) -> int:
    return sum(numbers)


def test_a_new_local_instance_stores_and_reads_runs_with_the_local_event_log(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = StoHome(tmp_path / "sto_home")
    with _dagster_instance(home, None) as instance:
        assert isinstance(instance.event_log_storage, LocalSqliteEventLogStorage)
        defs = dg.Definitions(assets=[numbers, total], jobs=[dg.define_asset_job("numbers_job")])
        job = defs.resolve_job_def("numbers_job")
        first = job.execute_in_process(instance=instance)
        second = job.execute_in_process(instance=instance)
        assert first.success and second.success
        assert {r.run_id for r in instance.get_runs()} == {first.run_id, second.run_id}
        latest = instance.get_latest_materialization_event(dg.AssetKey("total"))
        assert latest is not None and latest.run_id == second.run_id
        assert instance.all_logs(first.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
        with instance.event_log_storage.index_connection() as conn:
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL (FULL is 2)
            first_connection = conn.connection.dbapi_connection
        with instance.event_log_storage.index_connection() as conn:  # kept open in the pool, not reopened
            assert conn.connection.dbapi_connection is first_connection
        # another reader (the Dagster UI's process, say) sees every event while these connections stay open
        with dg.DagsterInstance.get() as reader:
            assert reader.get_latest_materialization_event(dg.AssetKey("total")).run_id == second.run_id
            assert len(reader.all_logs(first.run_id)) == len(instance.all_logs(first.run_id))
    assert (tmp_path / "sto_home" / "dagster_home" / "dagster.yaml").read_text().count(
        "LocalSqliteEventLogStorage"
    ) == 1


@pytest.fixture(autouse=True)
def _restore_dagster_home(monkeypatch):
    """_dagster_instance sets DAGSTER_HOME for the process; monkeypatch puts it back."""
    monkeypatch.setenv("DAGSTER_HOME", "")
    monkeypatch.delenv("DAGSTER_HOME")
    yield
