"""`sto-monitor trace`: from one cell of marts.indicator_values back to the source rows (docs/lineage.md).

A cell is chosen by indicator_id plus its dimensions; a dimension not given means NULL ("all").
The chain of dbt models comes from dbt's manifest (working warehouse: dbt_project/target/manifest.json;
a release: its lineage.json), the source files from the load ledger (ingest/ledger.py) and the source
rows from the counts the build made (model int_source_rows__cell_counts: per cell and source file the
distinct rows in the numerator and the denominator; a release records the counts of its cells in lineage.json).
What one row is (`rows_model`, `counts`) or why an indicator is not traced (`not_traceable`) is the
`trace:` block of the indicator's catalog entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import TextIO

import duckdb

from ingest.ledger import source_files, table_exists
from ingest.paths import StoHome
from orchestration.dbt_manifest import read_manifest
from orchestration.errors import UserError
from orchestration.warehouse import connect_duckdb, connect_warehouse

DIMENSIONS = ("schooljaar", "sto_regio_id", "vestiging_id", "leerweg", "profiel", "breakdown", "breakdown_value")
COUNTS_MODEL = "int_source_rows__cell_counts"  # per cell and source file: rows in numerator / denominator
CELL_BATCH_ROWS = 20_000  # lineage.json's cells read per batch (record_cell_rows)
CANDIDATES_SHOWN = 20
NOT_DECLARED = "not declared for this indicator"
NOT_TRACEABLE = "not traced to source rows: "
NOT_RECORDED = "recorded only for cells traced at release time"


@dataclass
class CellQuery:
    indicator_id: str
    schooljaar: int | None = None
    sto_regio_id: str | None = None
    vestiging_id: str | None = None
    leerweg: str | None = None
    profiel: str | None = None
    breakdown: str | None = None
    breakdown_value: str | None = None


# ---------------------------------------------------------------- lineage graph from dbt's manifest


def lineage_from_manifest(manifest: dict) -> dict:
    """The part of dbt's manifest that trace needs: every model/seed/source/exposure with its SQL path,
    schema, parents and the indicators' `trace:` blocks. Also what a release stores as lineage.json."""
    nodes = {}
    for uid, node in {
        **manifest.get("nodes", {}),
        **manifest.get("sources", {}),
        **manifest.get("exposures", {}),
    }.items():
        kind = node.get("resource_type")
        if kind not in ("model", "seed", "source", "exposure"):
            continue
        meta = node.get("config", {}).get("meta", {}) or node.get("meta", {}) or {}
        nodes[uid] = {
            "name": node.get("name"),
            "resource_type": kind,
            "schema": node.get("schema"),
            "original_file_path": node.get("original_file_path"),
            "depends_on": sorted((node.get("depends_on") or {}).get("nodes", [])),
            "indicators": [
                {"id": i["id"], "trace": i.get("trace")} for i in (meta.get("indicators") or []) if "id" in i
            ],
        }
    return {"nodes": nodes}


def load_lineage(release_folder: Path | None) -> dict:
    if release_folder is not None:
        path = release_folder / "lineage.json"
        if not path.exists():
            raise UserError(f"release {release_folder.name} has no lineage.json (made before lineage was recorded)")
        return json.loads(path.read_text(encoding="utf-8"))
    return lineage_from_manifest(read_manifest(required=True))


