"""The dbt docs of a release are generated once per version of the project and the warehouse's schema
(orchestration/dbt_docs.py); the end-to-end case is in tests/test_release.py."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from ingest.paths import StoHome
from orchestration import dbt_docs


def version_of(statements: list[str]) -> str:
    con = duckdb.connect(":memory:")
    try:
        for sql in statements:
            con.execute(sql)
        return dbt_docs.docs_version(con)
    finally:
        con.close()


BASE = ["create schema marts", "create table marts.a (schooljaar integer, aantal bigint)"]


def test_the_version_follows_the_schema_not_the_data():
    assert version_of(BASE) == version_of([*BASE, "insert into marts.a values (2024, 12)"])
    other_type = "create table marts.a (schooljaar integer, aantal double)"
    as_view = "create view marts.a as select 1::integer as schooljaar, 2::bigint as aantal"
    assert version_of(BASE) != version_of(["create schema marts", other_type])
    assert version_of(BASE) != version_of([*BASE, "alter table marts.a add column regio varchar"])
    assert version_of(BASE) != version_of([*BASE, "create view marts.b as select * from marts.a"])
    assert version_of(BASE) != version_of(["create schema marts", as_view])


def test_the_version_follows_the_dbt_project(monkeypatch: pytest.MonkeyPatch):
    before = version_of(BASE)
    monkeypatch.setattr(dbt_docs, "project_fingerprint", lambda: "another version of the project")
    assert version_of(BASE) != before


@pytest.fixture(autouse=True)
def docs_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The checkout's cache of docs pages (dbt_project/target/dbt_docs/), here a folder of the test's own."""
    cache = tmp_path / "docs_cache"
    monkeypatch.setattr(dbt_docs, "DOCS_CACHE", cache)
    return cache


