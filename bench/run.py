"""Benchmark of the refresh at national scale and beyond (issue 9); writes docs/benchmarks.md.

Every measured step runs the real CLI as a subprocess with its own STO_HOME (and DAGSTER_HOME):

- demo:        `sto-monitor demo --scale S --years 2015-2024` (and 2015-2023 for the incremental base)
- full:        `sto-monitor refresh` from an empty warehouse over the 10 schooljaren (ingest, contracts, dbt build
               with every test, the anomaly check)
- incremental: a warehouse refreshed on 2015-2023 (set up once per scale, copied per repetition), then the
               2024 files land (a multi-year exam file's newer edition beside the old one, as DUO does), refresh:
               the models keyed by schooljaar rebuild 2024 and the neighbours that read it (the progress line
               that says so is recorded: `dbt_plan`)
- nochange:    `sto-monitor refresh` again right after
- release_first: `sto-monitor release 2024` of the 2015-2023 warehouse, once per scale (no earlier release: disclosure
               control solves every part), before it is copied
- release_full: `sto-monitor release 2025` of the first full refresh's warehouse (2015-2024; no earlier release),
               at the larger scales up to RELEASE_FULL_MAX_SCALE (a release at scale 25 would take longer than the
               rest of the plan): the memory of a release at five times national scale
- release:     `sto-monitor release 2025` on that copy after the new schooljaar (releases are immutable: every
               repetition has its own copy), as a yearly release runs: the copy holds last year's release, so the
               parts of disclosure control that did not change keep its pattern (docs/release.md)
- floor:       the compiled SQL of every model of the dbt project, run in topological order as CREATE
               TABLE/VIEW ... AS in a plain duckdb connection over a copy of the same raw tables (no Dagster, no
               dbt, no tests; the one Python model's table is kept); the time of the models marts.indicator_values
               needs is recorded beside it (the floor of the runs before 2026-12-03)
- floor_ingest: plain DuckDB reading every landing file into a table of its own (read_csv with every column as
               text, read_parquet), in one connection: the floor of the ingest, without contracts or provenance
               (measured with `floor`)
- startup:     the fixed start-up of a refresh: process start until the first asset starts (read from the
               progress lines on stderr, which the benchmark timestamps as they arrive)

Per step: wall time, CPU time (user+sys of the process tree), peak RSS of the largest process and the
peaks of the summed PSS and of the summed RSS of the process tree (the RSS sampled every 0.2 s, the PSS every
1 s; the memory targets are judged on the summed PSS, which counts a page that k processes share once, 1/k
in each, where the summed RSS counts it k times); median and min-max over the repetitions.

    .venv/bin/python bench/run.py                       # the default plan (printed at start, with an estimate)
    .venv/bin/python bench/run.py --scales 1 --repeat 1 # a quick check
    .venv/bin/python bench/run.py --help

Not a test: timings depend on the machine and its load (the load average is recorded next to every number).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
CLI = str(VENV_BIN / "sto-monitor") if (VENV_BIN / "sto-monitor").exists() else "sto-monitor"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
DBT = str(VENV_BIN / "dbt") if (VENV_BIN / "dbt").exists() else "dbt"
YEARS_ALL, YEARS_BASE, NEW_YEAR = "2015-2024", "2015-2023", 2024
STEPS = ("full", "incremental", "nochange", "release", "release_full", "floor", "startup")
RELEASE_FULL_MAX_SCALE = 5.0  # release_full runs at the scales up to this one
# the steps that refresh or release (their peak memory is judged; a dbt build among them prints what it rebuilt)
REFRESH_AND_RELEASE_STEPS = ("full", "setup", "incremental", "nochange", "release_first", "release", "release_full")
# The default plan: scale 1 (every step), scale 5 and scale 25 (about 25 x national: headroom on this machine)
DEFAULT_SCALES = "1,5,25"
DOC_START, DOC_END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
# Rough wall seconds per step at scale 1 on a quiet 2-core machine beyond STARTUP_ESTIMATE (the run of 2026-12-04);
# only used to print the expected duration of a plan. Steps grow ~linearly with scale beyond start-up.
ESTIMATE = {
    "demo": 10,
    "full": 80,
    "setup": 70,
    "incremental": 50,
    "nochange": 0,
    "release_first": 95,
    "release": 65,
    "release_full": 55,
    "floor": 22,
}
STARTUP_ESTIMATE = 12
PARSE_ESTIMATE = 12  # dbt parse, once per scale (a few seconds when the project is parsed already)


# ---------------------------------------------------------------- pure helpers (tests/test_bench.py)


def summarise(values: list[float]) -> dict:
    """Median and spread (min, max, relative spread of the range around the median) of repetitions."""
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "spread_pct": None}
    med = statistics.median(values)
    lo, hi = min(values), max(values)
    return {
        "n": len(values),
        "median": med,
        "min": lo,
        "max": hi,
        "spread_pct": (100.0 * (hi - lo) / med) if med else 0.0,
    }


def topological_models(nodes: dict[str, list[str]], targets: str | list[str]) -> list[str]:
    """Every target and every node upstream of them (nodes: id -> ids it depends on), dependencies first.
    Ties are broken by id, so the order is deterministic. Raises ValueError on a cycle."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(node: str) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            raise ValueError(f"dependency cycle through {node}")
        state[node] = 1
        for dep in sorted(nodes.get(node, [])):
            if dep in nodes:
                visit(dep)
        state[node] = 2
        order.append(node)

    for target in [targets] if isinstance(targets, str) else sorted(targets):
        visit(target)
    return order


