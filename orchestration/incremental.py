"""Incremental dbt builds by schooljaar: which schooljaren of which models a build must rebuild.

The large intermediate models keyed by schooljaar are dbt incremental models on DuckDB (macro
incremental_by_schooljaar; docs/operations.md, "What a refresh rebuilds"). Each declares which schooljaren
its rows of schooljaar t are computed from (`meta.schooljaar_reads` = [first, last] offsets, t+first ..
t+last). A build compares a content hash per raw table and schooljaar (`_schooljaar`, the loader's
partition) with the one recorded after the last complete build (every blocking test passed), and rebuilds,
per incremental model, the schooljaren t for which a raw partition it depends on changed in t+first ..
t+last. Everything else is as in a full build: every other model is a table built again over all
schooljaren, every test runs.

A refresh (not the check or release job, which promise every test) runs only the nodes a changed raw table
feeds (`DbtGraph`): the models, seeds and tests with no changed raw table upstream are left as the last
complete build left them (their inputs and the dbt project are the same, so building them again would give the
same tables and outcomes), provided the built tables are still exactly as that build left them.

A full build (`dbt build --full-refresh`) when: no build was recorded; the dbt project changed; a build
since the last recorded one did not finish cleanly as a full build, or ran on a subset of the models;
`sto-monitor refresh --full` asked for one. A model that depends on a changed raw table without a
schooljaar partition (a snapshot such as duo_vestigingen or a reference list, a multi-year file) rebuilds
every schooljaar.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.paths import StoHome

ENV_VAR = "STO_SCHOOLJAREN_TO_REBUILD"
NO_SCHOOLJAAR = "null"  # the key of the rows without a schooljaar in a table's partition hashes


@dataclass(frozen=True)
class IncrementalModel:
    name: str
    reads: tuple[int, int]  # row of schooljaar t is computed from raw schooljaren t+reads[0] .. t+reads[1]
    sources: frozenset[str]  # the raw tables upstream (every path through the DAG)


@dataclass(frozen=True)
class DbtGraph:
    """The nodes of the parsed dbt project that a build runs (models, seeds, data tests) with the raw tables
    upstream of each (every path through the DAG) and the dbt selector of each (`fqn:` and its dotted fqn)."""

    raw_tables: Mapping[str, frozenset[str]]  # unique_id -> raw tables upstream
    selectors: Mapping[str, str]  # unique_id -> dbt selector of that node alone

    @classmethod
    def from_manifest(cls, manifest: Mapping) -> DbtGraph:
        upstream = _upstream_raw_tables(manifest)
        nodes = {
            unique_id: node
            for unique_id, node in manifest.get("nodes", {}).items()
            if node.get("resource_type") in ("model", "seed", "snapshot", "test")
        }
        fqns = {unique_id: tuple(node["fqn"]) for unique_id, node in nodes.items()}
        # dbt's fqn method selects every node whose fqn starts with the selector's parts: a node whose fqn begins
        # another's gets no selector (it is never left out: it runs whenever the build runs)
        prefixes = {fqn[:i] for fqn in fqns.values() for i in range(1, len(fqn))}
        return cls(
            raw_tables={unique_id: upstream(unique_id) for unique_id in nodes},
            selectors={u: "fqn:" + ".".join(fqn) for u, fqn in fqns.items() if fqn not in prefixes},
        )

    def not_fed_by(self, tables: set[str]) -> list[str]:
        """The nodes (unique_ids) that no raw table in `tables` feeds and that can be left out of a build."""
        return sorted(u for u, raw in self.raw_tables.items() if not raw & tables and u in self.selectors)


def _upstream_raw_tables(manifest: Mapping) -> Callable[[str], frozenset[str]]:
    """unique_id -> the raw tables upstream of that node in the parsed dbt project (manifest.json)."""
    nodes = manifest.get("nodes", {})
    sources = manifest.get("sources", {})
    upstream: dict[str, frozenset[str]] = {}

    def raw_tables(unique_id: str) -> frozenset[str]:
        if unique_id in sources:
            source = sources[unique_id]
            return frozenset([source.get("identifier") or source["name"]])
        if unique_id not in upstream:
            upstream[unique_id] = frozenset()  # (a cycle cannot occur in dbt; guards the recursion)
            deps = nodes.get(unique_id, {}).get("depends_on", {}).get("nodes", [])
            upstream[unique_id] = frozenset().union(*(raw_tables(d) for d in deps))
        return upstream[unique_id]

    return raw_tables


def exclusion_args(selectors: Sequence[str]) -> list[str]:
    """The arguments of `dbt build` that leave out the nodes of `selectors` (DbtGraph.selectors) and nothing
    else: with indirect selection "empty", a test is left out only when its own selector is."""
    if not selectors:
        return []
    return ["--exclude", " ".join(selectors), "--indirect-selection", "empty"]


@dataclass
class BuildPlan:
    """What a dbt build rebuilds: everything (`full`, with `reason`), or per incremental model the schooljaren
    to rebuild (None: all of them)."""

    full: bool
    reason: str = ""
    changed: dict[str, list[int]] = field(default_factory=dict)  # raw table -> changed schooljaren
    whole_tables: list[str] = field(default_factory=list)  # changed raw tables without schooljaar partitions
    models: dict[str, list[int] | None] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # nodes no changed raw table feeds (unique_ids)
    exclude: list[str] = field(default_factory=list)  # their dbt selectors (`dbt build --exclude`)

    def env(self) -> dict[str, str]:
        """The environment of the dbt process (macro schooljaren_to_rebuild); empty for a full build."""
        if self.full:
            return {}
        plan = {name: years for name, years in self.models.items() if years is not None}
        return {ENV_VAR: json.dumps(plan, sort_keys=True)}

    def selection_args(self) -> list[str]:
        """The arguments of `dbt build` that leave out the nodes in `left_out` (none when nothing is). dbt's
        default indirect selection (eager) would also leave out every test with a parent left out, a test of a
        rebuilt model and a model left out among them: tests are selected by name like every other node."""
        return exclusion_args(self.exclude)

    def describe(self) -> str:
        """One progress line: what is built and why."""
        if self.full:
            return f"dbt build: every model over every schooljaar ({self.reason})"
        changed = sorted({y for years in self.changed.values() for y in years})
        rebuilt = sorted({y for years in self.models.values() if years for y in years})
        neighbours = sorted(set(rebuilt) - set(changed))
        parts = []
        if changed:
            text = f"schooljaren {', '.join(map(str, changed))}"
            if neighbours:
                text += f" (+{', '.join(map(str, neighbours))} neighbour{'s' if len(neighbours) > 1 else ''})"
            parts.append(text + " incrementally")
        else:
            parts.append("no schooljaar to rebuild in the incremental models")
        whole = sorted(name for name, years in self.models.items() if years is None)
        if whole:
            parts.append(
                f"every schooljaar of {', '.join(whole)} (raw {', '.join(self.whole_tables)} changed, "
                "without schooljaar partitions)"
            )
        if not self.left_out:
            return "dbt build: " + "; ".join(parts) + ", every other model in full, every test"
        kinds = Counter(unique_id.split(".", 1)[0] for unique_id in self.left_out)
        kept = ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in sorted(kinds.items()))
        return (
            "dbt build: " + "; ".join(parts) + ", every other model that a changed raw table feeds in full, and "
            f"their tests; {kept} that no changed raw table feeds left as built"
        )


def incremental_models(manifest: Mapping) -> dict[str, IncrementalModel]:
    """The incremental models of the parsed dbt project (manifest.json) with their raw tables upstream."""
    raw_tables = _upstream_raw_tables(manifest)
    out = {}
    for unique_id, node in manifest.get("nodes", {}).items():
        config = node.get("config", {})
        reads = (config.get("meta") or {}).get("schooljaar_reads")
        if node.get("resource_type") != "model" or config.get("materialized") != "incremental" or reads is None:
            continue
        out[node["name"]] = IncrementalModel(node["name"], (int(reads[0]), int(reads[1])), raw_tables(unique_id))
    return out


def plan_build(
    last: Mapping | None,
    now: Mapping,
    models: Mapping[str, IncrementalModel],
    pending: Mapping | None = None,
    graph: DbtGraph | None = None,
) -> BuildPlan:
    """The plan of a build on the warehouse state `now` (orchestration.build_state.warehouse_state) after the build
    recorded in `last` (None: none recorded), with `pending` the builds started since then that did not
    finish cleanly (or a requested full build). With the project's `graph`, the nodes that no changed raw
    table feeds are left out, unless a built table is not as the last complete build left it."""
    pending = pending or {}
    if pending.get("full"):
        return BuildPlan(True, pending.get("reason") or "a full build was requested")
    if last is None or "raw_schooljaren" not in last:
        return BuildPlan(True, "no complete build recorded")
    if last.get("project") != now.get("project"):
        return BuildPlan(True, "the dbt project changed")
    before, after = last["raw_schooljaren"], now["raw_schooljaren"]
    changed: dict[str, list[int]] = {}
    whole_tables = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        if old == new:
            continue
        keys = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        if NO_SCHOOLJAAR in keys:
            whole_tables.append(table)
        years = sorted(int(k) for k in keys if k != NO_SCHOOLJAAR)
        if years:
            changed[table] = years
    unfinished = {}  # a build that did not finish cleanly: its years again
    for table, years in (pending.get("changed") or {}).items():
        unfinished[table] = {int(y) for y in years}
        changed[table] = sorted(set(changed.get(table, [])) | unfinished[table])
    for table in pending.get("whole_tables") or []:
        if table not in whole_tables:
            whole_tables.append(table)
    upstream = frozenset().union(*(m.sources for m in models.values()))
    plan = BuildPlan(
        False,
        changed={t: years for t, years in changed.items() if t in upstream},
        whole_tables=sorted(set(whole_tables) & upstream),
    )
    for name, model in sorted(models.items()):
        if model.sources & set(whole_tables):
            plan.models[name] = None
            continue
        years = {y for table in model.sources & set(changed) for y in changed[table]}
        # a schooljaar that no raw table of the model holds, before or after (or in an unfinished build), has
        # no rows either way
        present = {int(k) for t in model.sources for k in (*before.get(t, {}), *after.get(t, {})) if k != NO_SCHOOLJAAR}
        present |= {y for t in model.sources for y in unfinished.get(t, ())}
        plan.models[name] = sorted(
            {y - offset for y in years for offset in range(model.reads[0], model.reads[1] + 1)} & present
        )
    built_as_recorded = all(last.get(part) == now.get(part) for part in ("tables", "views", "marts"))
    if graph is not None and built_as_recorded:
        # every raw table that changed (or that an unfinished build read) is in `changed` or `whole_tables`
        plan.left_out = graph.not_fed_by(set(changed) | set(whole_tables))
        plan.exclude = [graph.selectors[unique_id] for unique_id in plan.left_out]
    return plan


# ---------------------------------------------------------------- builds that did not finish cleanly


def _pending_file(home: StoHome) -> Path:
    return home.root / "cache" / "dbt_build_pending.json"


def read_pending(home: StoHome) -> dict | None:
    path = _pending_file(home)
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, ValueError):
        return {"full": True, "reason": "the record of an unfinished build is unreadable"}


def mark_pending(home: StoHome, plan: BuildPlan | None) -> None:
    """Before a build starts: what it may change, merged with earlier unfinished builds, so that the next
    build rebuilds it again unless this one finishes cleanly (clear_pending). `plan` None: a build of every
    schooljaar outside a plan (a subset of the models), after which only a full build is safe."""
    pending = read_pending(home) or {}
    if plan is None:
        pending = {"full": True, "reason": "a build of some of the models ran since the last complete build"}
    elif plan.full:
        pending = {"full": True, "reason": "the last full build did not finish cleanly"}
    elif not pending.get("full"):
        changed = pending.get("changed") or {}
        for table, years in plan.changed.items():
            changed[table] = sorted(set(changed.get(table, [])) | set(years))
        pending = {
            "changed": changed,
            "whole_tables": sorted(set(pending.get("whole_tables") or []) | set(plan.whole_tables)),
        }
    path = _pending_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(pending), encoding="utf-8")


def request_full_build(home: StoHome, reason: str) -> None:
    """`sto-monitor refresh --full`: the next build rebuilds every model over every schooljaar."""
    path = _pending_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"full": True, "reason": reason}), encoding="utf-8")


def clear_pending(home: StoHome) -> None:
    _pending_file(home).unlink(missing_ok=True)
