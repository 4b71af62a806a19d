"""The microdata reader (CSV or Parquet, one schooljaar per file) and reference lists replacing seeds."""

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ingest.errors import InputFileError
from ingest.paths import DBT_PROJECT_DIR
from ingest.sources.base import Column
from ingest.sources.microdata import GESLACHT, ISO_DATE, microdata_source
from tests.conftest import query, run_refresh_in
from tests.duo_fixtures import pupil_row, write_pupil_file

SOURCE = microdata_source(
    "example_extract",
    "an example extract",
    (
        Column("leerling_id", ("leerling_id",), nullable=False),
        Column("peildatum", ("peildatum",), ISO_DATE, "must be an ISO date", nullable=False),
        Column("geslacht", ("geslacht",), GESLACHT, "must be M or V"),
    ),
    key=("leerling_id",),
    schooljaar_column="peildatum",
)


def test_csv_and_parquet_give_the_same_rows(tmp_path: Path):
    csv_path = tmp_path / "extract-2021.csv"
    csv_path.write_text("leerling_id;peildatum;geslacht\np1;2021-10-01;M\np2;2021-10-01;V\n", encoding="utf-8")
    pq_path = tmp_path / "extract-2021.parquet"
    pl.DataFrame(
        {"leerling_id": ["p1", "p2"], "peildatum": [date(2021, 10, 1)] * 2, "geslacht": ["M", "V"]}
    ).write_parquet(pq_path)
    a = SOURCE.parse(csv_path, "example_extract/extract-2021.csv")
    b = SOURCE.parse(pq_path, "example_extract/extract-2021.parquet")
    assert a.schooljaar == b.schooljaar == 2021
    cols = ["leerling_id", "peildatum", "geslacht"]
    assert (
        a.frame.select(cols).rows()
        == b.frame.select(cols).rows()
        == [("p1", "2021-10-01", "M"), ("p2", "2021-10-01", "V")]
    )


def test_microdata_must_be_utf8(tmp_path: Path):
    path = tmp_path / "extract.csv"
    path.write_bytes("leerling_id;peildatum;geslacht\np\xe9;2021-10-01;M\n".encode("cp1252"))
    with pytest.raises(InputFileError) as err:
        SOURCE.parse(path, "extract.csv")
    assert str(err.value) == "extract.csv, line 2: cannot decode byte 0xe9 at character 2 as UTF-8"


def test_one_schooljaar_per_file_and_name_must_agree(tmp_path: Path):
    path = tmp_path / "extract-2020.csv"
    path.write_text("leerling_id;peildatum;geslacht\np1;2021-10-01;M\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        SOURCE.parse(path, "extract-2020.csv")
    assert "schooljaar in the file (2021) differs from the one in its name (2020)" in str(err.value)
    path.write_text("leerling_id;peildatum;geslacht\np1;2021-10-01;M\np2;2022-10-01;V\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        SOURCE.parse(path, "extract.csv")
    assert "expected one schooljaar in the file, found [2021, 2022]" in str(err.value)


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> Path:
    """One refresh: a public pupil file, a delivered element-code list, and a pupil extract that disagrees."""
    home = tmp_path_factory.mktemp("reference") / "sto_home"
    write_pupil_file(
        home / "landing" / "duo_leerlingen_vestiging", 2019, [pupil_row("10AB", "00", "bb", "6011", (4, 2))]
    )
    (home / "landing" / "reference").mkdir()
    delivered = home / "landing" / "reference" / "element_codes.csv"
    shutil.copy(DBT_PROJECT_DIR / "seeds" / "element_codes.csv", delivered)
    # The delivered list (deliberately) files element code 6011 under PIE instead of BWI.
    delivered.write_text(delivered.read_text(encoding="utf-8").replace("6011;BWI;", "6011;PIE;"), encoding="utf-8")
    # One leerjaar-3 boy in the extract where the public file counts 4: reproduces 1 of the 6 published pupils
    # (< 98 %), so the public counts stay; and the reconciliation test (severity warn) fires.
    extract = home / "landing" / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2019.csv"
    extract.parent.mkdir(parents=True)
    extract.write_text(
        "leerling_id;peildatum;brin;vestigingsnummer;elementcode;leerjaar;geslacht;migratieachtergrond;postcode4\n"
        "p1;2019-10-01;10AB;00;6011;3;M;N;3511\n",
        encoding="utf-8",
    )
    run_refresh_in(home)
    return home


@pytest.mark.e2e
def test_delivered_reference_list_replaces_the_seed(refreshed: Path):
    rows = query(
        refreshed,
        "SELECT profiel, value FROM marts.indicator_values WHERE indicator_id = 'pupils_lj3_count' "
        "AND leerweg = 'bb' AND profiel IS NOT NULL",
    )
    assert rows == [("PIE", 6)]
    assert query(refreshed, "SELECT count(*) FROM raw.reference__element_codes")[0][0] == 129


@pytest.mark.e2e
def test_microdata_reconciliation_warns_without_blocking(refreshed: Path):
    log = max((refreshed / "logs").glob("refresh-*.log")).read_text(encoding="utf-8")
    lines = [ln for ln in log.splitlines() if "assert_microdata_matches_public_pupil_counts" in ln and "WARN" in ln]
    assert lines, "the reconciliation test did not warn"
    assert query(refreshed, "SELECT count(*) FROM marts.indicator_values WHERE schooljaar = 2019")[0][0] > 0
