"""Dagster Definitions, resources and the `sto-monitor` command line for the STO monitor warehouse."""

import sys

# dbt-core stays out of the processes that run Dagster. dagster-dbt imports dbt-core's adapters whenever
# dbt-core is importable (about 1 s and 35 MB in every refresh, release and test process), only to open
# dbt's adapter inside Dagster's process; this project runs every dbt command as a subprocess and never
# opens that adapter (orchestration/dbt.py, StoDbtCliResource). Marking dbt.version as not importable
# (Python's import system reads a None in sys.modules as "no such module") makes dagster-dbt take its
# own path for a dbt that is installed outside the process, as for dbt Fusion. The one effect of
# importing this package; `setdefault` leaves a process that already imported dbt-core as it is.
sys.modules.setdefault("dbt.version", None)
