"""The disclosure step over a small hand-built warehouse: one pattern for indicator_values and a topic
mart, hidden means hidden, helper tables stay home, the audit passes; and over demo releases (e2e)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.dbt_manifest import read_manifest
from orchestration.disclosure.catalog import INDICATOR_TABLE, Catalog, catalog_of, thresholds
from orchestration.disclosure.describe import iv_dims
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
    # a share whose denominator is declared as the pupils count but is another count (8, not 10): a clash
    iv.append(("migration_share_lj3", 2023, "bb", "BWI", None, None, 0, 8, 0.0, "percent"))
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
    con.execute(
        """CREATE TABLE marts.lesgevenden_indicator_personen (indicator_id VARCHAR, schooljaar INTEGER,
        sto_regio_id VARCHAR, vestiging_id VARCHAR, leerweg VARCHAR, profiel VARCHAR, breakdown VARCHAR,
        breakdown_value VARCHAR, n_persons INTEGER)"""
    )
    con.execute(
        "INSERT INTO marts.lesgevenden_indicator_personen VALUES ('teachers_per_school', 2023, NULL, NULL, NULL,"
        " 'BWI', 'brin', '17EC', 8)"
    )
    con.close()


# The declarations of the hand-built warehouse (as orchestration/disclosure/declarations.yml says them).
DECLARATIONS = {
    "populations": {"lj3": {"kind": "pupils"}, "lj3.female": {"kind": "pupils", "subset_of": "lj3"}},
    "indicators": {
        "pupils_lj3_count": {"count": {"value": "lj3"}},
        "female_share_lj3": {"percent": {"numerator": "lj3.female", "denominator": "lj3"}},
        "region_growth_cluster": "none",
        "migration_share_lj3": {"percent": {"denominator": "lj3"}},
    },
    "marts": {
        "dim_profiel": "none",
        "lesgevenden_indicator_personen": {"released": False},
        "pupils_lj3_by_profiel": {
            "model": {"key": ["leerweg", "profielgroep", "profiel"]},
            "columns": {
                "n_pupils": {"population": "lj3"},
                "n_female": {"population": "lj3.female"},
                "female_share": {"rests_on": ["n_female", "n_pupils"]},
            },
        },
    },
}
MART_COLUMNS = {
    "dim_profiel": ["profiel", "profielgroep"],
    "lesgevenden_indicator_personen": ["indicator_id", "n_persons"],
    "pupils_lj3_by_profiel": [
        "schooljaar",
        "leerweg",
        "profielgroep",
        "profiel",
        "n_pupils",
        "n_female",
        "female_share",
    ],
}


def small_catalog() -> Catalog:
    nodes = {
        f"model.sto.{name}": {
            "resource_type": "model",
            "name": name,
            "original_file_path": f"models/marts/x/{name}.sql",
            "columns": {c: {"name": c} for c in columns},
        }
        for name, columns in MART_COLUMNS.items()
    }
    nodes["model.sto.indicator_values"] = {"resource_type": "model", "name": INDICATOR_TABLE, "columns": {}}
    nodes["model.sto.int_x"] = {
        "resource_type": "model",
        "name": "int_x",
        "config": {"meta": {"indicators": [{"id": i} for i in DECLARATIONS["indicators"]]}},
    }
    return catalog_of({"nodes": nodes}, DECLARATIONS)


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    build_warehouse(path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_one_pattern_for_every_table_that_publishes_a_cell(warehouse):
    out = disclose(warehouse, small_catalog())
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


def test_a_clash_keeps_the_relations_of_its_key(warehouse):
    # bb BWI is 10 in the counts and 8 in the (mis-declared) migration share: two cells for one key.
    # The relations of bb must still hold with the 10: bb = 10 + 3 + 40 = 53 is published, so hiding
    # PIE (3) alone would give it back; a second member of bb is hidden with it.
    out = disclose(warehouse, small_catalog())
    assert out.audit["clashes"] == 1 and out.passed
    counts = out.frames["indicator_values"]
    bb = counts[(counts.indicator_id == "pupils_lj3_count") & (counts.leerweg == "bb")]
    bb = bb.assign(profiel=bb.profiel.fillna("all")).set_index("profiel")
    members = bb.loc[["BWI", "PIE", "Z&W"], "is_suppressed"]
    assert members["PIE"] and (members.sum() >= 2 or bb.loc["all", "is_suppressed"])


def test_hidden_means_hidden_and_helpers_stay_home(warehouse, tmp_path):
    catalog = small_catalog()
    outcome, marts = write_tables(warehouse, tmp_path, catalog)
    assert "lesgevenden_indicator_personen" not in {m["name"] for m in marts}
    assert not (tmp_path / "marts" / "lesgevenden_indicator_personen.parquet").exists()
    assert_no_small_counts(tmp_path / "marts", catalog)
    mart = pd.read_parquet(tmp_path / "marts" / "pupils_lj3_by_profiel.parquet")
    shown = mart[mart["suppressed_columns"].isna()]
    assert not shown["is_suppressed"].any() and shown["n_pupils"].notna().all()


def test_withheld_columns_are_named_in_their_declared_order(tmp_path):
    # suppressed_columns lists a row's withheld counts, then the figures computed from them, in the order the
    # declarations give them: the same text in every release of the same warehouse (a set's order would
    # change with Python's string hashing from one run to the next)
    derived = ["share_f", "share_b", "share_e", "share_a", "share_d", "share_c"]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA marts")
    con.execute(
        f"CREATE TABLE marts.t (schooljaar INTEGER, profiel VARCHAR, n_pupils DOUBLE, "
        f"{', '.join(f'{d} DOUBLE' for d in derived)})"
    )
    con.execute(f"INSERT INTO marts.t VALUES (2023, 'PIE', 3, {', '.join('50' for _ in derived)})")
    con.close()
    columns = ["schooljaar", "profiel", "n_pupils", *derived]
    declarations = {
        "populations": {"lj3": {"kind": "pupils"}},
        "indicators": {},
        "marts": {
            "t": {
                "model": {"key": ["profiel"]},
                "columns": {"n_pupils": {"population": "lj3"}, **{d: {"rests_on": ["n_pupils"]} for d in derived}},
            }
        },
    }
    nodes = {
        "model.sto.t": {
            "resource_type": "model",
            "name": "t",
            "original_file_path": "models/marts/x/t.sql",
            "columns": {c: {"name": c} for c in columns},
        }
    }
    warehouse = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        out = disclose(warehouse, catalog_of({"nodes": nodes}, declarations))
    finally:
        warehouse.close()
    (row,) = out.frames["t"].to_dict("records")
    assert row["is_suppressed"] and row["suppressed_columns"] == ",".join(["n_pupils", *derived])


def assert_no_small_counts(folder: Path, catalog: Catalog) -> None:
    """No count of persons below its threshold in any Parquet file of a release's marts/: every figure
    that the declarations call a count of persons (an indicator row's value, numerator or denominator;
    a topic-mart count column), where shown, is 0 or at least the threshold of its kind."""
    limits = thresholds()
    assert limits == {"pupils": 6, "teachers": 10, "respondents": 5}  # the CBS / project rule
    for path in sorted(folder.glob("*.parquet")):
        frame = pd.read_parquet(path)
        mart = catalog.marts[path.stem]
        assert mart.released, path.name
        if path.stem == INDICATOR_TABLE:
            dims = iv_dims(frame)
            for (indicator, unit), rows in frame.groupby(["indicator_id", "unit"]).groups.items():
                for count in catalog.counts_of(indicator, unit):
                    if count.figure in ("rests_on", "persons", "numerator+denominator"):
                        continue
                    sel = frame.loc[rows]
                    keep = ~sel["is_suppressed"].to_numpy()
                    for d, v in count.when:
                        keep &= dims[d][frame.index.get_indexer(rows)] == v if d in dims else v is None
                    values = sel.loc[keep, count.figure].dropna()
                    limit = catalog.threshold(count.population)
                    small = values[(values > 0) & (values < limit)]
                    assert small.empty, f"{indicator} {unit} {count.figure} shows {small.tolist()[:5]}"
            continue
        for col, count in mart.counts.items():
            values = pd.to_numeric(frame[col], errors="coerce")
            limit = catalog.threshold(count.population)
            small = values[(values > 0) & (values < limit)]
            assert small.empty, f"{path.name}: {col} shows {small.tolist()[:5]}"


@pytest.fixture(scope="module")
def demo_release(small_demo_release) -> Path:
    """The small demo's release (conftest: --scale 0.2, where small cells are many)."""
    return small_demo_release[1]


