"""Where things live: everything under STO_HOME (default ./warehouse)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


@dataclass(frozen=True)
class StoHome:
    root: Path

    @classmethod
    def from_env(cls) -> StoHome:
        return cls(Path(os.environ.get("STO_HOME", str(PROJECT_ROOT / "warehouse"))).expanduser().resolve())

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def database(self) -> Path:
        return self.root / "sto_monitor.duckdb"

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def ensure(self) -> None:
        for p in (self.root, self.landing):
            p.mkdir(parents=True, exist_ok=True)