def ratio_beyond_startup(large: float, small: float, startup: float) -> float | None:
    """How much more a larger scale costs than a smaller one once the fixed start-up is taken off."""
    if small - startup <= 0:
        return None
    return (large - startup) / (small - startup)


def estimate_seconds(scales: list[float], steps_for: dict[float, list[str]], repeats: dict[float, int]) -> float:
    """The expected wall time of a plan on a quiet 2-core machine (ESTIMATE is per unit of scale)."""
    total = 0.0
    for scale in scales:
        steps, rep = steps_for[scale], repeats[scale]

        def cost(step: str, scale: float = scale) -> float:
            return STARTUP_ESTIMATE + ESTIMATE[step] * scale

        total += cost("demo") * (2 if "incremental" in steps else 1) + PARSE_ESTIMATE
        if "full" in steps or "floor" in steps or "startup" in steps:
            total += cost("full") * rep
        if "floor" in steps:
            total += cost("floor")  # once: the SQL is the same in every repetition
        if {"incremental", "nochange", "release"} & set(steps):
            total += cost("setup") + rep * sum(cost(s) for s in ("incremental", "nochange", "release") if s in steps)
        if "release" in steps:
            total += cost("release_first")
        if "release_full" in steps:
            total += cost("release_full")
    return total


# ---------------------------------------------------------------- measuring one subprocess


@dataclass
class Measurement:
    step: str
    scale: float
    rep: int
    wall_s: float
    cpu_s: float
    # Both sampled every 0.2 s, not wait4's ru_maxrss: Linux carries a process's peak RSS over fork and exec,
    # so a child reports at least the RSS of this process when it started it (/bin/true started by a
    # Python process holding 800 MB reports 793 MB), and this process grows in the in-process floor steps.
    max_rss_mb: float  # the peak RSS of the largest single process of the tree
    tree_rss_mb: float  # the peak of the summed RSS of the process tree
    load_before: float
    load_after: float
    phases: dict[str, float] = field(default_factory=dict)
    returncode: int = 0
    dbt_plan: str = ""  # what the dbt build rebuilt: its progress line (orchestration/incremental.py)
    # the peak of the summed PSS of the process tree (sampled every 1 s): a page shared by k processes (a
    # forked worker's copy-on-write pages, the libraries every Python process maps) counts 1/k in each, so
    # the sum is the memory the tree occupies; the summed RSS counts such a page k times. 0: not measured
    tree_pss_mb: float = 0.0


