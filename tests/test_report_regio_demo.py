"""The regioportretten of a demo release, as `make demo` makes it (demo landing data, refresh, release
--latest; here --scale 0.2 and three schooljaren): one page per region of dim_sto_regio, opened in headless
Chromium for the index and three regions (the largest, one whose page has a withheld cell, and the demo's
region that merges into a neighbour), their figures equal to the release's Parquet, no withheld value on
a page, screenshots of the index, a region and the stroomdiagram, and `sto-monitor trace` naming the
region page that shows the same technical share."""

import html
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from ingest.paths import StoHome
from orchestration.cli import main
from orchestration.verify import verify_release
from tests.test_report_bi import CHROMIUM_FLAGS, chromium  # noqa: F401  (the chromium fixture)

pytestmark = pytest.mark.e2e

# the stroomdiagram's destinations as the page names them (column naar of doorstroom_stromen)
NAAR = {
    "mbo_techniek": "mbo techniek",
    "mbo_overig": "mbo overig",
    "havo_vwo": "havo/vwo",
    "vmbo": "blijft in vmbo",
    "overig": "elders / onbekend",
}


@pytest.fixture(scope="module")
def demo(small_demo_release) -> tuple[Path, Path]:
    """(STO_HOME, release folder) of the small demo (conftest: --scale 0.2, 2022-2024, seed 2025)."""
    return small_demo_release


def nl(value: float | None, decimals: int | None = None) -> str:
    """Dutch format, written out here rather than taken from the report: 1.234 and 12,3."""
    if decimals is None and float(value).is_integer():
        text = f"{round(value):,}"
    else:
        text = f"{value:,.{1 if decimals is None else decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def parquet(folder: Path, sql: str, params: list | None = None) -> list[dict]:
    con = duckdb.connect()
    try:
        for p in (folder / "marts").glob("*.parquet"):
            con.execute(f"CREATE VIEW {p.stem} AS SELECT * FROM read_parquet('{p}')")
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def dom_of(browser: Path, page: Path, out: Path, shot: str | None = None) -> str:
    """The page's DOM as Chromium renders it; with `shot`, also a screenshot out/<shot>.png."""
    flags = [str(browser), *CHROMIUM_FLAGS, f"--user-data-dir={out / 'chromium-profile'}"]
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=180, check=True
    ).stdout
    if shot:
        png = out / f"{shot}.png"
        subprocess.run(
            [*flags, f"--screenshot={png}", "--window-size=1280,2400", page.as_uri()],
            capture_output=True,
            timeout=180,
            check=True,
        )
        assert png.stat().st_size > 10_000
        print(f"screenshot: {png}")
    return dom


