"""End to end on the real DUO 2019 files: exact against the CSV, close to the published Tabel B3.12."""

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import REALDATA, query, query_keyed, run_refresh_in

pytestmark = [pytest.mark.e2e, pytest.mark.realdata]

PUPIL_FILE = REALDATA / "cito" / "leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
VESTIGINGEN_FILE = REALDATA / "cito" / "alle-vestigingen-vo.csv"
PC4_FILE = REALDATA / "postal-codes-data" / "NL.txt"

# The test's own decoding, from DUO's AFDELING names (not the project's element-code seed).
AFDELING = {
    "Bouwen, wonen en interieur": "BWI",
    "Produceren, installeren en energie": "PIE",
    "Mobiliteit en transport": "M&T",
    "Media, vormgeving en ICT": "MVI",
    "Maritiem en Techniek": "MaT",
    "Economie en ondernemen": "E&O",
    "Horeca, bakkerij en recreatie": "HBR",
    "Zorg en welzijn": "Z&W",
    "Groen": "Groen",
    "Dienstverlening en producten": "D&P",
}
LEERWEG = {"VMBO BL lj 3-4": "bb", "VMBO KL lj 3-4": "kb", "VMBO GL lj 3-4": "gl"}

# Tabel B3.12, column 2019/2020 (indicators.md 2.2, seed 002:L4635-L4672).
PUBLISHED_2019 = {
    "bb": {
        "BWI": 1182,
        "MaT": 72,
        "MVI": 276,
        "M&T": 627,
        "PIE": 1686,
        "D&P": 3440,
        "E&O": 1843,
        "Groen": 2572,
        "HBR": 898,
        "Z&W": 4237,
    },
    "kb": {
        "BWI": 1849,
        "MaT": 103,
        "MVI": 910,
        "M&T": 775,
        "PIE": 2545,
        "D&P": 6410,
        "E&O": 3933,
        "Groen": 3153,
        "HBR": 1395,
        "Z&W": 7112,
    },
    "gl": {
        "BWI": 363,
        "MaT": 85,
        "MVI": 326,
        "M&T": 103,
        "PIE": 575,
        "D&P": 9019,
        "E&O": 1197,
        "Groen": 2139,
        "HBR": 209,
        "Z&W": 1477,
    },
}


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("real2019") / "sto_home"
    for folder, src in (
        ("duo_leerlingen_vestiging", PUPIL_FILE),
        ("duo_vestigingen", VESTIGINGEN_FILE),
        ("pc4", PC4_FILE),
    ):
        (home / "landing" / folder).mkdir(parents=True)
        shutil.copy(src, home / "landing" / folder / src.name)
    run_refresh_in(home)
    return home


