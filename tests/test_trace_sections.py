"""`sto-monitor trace` source-row counts for catalog sections B (lj4), D, E, F and G (issue 8).

One landing zone: the microdata fixture of tests/microdata_fixtures.py (keuzevak exams,
vo/mbo enrolments, school-leaver survey; its table documents every pupil), plus a public pupil file
for 2020 (leerjaar 4) and a small IPTO teacher extract for 2022. One refresh, one release (2023).
The expected rows are derived in the test from the fixture's own lists (line 1 of a file = header).
"""

import json
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance, TableColumnDep

from orchestration.cli import main
from orchestration.refresh import run_refresh
from tests.duo_fixtures import pupil_row, write_pupil_file
from tests.microdata_fixtures import EXAMS_2021, LJ3_2021, LJ4_2021, SVO, line, write_extract, write_landing
from tests.test_release import release_in
from tests.test_trace import rows as counted
from tests.test_trace import trace_json as trace

pytestmark = pytest.mark.e2e

EXAMS = "duo_examens_vakken/examens-vakken-2021.csv"
VO_2021 = "duo_inschrijvingen_vo/inschrijvingen-vo-2021.csv"
SURVEY = "schoolverlaters/schoolverlaters-2023.csv"
IPTO = "ipto_lesgevenden/ipto_lesgevenden_2022.csv"
PUBLIC = "duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2020.csv"

