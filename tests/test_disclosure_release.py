"""The disclosure step over a small hand-built warehouse: one pattern for indicator_values and a topic
mart, hidden means hidden, helper tables stay home, the audit passes; and over demo releases (e2e)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.disclosure.describe import counts_of, iv_dims
from orchestration.disclosure.release import write_tables
from orchestration.disclosure.step import disclose

# bb: BWI 10, PIE 3, Z&W 40 (total 53); kb: BWI 20, PIE 12, Z&W 30 (total 62); all: 30, 15, 70 (115).
PUPILS = {
    ("bb", "BWI"): 10,
    ("bb", "PIE"): 3,
    ("bb", "Z&W"): 40,
    ("kb", "BWI"): 20,
    ("kb", "PIE"): 12,
    ("kb", "Z&W"): 30,
}
GROUP = {"BWI": "techniek", "PIE": "techniek", "Z&W": "niet-techniek"}


def _cells() -> dict[tuple, int]:
    out = dict(PUPILS)
    for lw in ("bb", "kb", None):
        for p in ("BWI", "PIE", "Z&W", None):
            if lw is None or p is None:
                out[(lw, p)] = sum(v for (l2, p2), v in PUPILS.items() if lw in (None, l2) and p in (None, p2))
    return out


def build_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA intermediate")
    con.execute("CREATE TABLE marts.dim_profiel (profiel VARCHAR, profielgroep VARCHAR)")
    con.executemany("INSERT INTO marts.dim_profiel VALUES (?, ?)", list(GROUP.items()))
    iv = []
    for (lw, p), n in _cells().items():
        iv.append(("pupils_lj3_count", 2023, lw, p, None, None, n, None, n, "count"))
        # the same count as the denominator of a share (female pupils: a third, rounded down)
        iv.append(("female_share_lj3", 2023, lw, p, None, None, n // 3, n, 100 * (n // 3) / n, "percent"))
    iv.append(("region_growth_cluster", 2023, None, None, "cluster", "A", 1, None, 1, "count"))  # a label
    con.execute(
        """CREATE TABLE marts.indicator_values (indicator_id VARCHAR, schooljaar INTEGER, sto_regio_id VARCHAR,
        vestiging_id VARCHAR, leerweg VARCHAR, profiel VARCHAR, breakdown VARCHAR, breakdown_value VARCHAR,
        numerator DOUBLE, denominator DOUBLE, value DOUBLE, unit VARCHAR, is_suppressed BOOLEAN)"""
    )
    con.executemany("INSERT INTO marts.indicator_values VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, false)", iv)
    con.execute(
        """CREATE TABLE marts.pupils_lj3_by_profiel (schooljaar INTEGER, leerweg VARCHAR, profielgroep VARCHAR,
        profiel VARCHAR, n_pupils DOUBLE, n_female DOUBLE, female_share DOUBLE)"""
    )
    con.executemany(
        "INSERT INTO marts.pupils_lj3_by_profiel VALUES (2023, ?, ?, ?, ?, ?, ?)",
        [(lw, GROUP.get(p), p, n, n // 3, 100 * (n // 3) / n) for (lw, p), n in _cells().items()],
    )
    con.execute("CREATE TABLE marts.lesgevenden_indicator_personen (indicator_id VARCHAR, n_persons INTEGER)")
    con.execute("INSERT INTO marts.lesgevenden_indicator_personen VALUES ('teachers_per_school', 8)")
    con.close()


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    build_warehouse(path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_one_pattern_for_every_table_that_publishes_a_cell(warehouse):
    out = disclose(warehouse, {}, {})
    assert out.passed, out.audit
    iv = out.frames["indicator_values"]
    mart = out.frames["pupils_lj3_by_profiel"]
    counts = iv[iv.indicator_id == "pupils_lj3_count"].set_index(["leerweg", "profiel"])
    shares = iv[iv.indicator_id == "female_share_lj3"].set_index(["leerweg", "profiel"])
    rows = mart.set_index(["leerweg", "profiel"])
    # bb PIE (3 pupils, 1 girl) is primary; its girls count (1) too.
    assert counts.loc[("bb", "PIE"), "is_suppressed"]
    for key in counts.index:
        hidden = bool(counts.loc[key, "is_suppressed"])
        # the same pupils count: hidden in the count row, the share's row and the topic mart alike
        if hidden:  # the share rests on the count (its denominator)
            assert shares.loc[key, "is_suppressed"], key
        assert pd.isna(rows.loc[key, "n_pupils"]) == hidden, key
        if hidden:
            assert pd.isna(counts.loc[key, "value"]) and pd.isna(shares.loc[key, "denominator"])
            assert "n_pupils" in rows.loc[key, "suppressed_columns"].split(",")
            assert pd.isna(rows.loc[key, "female_share"])  # computed from a hidden count
    # the label and its count of regions are never hidden
    assert not iv[iv.indicator_id == "region_growth_cluster"]["is_suppressed"].any()
    assert out.audit["primary"] >= 2 and out.audit["complementary"] >= 1


def test_hidden_means_hidden_and_helpers_stay_home(warehouse, tmp_path):
    outcome, marts = write_tables(warehouse, tmp_path, {}, {})
    assert "lesgevenden_indicator_personen" not in {m["name"] for m in marts}
    assert not (tmp_path / "marts" / "lesgevenden_indicator_personen.parquet").exists()
    assert_no_small_counts(tmp_path / "marts")
    mart = pd.read_parquet(tmp_path / "marts" / "pupils_lj3_by_profiel.parquet")
    shown = mart[mart["suppressed_columns"].isna()]
    assert not shown["is_suppressed"].any() and shown["n_pupils"].notna().all()


SMALL = {"pupils": 6, "teachers": 10, "respondents": 5}
PERSON_COLUMNS = ("n_pupils", "n_female", "n_persons", "n_respondents", "n_tech", "n_kandidaten", "n_geslaagden")


def assert_no_small_counts(folder: Path) -> None:
    """No count of persons below its threshold in any Parquet file of a release's marts/."""
    for path in sorted(folder.glob("*.parquet")):
        frame = pd.read_parquet(path)
        if path.stem == "indicator_values":
            shown = frame[~frame["is_suppressed"]]
            for row in shown.to_dict("records"):
                dims = iv_dims(row)
                for c in counts_of(row["indicator_id"], row["unit"], {}):
                    if any(dims.get(d) != v for d, v in c.when):
                        continue
                    if c.expr in ("value", "numerator", "denominator") and c.kind in SMALL:
                        v = row[c.expr]
                        assert not (0 < v < SMALL[c.kind]), f"{row['indicator_id']} {c.expr} = {v}: {row}"
            continue
        for col in frame.columns:
            if col in PERSON_COLUMNS or col.startswith(("n_pupils", "n_persons")):
                threshold = SMALL["teachers" if "persons" in col else "respondents" if "respond" in col else "pupils"]
                values = pd.to_numeric(frame[col], errors="coerce")
                small = values[(values > 0) & (values < threshold)]
                assert small.empty, f"{path.name}: {col} shows {small.tolist()[:5]}"


def _release(home: Path, scale: float) -> Path:
    env = {**os.environ, "STO_HOME": str(home)}
    exe = Path(sys.executable).parent / "sto-monitor"
    for args in (["demo", "--scale", str(scale)], ["refresh"], ["release", "--latest"]):
        subprocess.run([str(exe), *args], env=env, check=True, capture_output=True)
    return sorted((home / "releases").iterdir())[-1]


@pytest.mark.e2e
@pytest.mark.parametrize("scale", [0.2, 1.0])
def test_demo_release_passes_the_audit_and_shows_no_small_count(tmp_path, scale):
    release = _release(tmp_path / "home", scale)
    checks = json.loads((release / "checks.json").read_text())
    audit = [c for c in checks["checks"] if c["kind"] == "disclosure"]
    assert len(audit) == 1 and audit[0]["status"] == "pass" and audit[0]["audit"]["result"] == "pass"
    assert_no_small_counts(release / "marts")
    assert not (release / "marts" / "lesgevenden_indicator_personen.parquet").exists()
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["disclosure"]["indicators"]["pupils_lj3_count"]["cells"] > 0