def model_chain(lineage: dict, producing_model: str) -> list[dict]:
    """marts.indicator_values, then the producing model and all its ancestors (breadth first)."""
    nodes = lineage["nodes"]
    by_name = {n["name"]: uid for uid, n in nodes.items() if n["resource_type"] == "model"}
    if producing_model not in by_name:
        raise UserError(f"model {producing_model!r} is not in the dbt manifest")
    order = [by_name["indicator_values"]] if "indicator_values" in by_name else []
    queue, seen = [by_name[producing_model]], set(order)
    while queue:
        uid = queue.pop(0)
        if uid in seen or uid not in nodes:
            continue
        seen.add(uid)
        order.append(uid)
        queue.extend(nodes[uid]["depends_on"])
    out = []
    for uid in order:
        n = nodes[uid]
        out.append(
            {
                "unique_id": uid,
                "name": n["name"],
                "resource_type": n["resource_type"],
                "relation": f"{n['schema']}.{n['name']}" if n["resource_type"] != "source" else f"raw.{n['name']}",
                "path": n["original_file_path"],
                "depends_on": [nodes[p]["name"] for p in n["depends_on"] if p in nodes],
            }
        )
    return out


def trace_block(lineage: dict, indicator_id: str) -> dict | None:
    for node in lineage["nodes"].values():
        for ind in node.get("indicators", []):
            if ind["id"] == indicator_id:
                return ind.get("trace")
    return None


# ---------------------------------------------------------------- the trace


def _connect(home: StoHome, release_folder: Path | None) -> duckdb.DuckDBPyConnection:
    if release_folder is None:
        if not home.database.exists():
            raise UserError(f"no warehouse at {home.database}: run sto-monitor refresh first")
        return connect_warehouse(home.database, read_only=True)
    con = connect_duckdb(release_folder / "release.duckdb", read_only=True)
    con.execute(f"SET file_search_path = '{release_folder}'")
    return con


def _cell_filter(dims: dict) -> tuple[str, list]:
    """`dim IS NOT DISTINCT FROM ?` for every dimension in `dims` (None = the cell is "all")."""
    return " AND ".join(f"{d} IS NOT DISTINCT FROM ?" for d in dims), list(dims.values())


def find_cell(con: duckdb.DuckDBPyConnection, q: CellQuery) -> dict:
    if not (table_exists(con, "marts", "indicator_values") and table_exists(con, "marts", "indicator_catalog")):
        raise UserError("marts.indicator_values / marts.indicator_catalog are not built: run sto-monitor refresh")
    has_supp = "is_suppressed" in {r[0] for r in con.execute("DESCRIBE marts.indicator_values").fetchall()}
    given = {d: getattr(q, d) for d in DIMENSIONS if not (d == "schooljaar" and q.schooljaar is None)}
    where, params = _cell_filter(given)  # no schooljaar: any (the candidates list them)
    cols = [*DIMENSIONS, "numerator", "denominator", "value", "unit", "is_suppressed" if has_supp else "false"]
    rows = con.execute(
        f"SELECT {', '.join(cols)} FROM marts.indicator_values WHERE indicator_id = ? AND {where} ORDER BY 1",
        [q.indicator_id, *params],
    ).fetchall()
    names = [*DIMENSIONS, "numerator", "denominator", "value", "unit", "is_suppressed"]
    if not rows:
        known = con.execute(
            "SELECT count(*) FROM marts.indicator_values WHERE indicator_id = ?", [q.indicator_id]
        ).fetchall()[0][0]
        if not known:
            raise UserError(f"no indicator {q.indicator_id!r} in marts.indicator_values")
        raise CellNotFound(q, _cells_differing_by_what_was_left_out(con, q))
    if len(rows) > 1:
        lines = [describe(dict(zip(names, r, strict=True))) for r in rows]
        raise AmbiguousCell(q.indicator_id, lines)
    return dict(zip(names, rows[0], strict=True))


def _cells_differing_by_what_was_left_out(con: duckdb.DuckDBPyConnection, q: CellQuery) -> tuple[list[str], int]:
    """The cells of the indicator that have the given dimensions' values and a value in one or more of the
    dimensions left out (a dimension not given means "all", NULL): up to CANDIDATES_SHOWN, and how many."""
    given = {d: getattr(q, d) for d in DIMENSIONS if getattr(q, d) is not None}
    where, params = _cell_filter(given)
    found = con.execute(
        f"SELECT {', '.join(DIMENSIONS)}, count(*) OVER () FROM marts.indicator_values "
        f"WHERE indicator_id = ? {'AND ' + where if where else ''} ORDER BY ALL LIMIT {CANDIDATES_SHOWN}",
        [q.indicator_id, *params],
    ).fetchall()
    return [describe(dict(zip(DIMENSIONS, r, strict=False))) for r in found], (found[0][-1] if found else 0)


