"""The dbt docs of a release: `dbt docs generate --static` into its docs/index.html.

The page shows the project (models, their SQL, tests, lineage) and the warehouse's catalog, which on DuckDB
holds only relations, columns and types (no row counts or other statistics of the data). So it is generated
once per version of the project, of dbt and of the warehouse's schema, kept beside dbt's other output in
the checkout (`dbt_project/target/dbt_docs/`, for every STO_HOME of the checkout: the version covers
everything the page is made of), and copied into every release of that version (docs/release.md): a yearly
release after new data, with the same project and schema, does not run dbt again for it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TextIO

import duckdb

from ingest.paths import StoHome
from orchestration.dbt import dbt_environment, dbt_resource
from orchestration.dbt_manifest import TARGET_DIR, newest_first, project_fingerprint
from orchestration.errors import UserError

# what the docs page is made of besides the project files and the warehouse's schema
DOCS_PACKAGES = ("dbt-core", "dbt-duckdb")
DOCS_CACHE = TARGET_DIR / "dbt_docs"  # <version>.html, shared by the STO_HOMEs of this checkout
DOCS_KEPT = 10  # versions kept (the newest): the warehouses of a checkout have a schema or two at a time


def docs_version(con: duckdb.DuckDBPyConnection) -> str:
    """A hash of everything `dbt docs generate --static` reads: the dbt project's files, the versions of dbt,
    and the warehouse's schema (every relation's type and every column's name, position and type)."""
    h = hashlib.sha256(project_fingerprint().encode())
    for package in DOCS_PACKAGES:
        h.update(f"\n{package}={metadata.version(package)}".encode())
    rows = con.execute(
        """
        select c.table_schema, c.table_name, t.table_type, c.column_name, c.ordinal_position, c.data_type
        from information_schema.columns c
        join information_schema.tables t using (table_catalog, table_schema, table_name)
        where c.table_catalog = current_database()
        order by 1, 2, 5
        """
    ).fetchall()
    for row in rows:
        h.update(("\n" + "\t".join(map(str, row))).encode())
    return h.hexdigest()


def build_docs(
    home: StoHome, folder: Path, log: TextIO, version: str, beside: Callable[[], None] | None = None
) -> bool:
    """<folder>/docs/index.html: the docs generated for `version` (docs_version), or generated now by dbt
    docs generate --static over this STO_HOME's warehouse (dbt's messages go to `log`) and kept for the next
    release. True when generated now. `beside`: work of the caller's that does not need the docs (the
    release's report), run in this thread while dbt generates them, or first when they are kept already."""
    beside = beside or (lambda: None)
    page = DOCS_CACHE / f"{version}.html"
    try:
        kept = page.read_bytes()
    except OSError:  # not generated yet (or removed meanwhile by a release of another STO_HOME)
        kept = None
    if kept is not None:
        beside()
        (folder / "docs").mkdir()
        (folder / "docs" / "index.html").write_bytes(kept)
        return False
    target = folder.parent / f"{folder.name}-dbt-target"
    try:
        _generate(home, target, log, beside)
        (folder / "docs").mkdir()
        shutil.copyfile(target / "static_index.html", folder / "docs" / "index.html")
        _keep(target / "static_index.html", page)
    finally:
        shutil.rmtree(target, ignore_errors=True)
    return True


def _keep(generated: Path, page: Path) -> None:
    """The generated page kept as `page` (written whole, then renamed: a release of another STO_HOME reads it
    whole or not at all), and the versions beyond the newest DOCS_KEPT removed; a read-only checkout keeps
    nothing."""
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        partial = page.with_name(f"{page.stem}.{os.getpid()}.partial")
        shutil.copyfile(generated, partial)
        os.replace(partial, page)
        for old in newest_first(page.parent.glob("*.html"))[DOCS_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _generate(home: StoHome, target: Path, log: TextIO, beside: Callable[[], None]) -> None:
    """dbt docs generate --static into `target`, running `beside` meanwhile: dbt's process is started here
    (its environment set and restored before `beside` starts), a thread reads its messages (so that its
    output never fills the pipe), and a failure of `beside` kills dbt."""
    with dbt_environment(home):
        invocation = dbt_resource().cli(["docs", "generate", "--static"], target_path=target, raise_on_error=False)
    messages: list[str] = []
    reader = threading.Thread(target=_read_messages, args=(invocation, log, messages), daemon=True)
    reader.start()
    try:
        beside()
    except BaseException:
        # SIGKILL: dbt only reads the warehouse here, and a SIGTERM can be blocked in a process started by one
        # whose signal mask blocks it (a test worker of CI's was: dbt ran to its end)
        invocation.process.kill()
        raise
    finally:
        reader.join()
    if not invocation.is_successful() or not (target / "static_index.html").exists():
        raise UserError("dbt docs generate --static failed: " + " ".join(" ".join(messages).split()[-40:]))


def _read_messages(invocation, log: TextIO, messages: list[str]) -> None:
    for event in invocation.stream_raw_events():
        message = (event.raw_event.get("info") or {}).get("msg", "")
        messages.append(message)
        log.write(message + "\n")
