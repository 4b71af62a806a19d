"""`sto-monitor trace` (issue 8) on a hand-built fixture where the test knows which lines fed each cell.

Landing: the public pupil file for 2019 (legacy format, line 1 = header) and pupil microdata for 2020
(line 1 = header, one pupil per line). One refresh, a release (monitor year 2021), then the 2020
microdata file is replaced by a changed one and refreshed again.
"""

import hashlib
import json
from pathlib import Path

import pytest

from orchestration.cli import main
from tests.conftest import run_refresh_in
from tests.duo_fixtures import pupil_row, write_pupil_file
from tests.test_release import release_in

pytestmark = pytest.mark.e2e

HEADER = "leerling_id;peildatum;brin;vestigingsnummer;elementcode;leerjaar;geslacht;migratieachtergrond;postcode4"
PUBLIC = "duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
MICRO = "duo_inschrijvingen_vo/inschrijvingen-vo-2020.csv"


def micro_lines(n_bwi: int) -> list[str]:
    lines = [HEADER]
    # lines 2..n_bwi+1: BWI bb (6011) leerjaar 3, alternately M and V; every third (i = 0, 3, ...) with a
    # migratieachtergrond
    lines += [f"LL{i:06d}X;2020-10-01;10AB;00;6011;3;{'MV'[i % 2]};{'JNN'[i % 3]};3511" for i in range(n_bwi)]
    lines.append("LL900000X;2020-10-01;10AB;00;6011;2;V;N;3511")  # leerjaar 2: feeds nothing
    lines.append("LL900001X;2020-10-01;10AB;00;6155;3;M;N;3511")  # PIE bb, 1 pupil: a small cell
    return lines


