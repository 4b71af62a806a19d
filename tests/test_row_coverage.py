"""The check rows_not_counted: per source, the rows of each delivered file that no figure counts (or counts only
in part) with their reasons, read from intermediate.int_coverage__files (docs/quality.md, "Rows not counted")."""

from pathlib import Path

import duckdb

from orchestration.checks import coverage_checks

FILES = [
    # source, file, status, reason, n_rows, n_rows_file
    ("duo_examenkandidaten", "duo_examenkandidaten/a.csv", "counted", None, 30, 45),
    ("duo_examenkandidaten", "duo_examenkandidaten/a.csv", "not counted", "not vmbo", 12, 45),
    ("duo_examenkandidaten", "duo_examenkandidaten/a.csv", "not counted", "INSPECTIECODE not in exam_codes", 3, 45),
    ("duo_inschrijvingen_vo", "duo_inschrijvingen_vo/v.csv", "counted", None, 1200, 1204),
    ("duo_inschrijvingen_vo", "duo_inschrijvingen_vo/v.csv", "counted in part", "element code unknown", 4, 1204),
    ("pc4", "pc4/NL.txt", "counted", None, 4334, 4334),
]


def warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA intermediate")
    con.execute(
        "CREATE TABLE intermediate.int_coverage__files (source VARCHAR, source_file VARCHAR, status VARCHAR, "
        "reason VARCHAR, n_rows BIGINT, n_rows_file BIGINT, aantal HUGEINT, n_suppressed_cells HUGEINT)"
    )
    con.executemany(
        "INSERT INTO intermediate.int_coverage__files VALUES (?, ?, ?, ?, ?, ?, NULL, 0)", [list(r) for r in FILES]
    )
    return con


def test_one_warning_per_source_with_rows_not_counted_and_small_counts_not_shown(tmp_path: Path):
    con = warehouse(tmp_path)
    checks = {c.target: c.as_dict() for c in coverage_checks(con)}
    assert set(checks) == {"raw/duo_examenkandidaten", "raw/duo_inschrijvingen_vo", "raw/pc4"}
    exams = checks["raw/duo_examenkandidaten"]
    assert (exams["kind"], exams["name"], exams["status"], exams["severity"]) == (
        "coverage",
        "rows_not_counted",
        "warn",
        "warn",
    )
    # 12 + 3 of 45 rows; the 3 is below the largest suppression threshold (10) and written "< 10"
    assert exams["detail"] == (
        "duo_examenkandidaten/a.csv: 15 of 45 rows not counted (not vmbo: 12; INSPECTIECODE not in exam_codes: < 10)"
    )
    assert exams["files"] == [
        {
            "file": "duo_examenkandidaten/a.csv",
            "rows": "45",
            "not counted": {"not vmbo": "12", "INSPECTIECODE not in exam_codes": "< 10"},
            "counted in part": {},
        }
    ]
    # a microdata row is a person: four pupils are never written as 4
    vo = checks["raw/duo_inschrijvingen_vo"]
    assert vo["status"] == "warn"
    assert vo["detail"] == (
        "duo_inschrijvingen_vo/v.csv: < 10 of 1,204 rows counted in part (element code unknown: < 10)"
    )
    assert checks["raw/pc4"]["status"] == "pass"
    assert checks["raw/pc4"]["detail"] == "every row of 1 file(s) counted"


def test_no_check_before_the_first_build(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert coverage_checks(con) == []
