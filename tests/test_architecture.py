"""The Python layers (docs/architecture in README "Layout"): `ingest` (readers, contracts, loader, ledger) <-
`orchestration` (assets, checks, jobs) <- the CLI, without import cycles, counting the imports inside
functions; and importing the Definitions (what `dagster dev` does) runs nothing: it writes no file and
changes no environment variable.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "orchestration")


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the two packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _target(name: str, known: dict[str, Path]) -> str | None:
    """The project module an imported name refers to (`a.b.c` -> `a.b` when c is a name in a.b)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(module: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int, bool]]:
    """(imported project module, line, inside a function) for every import statement of a module,
    module-level or not. A parent package's __init__ that Python runs on the way is not counted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                names = [f"{base}.{a.name}" for a in child.names]
            for name in names:
                target = _target(name, known)
                if target is not None and target != module:
                    out.append((target, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {m: {t for t, _line, _f in imports(m, p, known)} for m, p in known.items()}


def test_no_import_cycles_counting_imports_inside_functions():
    edges = graph()
    try:
        list(TopologicalSorter(edges).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def test_ingest_never_imports_orchestration():
    wrong = sorted(
        f"{m} -> {t}"
        for m, ts in graph().items()
        if m.startswith("ingest")
        for t in ts
        if t.startswith("orchestration")
    )
    assert wrong == []


def test_imports_inside_functions_say_why():
    """An import inside a function is allowed only to defer a heavy import (CLI start-up, GX, ...), and says
    so in a comment on its line or the line above; never to hide a cycle (the graph above has none)."""
    known = modules()
    silent = []
    for module, path in known.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _target_module, line, in_function in imports(module, path, known):
            if in_function and "deferred" not in lines[line - 1] + lines[line - 2]:
                silent.append(f"{path.relative_to(ROOT)}:{line}")
    assert silent == []


# Run in a fresh interpreter: the libraries are imported first (polars, for one, sets an environment
# variable of its allocator when imported), then the project's Definitions, watching what that changes.
IMPORT_DEFINITIONS = """
import json, os, subprocess, sys
from pathlib import Path
import dagster, dagster_dbt, duckdb, pandas, polars, sqlglot, yaml

def tree(path):
    if not path.exists():
        return {}
    paths = [path, *path.rglob("*")] if path.is_dir() else [path]
    return {str(p): p.stat().st_mtime_ns for p in paths if "__pycache__" not in p.parts}

started = []
popen_init = subprocess.Popen.__init__
def recording_init(self, args, *rest, **kwargs):
    started.append(args if isinstance(args, str) else " ".join(map(str, args)))
    popen_init(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = recording_init

watched = [Path(w) for w in sys.argv[1:]]
env, files = dict(os.environ), [tree(w) for w in watched]
import orchestration.definitions
changed_env = sorted(k for k in set(env) | set(os.environ) if env.get(k) != os.environ.get(k))
after = [tree(w) for w in watched]
changed_files = sorted(p for b, a in zip(files, after) for p in set(b) | set(a) if b.get(p) != a.get(p))
print(json.dumps({"environment": changed_env, "files": changed_files, "processes": started}))
"""


def test_importing_the_definitions_writes_nothing_and_changes_no_environment_variable(tmp_path):
    from orchestration.dbt import prepare_manifest

    prepare_manifest()  # the CLI, make and `dagster dev` prepare it; importing only reads it
    home = tmp_path / "sto_home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STO_", "DAGSTER_", "GX_", "TQDM_"))}
    env.update(STO_HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    # dbt_project/target is left out: the other test processes (pytest -n) parse and build there at the
    # same time; that the import starts no process (no dbt parse) is asserted instead.
    watched = [tmp_path, ROOT / "warehouse", Path.home() / ".dagster"]
    watched += [p for p in (ROOT / "dbt_project").iterdir() if p.name not in ("target", "logs")]
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_DEFINITIONS, *map(str, watched)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"environment": [], "files": [], "processes": []}
    assert not home.exists()


def test_the_processes_that_run_dagster_do_not_import_dbt_core():
    """dbt runs as a subprocess; the Definitions (and the refresh, release and tests that load them) never
    import dbt-core, whose adapters dagster-dbt would otherwise import (about 1 s of every start-up;
    orchestration/__init__.py)."""
    probe = (
        "import json, sys\n"
        "import orchestration.definitions\n"
        "from dagster_dbt.compat import DBT_PYTHON_VERSION\n"
        "print(json.dumps({'dbt_core_version': None if DBT_PYTHON_VERSION is None else str(DBT_PYTHON_VERSION),"
        " 'dbt_modules': sorted(m for m in sys.modules if m.startswith(('dbt.', 'dbt_common', 'mashumaro', 'agate'))"
        " and sys.modules[m] is not None)}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"dbt_core_version": None, "dbt_modules": []}
