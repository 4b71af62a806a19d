"""Microdata extracts are read, checked and written in batches of at most BATCH_ROWS rows (ingest/sources/
microdata.py, ingest/loader.py), in the one transaction of their partition: raw gets the rows a whole-file
read gives, every problem of a later batch names its file line and leaves raw and the ledger as a refused
file does, and no batch is larger than BATCH_ROWS. BATCH_ROWS is 3 here, so a file of 10 rows is 4 batches."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import polars as pl
import pytest

import ingest.sources.microdata as microdata
from ingest.errors import InputFileError
from ingest.loader import _check_unique_in_raw, ensure_schema, load_source
from ingest.sources import SOURCES
from ingest.sources.base import check_unique, map_columns
from ingest.tabular import TextTable, read_text_batches, read_text_table

VO = SOURCES["duo_inschrijvingen_vo"]
VAKKEN = SOURCES["ipto_lesgevenden_vakken"]
HEADER = "leerling_id;peildatum;brin;vestigingsnummer;elementcode;leerjaar;geslacht;migratieachtergrond;postcode4"
NAME = "inschrijvingen-vo-2023"
BATCH = 3


def vo_rows(n: int = 10) -> list[dict]:
    return [
        {
            "leerling_id": f"p{i:06d}",
            "peildatum": "2023-10-01",
            "brin": "00AH" if i % 2 else "02TE",
            "vestigingsnummer": f"{i % 3:02d}",
            "elementcode": "6111",
            "leerjaar": str(3 + i % 2),
            "geslacht": "MV"[i % 2],
            "migratieachtergrond": "" if i % 4 == 0 else "JN"[i % 2],  # empty: null
            "postcode4": f"{7500 + i}",
            "opmerking": f"rij {i}",  # an extra column: kept in _extra
        }
        for i in range(1, n + 1)
    ]


def write(folder: Path, rows: list[dict], kind: str, name: str = NAME) -> Path:
    """The rows as a ';'-CSV (line i+2 is row i) or a Parquet file (row number i+1) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.{kind}"
    if kind == "csv":
        columns = list(rows[0])
        lines = [";".join(columns)] + [";".join(r[c] for c in columns) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        frame = pl.DataFrame(rows).with_columns(pl.col("leerjaar").cast(pl.Int64))
        frame.with_columns(
            pl.when(pl.col(pl.Utf8) == "").then(None).otherwise(pl.col(pl.Utf8)).name.keep()
        ).write_parquet(
            path,
            row_group_size=4,  # row groups (4 rows) that do not line up with the batches (3 rows)
        )
    return path


@pytest.fixture
def batch_rows(monkeypatch):
    monkeypatch.setattr(microdata, "BATCH_ROWS", BATCH)
    return BATCH


def raw_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    cols = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = ? "
            "ORDER BY ordinal_position",
            [table],
        ).fetchall()
        if r[0] not in ("_load_id", "_loaded_at")
    ]
    return con.execute(f"SELECT {', '.join(cols)} FROM raw.{table} ORDER BY rowid").fetchall()


def ledger(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT file_name, sha256, size_bytes, schooljaar, format_generation, rows_read, rows_loaded, "
        "rows_quarantined, contract_outcomes, result, message FROM raw._loads ORDER BY started_at"
    ).fetchall()


def digest(con: duckdb.DuckDBPyConnection, table: str) -> str:
    return hashlib.sha256(repr(con.execute(f"SELECT * FROM raw.{table} ORDER BY ALL").fetchall()).encode()).hexdigest()


