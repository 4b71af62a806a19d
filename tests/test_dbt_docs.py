"""The dbt docs of a release are generated once per version of the project and the warehouse's schema
(orchestration/dbt_docs.py); the end-to-end case is in tests/test_release.py."""

from __future__ import annotations

import io
from pathlib import Path

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


def release_folder(root: Path, name: str) -> Path:
    folder = root / "tmp" / name
    folder.mkdir(parents=True)
    return folder


def test_a_page_is_generated_once_per_version_and_copied_into_each_release(tmp_path: Path, monkeypatch):
    home = StoHome(tmp_path)
    generated: list[Path] = []

    def fake_generate(home: StoHome, target: Path, log) -> None:
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
    assert [p.name for p in (tmp_path / "cache" / "dbt_docs").iterdir()] == ["v2.html"]  # one version kept


def test_a_failed_generation_keeps_nothing(tmp_path: Path, monkeypatch):
    from orchestration.errors import UserError

    def failing(home: StoHome, target: Path, log) -> None:
        target.mkdir(parents=True)
        raise UserError("dbt docs generate --static failed: boom")

    monkeypatch.setattr(dbt_docs, "_generate", failing)
    folder = release_folder(tmp_path, "r1")
    with pytest.raises(UserError, match="boom"):
        dbt_docs.build_docs(StoHome(tmp_path), folder, io.StringIO(), "v1")
    assert list((tmp_path / "cache" / "dbt_docs").iterdir()) == []
    assert not (folder / "docs").exists() and not (tmp_path / "tmp" / "r1-dbt-target").exists()
