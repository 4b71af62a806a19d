"""Loading into raw: provenance, idempotence, one transaction per partition, nothing half-loaded."""

import dataclasses
import hashlib
from pathlib import Path

import duckdb
import pytest

from ingest.loader import load_source
from ingest.sources import SOURCES
from tests.duo_fixtures import pupil_row, write_pupil_file

PUPILS = SOURCES["duo_leerlingen_vestiging"]


def table_digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    return tmp_path / "landing"


@pytest.fixture
def con(tmp_path: Path):
    c = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield c
    c.close()


def test_rows_carry_provenance(landing, con):
    write_pupil_file(
        landing / PUPILS.name,
        2019,
        [pupil_row("10AB", "00", "bb", "6111", (3, 1)), pupil_row("10AB", "00", "kb", "6121", (2, 2))],
    )
    report = load_source(con, landing, PUPILS)
    assert report.loaded == [
        ("duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv", 2019, 2)
    ]
    rows = con.execute(
        "SELECT elementcode, _schooljaar, _format_generation, _source_file, _source_row, "
        "_source_sha256, _load_id IS NOT NULL, _loaded_at IS NOT NULL "
        "FROM raw.duo_leerlingen_vestiging ORDER BY _source_row"
    ).fetchall()
    sha = hashlib.sha256(next((landing / PUPILS.name).iterdir()).read_bytes()).hexdigest()
    file = "duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
    assert rows == [
        ("6111", 2019, "legacy", file, 2, sha, True, True),
        ("6121", 2019, "legacy", file, 3, sha, True, True),
    ]
    ledger = con.execute(
        "SELECT source, file_name, sha256, schooljaar, rows_read, rows_loaded, result FROM raw._loads"
    ).fetchall()
    assert ledger == [("duo_leerlingen_vestiging", file, sha, 2019, 2, 2, "loaded")]


def test_rows_go_into_raw_in_line_order_whatever_order_the_parser_gives(landing, con):
    """Contract examples are "the first rows in table order": raw keeps the file's line order. A parser's frame
    in line order is inserted as it is; one out of order is sorted on the way in."""
    write_pupil_file(
        landing / PUPILS.name,
        2019,
        [pupil_row("10AB", "00", "bb", f"61{i:02d}", (3, 1)) for i in range(40)],
    )

    def reversed_parse(path, file_name):
        parsed = PUPILS.parse(path, file_name)
        return dataclasses.replace(parsed, frame=parsed.frame.reverse())

    report = load_source(con, landing, dataclasses.replace(PUPILS, parse=reversed_parse))
    assert not report.failed
    lines = [
        r[0] for r in con.execute("SELECT _source_row FROM raw.duo_leerlingen_vestiging ORDER BY rowid").fetchall()
    ]
    assert lines == list(range(2, 42))


def test_loading_the_same_file_twice_leaves_raw_identical(landing, con):
    write_pupil_file(landing / PUPILS.name, 2019, [pupil_row("10AB", "00", "bb", "6111", (3, 1))])
    load_source(con, landing, PUPILS)
    before = table_digest(con, "raw.duo_leerlingen_vestiging")
    again = load_source(con, landing, PUPILS)
    assert again.loaded == [] and len(again.unchanged) == 1
    assert table_digest(con, "raw.duo_leerlingen_vestiging") == before


def test_changed_file_replaces_only_its_own_schooljaar(landing, con):
    folder = landing / PUPILS.name
    write_pupil_file(folder, 2019, [pupil_row("10AB", "00", "bb", "6111", (3, 1))])
    write_pupil_file(folder, 2020, [pupil_row("10AB", "00", "bb", "6111", (5, 5))], "new")
    load_source(con, landing, PUPILS)
    rows_2019 = con.execute("SELECT * FROM raw.duo_leerlingen_vestiging WHERE _schooljaar = 2019").fetchall()
    write_pupil_file(
        folder,
        2020,
        [pupil_row("10AB", "00", "bb", "6111", (6, 6)), pupil_row("10AB", "00", "kb", "6121", (7, 7))],
        "new",
    )
    report = load_source(con, landing, PUPILS)
    assert [(y, n) for _f, y, n in report.loaded] == [(2020, 2)]
    assert con.execute("SELECT * FROM raw.duo_leerlingen_vestiging WHERE _schooljaar = 2019").fetchall() == rows_2019
    assert con.execute(
        "SELECT lj3_man FROM raw.duo_leerlingen_vestiging WHERE _schooljaar = 2020 ORDER BY _source_row"
    ).fetchall() == [("6",), ("7",)]


def test_bad_file_leaves_its_partition_as_it_was(landing, con):
    folder = landing / PUPILS.name
    path = write_pupil_file(folder, 2019, [pupil_row("10AB", "00", "bb", "6111", (3, 1))])
    load_source(con, landing, PUPILS)
    before = table_digest(con, "raw.duo_leerlingen_vestiging")
    text = path.read_text(encoding="cp1252")
    path.write_text(
        text + "10AB;00;X;Y;Z;VMBO KL lj 3-4;T;N.v.t.;6121;o;0;0;0;0;abc;0;0;0;0;0;0;0\n", encoding="cp1252"
    )
    report = load_source(con, landing, PUPILS)
    assert [str(e) for e in report.failed] == [
        "duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv, line 3, "
        "column 'LEER- OF VERBLIJFSJAAR 3 - MAN': must be a whole number >= 0 (found 'abc')"
    ]
    assert table_digest(con, "raw.duo_leerlingen_vestiging") == before
    assert con.execute("SELECT result FROM raw._loads ORDER BY started_at").fetchall() == [("loaded",), ("failed",)]


def test_two_files_for_one_schooljaar_are_refused(landing, con):
    folder = landing / PUPILS.name
    write_pupil_file(folder, 2019, [pupil_row("10AB", "00", "bb", "6111", (3, 1))])
    copy = folder / "extra-leerlingen-2019.csv"
    copy.write_bytes(next(folder.glob("01.*")).read_bytes())
    report = load_source(con, landing, PUPILS)
    assert len(report.loaded) == 1
    assert "schooljaar 2019 is already delivered by" in str(report.failed[0])
