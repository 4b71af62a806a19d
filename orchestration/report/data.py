"""The release a report is rendered from: its marts/*.parquet as DuckDB tables in memory (never the
working warehouse), its indicator catalog and its checks.json.

A report asks about 1,500 small questions of one release (78 region pages of a dozen each), so each mart
is read from its Parquet file once, a question asked again (the national cells every region page shows
beside its own) is answered from what the first answer returned, and a question each region page asks of
its own region is asked once for every region (`rows_for`): a release never changes."""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.report.formatting import is_missing
from orchestration.warehouse import connect_duckdb

FLOAT_TYPES = {"DOUBLE", "FLOAT"}  # the DuckDB types whose values can be NaN


class ReleaseData:
    """The marts of one release folder. `release_id` defaults to the one in its manifest.json (given
    explicitly while the release is still being built)."""

    def __init__(self, folder: Path, release_id: str | None = None):
        self.folder = folder
        self.release_id = release_id or folder.name
        manifest = folder / "manifest.json"
        if release_id is None and manifest.exists():
            self.release_id = json.loads(manifest.read_text(encoding="utf-8")).get("release_id", folder.name)
        self.con = connect_duckdb()
        self.marts = {p.stem: p for p in sorted((folder / "marts").glob("*.parquet"))}
        for name, path in self.marts.items():
            self.con.execute(f"CREATE TABLE \"{name}\" AS SELECT * FROM read_parquet('{path.as_posix()}')")
        self._answers: dict[tuple[str, str], list[dict]] = {}
        self._grouped: dict[tuple, dict[tuple, list[dict]]] = {}
        self._cells: dict[tuple, dict[tuple, list[dict]]] = {}
        self.indicator_names: dict[str, str] = {}
        if "indicator_catalog" in self.marts:
            catalog = self.rows("SELECT indicator_id, name_nl FROM indicator_catalog")
            self.indicator_names = {r["indicator_id"]: r["name_nl"] for r in catalog}

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ReleaseData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        """The rows of a query as dicts (new ones on every call); NaN read as None (a missing value, as
        NULL). A query asked before with the same parameters is answered from its first answer."""
        key = (sql, repr(params or []))  # parameters may hold lists (an IN list)
        if key not in self._answers:
            self._answers[key] = self._fetch(sql, params)
        return [dict(r) for r in self._answers[key]]

    def rows_for(self, sql: str, by: tuple[str, ...], key: tuple, params: list | None = None) -> list[dict]:
        """The rows of `sql` whose columns `by` hold `key` (None: NULL), in the query's order, as dicts (new
        ones on every call). The query is asked once for every key: the 78 region pages ask it once, not
        once each (`sql` selects the columns `by` and leaves the key out of its WHERE)."""
        asked = (sql, repr(params or []), by)
        if asked not in self._grouped:
            grouped: dict[tuple, list[dict]] = {}
            for r in self._fetch(sql, params):
                grouped.setdefault(tuple(r[c] for c in by), []).append(r)
            self._grouped[asked] = grouped
        return [dict(r) for r in self._grouped[asked].get(key, [])]

    def indicator_cells(self, indicator_id: str, dimensions: tuple[str, ...]) -> dict[tuple, list[dict]]:
        """Every row of one indicator in indicator_values by its cell (the tuple of its values of
        `dimensions`, None for "all"), each cell's rows latest schooljaar first; one query per indicator
        for all the cells the report shows of it. The rows are shared between calls: copy before changing."""
        key = (indicator_id, dimensions)
        if key not in self._cells:
            cells: dict[tuple, list[dict]] = {}
            sql = "SELECT * FROM indicator_values WHERE indicator_id = ? ORDER BY schooljaar DESC"
            for r in self._fetch(sql, [indicator_id]):
                cells.setdefault(tuple(r[d] for d in dimensions), []).append(r)
            self._cells[key] = cells
        return self._cells[key]

    def _fetch(self, sql: str, params: list | None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        # NaN as None: only in the floating-point columns (looked up once per column, not per value)
        floats = [c for c, d in zip(cols, cur.description, strict=True) if str(d[1]) in FLOAT_TYPES]
        for row in rows:
            for c in floats:
                if is_missing(row[c]):
                    row[c] = None
        return rows

    def columns(self, mart: str) -> list[str]:
        return [r[0] for r in self.con.execute(f'DESCRIBE "{mart}"').fetchall()]

    def has_rows(self, mart: str) -> bool:
        return mart in self.marts and self.rows(f'SELECT count(*) AS n FROM "{mart}"')[0]["n"] > 0

    def latest_rows(self, mart: str, year_column: str = "schooljaar", where: str = "TRUE") -> tuple[int, list[dict]]:
        """The rows of the mart's latest year (among the rows matching `where`) and that year."""
        year = self.con.execute(f'SELECT max({year_column}) FROM "{mart}" WHERE {where}').fetchall()[0][0]
        return year, self.rows(f'SELECT * FROM "{mart}" WHERE {year_column} = ? AND {where}', [year])

    def warnings(self) -> list[dict] | None:
        """The non-blocking checks that warned (checks.json); None when the release has no checks.json."""
        path = self.folder / "checks.json"
        if not path.exists():
            return None
        checks = json.loads(path.read_text(encoding="utf-8")).get("checks", [])
        return [c for c in checks if c.get("status") == "warn"]
