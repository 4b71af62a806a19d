"""Dagster Definitions, resources and the `sto-monitor` command line for the STO monitor warehouse."""
