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
from tests.conftest import REALDATA, query, query_keyed, run_refresh_in

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


# 99YY01, 2021 only: vmbo B techniek 8 candidates (7 passes), a leerwerktraject (LWT) techniek and an LWT
# economie with '<5' candidates and passes, and a line whose INSPECTIECODE 99 is in no reference list.
LWT_ROWS = [
    q("99YY", "99YY01", "Testschool 2", "ERGENS", "VMBO", "34", "VMBO B - techniek",
      *("5", "5", "100", "3", "2", "66.7", "8", "7", "87.5")),
    q("99YY", "99YY01", "Testschool 2", "ERGENS", "VMBO", "30", "VMBO LWT - techniek",
      *("<5", "<5", "100", "0", "0", "0", "<5", "<5", "100")),
    q("99YY", "99YY01", "Testschool 2", "ERGENS", "VMBO", "32", "VMBO LWT - economie",
      *("0", "0", "0", "<5", "<5", "100", "<5", "<5", "100")),
    q("99YY", "99YY01", "Testschool 2", "ERGENS", "VMBO", "99", "VMBO X - onbekend",
      *("3", "3", "100", "3", "3", "100", "6", "6", "100")),
]  # fmt: skip

# Legacy "geslaagden, gezakten en cijfers" 2017-2018 for 99YY01: BWI bb 10 candidates, a bb line whose AFDELING
# 'XYZ' is in no reference list (7 candidates), and a havo line.
PER_PROFIEL_2017 = [
    "99YY;99YY01;x;ERGENS;Utrecht;VMBO;BL;Techniek;BWI;10;9;1;6,3;6,2;6,7",
    "99YY;99YY01;x;ERGENS;Utrecht;VMBO;BL;Techniek;XYZ;7;6;1;6,3;6,2;6,7",
    "99YY;99YY01;x;ERGENS;Utrecht;HAVO;;;N&T;20;18;2;6,5;6,4;6,6",
]


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
    write_multi_year(folder / "examenkandidaten-en-geslaagden-2021-2022.csv", LWT_ROWS, years=(2021,))
    folder.joinpath("geslaagden-gezakten-en-cijfers-2017-2018.csv").write_text(
        LEGACY_FILE.read_text(encoding="cp1252").splitlines()[0] + "\n" + "\n".join(PER_PROFIEL_2017) + "\n",
        encoding="cp1252",
    )
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


LEERWEG_PREFIX = {"VMBO LWT ": "bb", "VMBO B ": "bb", "VMBO K ": "kb", "VMBO G ": "gl", "VMBO T": "tl"}


def new_file_totals() -> tuple[Counter, Counter]:
    """Per (schooljaar, leerweg) of the real newer multi-year file: candidates published as a number
    (summed) and cells published as '<5' (counted), computed straight from the CSV. A leerwerktraject
    (VMBO LWT) is a bb route (duo_formats.md 3.1: element codes 7P11 are BB "LWT")."""
    known, suppressed = Counter(), Counter()
    prefix = LEERWEG_PREFIX
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
    got = query_keyed(
        home,
        """SELECT schooljaar, leerweg, coalesce(sum(n_kandidaten), 0),
               sum(case when is_kandidaten_suppressed_at_source then 1 else 0 end)
        FROM staging.stg_duo__examenkandidaten
        WHERE layout = 'multi_year' AND onderwijstype = 'VMBO' AND geslacht = 'T'
          AND vestiging_id NOT IN ('99ZZ01', '99YY01') AND leerweg IN ('bb', 'kb', 'gl', 'tl')
        GROUP BY 1, 2""",
    )
    assert got == {k: (known[k], suppressed[k]) for k in set(known) | set(suppressed)}


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


def new_file_cells() -> dict[tuple[int, str, str, str | None], list[str]]:
    """The TOTAAL candidate cells of the real newer multi-year file per (schooljaar, vestiging, leerweg,
    sector), straight from the CSV: the B and the LWT line of a vestiging and sector are one bb cell."""
    cells: dict[tuple[int, str, str, str | None], list[str]] = {}
    with NEW_FILE.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        years = sorted(
            {int(h.split()[2][:4]) for h in reader.fieldnames if h.startswith("EXAMENKANDIDATEN SCHOOLJAAR")}
        )
        for row in reader:
            name = row["OPLEIDINGSNAAM"]
            leerweg = next((lw for p, lw in LEERWEG_PREFIX.items() if name.startswith(p)), None)
            if row["ONDERWIJSTYPE VO"] != "VMBO" or leerweg is None:
                continue
            sector = name.split(" - ", 1)[1].replace(" & ", " en ") if " - " in name else None
            for y in years:
                key = (y, row["VESTIGINGSCODE"], leerweg, sector)
                cells.setdefault(key, []).append(row[f"EXAMENKANDIDATEN SCHOOLJAAR {y}-{y + 1} - TOTAAL"])
    return cells