def load(tmp_path: Path, landing: Path, source, db: str = "w.duckdb"):
    con = duckdb.connect(str(tmp_path / db))
    report = load_source(con, landing, source)
    return con, report


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_batched_load_writes_what_a_whole_file_load_writes(kind, tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    path = write(landing / VO.name, vo_rows(10), kind)
    file = f"{VO.name}/{path.name}"
    monkeypatch.setattr(microdata, "BATCH_ROWS", 1000)  # the whole file in one batch
    whole, whole_report = load(tmp_path, landing, VO, "whole.duckdb")
    monkeypatch.setattr(microdata, "BATCH_ROWS", BATCH)
    batched, report = load(tmp_path, landing, VO, "batched.duckdb")
    assert report.failed == [] and report.loaded == whole_report.loaded == [(file, 2023, 10)]
    assert report.notes == whole_report.notes == [f"{file}: extra columns kept in _extra: opmerking"]
    rows = raw_rows(batched, VO.name)
    assert rows == raw_rows(whole, VO.name)
    assert ledger(batched) == ledger(whole)
    assert ledger(batched)[0][5:7] == (10, 10)
    # ... and they are the rows the unchanged whole-file readers give, line by line
    table = (
        read_text_table(path, file, encodings=("utf-8",))
        if kind == "csv"
        else microdata.read_parquet_as_text(path, file)
    )
    expected, _extra = map_columns(table, VO.columns)
    width = len(VO.column_names)
    assert [r[:width] + (r[width],) for r in rows] == expected.select([*VO.column_names, "_extra"]).rows()
    first = 2 if kind == "csv" else 1
    assert [r[width + 5] for r in rows] == list(range(first, first + 10))  # _source_row: across batches
    assert {r[width + 1] for r in rows} == {2023}
    batched.close()
    whole.close()


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_the_parser_yields_no_batch_larger_than_batch_rows(kind, tmp_path, batch_rows):
    path = write(tmp_path / VO.name, vo_rows(10), kind)
    parsed = VO.parse(path, f"{VO.name}/{path.name}")
    frames = list(parsed.batches())
    assert [f.height for f in frames] == [3, 3, 3, 1]
    assert pl.concat(frames)["_source_row"].to_list() == list(range(2, 12) if kind == "csv" else range(1, 11))
    assert parsed.rows_read == 10 and parsed.schooljaar == 2023 and parsed.unique_key == ("leerling_id",)


def test_the_text_reader_gives_the_whole_file_rows_in_batches(tmp_path):
    """Blank lines (rows of nulls), CRLF, a byte-order mark, a last line without its line end: the batches
    of every size are the frame of the whole file cut into pieces."""
    path = tmp_path / "t.csv"
    body = "a;b;c\r\n1;x;\r\n\r\n2; y ;z\r\n3;;\r\n\r\n4;w;v"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    whole = read_text_table(path, "t.csv", encodings=("utf-8",)).frame
    for size in (1, 2, 3, 5, 100):
        tables = list(read_text_batches(path, "t.csv", size))
        assert all(t.frame.height <= size for t in tables)
        assert pl.concat([t.frame for t in tables]).equals(whole), size


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # line 9 (the third batch: lines 8-10) has one field too few
        ("p000008;2023-10-01;00AH;17;6111;3;M;N", "line 9: expected 10 fields, found 8"),
        (
            "p00000\udce9;2023-10-01;00AH;17;6111;3;M;N;7511;x",
            "line 9: cannot decode byte 0xe9 at character 7 as UTF-8",
        ),
    ],
)
def test_a_broken_line_in_a_later_batch_is_named(text, message, tmp_path, batch_rows):
    path = write(tmp_path / VO.name, vo_rows(10), "csv")
    lines = path.read_bytes().split(b"\n")
    lines[8] = text.encode("utf-8", "surrogateescape")
    path.write_bytes(b"\n".join(lines))
    tables = read_text_batches(path, "x.csv", BATCH)
    assert [t.frame.height for t in (next(tables), next(tables))] == [3, 3]
    with pytest.raises(InputFileError) as err:
        next(tables)
    assert str(err.value) == f"x.csv, {message}"