def text_of(dom: str) -> str:
    dom = re.sub(r"<(style|script)>.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom)))


def cell(row: dict | None, column: str = "n_pupils", decimals: int | None = None, unit: str = "") -> str:
    """What the page must show for a release cell: '*' when withheld, '—' when absent."""
    if row is None:
        return "—"
    if row[column] is None:
        return "*" if row["is_suppressed"] else "—"
    mark = "~" if row.get("is_estimated") else ""
    return nl(row[column], decimals) + unit + mark


def latest_cell(folder: Path, indicator: str, regio: str, breakdown: str | None = None) -> dict | None:
    rows = parquet(
        folder,
        "SELECT * FROM indicator_values WHERE indicator_id = ? AND sto_regio_id = ? AND leerweg IS NULL "
        "AND profiel IS NULL AND breakdown_value IS NOT DISTINCT FROM ? ORDER BY schooljaar DESC LIMIT 1",
        [indicator, regio, breakdown],
    )
    return rows[0] if rows else None


def chosen_regions(folder: Path) -> dict[str, str]:
    """The largest region (most member vestigingen), the region that merges into a neighbour (geldig_tot)
    and a third region whose vestigingen table has a withheld cell."""
    regions = parquet(folder, "SELECT * FROM dim_sto_regio ORDER BY n_vestigingen DESC NULLS LAST, sto_regio_id")
    largest = regions[0]["sto_regio_id"]
    merged = next(r["sto_regio_id"] for r in regions if r["geldig_tot"] is not None)
    withheld = parquet(
        folder,
        "SELECT DISTINCT sto_regio_id FROM pupils_per_vestiging WHERE n_pupils IS NULL AND is_suppressed "
        "AND schooljaar = (SELECT max(schooljaar) FROM pupils_per_vestiging) AND sto_regio_id NOT IN (?, ?) "
        "ORDER BY 1",
        [largest, merged],
    )
    return {"largest": largest, "merged": merged, "withheld": withheld[0]["sto_regio_id"]}


def test_the_release_holds_one_checksummed_page_per_region(demo):
    home, folder = demo
    regions = {r["sto_regio_id"] for r in parquet(folder, "SELECT sto_regio_id FROM dim_sto_regio")}
    assert len(regions) == round(78 * 0.2)  # the demo's illustrative list: 16 regions at scale 0.2
    pages = {p.stem for p in (folder / "report" / "regio").glob("*.html")}
    assert pages == regions | {"index"}
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert all(f'"report/regio/{r}.html"' in manifest for r in regions)
    assert verify_release(StoHome(home), folder.name) == []


def test_index_and_three_region_pages_in_chromium(demo, chromium, tmp_path):  # noqa: F811
    home, folder = demo
    regio = folder / "report" / "regio"
    names = {r["sto_regio_id"]: r["naam"] for r in parquet(folder, "SELECT * FROM dim_sto_regio")}
    catalog = {r["indicator_id"]: r["name_nl"] for r in parquet(folder, "SELECT * FROM indicator_catalog")}

    index = text_of(dom_of(chromium, regio / "index.html", tmp_path, shot="regio_index"))
    for rid, naam in names.items():
        share = latest_cell(folder, "region_tech_share_lj3", rid)
        pupils = latest_cell(folder, "region_tech_pupils_lj3", rid)
        assert f"{naam} {rid} {cell(share, 'value', 1, ' %')}" in index, rid
        assert f" {cell(pupils, 'value')} " in index.split(f"{naam} {rid} ")[1][:120], rid

    chosen = chosen_regions(folder)
    for kind, rid in chosen.items():
        dom = dom_of(chromium, regio / f"{rid}.html", tmp_path, shot="regio_page" if kind == "withheld" else None)
        text = text_of(dom)
        assert names[rid] in text and folder.name in text
        # kerncijfers: the region's latest cells of the release
        share = latest_cell(folder, "region_tech_share_lj3", rid)
        assert f"{cell(share, 'value', 1, ' %')} {catalog['region_tech_share_lj3']} ({share['schooljaar']})" in text
        pupils = latest_cell(folder, "region_tech_pupils_lj3", rid)
        assert f"{cell(pupils, 'value')} {catalog['region_tech_pupils_lj3']} ({pupils['schooljaar']})" in text
        rate = latest_cell(folder, "tech_to_tech_mbo_rate", rid, "techniek|techniek_indicatie")  # None: '—'
        assert f"{cell(rate, 'value', 1, ' %')} {catalog['tech_to_tech_mbo_rate']} — vanuit een techniekprofiel" in text
        # leerlingen per vestiging: every vestiging's line "Alle profielen" as the release has it
        year = parquet(folder, "SELECT max(schooljaar) AS y FROM pupils_per_vestiging")[0]["y"]
        rows = parquet(
            folder,
            "SELECT p.*, v.naam, v.plaatsnaam FROM pupils_per_vestiging p "
            "LEFT JOIN dim_vestiging v USING (vestiging_id) WHERE p.schooljaar = ? AND p.sto_regio_id = ?",
            [year, rid],
        )
        cells = {(r["vestiging_id"], r["leerjaar"], r["leerweg"], r["profielgroep"], r["profiel"]): r for r in rows}
        for vestiging_id in {r["vestiging_id"] for r in rows}:
            naam = next(r for r in rows if r["vestiging_id"] == vestiging_id)
            values = [
                cell(cells.get((vestiging_id, j, lw, None, None))) for j in (3, 4) for lw in ("bb", "kb", "gl", None)
            ]
            line = f"{naam['naam']}, {naam['plaatsnaam']} {vestiging_id} Alle profielen {' '.join(values)}"
            assert line in text, line
            for p in ("BWI", "PIE", "MVI", "M&T", "MaT"):
                if any(k[0] == vestiging_id and k[4] == p for k in cells):
                    values = [
                        cell(cells.get((vestiging_id, j, lw, "techniek", p)))
                        for j in (3, 4)
                        for lw in ("bb", "kb", "gl", None)
                    ]
                    assert f"{vestiging_id} {p} {' '.join(values)}" in text, (vestiging_id, p)
        # no withheld value on the page: withheld cells read '*' in their lines above, and a withheld flow
        # of the stroomdiagram is not drawn (no band with its title)
        if kind == "withheld":
            assert any(r["n_pupils"] is None and r["is_suppressed"] for r in rows) and " * " in text
        flows = parquet(
            folder,
            "SELECT * FROM doorstroom_stromen WHERE sto_regio_id = ? AND van_profiel IS NOT NULL AND naar IS NOT NULL "
            "AND schooljaar = (SELECT max(schooljaar) FROM doorstroom_stromen)",
            [rid],
        )
        for f in flows:
            title = f"<title>{html.escape(f['van_profiel'])} → {NAAR[f['naar']]}: "
            if f["n_pupils"] is None:
                assert title not in dom
            else:
                assert f"{title}{nl(f['n_pupils'])}</title>" in dom
        if kind == "merged":
            assert "opgegaan in een andere regio" in text

    # the stroomdiagram on its own (the region with a withheld cell)
    page = (regio / f"{chosen['withheld']}.html").read_text(encoding="utf-8")
    section = re.search(r'<section>\s*<h2 id="stroomdiagram">.*?</section>', page, flags=re.S).group(0)
    style = re.search(r"<style>.*?</style>", page, flags=re.S).group(0)
    only = tmp_path / "stroomdiagram.html"
    only.write_text(
        f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>{style}</head><body>{section}</body></html>"
    )
    assert "<svg" in dom_of(chromium, only, tmp_path, shot="stroomdiagram")


def test_trace_names_the_region_page_with_the_same_technical_share(demo, monkeypatch, capsys):
    home, folder = demo
    rid = chosen_regions(folder)["largest"]
    share = latest_cell(folder, "region_tech_share_lj3", rid)
    monkeypatch.setenv("STO_HOME", str(home))
    args = ["trace", "region_tech_share_lj3", "--schooljaar", str(share["schooljaar"]), "--regio", rid]
    assert main([*args, "--release", folder.name]) == 0
    out = capsys.readouterr().out
    page = Path(re.search(r"^page +(\S+)$", out, flags=re.M).group(1))
    value = float(re.search(r"^value +(\S+) +percent$", out, flags=re.M).group(1))
    assert page == folder / "report" / "regio" / f"{rid}.html"
    assert value == pytest.approx(share["value"])
    catalog = parquet(folder, "SELECT name_nl FROM indicator_catalog WHERE indicator_id = 'region_tech_share_lj3'")
    shown = f"{nl(value, 1)} % {catalog[0]['name_nl']} ({share['schooljaar']})"
    assert shown in text_of(page.read_text(encoding="utf-8"))