@pytest.mark.e2e
@pytest.mark.realdata
def test_real_lwt_candidates_are_counted_in_bb(home):
    # The LWT candidates of 2019/20-2023/24 published as a number, and the LWT cells published as '<5'.
    exact, small = Counter(), Counter()
    with NEW_FILE.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["OPLEIDINGSNAAM"].startswith("VMBO LWT "):
                for y in range(2019, 2024):
                    value = row[f"EXAMENKANDIDATEN SCHOOLJAAR {y}-{y + 1} - TOTAAL"]
                    small[y] += value == "<5"
                    exact[y] += int(value) if value != "<5" else 0
    assert sum(exact.values()) == 1854 and all(small[y] > 0 for y in range(2019, 2024))  # issue 17's count
    got = dict(
        query(
            home,
            """SELECT schooljaar, sum(n_kandidaten) FROM staging.stg_duo__examenkandidaten
            WHERE opleidingsnaam LIKE 'VMBO LWT %' AND geslacht = 'T' AND leerweg = 'bb'
              AND vestiging_id NOT IN ('99ZZ01', '99YY01') AND NOT is_kandidaten_suppressed_at_source
            GROUP BY 1""",
        )
    )
    assert got == dict(exact)
    # ... and every LWT TOTAAL row of the real file (one per line and schooljaar) is counted in the exam figures
    status = dict(
        query(
            home,
            """SELECT c.status, count(*) FROM intermediate.int_coverage__duo_examenkandidaten AS c
            JOIN raw.duo_examenkandidaten AS r
              ON r._source_file = c.source_file AND r._source_row = c.source_row
             AND c.row_part = 'schooljaar ' || r.schooljaar || ', ' || lower(r.geslacht)
            WHERE r.opleidingsnaam LIKE 'VMBO LWT %' AND r.geslacht = 'totaal' AND r._source_file = ?
            GROUP BY 1""",
            ["duo_examenkandidaten/" + NEW_FILE.name],
        )
    )
    with NEW_FILE.open(encoding="utf-8", newline="") as f:
        lwt_lines = sum(row["OPLEIDINGSNAAM"].startswith("VMBO LWT ") for row in csv.DictReader(f, delimiter=";"))
    assert status == {"counted": lwt_lines * 5}
    # national bb per schooljaar = B and LWT candidates published as a number + 2.5 per '<5' cell, plus the
    # hand-built lines: 99ZZ01 B 7 (2020) and '<5' (2021); 99YY01 B 8, LWT techniek '<5', LWT economie '<5' (2021)
    known, suppressed = new_file_totals()
    fixtures = {2020: 7, 2021: 2.5 + 8 + 2.5 + 2.5}
    bb = dict(
        query(
            home,
            """SELECT schooljaar, value FROM marts.indicator_values WHERE indicator_id = 'exam_candidates'
            AND vestiging_id IS NULL AND leerweg = 'bb' AND breakdown = 'bestand'""",
        )
    )
    assert bb == {y: known[(y, "bb")] + 2.5 * suppressed[(y, "bb")] + fixtures.get(y, 0) for y in range(2019, 2024)}


@pytest.mark.e2e
@pytest.mark.realdata
def test_real_multi_year_mart_rows_add_b_and_lwt_with_bounds(home):
    """Every multi-year row of marts.exam_results_vestiging against the CSV: a bb row adds the B and the LWT
    line of its vestiging and sector; a '<5' cell makes n NULL and adds 1..4 to the bounds."""
    expected = {}
    for key, values in new_file_cells().items():
        exact = sum(int(v) for v in values if v != "<5")
        n_small = sum(v == "<5" for v in values)
        expected[key] = (None if n_small else exact, exact + n_small, exact + 4 * n_small)
    got = query_keyed(
        home,
        """SELECT schooljaar, vestiging_id, leerweg, sector, n_kandidaten, n_kandidaten_min, n_kandidaten_max
        FROM marts.exam_results_vestiging
        WHERE layout = 'multi_year' AND vestiging_id NOT IN ('99ZZ01', '99YY01')""",
        key=4,
    )
    assert got == expected
    # a single '<5' cell keeps the bounds 1..4, never 0 or 5 (LWT cells as any other)
    single = {got[k] for k, values in new_file_cells().items() if values == ["<5"]}
    assert single == {(None, 1, 4)}
    assert any(len(values) == 2 and "<5" in values for values in new_file_cells().values())


