"""DUO exam files (duo_formats.md 2.4-2.5): both layouts, one partition per file, `<5` kept as a suppressed
value with bounds, and the real legacy 2018-2019 file checked against totals computed here from the CSV."""

import csv
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ingest.errors import InputFileError
from ingest.loader import load_source
from ingest.sources import SOURCES
from tests.conftest import REALDATA, query, run_refresh_in

EXAMS = SOURCES["duo_examenkandidaten"]
LEGACY_FILE = REALDATA / "cito" / "geslaagden-gezakten-en-cijfers-2018-2019.csv"
NEW_FILE = REALDATA / "alleschools" / "duo_examen_raw_all.csv"

ID = (
    '"INSTELLINGSCODE";"VESTIGINGSCODE";"INSTELLINGSNAAM VESTIGING";"GEMEENTENAAM";"ONDERWIJSTYPE VO";'
    '"INSPECTIECODE";"OPLEIDINGSNAAM"'
)


def multi_year_header(years: list[int]) -> str:
    cols = [
        f'"{m} SCHOOLJAAR {y}-{y + 1} - {s}"'
        for y in years
        for s in ("MAN", "VROUW", "TOTAAL")
        for m in ("EXAMENKANDIDATEN", "GESLAAGDEN", "SLAAGPERC")
    ]
    return ID + ";" + ";".join(cols)


def q(*values: object) -> str:
    return ";".join(f'"{v}"' for v in values)


