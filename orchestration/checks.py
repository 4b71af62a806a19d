"""The checks evaluated in Python, as they go into a release's checks.json (docs/quality.md): the raw
contracts (their outcomes as recorded in the load ledger), the landing zone against the ledger, and the
year-on-year anomaly rules. The dbt tests are Dagster asset checks (orchestration/release_assets.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from ingest.contracts import contract_outcomes
from ingest.ledger import landing_status, table_exists
from ingest.paths import StoHome
from ingest.rules import quality_rules
from ingest.sources import SOURCES
from orchestration.disclosure.catalog import thresholds
from orchestration.warehouse import connect_warehouse


@dataclass
class Check:
    """One check's result as it goes into checks.json."""

    kind: str  # dbt_test | contract | landing | anomaly | coverage
    name: str
    target: str
    passed: bool
    blocking: bool  # a failure of this check stops the release
    detail: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        status = "pass" if self.passed else ("fail" if self.blocking else "warn")
        return {
            "kind": self.kind,
            "name": self.name,
            "target": self.target,
            "status": status,
            "severity": "error" if self.blocking else "warn",
            "detail": self.detail,
            **self.extra,
        }

    @property
    def failed_blocking(self) -> bool:
        return self.blocking and not self.passed

    def label(self) -> str:
        return f"{self.kind} {self.name} on {self.target}" + (f" ({self.detail})" if self.detail else "")


def contract_checks(con: duckdb.DuckDBPyConnection) -> list[Check]:
    """The contract of every registered source over the rows in raw now (one check per failed expectation
    and partition; passing ones summarised per source), from the outcomes recorded in the ledger."""
    checks = []
    for source in SOURCES.values():
        outcomes = contract_outcomes(con, source)
        if not outcomes:
            continue
        failed = [o for o in outcomes if not o.passed]
        for o in failed:
            checks.append(
                Check("contract", o.expectation, f"raw/{source.name} {o.partition}", False, o.blocking, str(o))
            )
        checks.append(
            Check(
                "contract",
                "contract",
                f"raw/{source.name}",
                not any(o.blocking for o in failed),
                True,
                f"{len(outcomes) - len(failed)} of {len(outcomes)} expectations passed",
            )
        )
    return checks


def landing_checks(con: duckdb.DuckDBPyConnection, home: StoHome) -> list[Check]:
    """Every file in the landing zone is loaded as it is now (else raw is not what landing says)."""
    return [
        Check(
            "landing",
            "landing_file_loaded",
            f.file_name,
            False,
            True,
            f"the last load failed: {f.message}"
            if f.status == "failed"
            else "new or changed since the last refresh: run sto-monitor refresh",
        )
        for f in landing_status(con, home.landing)
        if not f.loaded
    ]


