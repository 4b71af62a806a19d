"""Are two builds' marts the same? Export every table of schema `marts` to Parquet, and compare two such
exports row by row: the same tables, columns and types, the same rows in any order, floats equal to a
relative 1e-9.

    python bench/marts_equal.py export <sto_monitor.duckdb> <folder>
    python bench/marts_equal.py compare <folder-a> <folder-b> [--loose-types]

Used to prove that a restructuring, an incremental refresh or another engine changed no published number.
`--loose-types` compares integers as Int64 and decimals as Float64 (another engine types them its own way).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import polars as pl

REL_TOL = 1e-9
ABS_TOL = 1e-12


def export_marts(database: Path, folder: Path, schema: str = "marts") -> list[str]:
    """Every table of schema marts (or `schema`) as <folder>/<table>.parquet; returns the table names."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
                "AND table_type = 'BASE TABLE' ORDER BY 1",
                [schema],
            ).fetchall()
        ]
        for table in tables:
            con.execute(f"COPY (SELECT * FROM {schema}.\"{table}\") TO '{folder / table}.parquet' (FORMAT parquet)")
    finally:
        con.close()
    return tables


def read_table(path: Path) -> pl.DataFrame:
    """A Parquet file, or a folder of Parquet parts (Spark's layout)."""
    return pl.read_parquet(path / "*.parquet" if path.is_dir() else path)


def tables_in(folder: Path) -> dict[str, Path]:
    out = {}
    for p in sorted(folder.iterdir()):
        if p.suffix == ".parquet":
            out[p.stem] = p
        elif p.is_dir() and any(p.glob("*.parquet")):
            out[p.name] = p
    return out


def _loosen(frame: pl.DataFrame) -> pl.DataFrame:
    casts = []
    for name, dtype in frame.schema.items():
        if dtype.is_integer():
            casts.append(pl.col(name).cast(pl.Int64))
        elif dtype.is_decimal() or dtype.is_float():
            casts.append(pl.col(name).cast(pl.Float64))
        else:
            casts.append(pl.col(name))
    return frame.select(casts)


def compare_frames(a: pl.DataFrame, b: pl.DataFrame, loose_types: bool = False, rel_tol: float = REL_TOL) -> list[str]:
    """Differences between two tables (empty = equal): columns, types, row count, then rows in any order."""
    if loose_types:
        a, b = _loosen(a), _loosen(b)
    if a.columns != b.columns:
        return [f"columns differ: {a.columns} vs {b.columns}"]
    types = [f"{c}: {a.schema[c]} vs {b.schema[c]}" for c in a.columns if a.schema[c] != b.schema[c]]
    if types:
        return ["types differ: " + "; ".join(types)]
    if a.height != b.height:
        return [f"row count differs: {a.height} vs {b.height}"]
    if a.height == 0:
        return []
    floats = [c for c, t in a.schema.items() if t.is_float()]
    sort_key = [pl.col(c).round_sig_figs(6) if c in floats else pl.col(c) for c in a.columns]
    a = a.sort(sort_key, nulls_last=True)
    b = b.sort(sort_key, nulls_last=True)
    problems = []
    for column in a.columns:
        x, y = a[column], b[column]
        if column in floats:
            pair = pl.DataFrame({"x": x, "y": y})
            bad = pair.select(
                ~(
                    (pl.col("x").is_null() & pl.col("y").is_null())
                    | (pl.col("x").is_nan() & pl.col("y").is_nan()).fill_null(False)
                    | (
                        (pl.col("x") - pl.col("y")).abs()
                        <= rel_tol * pl.max_horizontal(pl.col("x").abs(), pl.col("y").abs()) + ABS_TOL
                    ).fill_null(False)
                )
            ).to_series()
        else:
            bad = ~((x == y).fill_null(False) | (x.is_null() & y.is_null()))
        n_bad = int(bad.sum())
        if n_bad:
            i = int(bad.arg_max())
            problems.append(f"column {column}: {n_bad} row(s) differ, e.g. {x[i]!r} vs {y[i]!r} (row {a.row(i)})")
    return problems


def compare_folders(a: Path, b: Path, loose_types: bool = False, only: list[str] | None = None) -> list[str]:
    """Differences between two exports, one line per table that differs (empty = equal)."""
    left, right = tables_in(a), tables_in(b)
    names = sorted(set(left) | set(right)) if only is None else sorted(only)
    problems = []
    for name in names:
        if name not in left or name not in right:
            problems.append(f"{name}: only in {a if name in left else b}")
            continue
        for p in compare_frames(read_table(left[name]), read_table(right[name]), loose_types):
            problems.append(f"{name}: {p}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser("export", help="export every table of schema marts to <folder>/<table>.parquet")
    exp.add_argument("database", type=Path)
    exp.add_argument("folder", type=Path)
    cmp = sub.add_parser("compare", help="compare two exports; exit 1 when they differ")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    cmp.add_argument("--loose-types", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "export":
        tables = export_marts(args.database, args.folder)
        print(f"{len(tables)} marts exported to {args.folder}")
        return 0
    problems = compare_folders(args.a, args.b, args.loose_types)
    for p in problems:
        print(p)
    print("equal" if not problems else f"{len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