def write_multi_year(path: Path, rows: list[str], years=(2020, 2021)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((multi_year_header(list(years)) + "\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


# Newer multi-year layout, 2020 and 2021. 99ZZ01 vmbo B techniek: 2020 total 7 candidates, 6 passes;
# 2021 only '<5' candidates and '<5' passes (DUO suppresses 1-4).
ROWS = [
    q("99ZZ", "99ZZ01", "Testschool", "ERGENS", "VMBO", "34", "VMBO B - techniek",
      *("4", "3", "75", "3", "3", "100", "7", "6", "85.7"),
      *("<5", "<5", "100", "0", "0", "0", "<5", "<5", "100")),
    q("99ZZ", "99ZZ01", "Testschool", "ERGENS", "VMBO", "38", "VMBO K - techniek",
      *("5", "5", "100", "5", "4", "80", "10", "9", "90"),
      *("6", "6", "100", "6", "6", "100", "12", "12", "100")),
]  # fmt: skip


def test_multi_year_file_is_unpivoted_and_keeps_suppressed_counts_as_text(tmp_path: Path):
    path = write_multi_year(tmp_path / "examenkandidaten-en-geslaagden-2020-2022.csv", ROWS)
    parsed = EXAMS.parse(path, "duo_examenkandidaten/" + path.name)
    assert parsed.format_generation == "multi_year_new"
    assert parsed.schooljaar is None  # several schooljaren: the file is the partition
    frame = parsed.frame
    assert frame.height == 2 * 2 * 3  # rows x years x (man, vrouw, totaal)
    cell = frame.filter(
        (frame["schooljaar"] == "2021") & (frame["geslacht"] == "totaal") & (frame["inspectiecode"] == "34")
    ).row(0, named=True)
    assert (cell["examenkandidaten"], cell["geslaagden"], cell["vestigingsnummer"]) == ("<5", "<5", "01")


def test_legacy_layout_refuses_suppressed_counts(tmp_path: Path):
    path = tmp_path / "geslaagden-gezakten-en-cijfers-2018-2019.csv"
    header = LEGACY_FILE.read_text(encoding="cp1252").splitlines()[0]
    path.write_text(header + "\n00AH;00AH17;x;ENSCHEDE;Overijssel;VMBO;BL;Techniek;BWI;<5;3;0;6,3;6,2;6,7\n", "cp1252")
    with pytest.raises(InputFileError, match="line 2, column 'EXAMENKANDIDATEN'"):
        EXAMS.parse(path, "duo_examenkandidaten/" + path.name)


def test_reloading_a_changed_file_replaces_exactly_its_rows(tmp_path: Path):
    landing = tmp_path / "landing"
    folder = landing / "duo_examenkandidaten"
    write_multi_year(folder / "examenkandidaten-en-geslaagden-2020-2022.csv", ROWS)
    folder.joinpath("geslaagden-gezakten-en-cijfers-2018-2019.csv").write_text(
        LEGACY_FILE.read_text(encoding="cp1252").splitlines()[0]
        + "\n00AH;00AH17;x;ENSCHEDE;Overijssel;VMBO;BL;Techniek;BWI;10;10;0;6,3;6,2;6,7\n",
        encoding="cp1252",
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        first = load_source(con, landing, EXAMS)
        assert not first.failed and len(first.loaded) == 2
        legacy_before = con.execute(
            "SELECT * FROM raw.duo_examenkandidaten WHERE _source_file LIKE '%cijfers%' ORDER BY ALL"
        ).fetchall()
        # The multi-year file changes: one row less.
        write_multi_year(folder / "examenkandidaten-en-geslaagden-2020-2022.csv", ROWS[1:])
        second = load_source(con, landing, EXAMS)
        assert [f for f, _y, _n in second.loaded] == [
            "duo_examenkandidaten/examenkandidaten-en-geslaagden-2020-2022.csv"
        ]
        counts = dict(con.execute("SELECT _source_file, count(*) FROM raw.duo_examenkandidaten GROUP BY 1").fetchall())
        assert counts == {
            "duo_examenkandidaten/examenkandidaten-en-geslaagden-2020-2022.csv": 1 * 2 * 3,
            "duo_examenkandidaten/geslaagden-gezakten-en-cijfers-2018-2019.csv": 1,
        }
        legacy_after = con.execute(
            "SELECT * FROM raw.duo_examenkandidaten WHERE _source_file LIKE '%cijfers%' ORDER BY ALL"
        ).fetchall()
        assert legacy_after == legacy_before  # the other file's rows are untouched
    finally:
        con.close()


def legacy_totals() -> tuple[Counter, Counter]:
    """National vmbo candidates and passes per leerweg, computed straight from the CSV."""
    candidates, passes = Counter(), Counter()
    with LEGACY_FILE.open(encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["ONDERWIJSTYPE VO"] == "VMBO":
                leerweg = {"BL": "bb", "KL": "kb", "GL": "gl", "TL": "tl"}[row["LEERWEG VMBO"]]
                candidates[leerweg] += int(row["EXAMENKANDIDATEN"])
                passes[leerweg] += int(row["GESLAAGDEN"])
    return candidates, passes


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("exams") / "sto_home"
    folder = home / "landing" / "duo_examenkandidaten"
    folder.mkdir(parents=True)
    shutil.copy(LEGACY_FILE, folder / LEGACY_FILE.name)
    shutil.copy(NEW_FILE, folder / NEW_FILE.name)
    write_multi_year(folder / "examenkandidaten-en-geslaagden-2020-2022.csv", ROWS)
    run_refresh_in(home)
    return home


@pytest.mark.e2e
@pytest.mark.realdata
def test_real_legacy_file_national_totals_per_leerweg(home):
    candidates, passes = legacy_totals()
    assert set(candidates) == {"bb", "kb", "gl", "tl"}
    for indicator, expected in (("exam_candidates", candidates), ("exam_passes", passes)):
        got = dict(
            query(
                home,
                """SELECT leerweg, value FROM marts.indicator_values
                WHERE indicator_id = ? AND schooljaar = 2018 AND vestiging_id IS NULL AND profiel IS NULL
                  AND breakdown IS NULL""",
                [indicator],
            )
        )
        assert got == {k: float(v) for k, v in expected.items()}
    # the profile rows add up to less (legacy programmes and tl have no profile) and include e.g. BWI bb
    bwi_bb = query(
        home,
        "SELECT value FROM marts.indicator_values WHERE indicator_id = 'exam_candidates' AND schooljaar = 2018"
        " AND vestiging_id IS NULL AND leerweg = 'bb' AND profiel = 'BWI'",
    )
    assert bwi_bb and bwi_bb[0][0] > 0


@pytest.mark.e2e
@pytest.mark.realdata
def test_suppressed_cells_keep_bounds_not_zero_or_five(home):
    rows = query(
        home,
        """SELECT n_kandidaten, n_kandidaten_min, n_kandidaten_max, n_geslaagden, is_suppressed_at_source
        FROM marts.exam_results_vestiging
        WHERE vestiging_id = '99ZZ01' AND schooljaar = 2021 AND leerweg = 'bb'""",
    )
    assert rows == [(None, 1, 4, None, True)]
    cell = query(
        home,
        """SELECT value, is_suppressed FROM marts.indicator_values WHERE indicator_id = 'exam_candidates'
        AND schooljaar = 2021 AND vestiging_id = '99ZZ01' AND leerweg = 'bb'""",
    )
    assert cell == [(None, True)]
    # 2020, not suppressed: 7 candidates, 6 passes -> 85.7 %
    rate = query(
        home,
        """SELECT numerator, denominator, value, is_suppressed FROM marts.indicator_values
        WHERE indicator_id = 'exam_pass_rate' AND schooljaar = 2020 AND vestiging_id = '99ZZ01' AND leerweg = 'bb'""",
    )
    assert rate == [(6.0, 7.0, pytest.approx(600 / 7), False)]
    # national multi-year total for kb 2021 = the fixture's 12 + the real file's published counts, each '<5'
    # cell of the real file estimated at 2.5, and flagged as containing suppressed cells
    known, suppressed = new_file_totals()
    kb = query(
        home,
        """SELECT value, is_suppressed FROM marts.indicator_values WHERE indicator_id = 'exam_candidates'
        AND schooljaar = 2021 AND vestiging_id IS NULL AND leerweg = 'kb' AND breakdown = 'bestand'""",
    )
    assert kb == [(12 + known[(2021, "kb")] + 2.5 * suppressed[(2021, "kb")], suppressed[(2021, "kb")] > 0)]


def new_file_totals() -> tuple[Counter, Counter]:
    """Per (schooljaar, leerweg) of the real newer multi-year file: candidates published as a number
    (summed) and cells published as '<5' (counted), computed straight from the CSV."""
    known, suppressed = Counter(), Counter()
    prefix = {"VMBO B ": "bb", "VMBO K ": "kb", "VMBO G ": "gl", "VMBO T": "tl"}
    with NEW_FILE.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        years = sorted(
            {int(h.split()[2][:4]) for h in reader.fieldnames if h.startswith("EXAMENKANDIDATEN SCHOOLJAAR")}
        )
        for row in reader:
            if row["ONDERWIJSTYPE VO"] != "VMBO":
                continue
            leerweg = next((lw for p, lw in prefix.items() if row["OPLEIDINGSNAAM"].startswith(p)), None)
            if leerweg is None:
                continue
            for y in years:
                value = row[f"EXAMENKANDIDATEN SCHOOLJAAR {y}-{y + 1} - TOTAAL"]
                if value == "<5":
                    suppressed[(y, leerweg)] += 1
                else:
                    known[(y, leerweg)] += int(value)
    return known, suppressed


@pytest.mark.e2e
@pytest.mark.realdata
def test_real_newer_multi_year_file_per_year_and_leerweg(home):
    known, suppressed = new_file_totals()
    assert {y for y, _lw in known} == {2019, 2020, 2021, 2022, 2023}
    got = {
        (y, lw): (n, s)
        for y, lw, n, s in query(
            home,
            """SELECT schooljaar, leerweg, coalesce(sum(n_kandidaten), 0),
                   sum(case when is_kandidaten_suppressed_at_source then 1 else 0 end)
            FROM staging.stg_duo__examenkandidaten
            WHERE layout = 'multi_year' AND onderwijstype = 'VMBO' AND geslacht = 'T'
              AND vestiging_id <> '99ZZ01' AND leerweg IN ('bb', 'kb', 'gl', 'tl')
            GROUP BY 1, 2""",
        )
    }
    assert got == {k: (known[k], suppressed[k]) for k in set(known) | set(suppressed)}
    # the bounds of every '<5' cell are 1..4 in the mart, never 0 or 5
    bounds = query(
        home,
        """SELECT DISTINCT n_kandidaten_min, n_kandidaten_max FROM marts.exam_results_vestiging
        WHERE layout = 'multi_year' AND n_kandidaten IS NULL""",
    )
    assert bounds == [(1, 4)]


def test_legacy_multi_year_variant_with_onbekend(tmp_path: Path):
    # duo_formats.md 2.4a: BRIN NUMMER, 6-character VESTIGINGSNUMMER, MAN/VROUW/ONBEKEND/TOTAAL, decimal-comma %
    sexes = ("MAN", "VROUW", "ONBEKEND", "TOTAAL")
    header = "BRIN NUMMER;VESTIGINGSNUMMER;INSTELLINGSNAAM VESTIGING;GEMEENTENAAM;ONDERWIJSTYPE VO;"
    header += "INSPECTIECODE;OPLEIDINGSNAAM;"
    header += ";".join(
        f"{m} SCHOOLJAAR {y}-{y + 1} - {s}"
        for y in (2017, 2018)
        for s in sexes
        for m in ("EXAMENKANDIDATEN", "GESLAAGDEN", "SLAAGPERC")
    )
    values = "0;0;,0%;4;4;100,0%;0;0;,0%;4;4;100,0%;" + "6;5;83,3%;13;11;84,6%;0;0;,0%;19;16;84,2%"
    path = tmp_path / "examenkandidaten-en-geslaagden-2017-2019.csv"
    path.write_text(f"{header}\n00AH;00AH07;locatie, Zuid;ENSCHEDE;VMBO;90;VMBO T - techniek;{values}\n", "cp1252")
    parsed = EXAMS.parse(path, "duo_examenkandidaten/" + path.name)
    assert parsed.format_generation == "multi_year_legacy"
    totals = parsed.frame.filter(parsed.frame["geslacht"] == "totaal").select(
        "schooljaar", "examenkandidaten", "geslaagden"
    )
    assert sorted(totals.rows()) == [("2017", "4", "4"), ("2018", "19", "16")]
    assert parsed.frame.height == 2 * 4  # years x (man, vrouw, onbekend, totaal)


def test_a_newer_multi_year_edition_beside_the_old_one_passes_the_raw_contract(tmp_path: Path):
    """DUO republishes the multi-year file each year (2020-2022, then 2020-2023): both editions hold the
    cells of 2020 and 2021. Each file is its own partition, so the key must be unique per file, not
    over both (which failed the blocking contract with duplicate keys); staging picks the newest."""
    from ingest.contracts import contract_outcomes

    landing = tmp_path / "landing"
    folder = landing / "duo_examenkandidaten"
    write_multi_year(folder / "examenkandidaten-en-geslaagden-2020-2022.csv", ROWS)
    year_2022 = ";" + q("6", "6", "100", "6", "6", "100", "12", "12", "100")
    newer = [row + year_2022 for row in ROWS]
    write_multi_year(folder / "examenkandidaten-en-geslaagden-2020-2023.csv", newer, years=(2020, 2021, 2022))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        report = load_source(con, landing, EXAMS)
        assert not report.failed and len(report.loaded) == 2
        outcomes = contract_outcomes(con, EXAMS)
        assert {o.file for o in outcomes} == {
            "duo_examenkandidaten/examenkandidaten-en-geslaagden-2020-2022.csv",
            "duo_examenkandidaten/examenkandidaten-en-geslaagden-2020-2023.csv",
        }
        assert [o for o in outcomes if not o.passed and o.blocking] == []
        # a key repeated inside one file is still refused
        write_multi_year(
            folder / "examenkandidaten-en-geslaagden-2020-2023.csv", [*newer, newer[0]], (2020, 2021, 2022)
        )
        again = load_source(con, landing, EXAMS)
        assert len(again.failed) == 1 and "duplicate key" in str(again.failed[0])
    finally:
        con.close()
