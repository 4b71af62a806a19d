"""Column-level lineage of every mart column: sqlglot over the SQL a dbt build compiled.

For each column of each model in schema marts, the upstream columns it is computed from, as
`<schema>.<model>.<column>` (leaves of sqlglot's lineage tree), resolved by the dbt build that builds the
mart (from the SQL it compiled), recorded with that build (orchestration/build_state.py) and written into
every release as lineage/columns.json (docs/lineage.md).
A column with no upstream column (a constant, count(*)) or that sqlglot cannot resolve gets an empty
list, never a guess. Dagster shows the model-level graph; the column map is in the release.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sqlglot import exp
from sqlglot.lineage import lineage
from sqlglot.schema import MappingSchema, ensure_schema

from ingest.paths import DBT_PROJECT_DIR

# sqlglot's lineage of a model is a function of its compiled SQL, its columns and the documented schema:
# kept per such key beside dbt's other build output, so that a refresh and a release of an unchanged
# project resolve each mart once (about 5 s per build on an idle core)
CACHE_DIR = DBT_PROJECT_DIR / "target" / "column_lineage"


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


def _schema_key(schema: dict) -> str:
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()


def cached_model_column_lineage(sql: str, columns, schema: MappingSchema, schema_key: str) -> dict[str, list[str]]:
    """model_column_lineage, read from CACHE_DIR when this SQL, these columns and this schema were resolved
    before (by any build of the project); written there atomically otherwise."""
    names = list(columns)
    key = hashlib.sha256(json.dumps([sql, names, schema_key]).encode()).hexdigest()
    path = CACHE_DIR / f"{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    result = model_column_lineage(sql, names, schema)
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{key}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(result), encoding="utf-8")
        os.replace(partial, path)
    except OSError:  # a read-only checkout: computed every time
        pass
    return result


def model_column_lineage(sql: str, columns, schema: dict | MappingSchema) -> dict[str, list[str]]:
    """column -> upstream `schema.model.column` list for one model's compiled SQL.

    One sqlglot pass per model (parse and qualify once, all output columns with a shared cache);
    only when that pass fails is each column tried on its own, so one unresolvable column does
    not empty the others."""
    schema = ensure_schema(schema, dialect="duckdb")
    try:
        nodes = {name.lower(): node for name, node in lineage(None, sql, schema=schema, dialect="duckdb").items()}
    except Exception:  # noqa: BLE001 - fall back to column by column below
        nodes = None
    cols: dict[str, list[str]] = {}
    for column in columns:
        if nodes is not None:
            node = nodes.get(column.lower())
            cols[column] = _leaves(node) if node is not None else []
            continue
        try:
            cols[column] = _leaves(lineage(column, sql, schema=schema, dialect="duckdb"))
        except Exception:  # noqa: BLE001 - an unresolvable column is reported, not guessed
            cols[column] = []
    return cols


class DagsterColumnLineage:
    """Dagster metadata for the dbt assets of schema marts: `dagster/column_lineage` (a
    TableColumnLineage built from model_column_lineage over the model's compiled SQL of the running
    dbt build) and `dagster/column_schema` (the documented columns and their contract types)."""

    def __init__(self, manifest: dict, asset_key_of):
        self.manifest = manifest
        self.resolved: dict[str, dict[str, list[str]]] = {}  # mart -> column -> upstream, of the marts built
        plain = _schema(manifest)
        self.schema, self.schema_key = ensure_schema(plain, dialect="duckdb"), _schema_key(plain)
        self.keys = {}  # "schema.relation" -> asset key of that model / seed / source
        for node in [*manifest.get("nodes", {}).values(), *manifest.get("sources", {}).values()]:
            if node.get("resource_type") in ("model", "seed", "source"):
                name = node.get("identifier") or node.get("alias") or node["name"]
                self.keys[f"{node['schema']}.{name}"] = asset_key_of(node)

    def metadata(self, unique_id: str, compiled_sql: str) -> dict:
        # Dagster imported here, not with the module: the release's lineage process (write_columns_json)
        # runs without it (≈ 70 MB less beside the release's describing)
        import dagster as dg

        node = self.manifest.get("nodes", {}).get(unique_id)
        if node is None or node.get("resource_type") != "model" or node.get("schema") != "marts":
            return {}
        columns = node.get("columns") or {}
        deps = {}
        lineage_by_column = cached_model_column_lineage(compiled_sql, columns, self.schema, self.schema_key)
        self.resolved[node["name"]] = lineage_by_column
        for column, upstream in lineage_by_column.items():
            deps[column] = [
                dg.TableColumnDep(asset_key=self.keys[u.rsplit(".", 1)[0]], column_name=u.rsplit(".", 1)[1])
                for u in upstream
                if u.rsplit(".", 1)[0] in self.keys
            ]
        schema = dg.TableSchema(
            columns=[
                dg.TableColumn(name=c, type=v.get("data_type") or "", description=v.get("description") or None)
                for c, v in columns.items()
            ]
        )
        return {
            "dagster/column_lineage": dg.TableColumnLineage(deps_by_column=deps),
            "dagster/column_schema": schema,
        }


def mart_names(manifest: dict) -> set[str]:
    """The models in schema marts of a manifest."""
    return {
        node["name"]
        for node in manifest.get("nodes", {}).values()
        if node.get("resource_type") == "model" and node.get("schema") == "marts"
    }


def write_columns_json(folder: Path, marts: dict[str, dict[str, list[str]]]) -> None:
    """lineage/columns.json: mart -> column -> upstream `schema.model.column` list."""
    (folder / "lineage").mkdir(exist_ok=True)
    text = json.dumps(marts, indent=1, sort_keys=True) + "\n"
    (folder / "lineage" / "columns.json").write_text(text, encoding="utf-8")
