"""The gated, immutable release end to end on a hand-built landing zone (one refresh, one release)."""

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from ingest.paths import StoHome
from orchestration import dbt_docs
from orchestration.cli import main
from orchestration.errors import UserError
from orchestration.publish import next_release_id
from orchestration.verify import verify_release
from tests.conftest import run_refresh_in
from tests.duo_fixtures import pupil_row, write_pupil_file

pytestmark = pytest.mark.e2e

PUPIL_IDS = [f"LL{i:06d}X" for i in range(1, 9)]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("release") / "sto_home"
    write_pupil_file(
        home / "landing" / "duo_leerlingen_vestiging",
        2019,
        [
            pupil_row("10AB", "00", "bb", "6011", (8, 2)),  # BWI bb 10
            pupil_row("10AB", "00", "bb", "6155", (5, 0)),  # PIE bb 5: a small cell
            pupil_row("10AB", "00", "bb", "6611", (3, 12)),  # Z&W bb 15
            pupil_row("10AB", "00", "kb", "6321", (4, 4)),  # MVI kb 8
            pupil_row("10AB", "00", "kb", "6421", (10, 10)),  # E&O kb 20
        ],
    )
    micro = home / "landing" / "duo_inschrijvingen_vo"
    micro.mkdir(parents=True)
    lines = ["leerling_id;peildatum;brin;vestigingsnummer;elementcode;leerjaar;geslacht;migratieachtergrond;postcode4"]
    lines += [f"{pid};2019-10-01;10AB;00;6011;3;{'MV'[i % 2]};N;3511" for i, pid in enumerate(PUPIL_IDS)]
    (micro / "inschrijvingen-vo-2019.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_refresh_in(home)
    release_in(home, 2020)
    return home


def release_in(home: Path, year: int) -> str:
    from dagster import DagsterInstance

    from orchestration.refresh import run_release

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STO_HOME", str(home))
        with DagsterInstance.ephemeral() as instance:
            return run_release(year, instance=instance)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_clean_run_writes_a_release_that_verify_release_accepts(home, monkeypatch, capsys):
    folder = home / "releases" / "2020.1"
    assert {p.name for p in folder.iterdir()} == {
        "marts",
        "docs",
        "report",
        "lineage",
        "lineage.json",
        "manifest.json",
        "checks.json",
        "release.duckdb",
    }
    assert (folder / "marts" / "indicator_values.parquet").exists()
    assert (folder / "docs" / "index.html").stat().st_size > 10_000
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["release_id"] == "2020.1" and manifest["monitor_year"] == 2020
    assert set(manifest["files"]) >= {"checks.json", "release.duckdb", "marts/indicator_values.parquet"}
    assert {f["file"] for f in manifest["source_files"]} >= {
        "duo_leerlingen_vestiging/01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv"
    }
    assert all(len(f["sha256"]) == 64 and f["load_id"] for f in manifest["source_files"])
    assert len(manifest["dbt_manifest_sha256"]) == 64 and manifest["packages"]["duckdb"]
    checks = json.loads((folder / "checks.json").read_text())
    assert checks["summary"]["failed_blocking"] == 0
    kinds = {c["kind"] for c in checks["checks"]}
    assert {"dbt_test", "contract"} <= kinds
    # The microdata (4 boys, 4 girls) disagree with DUO's public counts (8 boys, 2 girls) for
    # 10AB00 / 6011 / leerjaar 3: a warning in checks.json, not a blocked release.
    status = {c["name"]: c["status"] for c in checks["checks"]}
    assert status["assert_microdata_matches_public_pupil_counts"] == "warn"
    # Rows not counted, per source (docs/quality.md): the five pupil lines all have leerjaar-3 pupils and the
    # eight microdata pupils (leerjaar 3, BWI bb) are in the reachability population: every row counted.
    coverage = {c["target"]: (c["status"], c["detail"]) for c in checks["checks"] if c["kind"] == "coverage"}
    assert coverage == {
        "raw/duo_leerlingen_vestiging": ("pass", "every row of 1 file(s) counted"),
        "raw/duo_inschrijvingen_vo": ("pass", "every row of 1 file(s) counted"),
    }
    assert verify_release(StoHome(home), "2020.1") == []
    monkeypatch.setenv("STO_HOME", str(home))
    assert main(["verify-release", "2020.1"]) == 0
    assert "verified" in capsys.readouterr().out


def test_a_fresh_warehouse_is_published_without_building_again(home):
    """After a refresh nothing changed: the release runs no dbt build and gates on that build's test outcomes
    (the same dbt tests with the same outcomes as the first release, its warning included)."""
    from dagster import DagsterEventType, DagsterInstance

    from orchestration.refresh import run_release

    with pytest.MonkeyPatch.context() as mp, DagsterInstance.ephemeral() as instance:
        mp.setenv("STO_HOME", str(home))
        out = run_release(2020, instance=instance)
        (run,) = instance.get_runs()
        steps = {e.step_key for e in instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_START) if e.step_key}
    assert "releases/2020.2" in out
    assert steps == {"release__release"}

    def dbt_tests(release: str) -> dict[tuple[str, str], str]:
        checks = json.loads((home / "releases" / release / "checks.json").read_text())["checks"]
        return {(c["target"], c["name"]): c["status"] for c in checks if c["kind"] == "dbt_test"}

    first, again = dbt_tests("2020.1"), dbt_tests("2020.2")
    assert len(first) > 100 and again == first
    assert again[("staging/stg_duo__inschrijvingen_vo", "assert_microdata_matches_public_pupil_counts")] == "warn"


