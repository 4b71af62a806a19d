"""`sto-monitor trace`: from one cell of marts.indicator_values back to the source rows (docs/lineage.md).

A cell is chosen by indicator_id plus its dimensions; a dimension not given means NULL ("all").
The chain of dbt models comes from dbt's manifest (working warehouse: dbt_project/target/manifest.json;
a release: its lineage.json). Source rows are counted with the indicator's declarative `trace:` block
(catalog meta): distinct (_source_file, _source_row) of `rows_model` matching the numerator /
denominator predicate with the cell's values substituted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.ledger import source_files
from ingest.paths import StoHome
from orchestration.dbt_manifest import read_manifest
from orchestration.errors import UserError

DIMENSIONS = ("schooljaar", "sto_regio_id", "vestiging_id", "leerweg", "profiel", "breakdown", "breakdown_value")
PLACEHOLDER = re.compile(r"\{(and_)?([a-z_]+)\}")
NOT_DECLARED = "not declared for this indicator"
NOT_TRACEABLE = "not traced to source rows: "


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


# ---------------------------------------------------------------- predicates


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def render_predicate(template: str, cell: dict) -> str:
    """Substitute the cell's values: `{dim}` -> SQL literal (NULL when the cell is "all");
    `{and_dim}` -> `and dim = <literal>` when the cell has a value, else nothing."""

    def sub(m: re.Match) -> str:
        conditional, dim = m.group(1), m.group(2)
        if dim not in DIMENSIONS:
            raise UserError(f"trace predicate uses unknown placeholder {m.group(0)!r} (known: {', '.join(DIMENSIONS)})")
        value = cell.get(dim)
        if conditional:
            return "" if value is None else f"and {dim} = {_literal(value)}"
        return _literal(value)

    return PLACEHOLDER.sub(sub, template)


# ---------------------------------------------------------------- the trace


def _connect(home: StoHome, release_folder: Path | None) -> duckdb.DuckDBPyConnection:
    if release_folder is None:
        if not home.database.exists():
            raise UserError(f"no warehouse at {home.database}: run sto-monitor refresh first")
        return duckdb.connect(str(home.database), read_only=True)
    con = duckdb.connect(str(release_folder / "release.duckdb"), read_only=True)
    con.execute(f"SET file_search_path = '{release_folder}'")
    return con


def find_cell(con: duckdb.DuckDBPyConnection, q: CellQuery) -> dict:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'marts' AND table_name IN ('indicator_values', 'indicator_catalog')"
    ).fetchall()[0][0]
    if exists < 2:
        raise UserError("marts.indicator_values / marts.indicator_catalog are not built: run sto-monitor refresh")
    has_supp = "is_suppressed" in {r[0] for r in con.execute("DESCRIBE marts.indicator_values").fetchall()}
    where = ["indicator_id = ?"]
    params: list = [q.indicator_id]
    for dim in DIMENSIONS:
        value = getattr(q, dim)
        if dim == "schooljaar" and value is None:
            continue  # no schooljaar: any (the candidates list them)
        where.append(f"{dim} IS NOT DISTINCT FROM ?")
        params.append(value)
    cols = [*DIMENSIONS, "numerator", "denominator", "value", "unit", "is_suppressed" if has_supp else "false"]
    rows = con.execute(
        f"SELECT {', '.join(cols)} FROM marts.indicator_values WHERE {' AND '.join(where)} ORDER BY 1",
        params,
    ).fetchall()
    names = [*DIMENSIONS, "numerator", "denominator", "value", "unit", "is_suppressed"]
    if not rows:
        known = con.execute(
            "SELECT count(*) FROM marts.indicator_values WHERE indicator_id = ?", [q.indicator_id]
        ).fetchall()[0][0]
        if not known:
            raise UserError(f"no indicator {q.indicator_id!r} in marts.indicator_values")
        raise UserError(f"no cell of {q.indicator_id} matches {describe(vars(q))}")
    if len(rows) > 1:
        lines = [describe(dict(zip(names, r, strict=True))) for r in rows]
        raise AmbiguousCell(q.indicator_id, lines)
    return dict(zip(names, rows[0], strict=True))


class AmbiguousCell(UserError):
    def __init__(self, indicator_id: str, candidates: list[str]):
        self.candidates = candidates
        super().__init__(
            f"{len(candidates)} cells of {indicator_id} match; narrow with --schooljaar/--regio/--vestiging/"
            "--leerweg/--profiel/--breakdown"
        )


def describe(cell: dict) -> str:
    parts = [f"{d}={cell[d]}" for d in DIMENSIONS if cell.get(d) is not None and d != "breakdown_value"]
    if cell.get("breakdown_value") is not None:
        parts = [p for p in parts if not p.startswith("breakdown=")]
        parts.append(f"breakdown={cell.get('breakdown')}={cell['breakdown_value']}")
    return " ".join(parts) or "all (national)"


def count_rows(con: duckdb.DuckDBPyConnection, lineage: dict, block: dict, key: str, cell: dict) -> dict | None:
    template = block.get(key)
    if not template or not block.get("rows_model"):
        return None
    nodes = lineage["nodes"]
    model = next(
        (n for n in nodes.values() if n["resource_type"] == "model" and n["name"] == block["rows_model"]), None
    )
    if model is None:
        raise UserError(f"trace rows_model {block['rows_model']!r} is not a dbt model")
    predicate = render_predicate(template, cell)
    rows = con.execute(
        f"""
        SELECT _source_file, count(*) FROM (
            SELECT DISTINCT _source_file, _source_row FROM {model["schema"]}.{model["name"]} AS r WHERE {predicate}
        ) GROUP BY 1 ORDER BY 1
        """
    ).fetchall()
    out = {
        "rows": sum(n for _, n in rows),
        "per_file": {f: n for f, n in rows},
        "rows_model": f"{model['schema']}.{model['name']}",
        "predicate": " ".join(predicate.split()),
    }
    if block.get("counts"):
        out["counts"] = " ".join(str(block["counts"]).split())
    return out


def rows_for_cell(con: duckdb.DuckDBPyConnection, lineage: dict, block: dict | None, cell: dict):
    """The source rows of a cell per its trace block: counts for numerator and denominator, or the
    declared reason why the indicator is not traced to source rows, or NOT_DECLARED."""
    if block is None:
        return NOT_DECLARED
    if block.get("not_traceable"):
        return NOT_TRACEABLE + " ".join(str(block["not_traceable"]).split())
    return {
        "numerator": count_rows(con, lineage, block, "numerator", cell),
        "denominator": count_rows(con, lineage, block, "denominator", cell),
    }


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
    block = trace_block(lineage, q.indicator_id)
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
        result["source_rows"] = rows_for_cell(con, lineage, block, cell)
    else:
        page = release_folder / "report" / "regio" / f"{cell['sto_regio_id']}.html"
        if cell["sto_regio_id"] is not None and page.exists():
            result["report_page"] = str(page)  # the regioportret that shows the region's figures
        manifest = json.loads((release_folder / "manifest.json").read_text(encoding="utf-8"))
        result["source_files"] = [f for f in manifest.get("source_files", []) if f["source"] in sources]
        recorded = _recorded_rows(lineage, q.indicator_id, cell)
        if recorded is not None:
            result["source_rows"] = recorded
        elif block is None or block.get("not_traceable"):
            result["source_rows"] = rows_for_cell(con, lineage, block, cell)
        else:
            result["source_rows"] = "recorded only for cells traced at release time"
    return result


def _cell_key(indicator_id: str, cell: dict) -> str:
    return json.dumps([indicator_id, *(cell.get(d) for d in DIMENSIONS)], default=str)


def _recorded_rows(lineage: dict, indicator_id: str, cell: dict):
    """A cell's counts as recorded at release time ([[file index, rows], ...] per part, see
    record_cell_rows), in the shape count_rows returns."""
    recorded = lineage.get("cells", {}).get(_cell_key(indicator_id, cell))
    if recorded is None:
        return None
    block = trace_block(lineage, indicator_id) or {}
    files = lineage.get("cell_files", [])
    model = next(
        (
            n
            for n in lineage["nodes"].values()
            if n["resource_type"] == "model" and n["name"] == block.get("rows_model")
        ),
        {"schema": "?", "name": block.get("rows_model")},
    )
    out = {}
    for key, per_file in zip(("numerator", "denominator"), recorded, strict=True):
        if per_file is None:
            out[key] = None
            continue
        out[key] = {
            "rows": sum(n for _, n in per_file),
            "per_file": {files[i]: n for i, n in per_file},
            "rows_model": f"{model['schema']}.{model['name']}",
            "predicate": " ".join(render_predicate(block[key], cell).split()),
        }
        if block.get("counts"):
            out[key]["counts"] = " ".join(str(block["counts"]).split())
    return out


def _render_batch(template: str, nulls: set[str]) -> str:
    """The predicate for all cells with the same NULL dimensions at once: a NULL dimension as in
    render_predicate, any other as the column c_<dim> of the cells relation _c."""

    def sub(m: re.Match) -> str:
        conditional, dim = m.group(1), m.group(2)
        if dim not in DIMENSIONS:
            raise UserError(f"trace predicate uses unknown placeholder {m.group(0)!r} (known: {', '.join(DIMENSIONS)})")
        if dim in nulls:
            return "" if conditional else "NULL"
        return f"and {dim} = _c.c_{dim}" if conditional else f"_c.c_{dim}"

    return PLACEHOLDER.sub(sub, template)


def record_cell_rows(con: duckdb.DuckDBPyConnection, lineage: dict) -> tuple[dict, list[str]]:
    """At release time: the source-row counts of every cell of every indicator with a trace block, as
    ({cell key: [numerator, denominator]}, files) with a part = [[file index, rows], ...] (None when the
    indicator has no such part). The same predicates as count_rows, evaluated per indicator for all
    cells with the same NULL dimensions in one query (a join of the cells with the rows model)."""
    cells: dict[str, list] = {}
    files: dict[str, int] = {}
    nodes = lineage["nodes"]
    for node in nodes.values():
        for ind in node.get("indicators", []):
            block = ind.get("trace")
            if not block or not block.get("rows_model"):
                continue
            model = next(
                (n for n in nodes.values() if n["resource_type"] == "model" and n["name"] == block["rows_model"]), None
            )
            if model is None:
                raise UserError(f"trace rows_model {block['rows_model']!r} is not a dbt model")
            patterns = con.execute(
                f"SELECT DISTINCT {', '.join(f'{d} IS NULL' for d in DIMENSIONS)} "
                "FROM marts.indicator_values WHERE indicator_id = ?",
                [ind["id"]],
            ).fetchall()
            for pattern in patterns:
                nulls = {d for d, is_null in zip(DIMENSIONS, pattern, strict=True) if is_null}
                where = " AND ".join(f"{d} IS {'' if d in nulls else 'NOT '}NULL" for d in DIMENSIONS)
                cell_rows = con.execute(
                    f"SELECT {', '.join(DIMENSIONS)} FROM marts.indicator_values WHERE indicator_id = ? AND {where}",
                    [ind["id"]],
                ).fetchall()
                parts = {}
                for part in ("numerator", "denominator"):
                    if not block.get(part):
                        continue
                    predicate = _render_batch(block[part], nulls)
                    c_cols = ", ".join(f"{d} AS c_{d}" for d in DIMENSIONS)
                    keys = ", ".join(f"_c.c_{d}" for d in DIMENSIONS)
                    found = con.execute(
                        f"""
                        WITH _c AS (
                            SELECT {c_cols} FROM marts.indicator_values WHERE indicator_id = ? AND {where}
                        )
                        SELECT {keys}, r._source_file, count(DISTINCT r._source_row)
                        FROM _c, {model["schema"]}.{model["name"]} AS r
                        WHERE {predicate}
                        GROUP BY ALL
                        """,
                        [ind["id"]],
                    ).fetchall()
                    per_cell: dict[tuple, list] = {}
                    for r in found:
                        file_index = files.setdefault(r[-2], len(files))
                        per_cell.setdefault(tuple(r[: len(DIMENSIONS)]), []).append([file_index, r[-1]])
                    parts[part] = per_cell
                for r in cell_rows:
                    cell = dict(zip(DIMENSIONS, r, strict=True))
                    cells[_cell_key(ind["id"], cell)] = [
                        sorted(parts[p].get(tuple(r), [])) if p in parts else None for p in ("numerator", "denominator")
                    ]
    return cells, list(files)


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
