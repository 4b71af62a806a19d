"""The bad-input corpus (tests/data/bad/cases.csv): every case of every source is refused with one line
naming file, line, column and rule, or accepted when that is legitimate, and a refused file leaves every
raw table as it was. End to end, the command line exits 1 without a traceback and leaves raw, marts and
releases byte-for-byte as they were."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from ingest.loader import load_source
from ingest.sources import SOURCES
from tests.bad_input import CORE_CASES, Case, case_bytes, load_cases
from tests.conftest import query, run_refresh_in

CASES = load_cases()


def raw_digests(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """A checksum of every raw table (the ledger raw._loads is a log of attempts and is checked apart)."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' AND table_name <> '_loads' ORDER BY 1"
        ).fetchall()
    ]
    return {
        t: hashlib.sha256(repr(con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall()).encode()).hexdigest()
        for t in tables
    }


def land(landing: Path, case: Case) -> Path:
    source = SOURCES[case.source]
    folder = landing / source.landing_folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case.landing_name
    path.write_bytes(case_bytes(case, CASES))
    return path


def good_of(source: str) -> Case:
    return next(c for c in CASES if c.source == source and c.case == "good")


def test_every_source_has_the_core_cases():
    have = {(c.source, c.case) for c in CASES}
    missing = [f"{s}/{c}" for s in SOURCES for c in CORE_CASES if (s, c) not in have]
    assert not missing, f"add these rows (and files) to tests/data/bad/cases.csv: {missing}"
    assert {c.source for c in CASES} <= set(SOURCES)
    assert len({c.id for c in CASES}) == len(CASES)
    for c in CASES:
        assert c.outcome in ("error", "accepted"), c.id
        assert (c.outcome == "accepted") == (c.rows is not None), c.id
        assert not c.file or (Path(__file__).parent / "data" / "bad" / c.file).is_file(), c.id


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case, tmp_path: Path):
    source = SOURCES[case.source]
    landing = tmp_path / "landing"
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        # An earlier, good delivery is in raw (under another name for errors without a year in their name).
        good = good_of(case.source)
        before_landing = tmp_path / "before"
        land(before_landing, good)
        load_source(con, before_landing, source)
        before = raw_digests(con)
        assert before[source.name] and con.execute(f"SELECT count(*) FROM raw.{source.name}").fetchone()[0] > 0

        if good.landing_name != case.landing_name:
            land(landing, good)  # so that the partition of the earlier delivery stays claimed by its file
        land(landing, case)  # the landed `good` file equals the loaded one: only the case's file is new
        report = load_source(con, landing, source)
        file_name = f"{source.landing_folder}/{case.landing_name}"
        if case.outcome == "error":
            assert report.loaded == []
            assert len(report.failed) == 1, [str(e) for e in report.failed]
            message = str(report.failed[0])
            assert "\n" not in message
            assert message.startswith(file_name + ", ") or message.startswith(file_name + ": "), message
            assert case.message in message, message
            assert raw_digests(con) == before  # nothing half-loaded, nothing lost
            ledger = con.execute(
                "SELECT result, message FROM raw._loads WHERE file_name = ? ORDER BY started_at DESC LIMIT 1",
                [file_name],
            ).fetchone()
            assert ledger == ("failed", message)
        else:
            assert report.failed == [], [str(e) for e in report.failed]
            if case.case == "good":
                assert report.loaded == [] and report.unchanged
                return
            assert [(f, n) for f, _y, n in report.loaded] == [(file_name, case.rows)]
            if case.message:
                assert any(case.message in note for note in report.notes), report.notes
            if case.same_as:
                cols = ", ".join(f'"{c}"' for c in source.column_names)
                loaded = con.execute(
                    f"SELECT {cols}, _source_row FROM raw.{source.name} WHERE _source_file = ? ORDER BY _source_row",
                    [file_name],
                ).fetchall()
                good_path = before_landing / source.landing_folder / good.landing_name
                expected = source.parse(good_path, f"{source.landing_folder}/{good.landing_name}").frame
                assert loaded == expected.select([*source.column_names, "_source_row"]).rows()
            if case.case == "extra_column":
                extra = con.execute(
                    f"SELECT _extra FROM raw.{source.name} WHERE _source_file = ? ORDER BY _source_row LIMIT 1",
                    [file_name],
                ).fetchone()[0]
                assert list(json.loads(extra)) == case.message.split(": ", 1)[1].split(", ")
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------------
# End to end: the command line on a warehouse with marts and a release.