def test_a_second_release_hides_the_cells_of_every_unchanged_part_as_the_first_did(home):
    """The parts of disclosure control (cells tied by relations) that did not change keep the pattern of the
    last release (orchestration/disclosure/previous.py): 2020.2 is the same warehouse as 2020.1."""
    if not (home / "releases" / "2020.2").exists():
        release_in(home, 2020)

    def audit(release: str) -> dict:
        checks = json.loads((home / "releases" / release / "checks.json").read_text())["checks"]
        (check,) = [c for c in checks if c["name"] == "attacker_audit"]
        return check["audit"]

    first, second = audit("2020.1"), audit("2020.2")
    assert first["parts"] > 0 and first["parts_as_in_previous_release"] == 0
    assert second["parts_as_in_previous_release"] == second["parts"] == first["parts"]
    assert second["result"] == "pass" and second["primary"] == first["primary"]
    # every cell 2020.1 published is known to the outsider in 2020.2 (none was before 2020.1)
    published = np.load(home / "cache" / "disclosure_published.npy")
    assert first["cells_published_before"] == 0
    assert 0 < second["cells_published_before"] <= len(published) < first["cells"]
    marts = sorted(p.name for p in (home / "releases" / "2020.1" / "marts").iterdir())
    assert marts == sorted(p.name for p in (home / "releases" / "2020.2" / "marts").iterdir())
    for mart in marts:
        one, two = (pd.read_parquet(home / "releases" / r / "marts" / mart) for r in ("2020.1", "2020.2"))
        assert one.equals(two), mart
    kept = json.loads((home / "cache" / "disclosure_parts.json").read_text())
    assert kept["release_id"] == "2020.2" and len(kept["parts"]) == second["parts"]


def test_a_second_release_of_the_same_project_and_schema_copies_the_docs_of_the_first(home):
    """dbt docs are generated once per version of the project and the warehouse's schema
    (orchestration/dbt_docs.py) and kept in the checkout's cache (dbt_project/target/dbt_docs/, shared by every
    STO_HOME of the checkout): 2020.2 has the page 2020.1 generated, or another STO_HOME's release before it."""
    if not (home / "releases" / "2020.2").exists():
        release_in(home, 2020)
    first, second = (home / "releases" / r / "docs" / "index.html" for r in ("2020.1", "2020.2"))
    assert first.stat().st_size > 100_000 and first.read_bytes() == second.read_bytes()
    assert first.read_bytes() in [page.read_bytes() for page in dbt_docs.DOCS_CACHE.glob("*.html")]


