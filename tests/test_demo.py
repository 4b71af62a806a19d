"""The demo generator: determinism, consistency between public files and microdata, readers accept it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from ingest.demo.generate import write_demo
from ingest.sources import SOURCES
from tests.conftest import query

YEARS = [2018, 2019, 2020, 2021]


def digests(paths: list[Path], root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "landing"
    write_demo(root, YEARS, scale=0.05, seed=7, microdata_format="csv")
    return root


def read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, separator=";", infer_schema=False)


def test_same_seed_gives_byte_identical_files_and_another_seed_differs(tmp_path):
    a = write_demo(tmp_path / "a", [2019, 2020], scale=0.03, seed=11)
    # the same in another process with another string-hash seed: no dependence on set/dict order
    code = (
        "from pathlib import Path; from ingest.demo.generate import write_demo; "
        f"write_demo(Path({str(tmp_path / 'b')!r}), [2019, 2020], scale=0.03, seed=11)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=Path(__file__).resolve().parents[1])
    b = sorted(p for p in (tmp_path / "b").rglob("*") if p.is_file())
    a = sorted(a)
    c = write_demo(tmp_path / "c", [2019, 2020], scale=0.03, seed=12)
    assert digests(a, tmp_path / "a") == digests(b, tmp_path / "b")
    da, dc = digests(a, tmp_path / "a"), digests(c, tmp_path / "c")
    assert da.keys() == dc.keys()
    assert any(da[k] != dc[k] for k in da)


def test_public_pupil_file_is_the_aggregation_of_the_vo_enrolments(landing):
    for year in YEARS:
        enrol = read(landing / "duo_inschrijvingen_vo" / f"inschrijvingen-vo-{year}.csv")
        parsed = SOURCES["duo_leerlingen_vestiging"].parse(
            landing / "duo_leerlingen_vestiging" / f"01.-leerlingen-vo-per-vestiging-naar-onderwijstype-{year}.csv",
            f"pupils-{year}.csv",
        )
        assert parsed.format_generation == ("legacy" if year <= 2019 else "new")
        public = parsed.frame.unpivot(
            index=["brin", "vestigingsnummer", "elementcode"],
            on=[f"lj{n}_{g}" for n in (3, 4) for g in ("man", "vrouw")],
        ).filter(pl.col("value") != "0")
        public = public.with_columns(
            pl.col("variable").str.slice(2, 1).alias("leerjaar"),
            pl.when(pl.col("variable").str.ends_with("man")).then(pl.lit("M")).otherwise(pl.lit("V")).alias("geslacht"),
        ).select("brin", "vestigingsnummer", "elementcode", "leerjaar", "geslacht", "value")
        micro = (
            enrol.group_by("brin", "vestigingsnummer", "elementcode", "leerjaar", "geslacht")
            .agg(pl.len().alias("n"))
            .with_columns(
                pl.when((pl.col("n") < 5) & (year >= 2020))
                .then(pl.lit("<5"))
                .otherwise(pl.col("n").cast(pl.Utf8))
                .alias("value")
            )
            .drop("n")
        )
        key = ["brin", "vestigingsnummer", "elementcode", "leerjaar", "geslacht", "value"]
        assert public.sort(key).equals(micro.select(key).sort(key)), year


def test_exams_belong_to_lj4_pupils_of_the_year(landing):
    for year in YEARS:
        enrol = read(landing / "duo_inschrijvingen_vo" / f"inschrijvingen-vo-{year}.csv")
        exams = read(landing / "duo_examens_vakken" / f"examens-vakken-{year}.csv")
        lj4 = enrol.filter(pl.col("leerjaar") == "4").select("leerling_id", "brin", "vestigingsnummer", "elementcode")
        joined = exams.join(lj4, on=["leerling_id", "brin", "vestigingsnummer", "elementcode"], how="anti")
        assert joined.height == 0
        per_pupil = exams.filter(pl.col("vaksoort") == "keuzevak").group_by("leerling_id").len()
        assert per_pupil["len"].min() >= 2
        assert exams.select(pl.struct("leerling_id", "vakcode").is_unique().all()).item()


def test_exam_candidate_files_count_the_lj4_pupils(landing):
    enrol = read(landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2020.csv")
    lj4 = enrol.filter((pl.col("leerjaar") == "4") & ~pl.col("elementcode").is_in(["0200"]))
    wide = read(landing / "duo_examenkandidaten" / "examenkandidaten-en-geslaagden-2019-2022.csv")
    col = "EXAMENKANDIDATEN SCHOOLJAAR 2020-2021 - TOTAAL"
    exact = wide.filter(pl.col(col) != "<5")[col].cast(pl.Int64).sum()
    n_small = wide.filter(pl.col(col) == "<5").height
    assert exact + n_small <= lj4.height <= exact + 4 * n_small
    legacy = pl.read_csv(
        landing / "duo_examenkandidaten" / "geslaagden-gezakten-en-cijfers-2018-2019.csv",
        separator=";",
        encoding="cp1252",
        infer_schema=False,
    )
    lj4_2018 = read(landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2018.csv").filter(pl.col("leerjaar") == "4")
    assert legacy["EXAMENKANDIDATEN"].cast(pl.Int64).sum() == lj4_2018.height


def test_pupils_keep_their_pseudonym_lj3_to_lj4_and_mbo_entrants_come_from_lj4(landing):
    prev = read(landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2019.csv")
    cur = read(landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2020.csv")
    lj3 = prev.filter(pl.col("leerjaar") == "3")
    lj4 = cur.filter(pl.col("leerjaar") == "4")
    followed = lj3.join(lj4, on="leerling_id", how="semi").height / lj3.height
    assert 0.9 < followed < 0.97
    same_place = lj3.join(lj4, on=["leerling_id", "brin", "vestigingsnummer"], how="semi").height
    assert same_place == lj3.join(lj4, on="leerling_id", how="semi").height
    mbo = read(landing / "duo_inschrijvingen_mbo" / "inschrijvingen-mbo-2020.csv")
    lj4_prev = prev.filter(pl.col("leerjaar") == "4")
    assert mbo.join(lj4_prev, on="leerling_id", how="anti").height == 0
    assert mbo.height > 0.8 * lj4_prev.height
    ref = read(landing / "reference" / "mbo_opleidingen.csv")
    assert mbo.join(ref, on="opleidingscode", how="anti").height == 0


def test_teachers_belong_to_schools_offering_their_profile(landing):
    codes = pl.read_csv("dbt_project/seeds/element_codes.csv", separator=";", infer_schema=False)
    for year in YEARS:
        enrol = read(landing / "duo_inschrijvingen_vo" / f"inschrijvingen-vo-{year}.csv")
        offered = (
            enrol.join(codes.filter(pl.col("profiel").is_not_null()), on="elementcode")
            .select("brin", "profiel")
            .unique()
        )
        teachers = read(landing / "ipto_lesgevenden" / f"lesgevenden-{year}.csv")
        assert teachers.join(offered, on=["brin", "profiel"], how="anti").height == 0
        assert teachers["persoon_id"].n_unique() < teachers.height  # some persons teach two profiles


def test_teacher_vakken_are_the_teachers_profiles_plus_avo_and_overig_vakken(landing):
    for year in YEARS:
        teachers = read(landing / "ipto_lesgevenden" / f"lesgevenden-{year}.csv")
        path = landing / "ipto_lesgevenden_vakken" / f"lesgevenden-vakken-{year}.csv"
        vakken = SOURCES["ipto_lesgevenden_vakken"].parse(path, f"ipto_lesgevenden_vakken/{path.name}").frame
        profielvak = vakken.filter(pl.col("vak_categorie") == "profielvak")
        key = ["persoon_id", "brin", "profiel"]
        assert profielvak.select(key).sort(key).rows() == teachers.select(key).sort(key).rows()
        others = vakken.filter(pl.col("vak_categorie") != "profielvak")
        assert set(others["persoon_id"]) <= set(teachers["persoon_id"]) and others.height > 0
        # about a quarter of the technical persons also teach an avo-vak (002:L4983), fewer than before
        tech = teachers.filter(pl.col("profiel").is_in(["BWI", "PIE", "MVI", "M&T", "MaT"]))["persoon_id"].unique()
        avo = set(others.filter(pl.col("vak_categorie") == "avo")["persoon_id"])
        assert 0.2 < len(avo & set(tech)) / len(tech) < 0.35


def test_cbs_education_aggregate_counts_the_demo_teachers(landing):
    (path,) = (landing / "cbs_lesgevenden_opleiding").iterdir()
    frame = SOURCES["cbs_lesgevenden_opleiding"].parse(path, f"cbs_lesgevenden_opleiding/{path.name}").frame
    assert sorted({int(y) for y in frame["peiljaar"]}) == YEARS
    for year in YEARS:
        teachers = read(landing / "ipto_lesgevenden" / f"lesgevenden-{year}.csv")
        persons = teachers.group_by("profiel").agg(pl.col("persoon_id").n_unique().alias("n"))
        for profiel, n in persons.rows():
            cell = frame.filter(
                (pl.col("peiljaar") == str(year))
                & (pl.col("profiel") == profiel)
                & (pl.col("kenmerk") == "opleidingsniveau")
            )
            counts = cell["aantal_personen"].to_list()
            assert len(counts) == 4
            if "<10" not in counts:
                assert sum(int(c) for c in counts) == n, (year, profiel)
        total = frame.filter(
            (pl.col("peiljaar") == str(year)) & pl.col("profiel").is_null() & pl.col("profielgroep").is_null()
        )
        assert sum(int(c) for c in total.filter(pl.col("kenmerk") == "opleidingsrichting")["aantal_personen"]) == (
            teachers["persoon_id"].n_unique()
        )


def test_hbo_files_are_in_duo_format_with_enough_history_for_lasso(landing):
    minus_one: set[str] = set()
    for folder, stem, last in (
        ("duo_hbo_eerstejaars", "eerstejaarsingeschrevenenhbo", YEARS[-1]),
        ("duo_hbo_ingeschrevenen", "ingeschrevenenhbo", YEARS[-1]),
        ("duo_hbo_gediplomeerden", "gediplomeerdenhbo", YEARS[-1] - 1),
    ):
        names = sorted(p.name for p in (landing / folder).iterdir())
        assert names == sorted([f"{stem}.csv", f"{stem}-{last - 5}.csv", f"{stem}-{last - 10}.csv"])
        raw = (landing / folder / f"{stem}.csv").read_bytes()
        assert raw.startswith(b'"') and raw.endswith(b"\r\n")  # quoted, CRLF
        minus_one |= {n for n in names if b",-1\r\n" in (landing / folder / n).read_bytes()}  # DUO's 1-4
        years = set()
        for name in names:
            parsed = SOURCES[folder].parse(landing / folder / name, f"{folder}/{name}").frame
            years |= {int(y) for y in parsed[parsed.columns[0]]}
            assert not set(parsed["opleidingscode"]) & {"35383", "35386", "35384"}  # as in DUO's files
        assert years == set(range(last - 14, last + 1))
    assert minus_one  # small counts are published as -1 (first-year students and graduates)


def test_every_vestiging_has_brin_name_postcode_place_in_the_pc4_list(landing):
    parsed = SOURCES["duo_vestigingen"].parse(landing / "duo_vestigingen" / "02.-alle-vestigingen-vo.csv", "v.csv")
    frame = parsed.frame
    for column in ("brin", "vestigingscode", "vestigingsnaam", "postcode", "plaatsnaam"):
        assert frame[column].null_count() == 0
    geonames = pl.read_csv(
        landing / "pc4" / "NL.txt", separator="\t", has_header=False, infer_schema=False, quote_char=None
    )
    assert geonames.width == 12
    pc4 = set(geonames["column_1"])
    assert set(frame["postcode"].str.slice(0, 4)) <= pc4
    enrol = read(landing / "duo_inschrijvingen_vo" / "inschrijvingen-vo-2021.csv")
    assert set(enrol["postcode4"]) <= pc4
    regions = read(landing / "reference" / "sto_regio_vestigingen.csv")
    assert regions["regio_naam"].str.starts_with("Illustratieve STO-regio").all()


@pytest.mark.e2e
def test_refresh_runs_on_a_small_demo(small_demo_release):
    home, _ = small_demo_release  # conftest: sto-monitor demo --scale 0.2 --years 2022-2024, refresh, release
    rows = query(home, "select count(*) from marts.indicator_values where indicator_id = 'pupils_lj3_count'")
    assert rows[0][0] > 0
    # the demo's programme administration joins the demo's regions: every region-year of the registry has
    # the budget of the plan in force (2020-2024) beside its technical pupils
    n, with_budget, with_pupils = query(
        home,
        "select count(*), count(subsidie_eur), count(n_techniek_lj3) from marts.regio_portret where schooljaar = 2023",
    )[0]
    assert n > 0 and with_budget == n == with_pupils
    # the teacher deliveries of issue 22: G5, G13, G14 and G17 with both forecasts
    cells = dict(
        query(
            home,
            "select indicator_id || coalesce('/' || case when breakdown = 'methode' then breakdown_value end, ''), "
            "count(*) from marts.indicator_values where indicator_id like 'teacher_pipeline%' "
            "or indicator_id in ('teachers_also_avo_share', 'teachers_also_other_share', "
            "'teachers_education_level', 'teachers_education_field') group by 1",
        )
    )
    assert set(cells) == {
        "teachers_also_avo_share",
        "teachers_also_other_share",
        "teachers_education_level",
        "teachers_education_field",
        "teacher_pipeline_first_year_students",
        "teacher_pipeline_enrolled",
        "teacher_pipeline_graduates",
        "teacher_pipeline_graduates_forecast/cohortrendement",
        "teacher_pipeline_graduates_forecast/lasso",
    }
