"""A dbt-duckdb plugin (dbt_project/profiles.yml, `plugins:`): the cap of DuckDB's memory for dbt's own
connection, read from STO_DUCKDB_MEMORY_LIMIT when dbt connects (sto-monitor sets it for every dbt process:
`dbt_environment` in orchestration/dbt.py), 800MB for dbt run by hand without it.

The cap was a `settings:` value of the profile, rendered from the variable. dbt parses the whole project
again when the profile differs from the one of the last parse, so every build with another cap (the user's,
a retried build's, a test's) parsed it again first (4-9 s). The profile's entry for this plugin is the same
whatever the cap, so every build reuses the one parse (`prepare_manifest`). Runs only in dbt's process."""

from __future__ import annotations

import os
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from orchestration.warehouse import MEMORY_LIMIT_VAR

BY_HAND = "800MB"  # dbt run by hand from dbt_project/, which has no retry (docs/operations.md)


class Plugin(BasePlugin):
    def update_connection_config(self, creds: Any, config: dict[str, Any]) -> None:
        """The cap in the configuration DuckDB is opened with, before dbt runs anything on it."""
        config["memory_limit"] = os.environ.get(MEMORY_LIMIT_VAR) or BY_HAND
