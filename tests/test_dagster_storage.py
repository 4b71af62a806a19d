"""The local Dagster instance's event log (orchestration/dagster_storage.py): a new DAGSTER_HOME is configured
with it, runs are stored and read back as with Dagster's own SQLite event log, and its connections commit
with synchronous=NORMAL and stay open in a small pool between uses."""

from __future__ import annotations

import dagster as dg
import pytest
from sqlalchemy import event as sqlalchemy_event
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


def test_a_batch_of_events_is_stored_in_one_transaction_or_not_at_all(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("DAGSTER_EVENT_BATCH_SIZE", raising=False)
    home = StoHome(tmp_path / "sto_home")
    with _dagster_instance(home, None) as instance:
        defs = dg.Definitions(assets=[numbers, total], jobs=[dg.define_asset_job("numbers_job")])
        run = defs.resolve_job_def("numbers_job").execute_in_process(instance=instance)
        storage = instance.event_log_storage
        # the run's planned events came as one batch (run.py sets the batch size) and all were stored
        planned = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED)
        assert sorted(e.dagster_event.asset_key.path[0] for e in planned) == ["numbers", "total"]
        commits = []
        index_engine = storage._engine("index")
        sqlalchemy_event.listen(index_engine, "commit", lambda _conn: commits.append(1))
        copies = [e._replace(run_id="batch-run") for e in planned]
        storage.store_event_batch(copies)
        assert len(commits) == 1  # two asset events mirrored in the index: one transaction
        assert len(instance.all_logs("batch-run")) == 2
        # a failure on the second event rolls back the first too
        real = LocalSqliteEventLogStorage._store_asset_event
        calls = []

        def failing(self, conn, event, event_id):
            calls.append(event_id)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return real(self, conn, event, event_id)

        monkeypatch.setattr(LocalSqliteEventLogStorage, "_store_asset_event", failing)
        with pytest.raises(RuntimeError, match="disk full"):
            storage.store_event_batch([e._replace(run_id="failed-batch") for e in planned])
        assert instance.all_logs("failed-batch") == []
        with storage.index_connection() as conn:
            assert conn.execute(text("SELECT count(*) FROM event_logs WHERE run_id = 'failed-batch'")).scalar() == 0


@pytest.fixture(autouse=True)
def _restore_dagster_home(monkeypatch):
    """_dagster_instance sets DAGSTER_HOME for the process; monkeypatch puts it back."""
    monkeypatch.setenv("DAGSTER_HOME", "")
    monkeypatch.delenv("DAGSTER_HOME")
    yield