class AmbiguousCell(UserError):
    def __init__(self, indicator_id: str, candidates: list[str]):
        self.candidates = candidates
        super().__init__(
            f"{len(candidates)} cells of {indicator_id} match; narrow with --schooljaar/--regio/--vestiging/"
            "--leerweg/--profiel/--breakdown"
        )


class CellNotFound(UserError):
    """No cell has exactly the given dimensions; `candidates` are the cells that also have a value in a
    dimension that was left out (e.g. a region's cell of region_growth_cluster is broken down by cluster)."""

    def __init__(self, q: CellQuery, found: tuple[list[str], int]):
        self.candidates, total = found
        if total > len(self.candidates):
            self.candidates = [*self.candidates, f"... and {total - len(self.candidates)} more"]
        text = f"no cell of {q.indicator_id} matches {describe(vars(q))}"
        if total:
            text += (
                f" (a dimension not given means all); {total} cell(s) differ only by a dimension left out, listed above"
            )
        super().__init__(text)


def describe(cell: dict) -> str:
    parts = [f"{d}={cell[d]}" for d in DIMENSIONS if cell.get(d) is not None and d != "breakdown_value"]
    if cell.get("breakdown_value") is not None:
        parts = [p for p in parts if not p.startswith("breakdown=")]
        parts.append(f"breakdown={cell.get('breakdown')}={cell['breakdown_value']}")
    return " ".join(parts) or "all (national)"


def _model(lineage: dict, name: str | None) -> dict | None:
    return next((n for n in lineage["nodes"].values() if n["resource_type"] == "model" and n["name"] == name), None)


def _cell_key(indicator_id: str, cell: dict) -> str:
    """The cell's key in lineage.json: the JSON text of [indicator_id, *dimensions], as json.dumps(...,
    default=str) writes it (releases before 2026-12-05 wrote it with json.dumps); a release records one per
    published cell (10^5 and more), so the common values are written here without json.dumps's set-up."""
    return "[" + ", ".join(map(_json_value, (indicator_id, *(cell.get(d) for d in DIMENSIONS)))) + "]"


def _cell_keys(rows: list[tuple], width: int) -> list[str]:
    """`_cell_key` of each row's first `width` values (indicator_id and DIMENSIONS), column by column: each
    distinct value of a column is written once (a column of a query result holds one type, so equal values
    are the same value)."""
    if not rows:
        return []
    texts = []
    for column in list(zip(*rows, strict=True))[:width]:
        written = {value: _json_value(value) for value in set(column)}
        texts.append([written[value] for value in column])
    return ["[" + ", ".join(values) + "]" for values in zip(*texts, strict=True)]


def _json_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    if type(value) is int:  # not bool
        return str(value)
    return json.dumps(value, default=str)


def counted_rows(con: duckdb.DuckDBPyConnection, lineage: dict, indicator_ids: list[str], cell: dict | None = None):
    """The source rows the build counted (model int_source_rows__cell_counts) for every published cell of
    the given indicators, or only for `cell`: {cell key: [numerator, denominator]}, a part being
    [(source file, rows), ...] for the files with rows, or None when the indicator's denominator is not
    traced (no count of it in any cell). What a release records and what `trace` prints."""
    files, cells = _counted_per_cell(con, lineage, indicator_ids, cell)
    return {
        key: [None if part is None else [(files[i], n) for i, n in part] for part in parts]
        for key, parts in cells.items()
    }