def kept(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def release_folder(root: Path, name: str) -> Path:
    folder = root / "tmp" / name
    folder.mkdir(parents=True)
    return folder


def test_a_page_is_generated_once_per_version_and_copied_into_each_release(tmp_path: Path, monkeypatch, docs_cache):
    home = StoHome(tmp_path)
    generated: list[Path] = []

    def fake_generate(home: StoHome, target: Path, log, beside) -> None:
        beside()
        generated.append(target)
        target.mkdir(parents=True)
        (target / "static_index.html").write_text(f"<html>docs {len(generated)}</html>")

    monkeypatch.setattr(dbt_docs, "_generate", fake_generate)
    first, second, third = (release_folder(tmp_path, n) for n in ("r1", "r2", "r3"))
    assert dbt_docs.build_docs(home, first, io.StringIO(), "v1") is True
    assert dbt_docs.build_docs(home, second, io.StringIO(), "v1") is False
    assert len(generated) == 1 and not generated[0].exists()  # dbt's target folder is removed
    assert (first / "docs/index.html").read_text() == (second / "docs/index.html").read_text() == "<html>docs 1</html>"
    assert dbt_docs.build_docs(home, third, io.StringIO(), "v2") is True
    assert (third / "docs/index.html").read_text() == "<html>docs 2</html>"
    assert kept(docs_cache) == ["v1.html", "v2.html"]
    # another STO_HOME of the same checkout with a warehouse of the same schema: the page is not generated again
    other = StoHome(tmp_path / "other")
    fourth = release_folder(other.root, "r4")
    assert dbt_docs.build_docs(other, fourth, io.StringIO(), "v1") is False
    assert (fourth / "docs/index.html").read_text() == "<html>docs 1</html>" and len(generated) == 2


def test_the_newest_versions_are_kept(tmp_path: Path, monkeypatch, docs_cache):
    def fake_generate(home: StoHome, target: Path, log, beside) -> None:
        target.mkdir(parents=True)
        (target / "static_index.html").write_text("<html>docs</html>")

    monkeypatch.setattr(dbt_docs, "_generate", fake_generate)
    monkeypatch.setattr(dbt_docs, "DOCS_KEPT", 2)
    for i, version in enumerate(("v1", "v2", "v3")):
        assert dbt_docs.build_docs(StoHome(tmp_path), release_folder(tmp_path, f"r{i}"), io.StringIO(), version)
        time.sleep(0.01)  # (their times apart)
    assert kept(docs_cache) == ["v2.html", "v3.html"]


def test_a_failed_generation_keeps_nothing(tmp_path: Path, monkeypatch, docs_cache):
    from orchestration.errors import UserError

    def failing(home: StoHome, target: Path, log, beside) -> None:
        target.mkdir(parents=True)
        raise UserError("dbt docs generate --static failed: boom")

    monkeypatch.setattr(dbt_docs, "_generate", failing)
    folder = release_folder(tmp_path, "r1")
    with pytest.raises(UserError, match="boom"):
        dbt_docs.build_docs(StoHome(tmp_path), folder, io.StringIO(), "v1")
    assert kept(docs_cache) == []
    assert not (folder / "docs").exists() and not (tmp_path / "tmp" / "r1-dbt-target").exists()


# Stands in for `dbt docs generate --static`: writes many lines of JSON events (more than a pipe holds), then
# a marker file, and writes the page once the test says so (a file "go"; at most a minute: no timing involved).
FAKE_DBT = """
import json, sys, time
from pathlib import Path
target = Path(sys.argv[1]); target.mkdir(parents=True, exist_ok=True)
for i in range(3000):
    print(json.dumps({"info": {"msg": f"event {i} " + "x" * 80}}), flush=True)
(target / "all_events_written").touch()
deadline = time.monotonic() + 60
while not (target / "go").exists() and time.monotonic() < deadline:
    time.sleep(0.01)
(target / "static_index.html").write_text("<html>docs</html>")
"""


class FakeInvocation:
    def __init__(self, target: Path):
        self.target = target
        self.process = subprocess.Popen(
            [sys.executable, "-c", FAKE_DBT, str(target)], stdout=subprocess.PIPE, text=True
        )

    def stream_raw_events(self):
        for line in self.process.stdout:
            yield SimpleNamespace(raw_event=json.loads(line))

    def is_successful(self) -> bool:
        return self.process.wait() == 0


@pytest.fixture
def fake_dbt(monkeypatch):
    started: list[FakeInvocation] = []

    def cli(args, target_path, raise_on_error):
        assert args == ["docs", "generate", "--static"] and raise_on_error is False
        started.append(FakeInvocation(target_path))
        return started[-1]

    monkeypatch.setattr(dbt_docs, "dbt_resource", lambda: SimpleNamespace(cli=cli))
    return started


def test_the_callers_work_runs_while_dbt_generates_the_docs_and_its_messages_are_read(tmp_path, fake_dbt):
    folder, log, seen = release_folder(tmp_path, "r1"), io.StringIO(), []

    def report() -> None:  # the release's report: runs while dbt is still at work
        marker = fake_dbt[0].target / "all_events_written"
        deadline = time.monotonic() + 60
        while not marker.exists():  # dbt gets there only if its 3,000 lines are read meanwhile
            assert time.monotonic() < deadline, "dbt's output was not read while the caller worked"
            time.sleep(0.05)
        seen.append(fake_dbt[0].process.poll())  # dbt still running
        (fake_dbt[0].target / "go").touch()

    assert dbt_docs.build_docs(StoHome(tmp_path), folder, log, "v1", beside=report) is True
    assert seen == [None]
    assert (folder / "docs/index.html").read_text() == "<html>docs</html>"
    assert log.getvalue().count("\n") == 3000 and "event 2999" in log.getvalue()
    ran = []
    second = release_folder(tmp_path, "r2")
    assert dbt_docs.build_docs(StoHome(tmp_path), second, log, "v1", beside=lambda: ran.append(1)) is False
    assert ran == [1] and len(fake_dbt) == 1  # kept docs: the caller's work runs, dbt does not


def test_a_failure_of_the_callers_work_stops_dbt_and_keeps_nothing(tmp_path, fake_dbt, docs_cache):
    folder = release_folder(tmp_path, "r1")

    def failing_report() -> None:
        raise ValueError("report failed")

    # dbt inherits the signal mask of the process that starts it; a test worker of CI's blocked SIGTERM
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        with pytest.raises(ValueError, match="report failed"):
            dbt_docs.build_docs(StoHome(tmp_path), folder, io.StringIO(), "v1", beside=failing_report)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    assert fake_dbt[0].process.wait(timeout=30) != 0  # stopped (it would wait a minute for "go")
    assert kept(docs_cache) == []
    assert not (folder / "docs").exists() and not (tmp_path / "tmp" / "r1-dbt-target").exists()