def counts_from_csv() -> tuple[Counter, Counter, int]:
    """(pupils per (leerweg, profiel), girls per (leerweg, profiel), legacy pupils) from the CSV."""
    pupils: Counter = Counter()
    girls: Counter = Counter()
    legacy = 0
    with PUPIL_FILE.open(encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            leerweg = LEERWEG.get(row["ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR"])
            if leerweg is None:
                continue
            man = int(row["LEER- OF VERBLIJFSJAAR 3 - MAN"])
            vrouw = int(row["LEER- OF VERBLIJFSJAAR 3 - VROUW"])
            profiel = AFDELING.get(row["AFDELING"])
            if profiel is None:  # vakmanschaps- / beroepsroute
                legacy += man + vrouw
                continue
            pupils[(leerweg, profiel)] += man + vrouw
            girls[(leerweg, profiel)] += vrouw
    return pupils, girls, legacy


def test_counts_equal_the_csv_exactly(home):
    pupils, girls, _legacy = counts_from_csv()
    got = query_keyed(
        home,
        "SELECT leerweg, profiel, n_pupils, n_female FROM marts.pupils_lj3_by_profiel "
        "WHERE schooljaar = 2019 AND leerweg IS NOT NULL AND profiel IS NOT NULL",
    )
    assert got == {k: (pupils[k], girls[k]) for k in pupils}


def test_tech_share_equals_the_csv_exactly(home):
    pupils, _girls, legacy = counts_from_csv()
    tech = sum(n for (_lw, p), n in pupils.items() if p in {"BWI", "PIE", "M&T", "MVI", "MaT"})
    total = sum(pupils.values())
    rows = query(
        home,
        "SELECT numerator, denominator, value FROM marts.indicator_values WHERE indicator_id = "
        "'tech_share_lj3' AND schooljaar = 2019 AND leerweg IS NULL",
    )
    assert rows == [(tech, total + legacy, pytest.approx(100 * tech / (total + legacy)))]
    # Published 2019/20: 18,7 % (Tabel B3.12, 002:L4687)
    assert round(rows[0][2], 1) == 18.7


@pytest.mark.parametrize("leerweg", ["bb", "kb", "gl"])
def test_cells_close_to_published_tabel_b3_12(home, leerweg):
    got = dict(
        query(
            home,
            "SELECT profiel, value FROM marts.indicator_values WHERE indicator_id = "
            "'pupils_lj3_count' AND schooljaar = 2019 AND leerweg = ? AND profiel IS NOT NULL",
            [leerweg],
        )
    )
    for profiel, published in PUBLISHED_2019[leerweg].items():
        diff = abs(got[profiel] - published)
        assert diff <= max(15, 0.025 * published), f"{leerweg} {profiel}: {got[profiel]} vs published {published}"


def test_vestigingen_dimension_has_every_vestiging(home):
    n_file = query(home, "SELECT count(*) FROM raw.duo_vestigingen")[0][0]
    assert n_file == 1619
    missing = query(home, "SELECT count(*) FROM marts.dim_vestiging WHERE NOT in_vestigingen_file")[0][0]
    n_dim = query(home, "SELECT count(*) FROM marts.dim_vestiging")[0][0]
    assert n_dim == n_file + missing


# Tabel B3.5, row "Schooljaar 2019/2020" (indicators.md 2.7, seed 002:L4296): vestigingen per technical profile.
PUBLISHED_B3_5_2019 = {"BWI": 170, "MaT": 6, "MVI": 48, "M&T": 92, "PIE": 214}


def test_vestigingen_offering_each_technical_profile_close_to_tabel_b3_5(home):
    got = dict(
        query(
            home,
            "SELECT profiel, value FROM marts.indicator_values WHERE indicator_id = 'vestigingen_offering_profile' "
            "AND schooljaar = 2019 AND leerweg IS NULL AND breakdown IS NULL",
        )
    )
    for profiel, published in PUBLISHED_B3_5_2019.items():
        assert abs(got[profiel] - published) <= 3, f"{profiel}: {got[profiel]} vs published {published}"
    mart = dict(query(home, "SELECT profiel, n_vestigingen FROM marts.vestigingen_per_profiel WHERE schooljaar = 2019"))
    assert {p: mart[p] for p in PUBLISHED_B3_5_2019} == {p: got[p] for p in PUBLISHED_B3_5_2019}


def test_without_a_delivered_mapping_regions_are_illustrative_and_say_so(home):
    # No sto_regio_vestigingen list delivered: one illustrative region per COROP area of the vmbo vestigingen.
    n, all_illustrative = query(home, "SELECT count(*), bool_and(is_illustrative) FROM marts.dim_sto_regio")[0]
    assert n == 40 and all_illustrative
    assert query(home, "SELECT bool_and(is_illustrative) FROM marts.regio_techniek_lj3")[0][0] is True
    definition = query(
        home, "SELECT definition FROM marts.indicator_catalog WHERE indicator_id = 'region_tech_pupils_lj3'"
    )[0][0]
    assert "ILLUSTRATIVE" in definition


def test_vestigingen_placed_with_geonames_pc4(home):
    # Every vestiging in the vestigingen file has a PC4 that GeoNames knows; the 11 not placed are the
    # vestigingen that only occur in the pupil file (no postcode) - counted, not dropped.
    rows = query(home, "SELECT in_vestigingen_file, count(*) FROM marts.dim_vestiging WHERE NOT is_placed GROUP BY 1")
    assert rows == [(False, 11)]


def test_every_line_of_the_pupil_file_is_classified(home):
    """int_coverage__files against the CSV: a line with pupils in leerjaar 3 or 4 is counted (vo total A8, and
    for vmbo the figures by leerweg and profiel), one with pupils only in other leerjaren is not."""
    lines, upper = 0, 0
    with PUPIL_FILE.open(encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            lines += 1
            upper += any(int(row[f"LEER- OF VERBLIJFSJAAR {lj} - {g}"]) > 0 for lj in (3, 4) for g in ("MAN", "VROUW"))
    got = query_keyed(
        home,
        "SELECT status, reason, n_rows, n_rows_file FROM intermediate.int_coverage__files "
        "WHERE source = 'duo_leerlingen_vestiging'",
    )
    # every vmbo element code of the 2019 file is in the reference list: nothing counted in part
    assert got == {
        ("counted", None): (upper, lines),
        ("not counted", "no pupils in leerjaar 3 or 4"): (lines - upper, lines),
    }
    # the vestigingen file is one snapshot: each of its rows describes its vestiging
    with VESTIGINGEN_FILE.open(encoding="cp1252", newline="") as f:
        n_vestigingen = sum(1 for _ in csv.DictReader(f, delimiter=";"))
    assert query(
        home,
        "SELECT status, n_rows FROM intermediate.int_coverage__files WHERE source = 'duo_vestigingen'",
    ) == [("counted", n_vestigingen)]
