"""The Definitions load (as `dagster dev` loads them) and the asset graph does not change by accident.

When an asset or dependency changes on purpose, regenerate the snapshot:
    STO_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_definitions.py
and review the diff of tests/snapshots/asset_graph.json.
"""

import json
import os
from pathlib import Path

import dagster as dg

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


def current_graph(defs) -> dict[str, list[str]]:
    graph = defs.resolve_asset_graph()
    return {
        key.to_user_string(): sorted(dep.to_user_string() for dep in graph.get(key).parent_keys)
        for key in sorted(graph.get_all_asset_keys())
    }


def test_definitions_load_and_validate(defs):
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("refresh") is not None


def test_asset_graph_matches_snapshot(defs):
    graph = current_graph(defs)
    if os.environ.get("STO_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(graph, indent=2, sort_keys=True) + "\n")
    assert graph == json.loads(SNAPSHOT.read_text())


def test_dbt_tests_are_asset_checks(defs):
    keys = defs.resolve_asset_graph().asset_check_keys
    checks = {k.name for k in keys}
    # a model's column rules are one check (tests/generic/column_checks.sql), on that model's asset
    assert any(
        k.name == "column_checks_stg_duo__vestigingen" and k.asset_key.path[-1] == "stg_duo__vestigingen" for k in keys
    )
    assert "assert_pupils_lj3_profiles_sum_to_totals" in checks


def test_translator_maps_sources_to_ingest_assets(defs):
    graph = current_graph(defs)
    assert graph["raw/duo_leerlingen_vestiging"] == []
    assert "raw/duo_leerlingen_vestiging" in graph["staging/stg_duo__leerlingen_vestiging"]
