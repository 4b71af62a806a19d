"""The raw contracts evaluated in DuckDB (ingest/contracts.py) give the outcomes Great Expectations gives on
the same suite (ingest/contracts_gx.py), on good and bad partitions: passed or failed, blocking, the count
of unexpected rows, the examples shown and the first line, per expectation."""

from __future__ import annotations

import re

import duckdb
import pytest

from ingest.contracts import (
    contract_outcomes,
    partition_filter,
    raw_partitions,
    re2_regex,
    suite,
    validate_partition,
)
from ingest.contracts_gx import validate_with_gx
from ingest.loader import ensure_schema
from ingest.sources import SOURCES

VO = SOURCES["duo_inschrijvingen_vo"]  # key: leerling_id
EXAMS = SOURCES["duo_examens_vakken"]  # compound key: leerling_id, vakcode
KANDIDATEN = SOURCES["duo_examenkandidaten"]  # per-file partitions, count columns accept '<5' when new


def vo_row(i: int, **change) -> dict:
    row = {
        "leerling_id": f"p{i}",
        "peildatum": "2019-10-01",
        "brin": "00AH",
        "vestigingsnummer": "01",
        "elementcode": "6011",
        "leerjaar": "3",
        "geslacht": "M" if i % 2 else "V",
        "migratieachtergrond": "N",
        "postcode4": "1011",
    }
    return {**row, **change}


def exam_row(i: int, vak: str | None = "1511", **change) -> dict:
    row = {
        "leerling_id": f"p{i}",
        "schooljaar": "2019",
        "brin": "00AH",
        "vestigingsnummer": "01",
        "elementcode": "6011",
        "vakcode": vak,
        "vaksoort": "keuzevak",
        "eindcijfer": "6,8",
    }
    return {**row, **change}


def insert(con, source, rows: list[dict], schooljaar: int | None, file: str, first_line: int = 2, **extra) -> None:
    """Rows into raw.<source> as the loader writes them (provenance included); line numbers from first_line."""
    ensure_schema(con, source)
    for n, row in enumerate(rows):
        values = {
            **row,
            "_schooljaar": schooljaar,
            "_source_file": file,
            "_source_row": first_line + n,
            "_format_generation": extra.get("generation", "microdata"),
            "_load_id": extra.get("load_id", "L1"),
        }
        cols = ", ".join(f'"{c}"' for c in values)
        con.execute(
            f"INSERT INTO raw.{source.name} ({cols}) VALUES ({', '.join('?' for _ in values)})", list(values.values())
        )


def gx_outcomes(con, source, partition) -> list:
    """The same partition's suite, validated by GX on a pandas frame of the rows (nulls as None)."""
    where, params = partition_filter(partition.schooljaar, partition.file)
    frame = con.sql(f"SELECT * FROM raw.{source.name} WHERE {where}", params=params).df()
    frame = frame.astype(object).where(frame.notna(), None)
    inputs = partition.inputs
    expectations = suite(
        source,
        inputs["expected_columns"],
        partition.schooljaar,
        inputs["file_name"],
        inputs["previous_rows"],
        inputs["format_generation"],
    )
    label = "snapshot" if partition.schooljaar is None else f"schooljaar {partition.schooljaar}"
    return validate_with_gx(source.name, label, inputs["file_name"], frame, expectations)


def compare(con, source) -> list:
    """Every partition of raw.<source>: DuckDB's outcomes equal GX's (GX orders them differently). Returns
    DuckDB's outcomes."""
    out = []
    for partition in raw_partitions(con, source):
        ours = validate_partition(con, source, partition)
        theirs = gx_outcomes(con, source, partition)

        def key(o):
            return (o.expectation, o.column or "", o.detail)

        assert sorted(ours, key=key) == sorted(theirs, key=key)
        out.extend(ours)
    return out


def failed(outcomes) -> dict:
    return {(o.expectation, o.column): (o.first_line, o.detail) for o in outcomes if not o.passed}


