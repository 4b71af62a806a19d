"""The report "STO in cijfers" (rendered into the release, re-rendered by `sto-monitor report`, checked
in headless Chromium) and BI access (every query of docs/bi_queries.sql on release.duckdb, read-only).
One refresh and one release of a small hand-built landing zone for the whole module."""

import csv
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from ingest.demo.programme import HEADER as PROGRAMME_HEADER
from ingest.paths import PROJECT_ROOT, StoHome
from orchestration.cli import main
from orchestration.verify import verify_release
from tests.conftest import run_refresh_in
from tests.duo_fixtures import pupil_row, write_pupil_file
from tests.test_release import release_in
from tests.test_surveys import write_landing as write_survey_landing

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("report") / "sto_home"
    landing = home / "landing" / "duo_leerlingen_vestiging"
    write_pupil_file(
        landing,
        2018,
        [
            pupil_row("10AB", "00", "bb", "6011", (6, 4)),  # BWI bb 10 (technical)
            pupil_row("10AB", "00", "bb", "6611", (10, 10)),  # Z&W bb 20
            pupil_row("10AB", "00", "kb", "6421", (15, 15)),  # E&O kb 30
            pupil_row("10AB", "00", "kb", "6155", (5, 5)),  # PIE kb 10 (technical)
        ],
    )
    write_pupil_file(
        landing,
        2019,
        [
            pupil_row("10AB", "00", "bb", "6011", (12, 8)),  # BWI bb 20 (technical)
            pupil_row("10AB", "00", "bb", "6155", (5, 5)),  # PIE bb 10 (technical)
            pupil_row("10AB", "00", "bb", "6611", (5, 15)),  # Z&W bb 20, 15 girls
            pupil_row("10AB", "00", "kb", "6321", (4, 6)),  # MVI kb 10 (technical)
            pupil_row("10AB", "00", "kb", "6421", (20, 20)),  # E&O kb 40
        ],
    )
    # programme administration: region R1 (vestiging 10AB00), plan 2019-2022 in force in 2019
    (home / "landing" / "reference").mkdir(parents=True)
    (home / "landing" / "reference" / "sto_regio_vestigingen.csv").write_text(
        "sto_regio_id;regio_naam;techniekluw;brin;vestigingsnummer;geldig_van;geldig_tot\n"
        "R1;Regio Een;N;10AB;00;2018-08-01;\n",
        encoding="utf-8",
    )
    (home / "landing" / "sto_programma").mkdir(parents=True)
    (home / "landing" / "sto_programma" / "sto-programma-2019.csv").write_text(
        ";".join(PROGRAMME_HEADER) + "\n"
        "R1;Regio Een;2019-2022;2019-07-01;techniekregio;regionaal beheer;2;1;5;;0;0;0;0;2000000;300000\n",
        encoding="utf-8",
    )
    write_survey_landing(home / "landing")  # the hand-built surveys of tests/test_surveys.py
    run_refresh_in(home)
    release_in(home, 2020)
    return home


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium; installed with apt-get when missing (skipped only where that is impossible)."""
    detail = "apt-get not found"
    if not CHROMIUM.exists() and shutil.which("apt-get"):
        for cmd in (
            ["apt-get", "install", "-y", "chromium"],
            ["apt-get", "update"],
            ["apt-get", "install", "-y", "chromium"],
        ):
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
            except (OSError, subprocess.TimeoutExpired) as exc:
                detail = str(exc)
                break
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
            detail = detail[0]
            if cmd[1] == "install" and done.returncode == 0:
                break
    if not CHROMIUM.exists():
        pytest.skip(
            "the report's browser test needs Debian's chromium (/usr/bin/chromium); "
            f"`apt-get install -y chromium` was not possible here: {detail}"
        )
    return CHROMIUM


def render_in_chromium(browser: Path, page: Path, out: Path) -> str:
    """The page's DOM as Chromium sees it, plus a full-page screenshot saved to `out`/report.png."""
    flags = [str(browser), *CHROMIUM_FLAGS, f"--user-data-dir={out / 'chromium-profile'}"]
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    subprocess.run(
        [*flags, f"--screenshot={out / 'report.png'}", "--window-size=1280,4000", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return dom


def page_text(dom: str) -> str:
    text = re.sub(r"<style.*?</style>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_the_release_holds_a_checksummed_report(home):
    folder = home / "releases" / "2020.1"
    report = folder / "report" / "index.html"
    assert report.exists()
    manifest = (folder / "manifest.json").read_text()
    assert '"report/index.html"' in manifest
    assert verify_release(StoHome(home), "2020.1") == []
    html = report.read_text(encoding="utf-8")
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "<script" not in html  # self-contained, works offline


def test_report_in_headless_chromium_shows_the_release_figures(home, chromium, tmp_path):
    page = home / "releases" / "2020.1" / "report" / "index.html"
    text = page_text(render_in_chromium(chromium, page, tmp_path))
    assert (tmp_path / "report.png").stat().st_size > 10_000  # the screenshot, kept under the test's tmp_path
    assert "STO in cijfers" in text and "2020.1" in text
    # Technical share 2019: (BWI 20 + PIE 10 + MVI 10) / (20 + 10 + 20 + 10 + 40) = 40 / 100 = 40,0 %
    assert "40,0 %" in text
    # Pupils in leerjaar 3 in 2019: 100; E&O kb 40; girls 8 + 5 + 15 + 6 + 20 = 54 of 100 = 54,0 %
    # kerncijfers are labelled with the indicator's name in the release's catalog
    names = dict(
        duckdb.sql(
            "SELECT indicator_id, name_nl FROM read_parquet(?)",
            params=[str(page.parents[1] / "marts" / "indicator_catalog.parquet")],
        ).fetchall()
    )
    assert f"{names['pupils_lj3_count']} (2019)" in text and f"{names['tech_share_lj3']} (2019)" in text
    assert " 100 " in text and " 40 " in text and " 54,0 " in text
    assert " * " in text  # suppressed small cells (girls per profile) are marked, not shown
    assert "sto-monitor trace pupils_lj3_count --schooljaar 2019 --release 2020.1" in text
    assert "Waarschuwingen (checks.json)" in text
    # Programma en samenwerking: R1's plan 2019-2022 beside its registry figures of 2019. Subsidy 2.000.000
    # over 4 years = 500.000 a year; partners 2 + 1 + 5 = 8; technical lj3 40 of 100 = 40,0 %;
    # 500.000 / 40 technical pupils = 12.500 a year per pupil; cofinancing 300.000 / 2.300.000 = 13,0 %
    assert "Programma en samenwerking" in text
    assert re.search(r"Regio Een 2019-2022 techniekregio regionaal beheer 500\.000 13,0 8 1 40 40,0 — 12\.500", text)
    # programme totals of the period: 1 region, 2,0 mln subsidy, 0,3 mln cofinancing, 8 partners
    assert re.search(r"2019 1 1 2,0 0,3 8 13,0 1 — 100,0", text)
    # sections without data in this release say so instead of showing empty tables
    assert "Geen gegevens in release 2020.1 (marts.doorstroom_tech_mbo)" in text
    # survey results beside the registry indicators (tests/test_surveys.py derives the values by hand):
    # Tabel 4.4 panel of 5, 2025 mean 28/5 = 5,6, significant vs 2021 (paired t = -3.5, df 4) -> "5,6†", n 5
    assert "Tabel 4.4 — Rapportcijfers" in text and " 5,6† " in text and " 60,0 % " in text
    # Tabel 5.4: technical vak 5/6 = 83,3 % ja, significant vs 1/5 (z = 2.10); all 6/11 = 54,5 %
    assert "Tabel 5.4 — Concrete veranderingen voor lesgevenden" in text and " 83,3 %† " in text and " 54,5 % " in text
    # Tabel B1.1 by toedelingswijze: groups of 3 respondents are suppressed in the release ("*")
    b11 = text.split("Tabel B1.1 — Tevredenheid")[2].split("Tabel 5.1")[0]
    assert "Zeer tevreden 33,3 % * * " in b11 and " n (respondenten, grootste basis) 6 * * " in b11
    # Tabel 4.2 (panel of 5): (heel) urgent 2025 4/5 = 80,0 %, 2021 3/5 = 60,0 % (McNemar 0: no †);
    # 2025 counts per category 0, 0, 1, 3, 1
    t42 = text.split("Tabel 4.2 — Urgentie")[2].split("Tabel 4.4")[0]
    assert "(her)inrichting van het regionale techniekaanbod 80,0 % 60,0 % 0 0 1 3 1 " in t42
    assert " n (respondenten, grootste basis) 5 5 5 5 5 5 5 " in t42
    # Tabel B2.1: % ja per option (leerweg bb: all 5/11 = 45,5 %, wel 4/6 = 66,7 %, niet 1/5 = 20,0 %) and the
    # answer categories; lg_ervaring has groups of 6 and 3: niet < 5 and wel with it suppressed ("*")
    b21 = text.split("Tabel B2.1 — Percentage lesgevenden")[2]
    assert "Basisberoepsgerichte leerweg 45,5 % 66,7 % 20,0 % " in b21
    assert "Ervaring in bovenbouw vmbo › 0-5 jaar 33,3 % * * " in b21
    assert "Docent geeft wel/niet technisch/technologisch (keuze)vak › Wel technisch vak 54,5 % 100,0 % 0,0 % " in b21
    # pupil section (tests/test_surveys.py PUPILS, phases by hand there): Tabel 6.4 all 8 classified, geen
    # interesse = LP03 + LP08 = 2/8 = 25,0 %; bovenbouw groups of 1 and 2: "*"; and onderbouw (5) with them,
    # else 8 - 5 = 3 would bound both bovenbouw groups below 5 (the audit's protection level)
    assert "Enquête leerlingen (Leerlingenvragenlijst)" in text
    t64 = text.split("Tabel 6.4 — Indeling leerlingen")[2].split("Tabel 6.5")[0]
    assert "Geen interesse 25,0 % * * * " in t64 and "Fase 1 25,0 % * * * " in t64
    assert "n (respondenten, grootste basis) 8 * * * " in t64
    # Tabel 6.5 Totaal: the 5 classified choosers, technisch LP02, LP04, LP09 = 3/5 = 60,0 %, n 5; phase rows
    # (1 or 2 pupils) suppressed
    t65 = text.split("Tabel 6.5 — Verwachte profielkeuze")[2].split("Tabel 6.6")[0]
    assert "Totaal 40,0 % 60,0 % 5 " in t65 and "Fase 1 * * * " in t65
    # Tabel 6.6 (by participation po, labels from the derived item's scale): Totaal 5, technisch 3/5
    t66 = text.split("Tabel 6.6 — Verwachte profielkeuze")[2].split("Tabel 6.7")[0]
    assert "Geen deelname aan een technische activiteit * * * " in t66 and "Totaal 40,0 % 60,0 % 5 " in t66
    # Tabel 6.2: participation in >= 1 activity 3/5 = 60,0 % (activity 01 alone has 3 answers: "*")
    t62 = text.split("Tabel 6.2 — Techniekactiviteiten")[2].split("Tabel 6.3")[0]
    assert "op de basisschool (afgeleid) 60,0 % " in t62 and "Bezoek aan een bedrijf * " in t62
    # survey table titles are the seed's (survey_tables.csv), in the table of contents and as headings
    with (PROJECT_ROOT / "dbt_project" / "seeds" / "survey_tables.csv").open(encoding="utf-8") as f:
        shown = [r for r in csv.DictReader(f, delimiter=";") if r["report_layout"]]
    assert len(shown) == 17
    for r in shown:
        assert text.count(f"Tabel {r['table_id']} — {r['title_nl']} ") == 2, r["table_id"]
    # every figure links to the lineage of its mart in the release's dbt docs
    assert "../docs/index.html#!/model/model.sto_monitor.pupils_lj3_by_profiel" in page.read_text(encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_report_command_renders_outside_the_sealed_release(home, monkeypatch, capsys):
    monkeypatch.setenv("STO_HOME", str(home))
    before = tree_digest(home / "releases")
    assert main(["report", "2020.1"]) == 0
    out = home / "reports" / "2020.1" / "index.html"
    assert str(out) in capsys.readouterr().out
    assert "40,0 %" in out.read_text(encoding="utf-8")
    assert tree_digest(home / "releases") == before
    assert main(["report", "2031.9"]) == 1
    assert "no release '2031.9'" in capsys.readouterr().err


def bi_queries() -> list[tuple[str, list[str], str]]:
    text = (PROJECT_ROOT / "docs" / "bi_queries.sql").read_text(encoding="utf-8")
    out = []
    for block in text.split("-- name: ")[1:]:
        name = block.split("\n", 1)[0].strip()
        columns = [c.strip() for c in re.search(r"-- columns: (.*)", block).group(1).split(",")]
        sql = "\n".join(line for line in block.split("\n")[1:] if not line.startswith("--")).strip().rstrip(";")
        out.append((name, columns, sql))
    return out


def test_every_documented_bi_query_runs_on_release_duckdb_read_only(home):
    queries = bi_queries()
    assert len(queries) >= 6
    folder = home / "releases" / "2020.1"
    con = duckdb.connect(str(folder / "release.duckdb"), read_only=True)
    results = {}
    try:
        con.execute(f"SET file_search_path = '{folder}'")
        for name, columns, sql in queries:
            cur = con.execute(sql)
            assert [d[0] for d in cur.description] == columns, name
            results[name] = cur.fetchall()
        with pytest.raises(duckdb.Error):  # read-only: BI cannot change a release
            con.execute("CREATE TABLE marts.x AS SELECT 1")
    finally:
        con.close()
    trend = {(y, lw): share for y, lw, share, *_ in results["tech_share_trend"]}
    # 2018: (BWI 10 + PIE 10) / (10 + 20 + 30 + 10) = 20 / 70 = 28.57 %; 2019: 40 / 100 = 40 %
    assert trend[(2018, "bb+kb+gl")] == pytest.approx(100 * 20 / 70)
    assert trend[(2019, "bb+kb+gl")] == pytest.approx(40.0)
    latest = {(lw, p): n for _, lw, _, p, n, *_ in results["pupils_per_profiel_leerweg_latest"]}
    assert latest[("kb", "E&O")] == 40 and latest[("bb", "Z&W")] == 20
    assert {r[0] for r in results["indicator_catalog"]} >= {"tech_share_lj3", "pupils_lj3_count"}