@pytest.mark.e2e
def test_demo_release_passes_the_audit_and_shows_no_small_count(demo_release):
    checks = json.loads((demo_release / "checks.json").read_text())
    audit = [c for c in checks["checks"] if c["kind"] == "disclosure"]
    assert len(audit) == 1 and audit[0]["status"] == "pass"
    record = audit[0]["audit"]
    assert record["result"] == "pass" and record["n_failures"] == 0
    assert record["primary"] > 0 and record["complementary"] > 0 and record["information_loss"] > 0
    assert record["cells"] > record["primary"] + record["complementary"]
    assert_no_small_counts(demo_release / "marts", catalog_of(read_manifest()))
    assert not (demo_release / "marts" / "lesgevenden_indicator_personen.parquet").exists()
    manifest = json.loads((demo_release / "manifest.json").read_text())
    utility = manifest["disclosure"]
    assert utility["indicators"]["pupils_lj3_count"]["cells"] > 0
    assert utility["tables"]["indicator_values"]["rows"] > 0
    # a figure that counts no persons is never withheld
    assert utility["indicators"]["region_growth_cluster"]["suppressed"] == 0


@pytest.mark.e2e
def test_demo_release_hides_a_cell_in_every_table_that_publishes_it(demo_release):
    iv = pd.read_parquet(demo_release / "marts" / "indicator_values.parquet")
    mart = pd.read_parquet(demo_release / "marts" / "lesgevenden_per_profiel.parquet")
    # teachers_tech_persons (count) per profiel and the topic mart's n_persons are the same cell
    persons = iv[(iv.indicator_id == "teachers_tech_persons") & (iv.unit == "count") & iv.breakdown.isna()]
    persons = persons[persons.profiel.notna()].set_index(["schooljaar", "profiel"])["is_suppressed"]
    rows = mart[mart.profiel.notna()].set_index(["schooljaar", "profiel"])
    both = persons.index.intersection(rows.index)
    assert len(both) > 0
    assert (persons.loc[both] == rows.loc[both, "n_persons"].isna()).all()
    assert persons.loc[both].any()  # at scale 0.2 some profile has fewer than 10 teachers