def test_good_partitions_pass_in_both():
    con = duckdb.connect()
    insert(con, VO, [vo_row(i) for i in range(300)], 2019, "duo_inschrijvingen_vo/vo-2019.csv")
    insert(con, VO, [vo_row(i, peildatum="2020-10-01") for i in range(310)], 2020, "duo_inschrijvingen_vo/vo-2020.csv")
    outcomes = compare(con, VO)
    assert outcomes and all(o.passed for o in outcomes)
    # 2020 is compared with 2019's 300 rows: two row-count bands (blocking 30-3000, warning 150-450)
    assert sum(o.expectation == "expect_table_row_count_to_be_between" for o in outcomes) == 2


def test_bad_values_nulls_and_duplicate_keys_fail_alike():
    con = duckdb.connect()
    rows = [vo_row(i) for i in range(8)]
    rows[1]["brin"] = "0AH"  # line 3: too short
    rows[2]["brin"] = "00AH\n"  # line 4: Python's '$' accepts a final newline, so GX does too
    rows[3]["elementcode"] = "٦٠١١"  # line 5: Arabic-Indic digits are not [0-9]
    rows[4]["geslacht"] = None  # line 6: required
    rows[5]["leerling_id"] = "p0"  # line 7: duplicates line 2
    rows[6]["leerling_id"] = None  # line 8: required, and a null is not a duplicate
    rows[7]["postcode4"] = "0123"  # line 9: a postcode starts with 1-9
    insert(con, VO, rows, 2019, "duo_inschrijvingen_vo/vo-2019.csv")
    got = failed(compare(con, VO))
    assert got == {
        ("expect_column_values_to_match_regex", "brin"): (3, "must be a 4-character BRIN code: 1 row(s), e.g. '0AH'"),
        ("expect_column_values_to_match_regex", "elementcode"): (
            5,
            "must be a 4-digit element code: 1 row(s), e.g. '٦٠١١'",
        ),
        ("expect_column_values_to_not_be_null", "geslacht"): (6, "value is required: 1 row(s), e.g. None"),
        ("expect_column_values_to_be_unique", "leerling_id"): (2, "key is unique: 2 row(s), e.g. 'p0', 'p0'"),
        ("expect_column_values_to_not_be_null", "leerling_id"): (8, "value is required: 1 row(s), e.g. None"),
        ("expect_column_values_to_match_regex", "postcode4"): (9, "must be a 4-digit postcode: 1 row(s), e.g. '0123'"),
    }


def test_compound_keys_ignore_rows_whose_key_is_all_null_and_examples_follow_the_table_order():
    con = duckdb.connect()
    rows = [
        exam_row(1, "1511"),  # line 2
        exam_row(1, "1511"),  # line 3: duplicates line 2
        exam_row(2, None),  # line 4: vakcode null (required), key (p2, null) ...
        exam_row(2, None),  # line 5: ... twice: a duplicate, nulls compare equal
        exam_row(3, None, leerling_id=None),  # line 6: the whole key null: ignored by uniqueness
        exam_row(3, None, leerling_id=None),  # line 7
        exam_row(4, "1511", eindcijfer="10,5", schooljaar="2020"),  # line 8: not a grade; schooljaar ok
    ]
    # table order differs from line order: the examples are the first rows of the table, the line the smallest
    insert(con, EXAMS, rows[4:], 2019, "duo_examens_vakken/examens-vakken-2019.csv", first_line=6)
    insert(con, EXAMS, rows[:4], 2019, "duo_examens_vakken/examens-vakken-2019.csv", first_line=2)
    got = failed(compare(con, EXAMS))
    assert got[("expect_compound_columns_to_be_unique", None)] == (
        2,
        "key is unique: 4 row(s), e.g. {'leerling_id': 'p1', 'vakcode': '1511'}, "
        "{'leerling_id': 'p1', 'vakcode': '1511'}, {'leerling_id': 'p2', 'vakcode': None}",
    )
    assert got[("expect_column_values_to_not_be_null", "vakcode")] == (
        4,
        "value is required: 4 row(s), e.g. None, None, None",
    )
    assert got[("expect_column_values_to_match_regex", "eindcijfer")][0] == 8