def _counted_per_cell(
    con: duckdb.DuckDBPyConnection, lineage: dict, indicator_ids: list[str], cell: dict | None = None
) -> tuple[list[str], dict[str, list]]:
    """counted_rows with the files numbered: (files, {cell key: [numerator, denominator]}), a part being
    [(file index, rows), ...] (files sorted by name, a cell's files in that order) or None."""
    with _counted(con, lineage, indicator_ids, cell) as (files, batches):
        cells: dict[str, list] = {}
        for batch in batches:
            cells.update(batch)
    return files, cells


@contextmanager
def _counted(
    con: duckdb.DuckDBPyConnection, lineage: dict, indicator_ids: list[str], cell: dict | None = None
) -> Iterator[tuple[list[str], Iterator[dict[str, list]]]]:
    """Within: (files, the cells in batches of at most CELL_BATCH_ROWS as _counted_per_cell's dicts, indicator
    by indicator). Grouped per cell in DuckDB: a release records 10^5 cells and more, whose rows as Python
    tuples at once took ≈ 100 MB more than a batch's, and as one dict ≈ 270 MB (record_cell_rows writes each
    batch's JSON)."""
    model = _model(lineage, COUNTS_MODEL)
    if model is None:
        raise UserError(f"model {COUNTS_MODEL!r} is not in the dbt manifest: run sto-monitor refresh")
    relation = f"{model['schema']}.{model['name']}"
    dims = ", ".join(DIMENSIONS)
    on = " AND ".join(f"c.{d} IS NOT DISTINCT FROM cells.{d}" for d in DIMENSIONS)
    where, params = _cell_filter({d: cell[d] for d in DIMENSIONS} if cell else {})
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _counted AS
        WITH wanted AS (SELECT unnest(?::varchar[]) AS indicator_id),
        cells AS (
            SELECT DISTINCT indicator_id, {dims} FROM marts.indicator_values
            WHERE indicator_id IN (SELECT indicator_id FROM wanted) {"AND " + where if where else ""}
        ),
        counts AS (SELECT * FROM {relation} WHERE indicator_id IN (SELECT indicator_id FROM wanted)),
        has_denominator AS (
            SELECT indicator_id, count(n_denominator_rows) > 0 AS has_denominator FROM counts GROUP BY 1
        )
        SELECT cells.indicator_id, {", ".join(f"cells.{d}" for d in DIMENSIONS)},
            coalesce(h.has_denominator, false) AS has_denominator, c._source_file AS file,
            -- the file's number: files sorted by name (NULL, no counts, after them)
            dense_rank() OVER (ORDER BY c._source_file) - 1 AS i,
            c.n_numerator_rows AS numerator, c.n_denominator_rows AS denominator
        FROM cells
        LEFT JOIN counts AS c ON c.indicator_id = cells.indicator_id AND {on}
        LEFT JOIN has_denominator AS h ON h.indicator_id = cells.indicator_id
        """,
        [indicator_ids, *params],
    )
    try:
        files = [
            r[1]
            for r in con.execute("SELECT DISTINCT i, file FROM _counted WHERE file IS NOT NULL ORDER BY i").fetchall()
        ]
        parts = ", ".join(
            f"coalesce(list(list_value(i, {part}) ORDER BY i) FILTER (WHERE {part} > 0), [])"
            for part in ("numerator", "denominator")
        )
        # one indicator at a time, in their order: all cells grouped at once ran out of a 300 MB cap at five
        # times national scale (their lists and the sort of every cell)
        query = (
            f"SELECT indicator_id, {dims}, has_denominator, {parts} FROM _counted WHERE indicator_id = ? "
            "GROUP BY ALL ORDER BY ALL"
        )
        indicators = [r[0] for r in con.execute("SELECT DISTINCT indicator_id FROM _counted ORDER BY 1").fetchall()]
        yield files, _batches(con, query, indicators)
    finally:
        con.execute("DROP TABLE IF EXISTS _counted")


def _batches(con: duckdb.DuckDBPyConnection, query: str, indicators: list[str]) -> Iterator[dict[str, list]]:
    n = len(DIMENSIONS)
    for indicator in indicators:
        result = con.execute(query, [indicator])
        while batch := result.fetchmany(CELL_BATCH_ROWS):
            yield {
                key: [numerator, denominator if has_denominator else None]
                for key, (has_denominator, numerator, denominator) in zip(
                    _cell_keys(batch, n + 1), (row[n + 1 :] for row in batch), strict=True
                )
            }


def rows_for_cell(lineage: dict, block: dict | None, recorded: list | None):
    """A cell's source rows for printing: per part (numerator, denominator) the rows of the indicator's rows
    model per file as counted in the build (`recorded`, see counted_rows; None: not recorded); or the
    declared reason why the indicator is not traced to source rows; or NOT_DECLARED."""
    if block is None:
        return NOT_DECLARED
    if block.get("not_traceable"):
        return NOT_TRACEABLE + " ".join(str(block["not_traceable"]).split())
    if recorded is None:
        return NOT_RECORDED
    model = _model(lineage, block.get("rows_model")) or {"schema": "?", "name": block.get("rows_model")}
    out: dict = {}
    for key, per_file in zip(("numerator", "denominator"), recorded, strict=True):
        if per_file is None:
            out[key] = None
            continue
        out[key] = {
            "rows": sum(n for _, n in per_file),
            "per_file": dict(per_file),
            "rows_model": f"{model['schema']}.{model['name']}",
        }
        if block.get("counts"):
            out[key]["counts"] = " ".join(str(block["counts"]).split())
    return out


def record_cell_rows(con: duckdb.DuckDBPyConnection, lineage: dict, out: TextIO) -> list[str]:
    """At release time, for lineage.json: the counts of every cell of every indicator with a rows model
    (suppressed cells included; counts, no microdata), written to `out` as the JSON text of {cell key:
    [numerator, denominator]}; returns the files, which a part [[file index, rows], ...] numbers (or None:
    counted_rows, with the files numbered). The text is written batch by batch, as json.dumps(...,
    separators=(",", ":"), ensure_ascii=False) writes the whole: the cells are never one dict (10^5 and more),
    and their text is never one string (≈ 25 MB at scale 1, held twice where it was joined)."""
    traced = [
        i["id"]
        for node in lineage["nodes"].values()
        for i in node.get("indicators", [])
        if (i.get("trace") or {}).get("rows_model")
    ]
    out.write("{")
    with _counted(con, lineage, traced) as (files, batches):
        first = True
        for batch in batches:
            text = json.dumps(batch, separators=(",", ":"), ensure_ascii=False)[1:-1]
            if text:
                out.write(text if first else "," + text)
                first = False
    out.write("}")
    return files


def _recorded_rows(lineage: dict, indicator_id: str, cell: dict) -> list | None:
    """A cell's counts as a release recorded them (record_cell_rows), in the shape of counted_rows."""
    recorded = lineage.get("cells", {}).get(_cell_key(indicator_id, cell))
    if recorded is None:
        return None
    files = lineage.get("cell_files", [])
    return [None if part is None else [(files[i], n) for i, n in part] for part in recorded]


