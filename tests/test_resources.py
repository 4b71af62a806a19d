"""The warehouse connections of a refresh cap DuckDB's memory as dbt's does (orchestration/warehouse.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orchestration.errors import UserError
from orchestration.resources import WarehouseResource
from orchestration.warehouse import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_VAR, connect_warehouse

PROFILES = Path(__file__).resolve().parents[1] / "dbt_project" / "profiles.yml"


def setting(resource: WarehouseResource, read_only: bool = False) -> str:
    with resource.connect(read_only=read_only) as con:
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_a_warehouse_connection_is_capped_by_the_variable_dbt_reads(tmp_path, monkeypatch):
    resource = WarehouseResource(sto_home=str(tmp_path / "sto_home"))
    monkeypatch.delenv(MEMORY_LIMIT_VAR, raising=False)
    assert setting(resource) == "953.6 MiB"  # 1GB = 10^9 bytes, as DuckDB prints it
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "300MB")
    assert setting(resource) == "286.1 MiB"
    assert setting(resource, read_only=True) == "286.1 MiB"


def test_dbt_and_the_warehouse_connections_have_the_same_default():
    (default,) = re.findall(rf"env_var\('{MEMORY_LIMIT_VAR}', '([^']+)'\)", PROFILES.read_text(encoding="utf-8"))
    assert default == DEFAULT_MEMORY_LIMIT == "1GB"


def test_a_cap_that_is_no_memory_size_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "lots")
    with pytest.raises(UserError, match=r"^STO_DUCKDB_MEMORY_LIMIT='lots' is not a memory size"):
        setting(WarehouseResource(sto_home=str(tmp_path / "sto_home")))


def test_every_connection_to_the_warehouse_file_opens_through_the_capped_one():
    """No module but orchestration/warehouse.py calls duckdb.connect on the warehouse file (lock.py's probe opens
    and closes it at once to see whether another program holds it)."""
    root = Path(__file__).resolve().parents[1] / "orchestration"
    direct = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if path.name not in ("warehouse.py", "lock.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"duckdb\.connect\(str\((home\.|self\.home\.)?database\)", line)
    ]
    assert direct == []


def test_a_read_only_connection_is_capped_too(tmp_path, monkeypatch):
    database = tmp_path / "w.duckdb"
    connect_warehouse(database).close()
    monkeypatch.setenv(MEMORY_LIMIT_VAR, "200MB")
    con = connect_warehouse(database, read_only=True)
    try:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "190.7 MiB"
    finally:
        con.close()