def write_micro(home: Path, n_bwi: int) -> Path:
    path = home / "landing" / MICRO
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(micro_lines(n_bwi)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("trace") / "sto_home"
    write_pupil_file(
        home / "landing" / "duo_leerlingen_vestiging",
        2019,
        [
            pupil_row("10AB", "00", "bb", "6011", (8, 2)),  # line 2: BWI bb 10 (2 female)
            pupil_row("10AB", "00", "bb", "6611", (3, 12)),  # line 3: Z&W bb 15
            pupil_row("10AB", "00", "kb", "6321", (4, 0)),  # line 4: MVI kb 4, no girls
            pupil_row("10AB", "00", "bb", "4511", (7, 0)),  # line 5: legacy bb 7
            pupil_row("10AB", "00", "tl", "0470", (20, 5)),  # line 6: tl, feeds no bb/kb/gl cell
            pupil_row("10AB", "01", "bb", "7011", (2, 1)),  # line 7: BWI bb 3, 2nd vestiging
        ],
    )
    first = write_micro(home, 8)  # 8 BWI pupils on lines 2..9
    old_sha = hashlib.sha256(first.read_bytes()).hexdigest()
    run_refresh_in(home)
    release_id = release_in(home, 2021)
    write_micro(home, 9)  # changed file: one more BWI pupil (lines 2..10)
    new_sha = hashlib.sha256((home / "landing" / MICRO).read_bytes()).hexdigest()
    run_refresh_in(home)
    return {
        "home": home,
        "release": Path(release_id.splitlines()[0].strip()).name,
        "old_sha": old_sha,
        "new_sha": new_sha,
    }


def trace_json(ctx, monkeypatch, capsys, *args) -> dict:
    monkeypatch.setenv("STO_HOME", str(ctx["home"]))
    capsys.readouterr()
    assert main(["trace", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def rows(t: dict, key: str) -> tuple[int, dict]:
    r = t["source_rows"][key]
    return r["rows"], r["per_file"]


def counts(t: dict) -> tuple:
    """numerator, denominator, and the (rows, rows per file) that feed each."""
    return t["numerator"], t["denominator"], rows(t, "numerator"), rows(t, "denominator")


def test_public_file_cell_counts_exactly_the_lines_that_fed_it(home, monkeypatch, capsys):
    args = ("female_share_lj3", "--schooljaar", "2019", "--leerweg", "bb", "--profiel", "BWI")
    t = trace_json(home, monkeypatch, capsys, *args)
    # value: 3 girls (2 + 1) of 13 pupils (10 + 3); lines 2 and 7 feed both numerator and denominator.
    assert counts(t) == (3, 13, (2, {PUBLIC: 2}), (2, {PUBLIC: 2}))
    # the release (made before the 2020 file changed) recorded the same rows for this 2019 cell
    released = trace_json(home, monkeypatch, capsys, *args, "--release", home["release"])
    assert released["source_rows"] == t["source_rows"]
    # tech share bb 2019: numerator BWI lines 2, 7; denominator + Z&W line 3 (legacy line 5 excluded per leerweg)
    t = trace_json(home, monkeypatch, capsys, "tech_share_lj3", "--schooljaar", "2019", "--leerweg", "bb")
    assert counts(t) == (13, 28, (2, {PUBLIC: 2}), (3, {PUBLIC: 3}))
    # national: legacy in the denominator -> lines 2, 3, 4, 5, 7 (tl line 6 never)
    t = trace_json(home, monkeypatch, capsys, "tech_share_lj3", "--schooljaar", "2019")
    assert rows(t, "denominator") == (5, {PUBLIC: 5})
    names = [m["name"] for m in t["models"]]
    assert names[:2] == ["indicator_values", "int_indicator_values__pupils_lj3"]
    assert {"int_pupils__lj3", "stg_duo__leerlingen_vestiging", "duo_leerlingen_vestiging"} <= set(names)
    paths = {m["name"]: m["path"] for m in t["models"]}
    part = "int_indicator_values__pupils_lj3"
    assert paths[part] == f"models/intermediate/pupils/{part}.sql"


def test_microdata_cell_counts_one_row_per_pupil_and_shows_the_new_checksum(home, monkeypatch, capsys):
    t = trace_json(
        home, monkeypatch, capsys, "female_share_lj3", "--schooljaar", "2020", "--leerweg", "bb", "--profiel", "BWI"
    )
    # changed file: 9 BWI pupils, i = 1, 3, 5, 7 are girls -> 4 of 9 (lines 2..10; line 11 lj2 excluded)
    assert counts(t) == (4, 9, (4, {MICRO: 4}), (9, {MICRO: 9}))
    files = {f["file"]: f for f in t["source_files"]}
    assert files[MICRO]["sha256"] == home["new_sha"] != home["old_sha"]
    assert files[MICRO]["load_id"]
    assert files[PUBLIC]["sha256"]


def test_migration_share_counts_the_microdata_pupils_with_a_known_background(home, monkeypatch, capsys):
    # changed file: BWI pupils i = 0..8 on lines 2..10, i = 0, 3, 6 with a migratieachtergrond -> 3 of 9
    t = trace_json(
        home, monkeypatch, capsys, "migration_share_lj3", "--schooljaar", "2020", "--leerweg", "bb", "--profiel", "BWI"
    )
    assert counts(t) == (3, 9, (3, {MICRO: 3}), (9, {MICRO: 9}))
    # all leerwegen and profiles: + the PIE pupil (line 12, no background); not the leerjaar-2 pupil (line 11)
    t = trace_json(home, monkeypatch, capsys, "migration_share_lj3", "--schooljaar", "2020")
    assert rows(t, "denominator") == (10, {MICRO: 10})
    assert t["source_rows"]["numerator"]["rows_model"] == "intermediate.int_inschrijvingen__lj3"


def test_suppressed_cell_in_a_release_says_so_and_keeps_its_lineage(home, monkeypatch, capsys):
    t = trace_json(
        home,
        monkeypatch,
        capsys,
        "pupils_lj3_count",
        "--schooljaar",
        "2020",
        "--leerweg",
        "bb",
        "--profiel",
        "PIE",
        "--release",
        home["release"],
    )
    assert t["is_suppressed"] is True and t["value"] is None and t["numerator"] is None
    assert [m["name"] for m in t["models"]][:2] == ["indicator_values", "int_indicator_values__pupils_lj3"]
    files = {f["file"]: f for f in t["source_files"]}
    assert files[MICRO]["sha256"] == home["old_sha"]  # what the release was computed from
    assert t["source_rows"]["numerator"]["rows"] == 1  # recorded at release time: line 10 (PIE pupil)
    # the same cell's text output
    monkeypatch.setenv("STO_HOME", str(home["home"]))
    capsys.readouterr()
    argv = ["trace", "pupils_lj3_count", "--schooljaar", "2020", "--leerweg", "bb", "--profiel", "PIE"]
    assert main([*argv, "--release", home["release"]]) == 0
    out = capsys.readouterr().out
    assert "SUPPRESSED" in out and "int_pupils__lj3" in out and home["old_sha"] in out
    # column-level lineage in the release: the mart's value column comes from the producing models
    folder = home["home"] / "releases" / home["release"]
    columns = json.loads((folder / "lineage" / "columns.json").read_text())
    assert "intermediate.int_indicator_values__pupils_lj3.value" in columns["indicator_values"]["value"]
    assert columns["dim_profiel"]["profiel"] == ["staging.stg_reference__profielen.profiel"]
    # the release still verifies (lineage.json and lineage/columns.json are checksummed)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {"lineage.json", "lineage/columns.json"} <= set(manifest["files"])
    assert main(["verify-release", home["release"]]) == 0


def test_ambiguous_and_unknown_cells_are_one_line_errors(home, monkeypatch, capsys):
    monkeypatch.setenv("STO_HOME", str(home["home"]))
    capsys.readouterr()
    assert main(["trace", "tech_share_lj3", "--leerweg", "bb"]) == 1  # 2019 and 2020
    err = capsys.readouterr().err
    assert "schooljaar=2019 leerweg=bb" in err and "schooljaar=2020 leerweg=bb" in err
    assert err.strip().splitlines()[-1].startswith("sto-monitor trace: error: 2 cells of tech_share_lj3 match")
    assert main(["trace", "no_such_indicator"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["trace", "tech_share_lj3", "--schooljaar", "1999"]) == 1
    assert "no cell of tech_share_lj3" in capsys.readouterr().err


def test_a_cell_without_recorded_rows_says_why():
    """Every catalog indicator has a trace block (tests/test_trace_sections.py), so these answers are reached
    only through lineage without one, a declared reason, or a release that recorded no rows."""
    from orchestration.trace import NOT_DECLARED, NOT_RECORDED, NOT_TRACEABLE, rows_for_cell

    assert rows_for_cell({}, None, None) == NOT_DECLARED
    reason = rows_for_cell({}, {"not_traceable": "a survey:\n  weighted answers"}, None)
    assert reason == NOT_TRACEABLE + "a survey: weighted answers"
    assert rows_for_cell({}, {"rows_model": "int_pupils__lj3"}, None) == NOT_RECORDED