def working_source_files(con: duckdb.DuckDBPyConnection, sources: list[str]) -> list[dict]:
    """Per source in the chain, every file whose rows are in raw now, with sha256 and load id (ledger)."""
    return [f for f in source_files(con) if f["source"] in sources]


def trace(home: StoHome, q: CellQuery, release_id: str | None = None) -> dict:
    release_folder = None
    if release_id is not None:
        release_folder = home.releases / release_id
        if not (release_folder / "manifest.json").exists():
            raise UserError(f"no release {release_id!r} in {home.releases}")
    lineage = load_lineage(release_folder)
    con = _connect(home, release_folder)
    try:
        return _trace(con, lineage, q, release_id, release_folder)
    except duckdb.Error as exc:
        raise UserError(f"trace failed: {' '.join(str(exc).split())}") from None
    finally:
        con.close()


def _trace(con, lineage: dict, q: CellQuery, release_id: str | None, release_folder: Path | None) -> dict:
    cell = find_cell(con, q)
    producing = con.execute(
        "SELECT dbt_model FROM marts.indicator_catalog WHERE indicator_id = ?", [q.indicator_id]
    ).fetchall()
    if not producing:
        raise UserError(f"indicator {q.indicator_id!r} is not in marts.indicator_catalog")
    chain = model_chain(lineage, producing[0][0])
    sources = [n["name"] for n in chain if n["resource_type"] == "source"]
    result: dict = {
        "indicator_id": q.indicator_id,
        "cell": {d: cell[d] for d in DIMENSIONS},
        "value": None if cell["is_suppressed"] else cell["value"],
        "numerator": None if cell["is_suppressed"] else cell["numerator"],
        "denominator": None if cell["is_suppressed"] else cell["denominator"],
        "unit": cell["unit"],
        "is_suppressed": bool(cell["is_suppressed"]),
        "release": release_id,
        "producing_model": producing[0][0],
        "models": chain,
    }
    if release_folder is None:
        result["source_files"] = working_source_files(con, sources)
    else:
        page = release_folder / "report" / "regio" / f"{cell['sto_regio_id']}.html"
        if cell["sto_regio_id"] is not None and page.exists():
            result["report_page"] = str(page)  # the regioportret that shows the region's figures
        manifest = json.loads((release_folder / "manifest.json").read_text(encoding="utf-8"))
        result["source_files"] = [f for f in manifest.get("source_files", []) if f["source"] in sources]
    block = trace_block(lineage, q.indicator_id)
    recorded = None
    if block and block.get("rows_model"):
        if release_folder is None:
            recorded = counted_rows(con, lineage, [q.indicator_id], cell).get(_cell_key(q.indicator_id, cell))
        else:
            recorded = _recorded_rows(lineage, q.indicator_id, cell)
    result["source_rows"] = rows_for_cell(lineage, block, recorded)
    return result