@pytest.mark.e2e
def test_hand_built_lwt_and_unknown_lines(home):
    rows = query(
        home,
        """SELECT sector, n_kandidaten, n_kandidaten_min, n_kandidaten_max, n_geslaagden, n_geslaagden_min,
                  n_geslaagden_max, is_suppressed_at_source
        FROM marts.exam_results_vestiging WHERE vestiging_id = '99YY01' AND schooljaar = 2021 ORDER BY sector""",
    )
    # techniek: B 8 (7 passes) + LWT '<5' (passes '<5'): bounds 9..12 (8..11); economie: LWT '<5' alone: 1..4.
    # The line with INSPECTIECODE 99 is in no exam figure.
    assert rows == [("economie", None, 1, 4, None, 1, 4, True), ("techniek", None, 9, 12, None, 8, 11, True)]
    cells = query(
        home,
        """SELECT breakdown_value, value, is_suppressed FROM marts.indicator_values
        WHERE indicator_id = 'exam_candidates' AND vestiging_id = '99YY01' AND schooljaar = 2021 ORDER BY 1""",
    )
    assert cells == [("economie", None, True), ("techniek", 8 + 2.5, True)]


UNKNOWN_AFDELING = "AFDELING not in reference list exam_codes: in the leerweg totals, in no profiel figure"


@pytest.mark.e2e
def test_every_raw_row_of_an_exam_file_is_classified_with_its_reason(home):
    files = query_keyed(
        home,
        """SELECT source_file, status, reason, n_rows, n_rows_file FROM intermediate.int_coverage__files
        WHERE source = 'duo_examenkandidaten'""",
        key=3,
    )
    # the classes of a file add up to its raw rows
    for f in {f for f, _s, _r in files}:
        assert sum(n for (g, _s, _r), (n, _t) in files.items() if g == f) == next(
            t for (g, _s, _r), (_n, t) in files.items() if g == f
        )
    hand = "duo_examenkandidaten/examenkandidaten-en-geslaagden-2021-2022.csv"
    # 4 lines x 1 schooljaar x (man, vrouw, totaal) = 12 raw rows: the TOTAAL rows of the three known lines are
    # counted, the one of INSPECTIECODE 99 is not (its reason); every man/vrouw row is a gender breakdown
    assert {(s, r): n for (f, s, r), (n, _t) in files.items() if f == hand} == {
        ("counted", None): 3,
        ("not counted", "gender breakdown (the TOTAAL row is counted)"): 8,
        ("not counted", "INSPECTIECODE not in reference list exam_codes"): 1,
    }
    legacy = "duo_examenkandidaten/geslaagden-gezakten-en-cijfers-2017-2018.csv"
    assert {(s, r): n for (f, s, r), (n, _t) in files.items() if f == legacy} == {
        ("counted", None): 1,
        ("counted in part", UNKNOWN_AFDELING): 1,
        ("not counted", "not vmbo"): 1,
    }
    # the real files, from their CSV: the multi-year file has a raw row per line x schooljaar x (man, vrouw,
    # totaal); vmbo TOTAAL rows are counted, vmbo man/vrouw rows are a gender breakdown, havo/vwo not vmbo.
    with NEW_FILE.open(encoding="utf-8", newline="") as f:
        types = Counter(row["ONDERWIJSTYPE VO"] for row in csv.DictReader(f, delimiter=";"))
    new = "duo_examenkandidaten/" + NEW_FILE.name
    assert {(s, r): n for (f, s, r), (n, _t) in files.items() if f == new} == {
        ("counted", None): types["VMBO"] * 5,
        ("not counted", "gender breakdown (the TOTAAL row is counted)"): types["VMBO"] * 5 * 2,
        ("not counted", "not vmbo"): (types["HAVO"] + types["VWO"]) * 5 * 3,
    }
    with LEGACY_FILE.open(encoding="cp1252", newline="") as f:
        types = Counter(row["ONDERWIJSTYPE VO"] for row in csv.DictReader(f, delimiter=";"))
    old = "duo_examenkandidaten/" + LEGACY_FILE.name
    assert {(s, r): n for (f, s, r), (n, _t) in files.items() if f == old} == {
        ("counted", None): types["VMBO"],
        ("not counted", "not vmbo"): types["HAVO"] + types["VWO"],
    }
    # and the national 2017 figures count the unknown afdeling in bb, not per profiel
    national = dict(
        query(
            home,
            """SELECT coalesce(profiel, '-'), value FROM marts.indicator_values WHERE indicator_id = 'exam_candidates'
            AND schooljaar = 2017 AND vestiging_id IS NULL AND leerweg = 'bb'""",
        )
    )
    assert national == {"-": 17.0, "BWI": 10.0}
