"""`sto-monitor`: the command line over the same Dagster Definitions that `dagster dev` shows.

Every subcommand has --help, exits non-zero with a one-line reason on failure and never prints a
Python traceback for bad input.
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress

from ingest.errors import IngestFailed, InputFileError
from ingest.fetch_duo import CATALOGUE, DEFAULT_BASE_URL, DEFAULT_CKAN_URL, fetch_duo
from ingest.paths import StoHome
from orchestration.allocators import configure_allocators
from orchestration.errors import UserError
from orchestration.lock import ensure_database_free, run_lock
from orchestration.progress import progress
from orchestration.verify import RELEASE_ID, verify_release

# The heavy modules (Dagster, dbt, GX, DuckDB, the demo generator) are imported inside the commands that
# need them, so that `sto-monitor --help` and a refused command answer at once.


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


@contextmanager
def _writing(command: str, *, warehouse: bool = True) -> Iterator[StoHome]:
    """The STO_HOME of a command that writes, with its run lock held (another writing run is refused at
    once); with `warehouse`, also refused at once while another program has the DuckDB file open."""
    home = StoHome.from_env()
    if not warehouse:
        home.ensure()
    with run_lock(home.root, command):
        if warehouse:
            ensure_database_free(home.database)
        yield home


def cmd_demo(args: argparse.Namespace) -> int:
    from ingest.demo.generate import write_demo  # deferred: the generator loads numpy and polars

    if args.scale <= 0 or args.scale > 25:
        raise UserError(f"--scale must be > 0 and <= 25 (found {args.scale})")
    with _writing("demo", warehouse=False) as home:
        written = write_demo(home.landing, args.years, scale=args.scale, seed=args.seed, microdata_format=args.format)
    total = sum(p.stat().st_size for p in written)
    folders: dict[str, list[int]] = {}
    for path in written:
        folders.setdefault(path.parent.name, []).append(path.stat().st_size)
    for folder, sizes in sorted(folders.items()):
        print(f"wrote landing/{folder}/: {len(sizes)} file(s), {sum(sizes) / 1e6:.1f} MB")
    print(f"demo landing data ({total / 1e6:.1f} MB, scale {args.scale}, seed {args.seed}) is in {home.landing}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    with _writing("refresh") as home:
        sources = None  # every source's ingest and contract steps
        if not args.full and args.target == "duckdb":
            from orchestration.summary import summary as warehouse_summary  # deferred: DuckDB
            from orchestration.unchanged import scan  # deferred: DuckDB, polars

            found = scan(home)
            if found.nothing_changed is not None:
                progress(found.nothing_changed)
                print(warehouse_summary(home))
                return 0
            sources = found.sources
        from orchestration.refresh import run_refresh  # deferred: loads Dagster, dbt and the Definitions

        if args.full:
            from orchestration.incremental import request_full_build  # deferred: only with --full

            request_full_build(home, "refresh --full")
        summary = run_refresh(target=args.target, sources=sources)
    print(summary)
    return 0


def cmd_fetch_duo(args: argparse.Namespace) -> int:
    with _writing("fetch-duo", warehouse=False) as home:
        results = fetch_duo(
            home.landing,
            args.years,
            base_url=args.base_url,
            ckan_url=args.ckan_url,
            timeout=args.timeout,
            retries=args.retries,
            backoff=args.backoff,
            sources=args.source,
            progress=progress,
        )
    failed = [r for r in results if r.status == "failed"]
    for r in results:
        if r.status != "failed":
            print(f"{r.status} {r.target.relative_to(home.root)} ({r.size / 1e6:.1f} MB)")
    for r in failed:
        print(f"sto-monitor fetch-duo: error: {r.url}: {r.message}", file=sys.stderr)
    if failed:
        print(
            f"sto-monitor fetch-duo: {len(failed)} of {len(results)} files failed; "
            "existing landing files were left as they were",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    if args.monitor_year is None and not args.latest:
        raise UserError("give a monitor year (e.g. 2025) or --latest")
    with _writing("release"):
        from orchestration.refresh import run_release  # deferred: loads Dagster, dbt and the Definitions

        print(run_release(None if args.latest else args.monitor_year))
    return 0


def cmd_verify_release(args: argparse.Namespace) -> int:
    home = StoHome.from_env()
    problems = verify_release(home, args.release_id)
    if problems:
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        raise UserError(f"release {args.release_id} does not match its manifest: {problems[0]}")
    print(f"release {args.release_id} verified: every checksum matches ({home.releases / args.release_id})")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from orchestration.report import render_regio_page, render_report  # deferred: loads DuckDB

    home = StoHome.from_env()
    folder = home.releases / args.release_id
    if not RELEASE_ID.match(args.release_id) or not (folder / "marts").is_dir():
        raise UserError(f"no release {args.release_id!r} in {home.releases}")
    out = home.reports / args.release_id  # never inside releases/: a sealed release is not touched
    docs = (folder / "docs" / "index.html").as_uri()
    if args.regio is None:
        print(f"report written: {render_report(folder, out, docs_href=docs)}")
        return 0
    target = out / "regio" / f"{args.regio}.html"
    if render_regio_page(folder, args.regio, target, docs) is None:
        raise UserError(f"release {args.release_id} has no STO region {args.regio!r} (marts/dim_sto_regio.parquet)")
    print(f"regioportret written: {target}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _writing("check"):
        from orchestration.refresh import run_checks  # deferred: loads Dagster, dbt and the Definitions

        ok, text = run_checks()
    print(text)
    return 0 if ok else 1


def cmd_trace(args: argparse.Namespace) -> int:
    import json

    from orchestration.trace import AmbiguousCell, CellNotFound, CellQuery, format_text, trace  # deferred: DuckDB

    breakdown = breakdown_value = None
    if args.breakdown is not None:
        if "=" not in args.breakdown:
            raise UserError(f"--breakdown must be NAME=VALUE (found {args.breakdown!r})")
        breakdown, breakdown_value = args.breakdown.split("=", 1)
    q = CellQuery(
        args.indicator_id,
        schooljaar=args.schooljaar,
        sto_regio_id=args.regio,
        vestiging_id=args.vestiging,
        leerweg=args.leerweg,
        profiel=args.profiel,
        breakdown=breakdown,
        breakdown_value=breakdown_value,
    )
    try:
        result = trace(StoHome.from_env(), q, args.release)
    except (AmbiguousCell, CellNotFound) as exc:
        for line in exc.candidates:
            print(f"  {line}", file=sys.stderr)
        raise
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        print(format_text(result))
    return 0


def _monitor_year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year such as 2025: {text!r}") from None
    if not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"monitor year out of range: {text!r}")
    return year


def _command(
    sub: argparse._SubParsersAction, func: Callable[[argparse.Namespace], int], name: str, **texts: str
) -> argparse.ArgumentParser:
    """A subcommand `name` run by `func`, with its help and description."""
    parser = sub.add_parser(name, **texts)
    parser.set_defaults(func=func)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sto-monitor",
        description="The STO monitor warehouse: land raw extracts, refresh, and get every indicator. "
        "Everything lives under STO_HOME (default ./warehouse).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = _command(
        sub,
        cmd_demo,
        "demo",
        help="write demo landing data (real DUO formats) into STO_HOME/landing",
        description="Write a complete synthetic landing zone for every source, calibrated to the "
        "2025 STO report: public DUO files in their real formats (pupil file per schooljaar, legacy "
        "up to 2019 and newer from 2020; vestigingen; exam candidates), GeoNames PC4 centroids, "
        "microdata (vo/mbo enrolments, keuzevak exams, teachers, school-leaver survey) and reference "
        "lists (an illustrative STO-regio mapping, keuzevakken, mbo opleidingen). Same --seed gives "
        "byte-identical files. See docs/demo_data.md.",
    )
    demo.add_argument(
        "--years",
        type=_parse_years,
        default=_parse_years("2015-2024"),
        help="schooljaren to write, e.g. 2019-2020 or 2018,2020 (default 2015-2024)",
    )
    demo.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = national size (default); 0.1 = a tenth of the vestigingen"
    )
    demo.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    demo.add_argument(
        "--format",
        choices=["parquet", "csv"],
        default="parquet",
        help="file format of the microdata extracts (default parquet: a tenth of the size of CSV)",
    )

    refresh = _command(
        sub,
        cmd_refresh,
        "refresh",
        help="load new or changed landing files and rebuild the warehouse",
        description="Run the Dagster job 'refresh': ingest every new or changed file in "
        "STO_HOME/landing (one transaction per source x schooljaar), then dbt build "
        "(seeds, staging, intermediate, marts, tests) of what the changed raw tables feed, by schooljaar where "
        "it can (--full: everything). Prints what was built and where. When nothing changed "
        "since the last complete build (landing files, contracts, dbt project, warehouse) it says so in a second "
        "or two and starts no Dagster run.",
    )
    refresh.add_argument(
        "--target",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="the engine dbt builds on: duckdb (default, STO_HOME/sto_monitor.duckdb) or spark (a local PySpark "
        "session; the raw tables are handed over as Parquet and the marts land as Parquet under "
        "STO_HOME/spark-warehouse/marts.db/; docs/scale_out.md)",
    )

    refresh.add_argument(
        "--full",
        action="store_true",
        help="rebuild every dbt model over every schooljaar (dbt build --full-refresh). Without it, the large "
        "models keyed by schooljaar rebuild only the schooljaren whose raw partitions changed since the last "
        "complete build, and their neighbours where a model reads adjacent years; a changed dbt project or "
        "no earlier build also means a full build (docs/operations.md). The ingest is the same either way: "
        "new or changed landing files",
    )

    fetch = _command(
        sub,
        cmd_fetch_duo,
        "fetch-duo",
        help="download DUO's public files the warehouse uses into STO_HOME/landing",
        description="Download the public DUO files the warehouse reads ("
        + "; ".join(f"{e.source}: {e.pattern}" for e in CATALOGUE)
        + ") into STO_HOME/landing/<source>/. Each file is downloaded to a temporary name, checked "
        "(complete, parses as its source expects) and then moved into place; on any failure the existing "
        "file is left untouched and the command exits 1 with one line per failed file.",
    )
    fetch.add_argument(
        "--years",
        type=_parse_years,
        default=_parse_years("2019"),
        help="schooljaren of the per-year files, e.g. 2019-2023 or 2019,2021 (default 2019)",
    )
    fetch.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, help=f"where the vo files are (default {DEFAULT_BASE_URL})"
    )
    fetch.add_argument(
        "--ckan-url",
        default=DEFAULT_CKAN_URL,
        help=f"the CKAN portal of DUO's open hbo data, whose package_show gives each file's URL "
        f"(default {DEFAULT_CKAN_URL})",
    )
    fetch.add_argument(
        "--source",
        action="append",
        choices=sorted({e.source for e in CATALOGUE}),
        help="fetch only this source's files (repeatable; default all)",
    )
    fetch.add_argument("--timeout", type=float, default=60.0, help="seconds per network operation (default 60)")
    fetch.add_argument("--retries", type=int, default=3, help="retries after a timeout or server error (default 3)")
    fetch.add_argument(
        "--backoff", type=float, default=2.0, help="first wait between retries in s, doubling (default 2)"
    )
    _command(
        sub,
        cmd_check,
        "check",
        help="run every check (dbt tests, raw contracts, anomaly rules) without releasing",
        description="Run the Dagster job 'check': dbt build with every test, the Great Expectations "
        "contract of every raw source and the year-on-year anomaly rules; also report landing files "
        "that are not loaded. Exits 1 when a blocking check fails.",
    )

    release = _command(
        sub,
        cmd_release,
        "release",
        help="build, check and write the immutable release releases/<monitor_year>.<n>/",
        description="Run the Dagster job 'release': dbt build (the candidate), evaluate every check, and "
        "only when all blocking checks pass write STO_HOME/releases/<monitor_year>.<n>/ (Parquet per "
        "mart after small-cell suppression, manifest.json, checks.json, docs/, release.duckdb). "
        "A failed gate writes nothing and names the failing checks (docs/release.md).",
    )
    release.add_argument("monitor_year", nargs="?", type=_monitor_year, help="the monitor year, e.g. 2025")
    release.add_argument(
        "--latest",
        action="store_true",
        help="monitor year = the last schooljaar of the pupil counts (pupils_lj3_count) + 1",
    )

    verify = _command(
        sub,
        cmd_verify_release,
        "verify-release",
        help="recompute every checksum of a release and report differences",
        description="Recompute the sha256 of every file of STO_HOME/releases/<release_id>/ and compare "
        "with its manifest.json; exits 1 naming every file that differs, is missing or is extra.",
    )
    verify.add_argument("release_id", help="e.g. 2025.1")

    report = _command(
        sub,
        cmd_report,
        "report",
        help="render the report 'STO in cijfers' of a release again into STO_HOME/reports/<release_id>/",
        description="Render the static HTML report (tables of chapter 7 and Bijlage 3 and 4, SVG charts, "
        "checks.json warnings) and the regioportretten (regio/index.html, regio/<sto_regio_id>.html) from the "
        "Parquet files of STO_HOME/releases/<release_id>/ into STO_HOME/reports/<release_id>/. The release "
        "itself (which already holds report/) is never written to.",
    )
    report.add_argument("release_id", help="e.g. 2025.1")
    report.add_argument(
        "--regio",
        metavar="ID",
        help="render only the regioportret of this STO region (sto_regio_id) into "
        "STO_HOME/reports/<release_id>/regio/<ID>.html",
    )

    tr = _command(
        sub,
        cmd_trace,
        "trace",
        help="trace one published figure back to its dbt models, source files and source rows",
        description="For one cell of marts.indicator_values print its value, numerator and denominator, "
        "the chain of dbt models from the mart to the sources (with their SQL files), the source files "
        "with sha256 and load id, and the number of source rows behind the numerator and the "
        "denominator. Dimensions not given mean 'all' (NULL). Works against the working warehouse or "
        "a release (--release). Several matching cells, or none but cells that differ only by a dimension left "
        "out: they are listed and the command exits 1.",
    )
    tr.add_argument("indicator_id", help="e.g. tech_share_lj3")
    tr.add_argument("--schooljaar", type=int, help="start year of the schooljaar, e.g. 2023")
    tr.add_argument("--regio", help="sto_regio_id (default: national)")
    tr.add_argument("--vestiging", help="vestiging_id (default: all)")
    tr.add_argument("--leerweg", help="bb | kb | gl | tl (default: all)")
    tr.add_argument("--profiel", help="e.g. BWI (default: all)")
    tr.add_argument("--breakdown", metavar="NAME=VALUE", help="e.g. profielgroep=techniek (default: none)")
    tr.add_argument("--release", metavar="ID", help="trace in release ID (e.g. 2025.1) instead of the warehouse")
    tr.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    configure_allocators()  # Arrow's pool, for this process and the ones it starts
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


def run() -> None:
    """The console script `sto-monitor`: main(), the exit handlers (log files, worker processes, temporary
    files), then the exit, without the interpreter's teardown of every module and object, which takes about
    a second once Dagster, dbt and a release's data were loaded (docs/operations.md). Tests call main()."""
    status = [1]  # an exception escaping main() (a bug) prints its traceback and exits 1
    atexit.register(_exit_at_once, status)  # registered first, so it runs after every other exit handler
    try:
        status[0] = main()
    except SystemExit as stop:  # argparse: --help (0), a usage error (2)
        status[0] = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        raise
    sys.exit(status[0])


def _exit_at_once(status: list[int]) -> None:
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a reader that went away (`| head`), a closed stream: nowhere to write
            stream.flush()
    os._exit(status[0])


if __name__ == "__main__":
    run()