def test_a_quoted_file_is_read_whole_and_cut_into_batches(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('a;b\n"1";"x\ny"\n"2";"z"\n"3";""\n', encoding="utf-8")  # a field spans two lines
    tables = list(read_text_batches(path, "q.csv", 2))
    assert [t.frame.rows() for t in tables] == [[(2, "1", "x\ny"), (3, "2", "z")], [(4, "3", None)]]


@pytest.fixture
def earlier(tmp_path, batch_rows):
    """raw holding an earlier, good delivery of schooljaar 2023 under the same file name (10 rows)."""

    def deliver(kind: str):
        landing = tmp_path / "landing"
        write(landing / VO.name, vo_rows(10), kind)
        con, report = load(tmp_path, landing, VO)
        assert report.failed == [] and len(report.loaded) == 1
        return landing, con

    return deliver


def refused(con, landing: Path, rows: list[dict], kind: str, source=VO) -> str:
    """Deliver ``rows`` again as the same file: refused, raw as it was, the ledger's new row `failed`."""
    before, loads = digest(con, source.name), ledger(con)
    path = write(landing / source.name, rows, kind)
    report = load_source(con, landing, source)
    assert report.loaded == [] and len(report.failed) == 1
    message = str(report.failed[0])
    assert digest(con, source.name) == before
    after = ledger(con)
    assert after[:-1] == loads
    assert after[-1][0] == f"{source.name}/{path.name}" and after[-1][-2:] == ("failed", message)
    assert con.execute(f"SELECT count(*) FROM raw.{source.name}").fetchone()[0] == 10
    return message


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_bad_value_in_the_third_batch_names_its_line_and_column(kind, earlier, batch_rows):
    landing, con = earlier(kind)
    rows = vo_rows(10)
    rows[7]["postcode4"] = "75"  # row 8: line 9 of the CSV, row 8 of the Parquet file; batches are rows 7-9
    line = 9 if kind == "csv" else 8
    message = refused(con, landing, rows, kind)
    assert message == (
        f"{VO.name}/{NAME}.{kind}, line {line}, column 'postcode4': must be a 4-digit postcode (found '75')"
    )
    con.close()


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_duplicate_key_across_batches_names_both_lines(kind, earlier, batch_rows):
    landing, con = earlier(kind)
    rows = vo_rows(10)
    rows[7]["leerling_id"] = rows[1]["leerling_id"]  # rows 2 (batch 1) and 8 (batch 3)
    rows[9]["leerling_id"] = rows[1]["leerling_id"]  # and row 10 (batch 4)
    rows[8]["leerling_id"] = rows[5]["leerling_id"]  # a later duplicate: rows 6 and 9
    first = 2 if kind == "csv" else 1
    message = refused(con, landing, rows, kind)
    assert message == (
        f"{VO.name}/{NAME}.{kind}, line {first + 1}: duplicate key (leerling_id) = (p000002); also on line {first + 7}"
    )
    # the same message as a whole-file check gives (ExtractFile.frame: check_unique on the whole frame)
    path = landing / VO.name / f"{NAME}.{kind}"
    with pytest.raises(InputFileError) as err:
        VO.parse(path, f"{VO.name}/{path.name}").frame  # noqa: B018
    assert str(err.value) == message
    con.close()


def test_the_key_check_in_raw_says_what_check_unique_says(tmp_path):
    """Nulls in a key compare equal (polars' is_duplicated on a struct); the first line with a duplicate and
    the next line with its key are named."""
    key = ("brin", "migratieachtergrond")
    frame = pl.DataFrame(
        {
            "brin": ["11AB", "10AB", "12AB", "11AB", "10AB", "10AB"],
            "migratieachtergrond": ["N", None, "J", "J", None, None],
            "_source_row": [2, 3, 4, 5, 6, 7],
        }
    )
    with pytest.raises(InputFileError) as whole:
        check_unique(read_text_table_stub("f.csv"), frame, key)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con, VO)
    con.register("f", frame)
    con.execute(
        f"INSERT INTO raw.{VO.name} (brin, migratieachtergrond, _schooljaar, _source_row) "
        "SELECT brin, migratieachtergrond, 2023, _source_row FROM f"
    )
    with pytest.raises(InputFileError) as in_raw:
        _check_unique_in_raw(con, VO, "_schooljaar = ?", [2023], "f.csv", key)
    assert (
        str(in_raw.value)
        == str(whole.value)
        == ("f.csv, line 3: duplicate key (brin, migratieachtergrond) = (10AB, None); also on line 6")
    )
    con.close()


def read_text_table_stub(file: str) -> TextTable:
    return TextTable(file, [], pl.DataFrame(), "utf-8", False, False, False)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_two_schooljaren_in_different_batches_are_refused(kind, earlier, batch_rows):
    landing, con = earlier(kind)
    rows = vo_rows(10)
    rows[6]["peildatum"] = "2024-10-01"  # row 7: the third batch
    message = refused(con, landing, rows, kind)
    assert (
        message
        == f"{VO.name}/{NAME}.{kind}, column 'peildatum': expected one schooljaar in the file, found [2023, 2024]"
    )
    con.close()


def test_a_later_batch_is_checked_by_the_source_s_own_checks(tmp_path, batch_rows):
    """ipto_lesgevenden_vakken's row checks (check_rows) run on every batch."""
    header = "persoon_id;peildatum;brin;vak;vak_categorie;profiel;lesuren"
    lines = [f"p{i:06d};2022-10-01;10AB;vak {i};avo;;4" for i in range(1, 11)]
    lines[7] = "p000008;2022-10-01;10AB;vak 8;avo;;45"  # line 9
    folder = tmp_path / "landing" / VAKKEN.name
    folder.mkdir(parents=True)
    (folder / "lesgevenden-vakken-2022.csv").write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = load_source(con, tmp_path / "landing", VAKKEN)
    assert [str(e) for e in report.failed] == [
        f"{VAKKEN.name}/lesgevenden-vakken-2022.csv, line 9, column 'lesuren': "
        "must be more than 0 and at most 40 lesuren per week (found '45')"
    ]
    assert con.execute(f"SELECT count(*) FROM raw.{VAKKEN.name}").fetchone()[0] == 0
    con.close()
