"""`sto-monitor`: the command line over the same Dagster Definitions that `dagster dev` shows.

Every subcommand has --help, exits non-zero with a one-line reason on failure and never prints a
Python traceback for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from ingest.errors import IngestFailed, InputFileError
from ingest.paths import StoHome
from orchestration.errors import UserError


def _parse_years(text: str) -> list[int]:
    try:
        if "-" in text:
            start, end = (int(x) for x in text.split("-", 1))
            years = list(range(start, end + 1))
        else:
            years = [int(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a range like 2019-2020 or a list like 2019,2021: {text!r}"
        ) from None
    if not years or any(y < 1990 or y > 2100 for y in years):
        raise argparse.ArgumentTypeError(f"schooljaren out of range: {text!r}")
    return years


def cmd_demo(args: argparse.Namespace) -> int:
    from ingest.demo.minimal import write_minimal_demo

    home = StoHome.from_env()
    home.ensure()
    written = write_minimal_demo(home.landing, args.years, seed=args.seed)
    for path in written:
        print(f"wrote {path.relative_to(home.root)} ({path.stat().st_size / 1e3:.0f} kB)")
    print(f"demo landing data is in {home.landing}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from orchestration.refresh import run_refresh

    summary = run_refresh()
    print(summary)
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from orchestration.refresh import run_release

    if args.monitor_year is None and not args.latest:
        raise UserError("give a monitor year (e.g. 2025) or --latest")
    print(run_release(None if args.latest else args.monitor_year))
    return 0


def cmd_verify_release(args: argparse.Namespace) -> int:
    from orchestration.release import verify_release

    home = StoHome.from_env()
    problems = verify_release(home, args.release_id)
    if problems:
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        raise UserError(f"release {args.release_id} does not match its manifest: {problems[0]}")
    print(f"release {args.release_id} verified: every checksum matches ({home.releases / args.release_id})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from orchestration.refresh import run_checks

    ok, text = run_checks()
    print(text)
    return 0 if ok else 1


def _monitor_year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year such as 2025: {text!r}") from None
    if not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"monitor year out of range: {text!r}")
    return year


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sto-monitor",
        description="The STO monitor warehouse: land raw extracts, refresh, and get every indicator. "
        "Everything lives under STO_HOME (default ./warehouse).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser(
        "demo",
        help="write demo landing data (real DUO formats) into STO_HOME/landing",
        description="Write a small synthetic landing zone in the real DUO formats: the pupil "
        "file per schooljaar (legacy format up to 2019, the newer one from 2020) and the "
        "vestigingen file. Same --seed gives byte-identical files.",
    )
    demo.add_argument(
        "--years",
        type=_parse_years,
        default=_parse_years("2019-2020"),
        help="schooljaren to write, e.g. 2019-2020 or 2018,2020 (default 2019-2020)",
    )
    demo.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    demo.set_defaults(func=cmd_demo)

    refresh = sub.add_parser(
        "refresh",
        help="load new or changed landing files and rebuild the warehouse",
        description="Run the Dagster job 'refresh': ingest every new or changed file in "
        "STO_HOME/landing (one transaction per source x schooljaar), then dbt build "
        "(seeds, staging, intermediate, marts, tests). Prints what was built and where.",
    )
    refresh.set_defaults(func=cmd_refresh)

    check = sub.add_parser(
        "check",
        help="run every check (dbt tests, raw contracts, anomaly rules) without releasing",
        description="Run the Dagster job 'check': dbt build with every test, the Great Expectations "
        "contract of every raw source and the year-on-year anomaly rules; also report landing files "
        "that are not loaded. Exits 1 when a blocking check fails.",
    )
    check.set_defaults(func=cmd_check)

    release = sub.add_parser(
        "release",
        help="build, check and write the immutable release releases/<monitor_year>.<n>/",
        description="Run the Dagster job 'release': dbt build (the candidate), evaluate every check, and "
        "only when all blocking checks pass write STO_HOME/releases/<monitor_year>.<n>/ (Parquet per "
        "mart after small-cell suppression, manifest.json, checks.json, docs/, release.duckdb). "
        "A failed gate writes nothing and names the failing checks (docs/release.md).",
    )
    release.add_argument("monitor_year", nargs="?", type=_monitor_year, help="the monitor year, e.g. 2025")
    release.add_argument("--latest", action="store_true", help="monitor year = the last schooljaar in the marts + 1")
    release.set_defaults(func=cmd_release)

    verify = sub.add_parser(
        "verify-release",
        help="recompute every checksum of a release and report differences",
        description="Recompute the sha256 of every file of STO_HOME/releases/<release_id>/ and compare "
        "with its manifest.json; exits 1 naming every file that differs, is missing or is extra.",
    )
    verify.add_argument("release_id", help="e.g. 2025.1")
    verify.set_defaults(func=cmd_verify_release)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except (InputFileError, IngestFailed, UserError) as exc:
        print(f"sto-monitor {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"sto-monitor {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