# One case per way a file can be wrong (a value, the bytes, the structure, the keys, a reference list);
# every case of the corpus is also checked at the reader (test_case above).
E2E_ERRORS = [
    "duo_leerlingen_vestiging/negative_count",
    "duo_leerlingen_vestiging/binary",
    "duo_vestigingen/missing_column",
    "duo_inschrijvingen_vo/duplicate_keys",
    "reference__profielen/wrong_encoding_utf16",
]


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    if root.exists():
        for p in sorted(root.rglob("*")):
            h.update(str(p.relative_to(root)).encode())
            if p.is_file():
                h.update(p.read_bytes())
    return h.hexdigest()


def warehouse_digests(home: Path) -> dict[str, str]:
    con = duckdb.connect(str(home / "sto_monitor.duckdb"), read_only=True)
    try:
        digests = {f"raw.{k}": v for k, v in raw_digests(con).items()}
        for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall():
            rows = con.execute(f"SELECT * FROM marts.{t} ORDER BY ALL").fetchall()
            digests[f"marts.{t}"] = hashlib.sha256(repr(rows).encode()).hexdigest()
    finally:
        con.close()
    digests["releases/"] = tree_digest(home / "releases")
    return digests


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """A refreshed warehouse on good landing files (the pupil file with one unknown element code) and a
    release folder standing in for an earlier release."""
    home = tmp_path_factory.mktemp("bad_e2e") / "sto_home"
    landing = home / "landing"
    by_id = {c.id: c for c in CASES}
    land(landing, by_id["duo_leerlingen_vestiging/unknown_code"])
    land(landing, by_id["duo_vestigingen/good"])
    land(landing, by_id["duo_inschrijvingen_vo/good"])
    run_refresh_in(home)
    release = home / "releases" / "2026.1"
    release.mkdir(parents=True)
    (release / "manifest.json").write_text('{"release": "2026.1"}\n', encoding="utf-8")
    (release / "indicator_values.csv").write_text("indicator_id;value\npupils_lj3_count;3\n", encoding="utf-8")
    return home


@pytest.mark.e2e
def test_unknown_element_code_is_loaded_and_counted_as_onbekend(warehouse: Path):
    # The pupil file's fourth row: 00AH 17, VMBO BL lj 3-4, element code 9999 (not in the list),
    # leerjaar 3: 3 boys + 0 girls -> 3 pupils with programma 'onbekend', not attributed to a profiel.
    rows = query(
        warehouse,
        "SELECT elementcode, programma, profiel, sum(aantal) FROM intermediate.int_pupils__lj3 "
        "WHERE programma = 'onbekend' GROUP BY ALL",
    )
    assert rows == [("9999", "onbekend", None, 3)]
    assert query(warehouse, "SELECT count(*) FROM raw.duo_leerlingen_vestiging WHERE elementcode = '9999'") == [(1,)]


@pytest.mark.e2e
@pytest.mark.parametrize("case_id", E2E_ERRORS)
def test_cli_refuses_bad_file_and_leaves_everything_as_it_was(case_id, warehouse, monkeypatch, capsys):
    from orchestration.cli import main

    case = next(c for c in CASES if c.id == case_id)
    monkeypatch.setenv("STO_HOME", str(warehouse))
    monkeypatch.setenv("DAGSTER_HOME", str(warehouse / "dagster_home"))
    monkeypatch.setenv("STO_DUCKDB_PATH", str(warehouse / "sto_monitor.duckdb"))
    before = warehouse_digests(warehouse)
    source = SOURCES[case.source]
    target = warehouse / "landing" / source.landing_folder / case.landing_name
    previous = target.read_bytes() if target.exists() else None
    land(warehouse / "landing", case)
    try:
        assert main(["refresh"]) == 1
    finally:
        if previous is None:
            target.unlink()
        else:
            target.write_bytes(previous)
    out = capsys.readouterr()
    errors = [line for line in out.err.splitlines() if line.startswith("sto-monitor refresh: error:")]
    assert len(errors) == 1, out.err
    assert errors[0].startswith(f"sto-monitor refresh: error: {source.landing_folder}/{case.landing_name}")
    assert case.message in errors[0]
    assert "Traceback" not in out.err + out.out
    assert warehouse_digests(warehouse) == before


def test_docs_list_every_case():
    import os

    from tests.bad_input import DOC, render_doc

    text = render_doc(CASES)
    if os.environ.get("STO_UPDATE_SNAPSHOTS"):
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text, "docs/bad_input.md is stale: regenerate with STO_UPDATE_SNAPSHOTS=1"