def test_schooljaar_row_count_bands_and_columns_fail_alike():
    con = duckdb.connect()
    insert(con, VO, [vo_row(i) for i in range(300)], 2018, "duo_inschrijvingen_vo/vo-2018.csv")
    # 2019: 18 rows (< 0.1 x 300: blocking), from a file whose name says 2020
    insert(con, VO, [vo_row(i) for i in range(18)], 2019, "duo_inschrijvingen_vo/vo-2020.csv")
    con.execute("ALTER TABLE raw.duo_inschrijvingen_vo ADD COLUMN other VARCHAR")  # a column no contract has
    got = failed(compare(con, VO))
    assert got[("expect_column_values_to_be_in_set", "_schooljaar")] == (
        2,
        "schooljaar must be 2020 (the file's year): 18 row(s), e.g. 2019, 2019, 2019",
    )
    bands = [o for o in contract_outcomes(con, VO) if o.expectation == "expect_table_row_count_to_be_between"]
    # only 2019's partition has a previous one: 18 rows against 300 -> both bands fail, one blocks
    assert [(o.partition, o.passed, o.blocking) for o in bands] == [
        ("schooljaar 2019", False, True),
        ("schooljaar 2019", False, False),
    ]
    assert "observed 18" in bands[0].detail
    assert got[("expect_table_columns_to_match_set", None)][1].startswith("expect_table_columns_to_match_set (observed")


def test_a_missing_column_fails_its_expectations_alike():
    con = duckdb.connect()
    insert(con, VO, [vo_row(i) for i in range(5)], 2019, "duo_inschrijvingen_vo/vo-2019.csv")
    con.execute("ALTER TABLE raw.duo_inschrijvingen_vo DROP COLUMN brin")
    got = failed(compare(con, VO))
    assert got[("expect_column_values_to_not_be_null", "brin")] == (None, "value is required (observed None)")
    assert ("expect_table_columns_to_match_set", None) in got


def test_suppressed_counts_per_generation_and_per_file_partitions_alike():
    con = duckdb.connect()
    columns = {c.name: None for c in KANDIDATEN.columns}
    row = {**columns, "brin": "00AH", "vestigingsnummer": "01", "onderwijstype": "VMBO", "examenkandidaten": "<5"}
    # the same '<5' in an old-generation file (an error) and in a new-generation one (accepted)
    insert(con, KANDIDATEN, [row], None, "duo_examenkandidaten/old-2018-2019.csv", generation="per_profiel_old")
    insert(con, KANDIDATEN, [row], None, "duo_examenkandidaten/new-2019-2024.csv", generation="multi_year_new")
    outcomes = compare(con, KANDIDATEN)
    bad = [(o.file, o.column) for o in outcomes if not o.passed]
    assert bad == [("duo_examenkandidaten/old-2018-2019.csv", "examenkandidaten")]


# Values around the edges of the patterns: empty, blanks, other scripts' digits, final and inner newlines,
# DUO's markers, decimals with comma and point.
PROBES = [
    "", " ", "x", "1", "01", "12", "123", "2019", "2019-10-01", "2019-13-01", "00AH", "0AH", "٣", "٢٠١٩",
    "1\n", "2019\n", "\n", "1\n2", "<5", "<10", "x", "a b", "BWI", "bb", "BL", "BOL", "J", "M", "V", "6,8", "10,0",
    "10,5", "1.5", "-1", "50%", "keuzevak", "VMBO", "HAVO ", "1234AB", "1234 ab", "2019/20", "2019-2020",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_pattern_means_in_duckdb_what_it_means_in_python(name):
    """GX matches a value with re.search; DuckDB with RE2. For every column pattern of every source (and
    the '<5' variant), both accept exactly the same probes."""
    con = duckdb.connect()
    for e in suite(SOURCES[name], SOURCES[name].column_names, None, None, None, format_generation="new"):
        if "regex" not in e.kwargs:
            continue
        regex = e.kwargs["regex"]
        for value in PROBES:
            python = re.search(regex, value) is not None
            duck = con.execute("SELECT regexp_matches(?, ?)", [value, re2_regex(regex)]).fetchone()[0]
            assert duck == python, (e.column, regex, value)