def test_release_duckdb_views_read_the_parquet_files_by_relative_path(home, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(home / "releases" / "2020.1", moved)
    con = duckdb.connect(str(moved / "release.duckdb"), read_only=True)
    try:
        con.execute(f"SET file_search_path = '{moved}'")
        n = con.execute("SELECT count(*) FROM marts.indicator_values").fetchall()[0][0]
    finally:
        con.close()
    assert n > 0


def test_small_cells_and_their_complement_are_suppressed(home):
    con = duckdb.connect()
    rows = con.execute(
        "SELECT profiel, value, is_suppressed FROM read_parquet(?) "
        "WHERE indicator_id = 'pupils_lj3_count' AND leerweg = 'bb' AND breakdown IS NULL ORDER BY profiel",
        [str(home / "releases" / "2020.1" / "marts" / "indicator_values.parquet")],
    ).fetchall()
    by_profiel = {p: (v, s) for p, v, s in rows}
    # bb: BWI 10 + PIE 5 + Z&W 15 = 30. PIE (5 < 6) is withheld, and with it the next-smallest
    # profile BWI (10), else 30 - 10 - 15 would give PIE back. Z&W and the total stay.
    assert by_profiel["PIE"] == (None, True)
    assert by_profiel["BWI"] == (None, True)
    assert by_profiel[None] == (30, False)
    # PIE cannot be recomputed from the total: at least two of the profile cells that add up to it are withheld.
    assert sum(hidden for p, (_v, hidden) in by_profiel.items() if p is not None) >= 2


def test_no_pupil_id_reaches_the_release(home):
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT leerling_id FROM raw.duo_inschrijvingen_vo").fetchall()]
    finally:
        con.close()
    assert sorted(ids) == PUPIL_IDS  # the microdata is in raw ...
    folder = home / "releases" / "2020.1"
    blobs = [p.read_bytes() for p in folder.rglob("*") if p.is_file()]
    for pid in ids:  # ... but no byte string of the release holds an id
        assert not any(pid.encode() in b for b in blobs), pid
    con = duckdb.connect()
    for parquet in (folder / "marts").glob("*.parquet"):  # nor any decoded (compressed) value
        text = con.execute(f"SELECT * FROM read_parquet('{parquet}')").fetchall()
        assert not {str(v) for row in text for v in row} & set(ids), parquet.name


def test_flipping_one_byte_fails_verify_release_naming_the_file(home, tmp_path, monkeypatch, capsys):
    other = StoHome(tmp_path / "copy")
    shutil.copytree(home / "releases" / "2020.1", other.releases / "2020.1")
    target = other.releases / "2020.1" / "marts" / "indicator_values.parquet"
    target.chmod(0o644)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    problems = verify_release(other, "2020.1")
    assert len(problems) == 1 and problems[0].startswith("marts/indicator_values.parquet: sha256 differs")
    monkeypatch.setenv("STO_HOME", str(other.root))
    assert main(["verify-release", "2020.1"]) == 1
    assert "marts/indicator_values.parquet" in capsys.readouterr().err


def test_a_failed_blocking_check_writes_nothing_and_leaves_the_previous_release_unchanged(home):
    before = tree_digest(home / "releases")
    con = duckdb.connect(str(home / "sto_monitor.duckdb"))
    try:  # corrupt one raw value behind the loader's back
        con.execute("UPDATE raw.duo_leerlingen_vestiging SET lj3_man = '-8' WHERE elementcode = '6011'")
    finally:
        con.close()
    try:
        with pytest.raises(UserError) as failure:
            release_in(home, 2020)
    finally:
        con = duckdb.connect(str(home / "sto_monitor.duckdb"))
        con.execute("UPDATE raw.duo_leerlingen_vestiging SET lj3_man = '8' WHERE elementcode = '6011'")
        con.close()
    message = str(failure.value)
    assert message.startswith("release 2020 not written")
    assert "raw/duo_leerlingen_vestiging" in message and "lj3_man" in message
    assert tree_digest(home / "releases") == before  # byte for byte
    written = len([p for p in (home / "releases").iterdir() if p.name.startswith("2020.")])
    assert not (home / "releases" / f"2020.{written + 1}").exists()
    assert next_release_id(StoHome(home), 2020) == f"2020.{written + 1}"  # the next release of 2020 gets n + 1


def test_release_and_verify_release_have_help_and_one_line_errors(home, monkeypatch, capsys):
    monkeypatch.setenv("STO_HOME", str(home))
    assert main(["verify-release", "1999.7"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("sto-monitor verify-release: error: no release '1999.7'") and "\n" not in err
    assert main(["release"]) == 1
    assert "--latest" in capsys.readouterr().err
