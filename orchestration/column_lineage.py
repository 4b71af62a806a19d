"""Column-level lineage of every mart column: sqlglot over the compiled SQL in dbt's manifest.

For each column of each model in schema marts, the upstream columns it is computed from, as
`<schema>.<model>.<column>` (leaves of sqlglot's lineage tree). Written into every release as
lineage/columns.json (docs/lineage.md).
A column with no upstream column (a constant, count(*)) or that sqlglot cannot resolve gets an empty
list, never a guess. Dagster shows the model-level graph; the column map is in the release.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlglot import exp
from sqlglot.lineage import lineage

from ingest.paths import DBT_PROJECT_DIR


def _schema(manifest: dict) -> dict:
    """{database: {schema: {table: {column: type}}}} from the documented columns of every node."""
    out: dict = {}
    for node in [*manifest.get("nodes", {}).values(), *manifest.get("sources", {}).values()]:
        if node.get("resource_type") not in ("model", "seed", "source"):
            continue
        cols = {c: (v.get("data_type") or "VARCHAR") for c, v in (node.get("columns") or {}).items()}
        if not cols:
            continue
        name = node.get("identifier") or node.get("alias") or node["name"]
        out.setdefault(node.get("database") or "", {}).setdefault(node["schema"], {})[name] = cols
    return out


def _leaves(node) -> list[str]:
    found = []
    stack = [node]
    while stack:
        n = stack.pop()
        if not n.downstream:
            source = n.source
            if isinstance(source, exp.Table):
                found.append(f"{source.db}.{source.name}.{n.name.split('.')[-1]}")
        stack.extend(n.downstream)
    return sorted(set(found))


def mart_column_lineage(manifest: dict) -> dict[str, dict[str, list[str]]]:
    """mart -> column -> upstream `schema.model.column` list."""
    schema = _schema(manifest)
    out: dict[str, dict[str, list[str]]] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "model" or node.get("schema") != "marts":
            continue
        sql = node.get("compiled_code")
        if not sql:
            continue
        cols: dict[str, list[str]] = {}
        for column in node.get("columns") or {}:
            try:
                cols[column] = _leaves(lineage(column, sql, schema=schema, dialect="duckdb"))
            except Exception:  # noqa: BLE001 - an unresolvable column is reported, not guessed
                cols[column] = []
        out[node["name"]] = cols
    return out


def compiled_manifest() -> dict:
    """The manifest of the newest dbt run (dagster-dbt writes one target folder per run) that holds
    compiled SQL; the parse-only target/manifest.json has none."""
    candidates = sorted(
        (DBT_PROJECT_DIR / "target").glob("*/manifest.json"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for path in candidates:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if any(n.get("compiled_code") for n in manifest.get("nodes", {}).values()):
            return manifest
    return {"nodes": {}}


def write_columns_json(folder: Path, manifest: dict) -> None:
    (folder / "lineage").mkdir(exist_ok=True)
    (folder / "lineage" / "columns.json").write_text(
        json.dumps(mart_column_lineage(manifest), indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