def anomaly_checks(con: duckdb.DuckDBPyConnection) -> list[Check]:
    """Year-on-year jumps per cell of marts.indicator_values beyond the configured thresholds (warnings).
    The rule of a cell: the default of its unit (count, percent, other) overlaid by its indicator's; DuckDB
    pairs each cell with the previous schooljaar's and keeps the jumps, Python words them."""
    rules = quality_rules().get("anomalies", {})
    defaults = rules.get("default", {})
    per_indicator = rules.get("indicators", {}) or {}
    if not table_exists(con, "marts", "indicator_values"):
        return []
    rule_of = {
        (indicator, unit): {
            **defaults.get(unit if unit in ("count", "percent") else "other", {}),
            **per_indicator.get(indicator, {}),
        }
        for indicator, unit in con.execute("SELECT DISTINCT indicator_id, unit FROM marts.indicator_values").fetchall()
    }
    if not rule_of:
        return []
    rule_rows = [
        (
            indicator,
            unit,
            float(rule.get("min_denominator", 0)),
            float(rule["points"]) if "points" in rule else None,
            float(rule.get("min_value", 0)),
            float(rule.get("relative", 0.25)),
        )
        for (indicator, unit), rule in rule_of.items()
    ]
    values = ", ".join("(?::VARCHAR, ?::VARCHAR, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE, ?::DOUBLE)" for _ in rule_rows)
    jumps = con.execute(
        f"""
        WITH rules (indicator_id, unit, min_denominator, points, min_value, relative) AS (VALUES {values}),
        pairs AS (
            SELECT cur.indicator_id, cur.unit, cur.schooljaar, prev.value AS prev, cur.value AS cur,
                   least(prev.denominator, cur.denominator) AS min_denominator,
                   concat_ws(' ', 'regio=' || cur.sto_regio_id, 'vestiging=' || cur.vestiging_id,
                             'leerweg=' || cur.leerweg, 'profiel=' || cur.profiel,
                             cur.breakdown || '=' || cur.breakdown_value) AS cell
            FROM marts.indicator_values AS cur
            JOIN marts.indicator_values AS prev
              ON prev.indicator_id = cur.indicator_id AND prev.schooljaar = cur.schooljaar - 1
             AND prev.sto_regio_id IS NOT DISTINCT FROM cur.sto_regio_id
             AND prev.vestiging_id IS NOT DISTINCT FROM cur.vestiging_id
             AND prev.leerweg IS NOT DISTINCT FROM cur.leerweg
             AND prev.profiel IS NOT DISTINCT FROM cur.profiel
             AND prev.breakdown IS NOT DISTINCT FROM cur.breakdown
             AND prev.breakdown_value IS NOT DISTINCT FROM cur.breakdown_value
            WHERE cur.value IS NOT NULL AND prev.value IS NOT NULL
        )
        SELECT p.indicator_id, p.unit, p.schooljaar, p.prev, p.cur, p.cell
        FROM pairs AS p
        JOIN rules AS r ON r.indicator_id = p.indicator_id AND r.unit IS NOT DISTINCT FROM p.unit
        WHERE NOT coalesce(p.min_denominator < r.min_denominator, false)
          AND CASE
                WHEN r.points IS NOT NULL THEN abs(p.cur - p.prev) > r.points
                WHEN greatest(abs(p.prev), abs(p.cur)) < r.min_value OR p.prev = 0 THEN false
                ELSE abs(p.cur / p.prev - 1) > r.relative
              END
        ORDER BY p.indicator_id, p.schooljaar, p.cell
        """,
        [value for row in rule_rows for value in row],
    ).fetchall()
    found: dict[str, list[str]] = {}
    for indicator, unit, year, prev, cur, cell in jumps:
        if "points" in rule_of[(indicator, unit)]:
            text = f"{prev:g} -> {cur:g} ({cur - prev:+.1f} points)"
        else:
            text = f"{prev:g} -> {cur:g} ({100 * (cur / prev - 1):+.0f} %)"
        found.setdefault(indicator, []).append(f"{year - 1}->{year} {cell or 'total'}: {text}")
    return [
        Check(
            "anomaly",
            "year_on_year_jump",
            f"marts/indicator_values {indicator}",
            False,
            False,
            f"{len(items)} cell(s) beyond the threshold, e.g. " + "; ".join(items[:3]),
            {"cells": items},
        )
        for indicator, items in sorted(found.items())
    ]


COVERAGE_TABLE = "intermediate.int_coverage__files"


def _shown(n: int) -> str:
    """Counts of rows and persons below the largest threshold are shown as "< n" (a microdata row is one
    person; checks.json is part of a release, where no person count below a threshold may appear)."""
    shown_from = max(thresholds().values())
    return f"{n:,}" if n >= shown_from else f"< {shown_from}"


def coverage_checks(con: duckdb.DuckDBPyConnection) -> list[Check]:
    """Per source: the raw rows of every delivered file that no figure counts, or counts only in part, with
    their reasons (dbt model int_coverage__files; docs/quality.md "Rows not counted"). A warning when a
    source has such rows, never blocking; a passing check otherwise."""
    if not table_exists(con, "intermediate", "int_coverage__files"):
        return []
    rows = con.execute(
        f"SELECT source, source_file, status, reason, n_rows, n_rows_file FROM {COVERAGE_TABLE} "
        "ORDER BY source, source_file, status DESC, n_rows DESC, reason"
    ).fetchall()
    per_source: dict[str, dict[str, dict]] = {}
    for source, file, status, reason, n_rows, n_rows_file in rows:
        entry = per_source.setdefault(source, {}).setdefault(
            file, {"file": file, "rows": n_rows_file, "not counted": {}, "counted in part": {}}
        )
        if status != "counted":
            entry[status][reason] = n_rows
    checks = []
    for source, files in sorted(per_source.items()):
        texts = []
        for entry in files.values():
            for status in ("not counted", "counted in part"):
                reasons = entry[status]
                if reasons:
                    texts.append(
                        f"{entry['file']}: {_shown(sum(reasons.values()))} of {_shown(entry['rows'])} rows {status} ("
                        + "; ".join(f"{reason}: {_shown(n)}" for reason, n in reasons.items())
                        + ")"
                    )
        passed = not texts
        detail = "; ".join(texts) if texts else f"every row of {len(files)} file(s) counted"
        extra = {
            "files": [
                {
                    "file": e["file"],
                    "rows": _shown(e["rows"]),
                    **{s: {r: _shown(n) for r, n in e[s].items()} for s in ("not counted", "counted in part")},
                }
                for e in files.values()
            ]
        }
        checks.append(Check("coverage", "rows_not_counted", f"raw/{source}", passed, False, detail, extra))
    return checks


def python_checks(home: StoHome) -> list[Check]:
    con = connect_warehouse(home.database, read_only=True)
    try:
        return [*landing_checks(con, home), *contract_checks(con), *anomaly_checks(con), *coverage_checks(con)]
    finally:
        con.close()