# the tree's RSS is sampled every 0.2 s, its PSS every PSS_EVERY samples (1 s): reading the PSS of three
# processes of 1-1.7 GB every 0.2 s costs ≈ 15 % of a core, spent under each process's memory-map lock
PSS_EVERY = 5


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    kids, out, todo = _children_map(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _statm_rss(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def tree_rss_mb(pids: list[int]) -> tuple[float, float]:
    """The summed RSS of the processes `pids` (a tree: _tree) and the RSS of the largest, in MB (statm: cheap)."""
    total = largest = 0
    for p in pids:
        try:
            rss = _statm_rss(p)
        except (OSError, ValueError, IndexError):  # the process ended meanwhile
            continue
        total += rss
        largest = max(largest, rss)
    return total / 1e6, largest / 1e6


def _pss(pid: int) -> int:
    """The PSS of process `pid` from /proc/<pid>/smaps_rollup (Linux 4.14+; where it cannot be read, its RSS)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            fields = dict(line.split(":", 1) for line in f.read().splitlines()[1:])
        return int(fields["Pss"].split()[0]) * 1024
    except (OSError, KeyError, ValueError, IndexError):
        return _statm_rss(pid)


def tree_pss_mb(pids: list[int]) -> float:
    """The summed PSS of the processes `pids`, in MB. Not cheap: the kernel walks each process's page tables
    under its memory-map lock, ≈ 10 ms for a process of 1.6 GB."""
    total = 0
    for p in pids:
        try:
            total += _pss(p)
        except (OSError, ValueError, IndexError):  # the process ended meanwhile
            continue
    return total / 1e6


def loadavg() -> float:
    return os.getloadavg()[0]


def run_measured(
    step: str, scale: float, rep: int, argv: list[str], env: dict, log: Path, echo: bool = True
) -> Measurement:
    """Run argv, timestamp its stderr lines (progress), sample its tree's memory; return the measurement."""
    if echo:
        print(f"    {step:<12} scale {scale:g} rep {rep}: running (log: {log}) ...", flush=True)
    load_before = loadavg()
    log.parent.mkdir(parents=True, exist_ok=True)
    live = log.open("w", encoding="utf-8")  # progress lines as they arrive: `tail -f` it while a step runs
    live.write(f"$ {' '.join(argv)}\n")
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    lines: list[tuple[float, str]] = []
    out: list[str] = []
    peak = [0.0, 0.0, 0.0]  # tree RSS, tree PSS, largest process
    done = threading.Event()

    def read_err() -> None:
        for line in proc.stderr:
            lines.append((time.perf_counter() - start, line.rstrip("\n")))
            live.write(f"[{lines[-1][0]:8.2f}] {lines[-1][1]}\n")
            live.flush()

    def read_out() -> None:
        out.append(proc.stdout.read())

    def sample() -> None:
        n = 0
        while not done.wait(0.2):
            pids = _tree(proc.pid)
            tree, largest = tree_rss_mb(pids)
            peak[0], peak[2] = max(peak[0], tree), max(peak[2], largest)
            # the summed PSS is at most the summed RSS: read (tree_pss_mb: not cheap) every PSS_EVERY-th sample,
            # from the first on, and only while the RSS could hold a new PSS peak
            if n % PSS_EVERY == 0 and tree > peak[1]:
                peak[1] = max(peak[1], tree_pss_mb(pids))
            n += 1

    threads = [threading.Thread(target=t, daemon=True) for t in (read_err, read_out, sample)]
    for t in threads:
        t.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    for t in threads:
        t.join(timeout=5)
    live.write("".join(out))
    live.close()
    m = Measurement(
        step=step,
        scale=scale,
        rep=rep,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_mb=peak[2],
        tree_rss_mb=peak[0],
        load_before=load_before,
        load_after=loadavg(),
        phases=phases_from_progress(lines, wall),
        returncode=proc.returncode,
        dbt_plan=dbt_plan(lines),
        tree_pss_mb=peak[1],
    )
    if echo:
        print(
            f"    {step:<12} scale {scale:g} rep {rep}: {wall:7.1f} s wall, {m.cpu_s:7.1f} s cpu, "
            f"{m.tree_rss_mb:6.0f} MB peak RSS ({m.tree_pss_mb:.0f} PSS), load {load_before:.1f}->{m.load_after:.1f}"
            + (f"  FAILED (exit {proc.returncode}, see {log})" if proc.returncode else ""),
            flush=True,
        )
    return m


def dbt_plan(lines: list[tuple[float, str]]) -> str:
    """The progress line that says what a refresh's dbt build rebuilds (every model, which schooljaren of the
    incremental ones, skipped, or no run at all because nothing changed), without its "dbt build: " prefix;
    "" when there is none."""
    for _t, line in lines:
        text = line.strip()
        if text.startswith("dbt build skipped"):
            return "skipped"
        if text.startswith("refresh: nothing changed"):  # orchestration/unchanged.py: no Dagster run
            return "nothing changed (no Dagster run)"
        if text.startswith("dbt build: ") and not text.startswith("dbt build: seeds"):
            return text.removeprefix("dbt build: ")
    return ""


def phases_from_progress(lines: list[tuple[float, str]], wall: float) -> dict[str, float]:
    """Split a refresh's wall time by its progress lines: start-up until the first asset, ingest, the raw
    contracts, dbt build, the checks after it and the end (summary, exit). A release's lines after its dbt
    build: `release <year>: evaluating every check` (checks), then `release: <phase> ...` for each step of
    writing it (export, docs, report, seal)."""
    marks: dict[str, float] = {}
    for t, line in lines:
        text = line.strip()
        if text.startswith("release ") and "evaluating every check" in text and "checks" not in marks:
            marks["checks"] = t
        if text.startswith("release: ") and len(text.split()) > 1:
            marks.setdefault(text.split()[1], t)
        if "startup" not in marks and (
            text.startswith(("ingest ", "contract ", "dbt build", "release ", "parsing the dbt"))
        ):
            marks["startup"] = t
        if text.startswith("parsing the dbt") and "parse" not in marks:
            marks["parse"] = t
        if text.startswith("ingest ") and "ingest" not in marks:
            marks["ingest"] = t
        if text.startswith("contract ") and "contracts" not in marks:
            marks["contracts"] = t
        if text.startswith("dbt build") and "dbt" not in marks:
            marks["dbt"] = t
        if text.startswith("anomalies") and "after_dbt" not in marks:
            marks["after_dbt"] = t
    # start-up ends where the first step starts (in a release without a build, the checks): not a step of its own
    order = sorted(((k, t) for k, t in marks.items() if k != "startup"), key=lambda kv: kv[1])
    phases: dict[str, float] = {}
    if "startup" in marks:
        phases["startup"] = marks["startup"]
    for i, (name, t) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else wall
        phases[name] = phases.get(name, 0.0) + (end - t)
    return phases


# ---------------------------------------------------------------- the steps


# DuckDB is capped at 125 MB per thread by default (orchestration/warehouse.py; 250 MB on 2 cores), and a dbt
# node that runs out of it is built once more with 400 MB per thread (orchestration/dbt.py): enough up to scale 5.
# At scale 25 the source-row and coverage models, which join and group ~50 million rows by landing file and row,
# need more (docs/benchmarks.md, Scale 25); STO_DUCKDB_MEMORY_LIMIT from the environment wins.
LARGE_SCALE, LARGE_SCALE_MEMORY = 25.0, "4GB"


def env_for(home: Path, scale: float = 1.0) -> dict:
    env = dict(os.environ)
    if scale >= LARGE_SCALE:
        env.setdefault("STO_DUCKDB_MEMORY_LIMIT", LARGE_SCALE_MEMORY)
    env.update(
        STO_HOME=str(home),
        DAGSTER_HOME=str(home / "dagster_home"),
        GX_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PYTHONUNBUFFERED="1",
    )
    env.pop("STO_DUCKDB_PATH", None)
    return env


def copy_home(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.lock", "logs"))


def land_new_year(all_landing: Path, landing: Path) -> list[str]:
    """The new schooljaar's files arrive: files of the 10-year landing that the 9-year one lacks. A
    multi-year file's newer edition (e.g. ...-2019-2025.csv) lands beside the older one, as DUO
    publishes it; each file is its own partition and staging takes the newest edition per cell."""
    added = []
    for src in sorted(p for p in all_landing.rglob("*") if p.is_file()):
        dst = landing / src.relative_to(all_landing)
        if dst.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        added.append(str(dst.relative_to(landing)))
    return added


INDICATORS = "model.sto_monitor.indicator_values"


def model_graph(manifest: dict) -> dict[str, list[str]]:
    """model id -> the model ids it depends on."""
    return {
        uid: [d for d in node["depends_on"]["nodes"] if d.startswith("model.")]
        for uid, node in manifest["nodes"].items()
        if uid.startswith("model.")
    }


def floor_sql(manifest_path: Path) -> list[tuple[str, str, str | None]]:
    """(model id, relation, statement) for every model of the project, dependencies first: the SQL a full
    refresh runs, without dbt. A dbt Python model has no statement (None): the floor keeps the table dbt built
    for it."""
    manifest = json.loads(manifest_path.read_text())
    nodes = manifest["nodes"]
    graph = model_graph(manifest)
    statements = []
    for uid in topological_models(graph, list(graph)):
        node = nodes[uid]
        relation = node["relation_name"]
        if node.get("language") == "python":
            statements.append((uid, relation, None))
            continue
        kind = "VIEW" if node["config"]["materialized"] == "view" else "TABLE"
        statements.append((uid, relation, f"CREATE OR REPLACE {kind} {relation} AS {node['compiled_code']}"))
    return statements


def ingest_floor_plan(landing: Path) -> list[tuple[str, Path, str]]:
    """(table, file, reader) for every landing file: the ingest floor reads each into a table of its own.
    Parquet with read_parquet; text with read_csv (DuckDB's sniffer finds separator, quoting and header),
    every column as text, UTF-8 or, where the file is not UTF-8 (DUO's legacy Windows-1252), Latin-1. The
    encoding is decided here, before the timing starts. Hidden files and folders (.partial/) are skipped."""
    plan = []
    for path in sorted(p for p in landing.rglob("*") if p.is_file()):
        rel = path.relative_to(landing)
        if any(part.startswith(".") for part in rel.parts):
            continue
        table = re.sub(r"\W+", "_", "__".join([*rel.parts[:-1], path.stem])).lower()
        if path.suffix.lower() == ".parquet":
            plan.append((table, path, "read_parquet(?)"))
            continue
        try:
            path.read_bytes().decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "latin-1"
        plan.append((table, path, f"read_csv(?, all_varchar = true, encoding = '{encoding}')"))
    return plan


def fresh_dir(path: Path) -> Path:
    """An empty folder at `path` (what was there is removed)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def in_process(
    step: str, scale: float, rep: int, wall: float, cpu: float, load_before: float, phases: dict, detail: str
) -> Measurement:
    """The Measurement of a step this process ran itself (its own peak RSS stands for the tree's), printed
    with `detail`."""
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    m = Measurement(
        step=step,
        scale=scale,
        rep=rep,
        wall_s=wall,
        cpu_s=cpu,
        max_rss_mb=rss,
        tree_rss_mb=rss,  # the benchmark's own process
        load_before=load_before,
        load_after=loadavg(),
        phases=phases,
        tree_pss_mb=rss,
    )
    print(
        f"    {step:<12} scale {scale:g} rep {rep}: {wall:7.1f} s wall ({detail}), "
        f"load {load_before:.1f}->{m.load_after:.1f}",
        flush=True,
    )
    return m


def run_ingest_floor(landing: Path, work: Path, scale: float, rep: int) -> Measurement:
    """Time plain DuckDB reading every landing file into a table (a new database file, one connection)."""
    import duckdb

    floor_home = fresh_dir(work / "floor_ingest")
    plan = ingest_floor_plan(landing)
    con = duckdb.connect(str(floor_home / "floor.duckdb"))
    con.execute("SET enable_progress_bar = false")  # DuckDB 2 refuses it as a global option of connect
    try:
        load_before = loadavg()
        start, cpu = time.perf_counter(), time.process_time()
        for table, path, reader in plan:
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM {reader}', [str(path)])
        con.execute("CHECKPOINT")
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        rows = con.execute("SELECT sum(estimated_size) FROM duckdb_tables()").fetchone()[0]
    finally:
        con.close()
    phases = {"files": float(len(plan)), "rows": float(rows or 0)}
    m = in_process("floor_ingest", scale, rep, wall, cpu, load_before, phases, f"{len(plan)} files, {rows or 0:,} rows")
    shutil.rmtree(floor_home)
    return m


def run_floor(home: Path, work: Path, scale: float, rep: int) -> Measurement:
    """Compile the dbt project against a copy of the warehouse, then time the SQL of every model alone."""
    import duckdb

    floor_home = fresh_dir(work / "floor")
    db = floor_home / "sto_monitor.duckdb"  # same file name: the compiled SQL names the catalog sto_monitor
    shutil.copy2(home / "sto_monitor.duckdb", db)
    target = floor_home / "target"
    env = env_for(floor_home, scale)
    env["STO_DUCKDB_PATH"] = str(db)
    dbt_dir = str(ROOT / "dbt_project")
    subprocess.run(
        [DBT, "compile", "--quiet", "--project-dir", dbt_dir, "--profiles-dir", dbt_dir, "--target-path", str(target)],
        env=env,
        check=True,
        cwd=ROOT / "dbt_project",
        stdout=subprocess.DEVNULL,
    )
    statements = floor_sql(target / "manifest.json")
    upstream = set(topological_models(model_graph(json.loads((target / "manifest.json").read_text())), INDICATORS))
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")  # DuckDB 2 refuses it as a global option of connect
    try:  # drop what dbt built from SQL, keep raw, the seeds and what dbt's Python models built
        for _uid, rel, sql in reversed(statements):
            if sql is not None:
                con.execute(f"DROP {'VIEW' if sql.startswith('CREATE OR REPLACE VIEW') else 'TABLE'} IF EXISTS {rel}")
        load_before = loadavg()
        start, cpu = time.perf_counter(), time.process_time()
        indicators_only = 0.0  # the models marts.indicator_values needs (the floor up to 2026-12-03)
        for uid, _rel, sql in statements:
            if sql is not None:
                began = time.perf_counter()
                con.execute(sql)
                if uid in upstream:
                    indicators_only += time.perf_counter() - began
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        rows = con.execute("SELECT count(*) FROM marts.indicator_values").fetchone()[0]
    finally:
        con.close()
    phases = {
        "models": float(sum(sql is not None for _u, _r, sql in statements)),
        "indicator_models": float(sum(sql is not None and u in upstream for u, _r, sql in statements)),
        "indicator_models_s": indicators_only,
        "indicator_rows": float(rows),
    }
    m = in_process(
        "floor", scale, rep, wall, cpu, load_before, phases, f"{len(statements)} models, {rows:,} indicator rows"
    )
    shutil.rmtree(floor_home)
    return m


def plan(args) -> tuple[list[float], dict[float, list[str]], dict[float, int]]:
    scales = [float(s) for s in args.scales.split(",")]
    smallest = min(scales)
    steps_for, repeats = {}, {}
    for s in scales:
        steps = args.steps if s == smallest else args.large_steps
        # release_full only up to RELEASE_FULL_MAX_SCALE (a release at scale 25 takes longer than the rest of the plan)
        steps_for[s] = [x for x in steps.split(",") if x and (x != "release_full" or s <= RELEASE_FULL_MAX_SCALE)]
        unknown = set(steps_for[s]) - set(STEPS)
        if unknown:
            raise SystemExit(f"unknown step(s) {sorted(unknown)}; known: {', '.join(STEPS)}")
        repeats[s] = args.repeat if s == smallest else args.large_repeat
    return scales, steps_for, repeats


def bench_scale(scale: float, steps: list[str], repeat: int, work: Path, seed: int, results: list) -> dict:
    sdir = work / f"scale{scale:g}"
    notes: dict = {}
    all_home, base_home = sdir / "gen_all", sdir / "gen_base"
    print(f"  scale {scale:g}: generating demo data (10 schooljaren) ...", flush=True)
    for home in (all_home, base_home):
        if home.exists():
            shutil.rmtree(home)
    demo = run_measured(
        "demo",
        scale,
        0,
        [CLI, "demo", "--scale", f"{scale:g}", "--years", YEARS_ALL, "--seed", str(seed)],
        env_for(all_home, scale),
        sdir / "logs" / "demo.log",
    )
    results.append(demo)
    if demo.returncode != 0:  # recorded as failed (the report says so); the other scales still run
        print(f"  scale {scale:g}: no demo data, the other steps of this scale are skipped", flush=True)
        return notes
    notes["landing_mb"] = sum(p.stat().st_size for p in (all_home / "landing").rglob("*") if p.is_file()) / 1e6
    need_full = bool({"full", "floor", "startup"} & set(steps))
    # dbt parses the project once per version of its files (orchestration/dbt.py, prepare_manifest); every
    # refresh and release after that reuses the parse. Parsed here, and timed on its own, so that the first
    # timed refresh measures what every refresh costs, not what the first one after a change costs.
    results.append(
        run_measured(
            "parse",
            scale,
            0,
            [PYTHON, "-c", "from orchestration.dbt import prepare_manifest; prepare_manifest()"],
            env_for(all_home, scale),
            sdir / "logs" / "parse.log",
        )
    )
    for rep in range(1, repeat + 1 if need_full else 1):
        home = fresh_dir(sdir / f"full{rep}")
        shutil.copytree(all_home / "landing", home / "landing")
        m = run_measured("full", scale, rep, [CLI, "refresh"], env_for(home, scale), sdir / "logs" / f"full{rep}.log")
        results.append(m)
        if "floor" in steps and m.returncode == 0 and rep == 1:  # the same SQL every time: once
            results.append(run_floor(home, sdir, scale, rep))
            results.append(run_ingest_floor(home / "landing", sdir, scale, rep))
        if "release_full" in steps and m.returncode == 0 and rep == 1:
            results.append(
                run_measured(
                    "release_full",
                    scale,
                    rep,
                    [CLI, "release", str(NEW_YEAR + 1)],
                    env_for(home, scale),
                    sdir / "logs" / "release_full.log",
                )
            )
        shutil.rmtree(home)
    if {"incremental", "nochange", "release"} & set(steps):
        print(f"  scale {scale:g}: setting up the 2015-2023 warehouse ...", flush=True)
        run_measured(
            "demo_base",
            scale,
            0,
            [CLI, "demo", "--scale", f"{scale:g}", "--years", YEARS_BASE, "--seed", str(seed)],
            env_for(base_home, scale),
            sdir / "logs" / "demo_base.log",
        )
        setup = run_measured(
            "setup", scale, 0, [CLI, "refresh"], env_for(base_home, scale), sdir / "logs" / "setup.log"
        )
        results.append(setup)
        if "release" in steps and setup.returncode == 0:
            results.append(
                run_measured(
                    "release_first",
                    scale,
                    0,
                    [CLI, "release", str(NEW_YEAR)],
                    env_for(base_home, scale),
                    sdir / "logs" / "release_first.log",
                )
            )
        for rep in range(1, repeat + 1 if setup.returncode == 0 else 1):
            home = sdir / f"incr{rep}"
            copy_home(base_home, home)
            env = env_for(home, scale)
            added = land_new_year(all_home / "landing", home / "landing")
            notes["landed_files"] = added
            if "incremental" in steps:
                results.append(
                    run_measured("incremental", scale, rep, [CLI, "refresh"], env, sdir / "logs" / f"incr{rep}.log")
                )
            if "nochange" in steps:
                results.append(
                    run_measured("nochange", scale, rep, [CLI, "refresh"], env, sdir / "logs" / f"nochange{rep}.log")
                )
            if "release" in steps:
                results.append(
                    run_measured(
                        "release",
                        scale,
                        rep,
                        [CLI, "release", str(NEW_YEAR + 1)],
                        env,
                        sdir / "logs" / f"release{rep}.log",
                    )
                )
            shutil.rmtree(home)
    return notes


# ---------------------------------------------------------------- the report


def machine() -> dict:
    info = {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return info


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "polars", "great-expectations"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "-"
    return out


def _fmt(v: float | None, unit: str = "") -> str:
    return "–" if v is None else f"{v:,.1f}{unit}"


# The targets of issue 19 (scale 1 unless stated, 2-core machine, ratios from one bench run)
TARGETS = {
    "full_ratio": 3.0,  # full refresh / (ingest floor + SQL floor)
    "incremental_ratio": 1.5,  # one new schooljaar / (ingest floor + SQL floor)
    "nochange_s": 5.0,
    "release_s": 30.0,
    "peak_mb": {1.0: 1000.0, 5.0: 2000.0},  # peak summed PSS of the process tree, any refresh or release step
}
REFRESH_PHASES = ("startup", "parse", "ingest", "contracts", "dbt", "after_dbt")
RELEASE_PHASES = ("startup", "dbt", "checks", "export", "docs", "report", "seal")


def target_lines(
    summary: dict, peaks: dict, failed: list[tuple[str, float]], scales: list[float], memory: str = "summed PSS"
) -> list[str]:
    """One line per target of issue 19: the measured value and whether it is met. `summary`: (step, scale) ->
    median wall s; `peaks`: scale -> peak tree memory MB over the refresh and release steps, measured as
    `memory`; `failed`: (step, scale) of runs that failed."""
    out = []

    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    small = min(scales)
    floor = None
    if ("floor", small) in summary and ("floor_ingest", small) in summary:
        floor = summary[("floor", small)] + summary[("floor_ingest", small)]
    for step, key, what in (
        ("full", "full_ratio", "full refresh"),
        ("incremental", "incremental_ratio", "one new schooljaar"),
    ):
        value = summary.get((step, small))
        if value is not None and floor:
            ratio, limit = value / floor, TARGETS[key]
            out.append(
                f"- {what} ≤ {limit:g} × the floor: {value:.1f} s / {floor:.1f} s = {ratio:.1f}× "
                + verdict(ratio <= limit)
            )
    for step, key, what in (
        ("nochange", "nochange_s", "no-change refresh"),
        ("release", "release_s", "release after one new schooljaar"),
    ):
        value = summary.get((step, small))
        if value is not None:
            limit = TARGETS[key]
            out.append(f"- {what} ≤ {limit:g} s: {value:.1f} s {verdict(value <= limit)}")
    if ("release_first", small) in summary:
        out.append(
            f"- (for comparison) the first release, with no earlier release whose pattern it could keep: "
            f"{summary[('release_first', small)]:.1f} s"
        )
    for scale, limit in TARGETS["peak_mb"].items():
        if scale in peaks:
            out.append(
                f"- peak memory of the process tree ({memory}) at scale {scale:g} ≤ {limit:,.0f} MB: "
                f"{peaks[scale]:,.0f} MB "
                f"{verdict(peaks[scale] <= limit)}"
            )
    for scale in scales:
        if scale >= 25:
            broke = [step for step, sc in failed if sc == scale]
            done = ("full", scale) in summary
            out.append(
                f"- scale {scale:g} completes: "
                + ("**met**" if done and not broke else f"**not met** (failed: {', '.join(broke) or 'not run'})")
            )
    return out


def render(data: dict) -> str:
    """The generated part of docs/benchmarks.md."""
    rows = [Measurement(**r) for r in data["results"]]
    lines = [
        DOC_START,
        f"_Generated by `bench/run.py` on {data['finished']} ({data['command']}); "
        f"took {data['duration_s'] / 60:.1f} min. Load average 1-min before/after the run: "
        f"{data['load_start']:.2f} / {data['load_end']:.2f}._",
        "",
        f"Machine: {data['machine'].get('cpu', '?')}, {data['machine']['cores']} cores, "
        f"{data['machine'].get('memory_gib', '?')} GiB, {data['machine']['platform']}, "
        f"Python {data['machine']['python']}.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in data["versions"].items()) + ".",
        "",
        "| step | scale | n | wall s median (min–max) | CPU s median | peak PSS tree MB (max) | peak RSS tree MB (max) "
        "| largest process MB | load 1-min during |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    summary: dict = {}
    peaks: dict = {}
    by_pss = any(m.tree_pss_mb for m in rows)  # runs before 2026-12-05 sampled the RSS only
    labels = {
        "setup": "full 2015-2023 (setup)",
        "release_first": "first release (2015-2023; no earlier release)",
        "release_full": "first release (2015-2024, after the full refresh)",
        "release": "release after one new schooljaar",
        "demo": "demo generation",
        "parse": "dbt parse (once per version of the project; warm-up)",
        "floor": "floor: SQL",
        "floor_ingest": "floor: ingest",
    }
    for step in (
        "demo",
        "parse",
        "full",
        "setup",
        "incremental",
        "nochange",
        "release_first",
        "release",
        "release_full",
        "floor",
        "floor_ingest",
    ):
        for scale in data["scales"]:
            ms = [m for m in rows if m.step == step and m.scale == scale and m.returncode == 0]
            if not ms:
                continue
            w, c = summarise([m.wall_s for m in ms]), summarise([m.cpu_s for m in ms])
            summary[(step, scale)] = w["median"]
            if step in REFRESH_AND_RELEASE_STEPS:
                peaks[scale] = max(peaks.get(scale, 0.0), *(m.tree_pss_mb if by_pss else m.tree_rss_mb for m in ms))
            loads = [m.load_before for m in ms] + [m.load_after for m in ms]
            pss = f"{max(m.tree_pss_mb for m in ms):,.0f}" if all(m.tree_pss_mb for m in ms) else "–"
            lines.append(
                f"| {labels.get(step, step)} | {scale:g} | {w['n']} | {w['median']:.1f} "
                f"({w['min']:.1f}–{w['max']:.1f}) | {c['median']:.1f} | {pss} | "
                f"{max(m.tree_rss_mb for m in ms):,.0f} | {max(m.max_rss_mb for m in ms):,.0f} | "
                f"{min(loads):.1f}–{max(loads):.1f} |"
            )
    failed = [m for m in rows if m.returncode]
    if failed:
        lines += ["", "Failed runs: " + ", ".join(f"{m.step} scale {m.scale:g} rep {m.rep}" for m in failed)]

    def phase_table(steps: tuple[str, ...], names: tuple[str, ...], header: str) -> list[str]:
        table = [header, "|" + "---|" * (len(names) + 2)]
        for step in steps:
            for scale in data["scales"]:
                ms = [m for m in rows if m.step == step and m.scale == scale and m.returncode == 0]
                if not ms:
                    continue
                cells = []
                for name in names:
                    vals = [m.phases[name] for m in ms if name in m.phases]
                    cells.append(_fmt(statistics.median(vals)) if vals else "–")
                table.append(f"| {step} | {scale:g} | " + " | ".join(cells) + " |")
        return table

    lines += ["", "Where the time of a refresh goes (median s; from the timestamped progress lines):", ""]
    lines += phase_table(
        ("full", "setup", "incremental", "nochange"),
        REFRESH_PHASES,
        "| step | scale | start-up | dbt parse | ingest | contracts | dbt build | after dbt (checks, summary) |",
    )
    plans = []
    for step in REFRESH_AND_RELEASE_STEPS:
        for scale in data["scales"]:
            seen = sorted({m.dbt_plan for m in rows if m.step == step and m.scale == scale and m.dbt_plan})
            plans += [f"- {step}, scale {scale:g}: {plan}" for plan in seen]
    if plans:
        lines += [
            "",
            "What each dbt build rebuilt (its progress line; docs/operations.md, *What a refresh rebuilds*):",
            "",
        ]
        lines += plans
    lines += ["", "Where the time of a release goes (median s):", ""]
    lines += phase_table(
        ("release_first", "release", "release_full"),
        RELEASE_PHASES,
        "| step | scale | start-up | dbt build | checks | export (disclosure control) | dbt docs | report "
        "| seal (checksums, manifest) |",
    )
    lines += ["", "Targets (issue 19; the floor is the ingest floor plus the SQL floor at the same scale):", ""]
    memory = "summed PSS" if by_pss else "summed RSS"
    lines += target_lines(summary, peaks, [(m.step, m.scale) for m in failed], data["scales"], memory) or [
        "- (none measured)"
    ]
    lines += ["", "Ratios:", ""]
    for scale in data["scales"]:
        full, floor = summary.get(("full", scale)), summary.get(("floor", scale))
        ingest_floor = summary.get(("floor_ingest", scale))
        ms = [m for m in rows if m.step == "full" and m.scale == scale and m.returncode == 0 and "dbt" in m.phases]
        dbt = statistics.median(m.phases["dbt"] for m in ms) if ms else None
        ingest = statistics.median(m.phases["ingest"] for m in ms if "ingest" in m.phases) if ms else None
        if full and floor:
            lines.append(
                f"- scale {scale:g}: full refresh / (ingest floor + SQL floor) = "
                + (f"{full / (floor + ingest_floor):.1f}×" if ingest_floor else "–")
                + (f"; dbt build (models + tests) / SQL floor = {dbt / floor:.1f}×" if dbt else "")
                + (
                    f"; ingest (with contracts) / ingest floor = {ingest / ingest_floor:.1f}×"
                    if ingest and ingest_floor
                    else ""
                )
                + f" (SQL floor {floor:.1f} s: the SQL of every model alone in DuckDB"
                + (f"; ingest floor {ingest_floor:.1f} s: every landing file read by DuckDB)" if ingest_floor else ")")
            )
            subset = [
                m.phases["indicator_models_s"]
                for m in rows
                if m.step == "floor" and m.scale == scale and m.returncode == 0 and "indicator_models_s" in m.phases
            ]
            if subset:
                lines.append(
                    f"  - of the SQL floor, the models marts.indicator_values needs (the floor of the runs before "
                    f"2026-12-03): {statistics.median(subset):.1f} s"
                )
    startups = [
        m.phases["startup"]
        for m in rows
        if m.step in ("full", "setup", "incremental", "nochange") and "startup" in m.phases and m.returncode == 0
    ]
    startup = statistics.median(startups) if startups else 0.0
    if startups:
        lines.append(
            f"- fixed start-up of a refresh (process start to the first asset), median of {len(startups)} "
            f"refreshes: {startup:.1f} s"
        )
    small = min(data["scales"])
    for scale in data["scales"]:
        if scale == small or ("full", scale) not in summary or ("full", small) not in summary:
            continue
        r = ratio_beyond_startup(summary[("full", scale)], summary[("full", small)], startup)
        lines.append(
            f"- full refresh scale {scale:g} / scale {small:g} beyond start-up: "
            + (f"{r:.2f}× (data {scale / small:g}×)" if r else "–")
        )
    lines += ["", DOC_END]
    return "\n".join(lines)


def write_doc(doc: Path, generated: str) -> None:
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n\n"
    if DOC_START in text and DOC_END in text:
        head, rest = text.split(DOC_START, 1)
        tail = rest.split(DOC_END, 1)[1]
        text = head + generated + tail
    else:
        text = text.rstrip("\n") + "\n\n" + generated + "\n"
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--scales", default=DEFAULT_SCALES, help=f"comma-separated demo scales (default {DEFAULT_SCALES})")
    p.add_argument("--repeat", type=int, default=2, help="repetitions at the smallest scale (default 2; 3 adds ~6 min)")
    p.add_argument(
        "--steps", default="full,incremental,nochange,release,floor", help="steps at the smallest scale (default all)"
    )
    p.add_argument("--large-repeat", type=int, default=1, help="repetitions at the larger scales (default 1)")
    p.add_argument(
        "--large-steps",
        default="full,release_full,floor",
        help="steps at the larger scales (default full,release_full,floor; release_full up to RELEASE_FULL_MAX_SCALE)",
    )
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--workdir", type=Path, default=Path("/tmp/sto_bench"), help="scratch space (emptied first)")
    p.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md", help="the report to update")
    p.add_argument("--json", type=Path, default=None, help="also write the raw measurements here")
    p.add_argument("--dry-run", action="store_true", help="print the plan and its expected duration, run nothing")
    args = p.parse_args(argv)

    scales, steps_for, repeats = plan(args)
    expected = estimate_seconds(scales, steps_for, repeats)
    print("bench plan:")
    for s in scales:
        print(f"  scale {s:g}: {repeats[s]} repetition(s) of {', '.join(steps_for[s])}")
    print(f"  expected duration on a quiet 2-core machine: ~{expected / 60:.0f} min (load now {loadavg():.2f})")
    if args.dry_run:
        return 0
    work = fresh_dir(args.workdir)
    started, t0, load_start = datetime.now(UTC), time.perf_counter(), loadavg()
    results: list[Measurement] = []
    notes = {}
    print(f"  (each step's progress lines: tail -f {work}/scale*/logs/*.log)", flush=True)
    for s in scales:
        notes[f"{s:g}"] = bench_scale(s, steps_for[s], repeats[s], work, args.seed, results)
        print(f"  ... {(time.perf_counter() - t0) / 60:.1f} min elapsed", flush=True)
        # what was measured so far, should a later scale not finish
        (work / "measurements.json").write_text(json.dumps([asdict(m) for m in results], indent=1))
    data = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "duration_s": time.perf_counter() - t0,
        "load_start": load_start,
        "load_end": loadavg(),
        "machine": machine(),
        "versions": versions(),
        "scales": scales,
        "notes": notes,
        "results": [asdict(m) for m in results],
    }
    generated = render(data)
    print(generated)
    write_doc(args.doc, generated)
    if args.json:
        args.json.write_text(json.dumps(data, indent=1))
    print(f"wrote {args.doc}")
    return 1 if any(m.returncode for m in results) else 0


if __name__ == "__main__":
    sys.exit(main())