# ---------------------------------------------------------------- printing


def format_text(t: dict) -> str:
    out = [f"indicator  {t['indicator_id']}  ({describe(t['cell'])})"]
    if t["release"]:
        out.append(f"release    {t['release']}")
    if t.get("report_page"):
        out.append(f"page       {t['report_page']}")
    if t["is_suppressed"]:
        out.append("value      SUPPRESSED (small cell: value, numerator and denominator are withheld in this release)")
    else:
        out.append(f"value      {t['value']}  {t['unit']}")
        out.append(f"numerator  {t['numerator']}")
        out.append(f"denominator {t['denominator']}")
    out.append("")
    out.append(f"models (mart -> sources; producing model {t['producing_model']}):")
    for n in t["models"]:
        out.append(f"  {n['resource_type']:<7} {n['relation']:<48} {n['path']}")
    out.append("")
    out.append("source files:")
    for f in t["source_files"]:
        out.append(f"  {f['file']}  sha256 {f['sha256']}  load {f['load_id']}  ({f['rows']} rows)")
    if not t["source_files"]:
        out.append("  (none)")
    out.append("")
    rows = t["source_rows"]
    if isinstance(rows, str):
        out.append(f"source rows: {rows}")
    else:
        for key in ("numerator", "denominator"):
            r = rows.get(key)
            if r is None:
                out.append(f"source rows, {key}: none (the indicator has no {key})")
                continue
            out.append(f"source rows, {key}: {r['rows']} rows of {r['rows_model']}")
            if r.get("counts"):
                out.append(f"    counted: {r['counts']}")
            for file, n in r["per_file"].items():
                out.append(f"    {n:>8}  {file}")
    return "\n".join(out)