PUBLIC_2020 = [  # leerjaar-4 pupils (man, vrouw); 10AB00 is in region R01, 10AB01 in none
    pupil_row("10AB", "00", "bb", "6011", (0, 0), (3, 2)),  # line 2: BWI bb 5 (technical)
    pupil_row("10AB", "00", "bb", "6611", (0, 0), (4, 0)),  # line 3: Z&W bb 4
    pupil_row("10AB", "00", "bb", "4511", (0, 0), (5, 5)),  # line 4: legacy bb: not in the denominator
    pupil_row("10AB", "01", "bb", "7011", (0, 0), (1, 1)),  # line 5: BWI bb 2 (technical), no region
]
D22 = "2022-10-01"
TEACHERS = [  # persoon, brin, profiel, geslacht; every line 1.0 x 0.5 fte, age 40
    ("a1", "10AB", "BWI", "V"),  # line 2
    ("a1", "20CD", "PIE", "V"),  # line 3: a1 again, a second technical profile
    ("a2", "10AB", "BWI", "M"),  # line 4
    ("a3", "10AB", "Z&W", "V"),  # line 5: not technical
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("trace_sections") / "sto_home"
    write_landing(home)
    write_pupil_file(home / "landing" / "duo_leerlingen_vestiging", 2020, PUBLIC_2020)
    write_extract(
        home / "landing" / "ipto_lesgevenden",
        2022,
        [line(p, D22, b, pr, "1.0", "0.5", (40, g, "J", "vast", "OP", "onderwijs", "N")) for p, b, pr, g in TEACHERS],
    )
    # the refresh as run_refresh_in does, keeping the instance to read the materializations' metadata
    with pytest.MonkeyPatch.context() as mp, DagsterInstance.ephemeral() as instance:
        mp.setenv("STO_HOME", str(home))
        run_refresh(instance=instance)
        metadata = {
            name: instance.get_latest_materialization_event(AssetKey(["marts", name])).asset_materialization.metadata
            for name in ("indicator_values", "dim_profiel", "doorstroom_tech_mbo")
        }
    release = release_in(home, 2023)
    return {"home": home, "release": Path(release.splitlines()[0].strip()).name, "metadata": metadata}


def test_b_tech_share_lj4_counts_the_public_lines(ctx, monkeypatch, capsys):
    t = trace(ctx, monkeypatch, capsys, "tech_share_lj4", "--schooljaar", "2020")
    # national: technical 5 + 2 = 7 of 5 + 4 + 2 = 11 (legacy line 4 excluded); lines 2, 5 / 2, 3, 5
    assert (t["numerator"], t["denominator"]) == (7, 11)
    assert counted(t, "numerator") == (2, {PUBLIC: 2})
    assert counted(t, "denominator") == (3, {PUBLIC: 3})
    t = trace(ctx, monkeypatch, capsys, "tech_share_lj4", "--schooljaar", "2020", "--regio", "R01")
    assert (t["numerator"], t["denominator"]) == (5, 9)  # 10AB00 only: lines 2 / 2, 3
    assert counted(t, "numerator") == (1, {PUBLIC: 1})
    assert counted(t, "denominator") == (2, {PUBLIC: 2})
    assert "int_pupils__lj4" in [m["name"] for m in t["models"]]


def test_d_exam_cells_count_their_exam_lines(ctx, monkeypatch, capsys):
    technical_owner = ("XBWI", "XPIE", "1511")  # owned by BWI, PIE, MVI; XEO, XZW, 9999 are not technical
    lj4 = {p: e for p, _v, e, _g, _m in LJ4_2021}
    exam_lines = [  # (line, pupil, vakcode) in file order
        (n, p, v) for n, (p, v) in enumerate(((p, v) for p, vs in EXAMS_2021.items() for v in vs), start=2)
    ]
    population = [(n, p, v) for n, p, v in exam_lines if lj4[p] != "0470"]  # leerweg NULL: not the tl pupil P7
    tech = [x for x in population if x[2].startswith(technical_owner)]
    assert (len(tech), len(population)) == (8, 15)  # as in test_d1_technical_share
    t = trace(ctx, monkeypatch, capsys, "keuzevak_exam_tech_share", "--schooljaar", "2021")
    assert (t["numerator"], t["denominator"]) == (8, 15)
    assert counted(t, "numerator") == (8, {EXAMS: 8})
    assert counted(t, "denominator") == (15, {EXAMS: 15})
    assert "exams" in t["source_rows"]["numerator"]["counts"]
    # exams in BWI keuzevakken: P1 2, P2 1, P6 1 (profielmodule XBWIP01) = 4 lines, count only
    t = trace(
        ctx, monkeypatch, capsys, "keuzevak_exam_count", "--schooljaar", "2021", "--breakdown", "keuzevak_profiel=BWI"
    )
    assert t["numerator"] == 4 and counted(t, "numerator") == (4, {EXAMS: 4})
    assert t["source_rows"]["denominator"] is None


def test_e_doorstroom_and_uitval_count_the_cohort_lines(ctx, monkeypatch, capsys):
    # cohort bb/kb/gl with a profile: P1-P6, P8-P10 (not tl P7) = 9 lines of the 2021 vo file; mbo_bbl: P1
    t = trace(
        ctx,
        monkeypatch,
        capsys,
        "destination_after_lj4",
        "--schooljaar",
        "2021",
        "--breakdown",
        "bestemming=mbo_bbl",
    )
    assert (t["numerator"], t["denominator"]) == (1, 9)
    assert counted(t, "numerator") == (1, {VO_2021: 1})
    assert counted(t, "denominator") == (len([p for p in LJ4_2021 if p[2] != "0470"]), {VO_2021: 9})
    # vmbo uitval: leerjaar-3 pupils Q1-Q5 of 2021 (lines 12-16); Q4 has no record in 2022
    t = trace(ctx, monkeypatch, capsys, "vmbo_uitval_rate", "--schooljaar", "2021")
    assert (t["numerator"], t["denominator"]) == (1, 5)
    assert counted(t, "numerator") == (1, {VO_2021: 1})
    assert counted(t, "denominator") == (len(LJ3_2021), {VO_2021: 5})


def test_f_survey_cell_counts_respondents(ctx, monkeypatch, capsys):
    # technical bb/kb/gl respondents: R1 BWI (5), R2 PIE (4), R3 MVI (2) -> 2 positive of 3 rows;
    # the values are weighted: (1.0 + 2.0) / (1.0 + 2.0 + 1.0) = 75 %
    tech = [r for r in SVO if r[2] in ("BWI", "PIE", "MVI")]
    t = trace(
        ctx,
        monkeypatch,
        capsys,
        "svo_attractive",
        "--schooljaar",
        "2023",
        "--breakdown",
        "profielgroep=techniek",
    )
    assert t["value"] == pytest.approx(75.0)
    assert counted(t, "numerator") == (len([r for r in tech if int(r[4]) >= 4]), {SURVEY: 2})
    assert counted(t, "denominator") == (len(tech), {SURVEY: 3})
    assert "weegfactor" in t["source_rows"]["numerator"]["counts"]


# the female share of technical teachers, 2022 (the cell the teacher tests trace, in the warehouse or a release)
TECH_FEMALE_SHARE_2022 = ("teachers_female_share", "--schooljaar", "2022", "--breakdown", "profielgroep=techniek")


def test_g_teacher_share_counts_every_line_of_its_persons(ctx, monkeypatch, capsys):
    # technical persons a1 (2 lines, female), a2 (1 line): female share 1 of 2 persons = 50 %;
    # rows: numerator a1's lines 2, 3; denominator + a2's line 4
    t = trace(ctx, monkeypatch, capsys, *TECH_FEMALE_SHARE_2022)
    assert (t["numerator"], t["denominator"], t["value"]) == (1, 2, 50)
    assert counted(t, "numerator") == (2, {IPTO: 2})
    assert counted(t, "denominator") == (3, {IPTO: 3})
    # per profile BWI: a1's BWI line and a2 -> 1 of 2 persons, rows 1 / 2
    t = trace(ctx, monkeypatch, capsys, "teachers_female_share", "--schooljaar", "2022", "--profiel", "BWI")
    assert counted(t, "numerator") == (1, {IPTO: 1})
    assert counted(t, "denominator") == (2, {IPTO: 2})


def test_suppressed_teacher_cell_in_the_release_keeps_its_rows(ctx, monkeypatch, capsys):
    # 2 persons < 10: suppressed in the release; the rows were recorded at release time (lineage.json)
    t = trace(ctx, monkeypatch, capsys, *TECH_FEMALE_SHARE_2022, "--release", ctx["release"])
    assert t["is_suppressed"] is True and t["value"] is None
    assert counted(t, "numerator") == (2, {IPTO: 2})
    assert counted(t, "denominator") == (3, {IPTO: 3})
    assert "int_teachers__cells" in [m["name"] for m in t["models"]]


def test_the_release_records_the_counts_trace_prints(ctx, monkeypatch, capsys):
    """No refresh after the release: trace prints the same source rows with and without --release, for a
    cell of each section (both read int_source_rows__cell_counts: one implementation), and lineage.json
    holds every published cell of every traced indicator with the counts of the working warehouse."""
    from orchestration.trace import counted_rows, lineage_from_manifest

    cells = [
        ("tech_share_lj4", "--schooljaar", "2020", "--regio", "R01"),  # (1, 2) public lines, derived above
        ("keuzevak_exam_tech_share", "--schooljaar", "2021"),  # (8, 15) exams
        ("keuzevak_exam_count", "--schooljaar", "2021", "--breakdown", "keuzevak_profiel=BWI"),  # 4, no denominator
        ("destination_after_lj4", "--schooljaar", "2021", "--breakdown", "bestemming=mbo_bbl"),  # (1, 9) cohort
        ("svo_attractive", "--schooljaar", "2023", "--breakdown", "profielgroep=techniek"),  # (2, 3) respondents
        ("teachers_female_share", "--schooljaar", "2022", "--profiel", "BWI"),  # (1, 2) IPTO lines
    ]
    expected = [(1, 2), (8, 15), (4, None), (1, 9), (2, 3), (1, 2)]
    for args, (numerator, denominator) in zip(cells, expected, strict=True):
        working = trace(ctx, monkeypatch, capsys, *args)
        released = trace(ctx, monkeypatch, capsys, *args, "--release", ctx["release"])
        assert released["source_rows"] == working["source_rows"], args
        assert counted(released, "numerator")[0] == numerator, args
        den = released["source_rows"]["denominator"]
        assert (den if den is None else den["rows"]) == denominator, args
    folder = ctx["home"] / "releases" / ctx["release"]
    lineage = json.loads((folder / "lineage.json").read_text())
    traced = sorted(
        i["id"] for n in lineage["nodes"].values() for i in n["indicators"] if (i["trace"] or {}).get("rows_model")
    )
    con = duckdb.connect(str(ctx["home"] / "sto_monitor.duckdb"), read_only=True)
    try:
        now = counted_rows(
            con, lineage_from_manifest(json.loads(Path("dbt_project/target/manifest.json").read_text())), traced
        )
        n_cells = con.execute(
            "SELECT count(*) FROM marts.indicator_values WHERE indicator_id IN (SELECT unnest(?::varchar[]))", [traced]
        ).fetchall()[0][0]
    finally:
        con.close()
    files = lineage["cell_files"]
    recorded = {
        key: [None if part is None else [(files[i], n) for i, n in part] for part in parts]
        for key, parts in lineage["cells"].items()
    }
    assert len(recorded) == n_cells > 100
    assert recorded == now


def test_every_indicator_declares_its_source_rows(ctx):
    """Each catalog indicator has a trace block: a rows model that is a dbt model (and no SQL), or a reason it
    is not traced; every traced indicator with a cell in this landing zone has its source rows counted in the
    build, and no other indicator has."""
    from orchestration.trace import lineage_from_manifest

    manifest = json.loads((Path("dbt_project") / "target" / "manifest.json").read_text())
    lineage = lineage_from_manifest(manifest)
    blocks = {i["id"]: i["trace"] for n in lineage["nodes"].values() for i in n["indicators"]}
    models = {n["name"] for n in lineage["nodes"].values() if n["resource_type"] == "model"}
    assert sorted(i for i, b in blocks.items() if not b or not (b.get("rows_model") or b.get("not_traceable"))) == []
    assert sorted(i for i, b in blocks.items() if b.get("rows_model") and b["rows_model"] not in models) == []
    assert all(set(b) <= {"rows_model", "counts", "not_traceable"} for b in blocks.values())  # no SQL strings
    con = duckdb.connect(str(ctx["home"] / "sto_monitor.duckdb"), read_only=True)
    try:
        published = {r[0] for r in con.execute("SELECT DISTINCT indicator_id FROM marts.indicator_values").fetchall()}
        query = "SELECT DISTINCT indicator_id FROM intermediate.int_source_rows__cell_counts"
        with_rows = {r[0] for r in con.execute(query).fetchall()}
    finally:
        con.close()
    traced = {i for i, b in blocks.items() if b.get("rows_model")}
    assert with_rows == traced & published
    assert {"keuzevak_exam_tech_share", "destination_after_lj4", "teachers_female_share"} <= with_rows


def test_a_cell_not_found_lists_the_cells_that_differ_by_what_was_left_out(ctx, monkeypatch, capsys):
    # every teachers_age_distribution cell is broken down by leeftijdsklasse: the BWI cell without a
    # breakdown does not exist, its three age bands do
    monkeypatch.setenv("STO_HOME", str(ctx["home"]))
    capsys.readouterr()
    assert main(["trace", "teachers_age_distribution", "--schooljaar", "2022", "--profiel", "BWI"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        f"  schooljaar=2022 profiel=BWI breakdown=leeftijdsklasse={band}" for band in ("18-49", "50-59", "60+")
    ]
    assert err[3].startswith("sto-monitor trace: error: no cell of teachers_age_distribution matches")
    assert "3 cell(s) differ only by a dimension left out" in err[3] and len(err) == 4
    # given, the breakdown finds the cell: BWI persons a1 and a2 (lines 2 and 4), both aged 40
    t = trace(
        ctx,
        monkeypatch,
        capsys,
        "teachers_age_distribution",
        "--schooljaar",
        "2022",
        "--profiel",
        "BWI",
        "--breakdown",
        "leeftijdsklasse=18-49",
    )
    assert (t["numerator"], t["denominator"]) == (2, 2)
    assert counted(t, "numerator") == (2, {IPTO: 2})


def test_mart_materializations_carry_column_lineage(ctx):
    """Dagster UI: the mart assets' materializations hold dagster/column_lineage and dagster/column_schema."""
    meta = ctx["metadata"]["dim_profiel"]
    deps = meta["dagster/column_lineage"].value.deps_by_column
    assert deps["profiel"] == [
        TableColumnDep(asset_key=AssetKey(["staging", "stg_reference__profielen"]), column_name="profiel")
    ]
    schema = {c.name: c.type for c in meta["dagster/column_schema"].value.columns}
    assert (
        schema["profiel"].lower() == "string"
    )  # the declared type of the YAML (portable: DuckDB VARCHAR, Spark STRING)
    # indicator_values.value comes from the value column of the producing models
    deps = meta_deps(ctx["metadata"]["indicator_values"], "value")
    assert (("intermediate", "int_indicator_values__pupils_lj3"), "value") in deps
    assert (("intermediate", "int_indicator_values__teachers"), "value") in deps
    # a topic mart on the doorstroom cohort reads int_doorstroom__lj4
    tables = {
        d[0]
        for col in ctx["metadata"]["doorstroom_tech_mbo"]["dagster/column_lineage"].value.deps_by_column
        for d in meta_deps(ctx["metadata"]["doorstroom_tech_mbo"], col)
    }
    assert ("intermediate", "int_doorstroom__lj4") in tables


def meta_deps(meta, column) -> set:
    return {
        (tuple(d.asset_key.path), d.column_name) for d in meta["dagster/column_lineage"].value.deps_by_column[column]
    }
