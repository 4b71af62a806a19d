"""A release's lineage.json (docs/lineage.md), written in a process of its own while the release evaluates
its checks and describes the marts (docs/release.md, "Disclosure control"): the lineage reads the warehouse
and the dbt manifest only, nothing that the checks or disclosure control decide, and both are mostly Python,
which two threads of one process could not run side by side. Beside it lineage/columns.json, the column
lineage of every mart as the dbt builds recorded it.

`LineageProcess(database, work, mart_columns)` writes lineage/columns.json into a folder of its own under
`work` and starts `python -m orchestration.release_lineage <database> <folder>`; `wait()` returns when
lineage.json is written there too, or raises one line
naming why it could not; `move_into(release)` moves them into the release being built. Leaving the `with`
block ends the process if it still runs (a check failed, the export failed) and removes its folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TextIO

import duckdb

from orchestration.column_lineage import write_columns_json
from orchestration.dbt_manifest import read_manifest
from orchestration.errors import UserError
from orchestration.trace import lineage_from_manifest, record_cell_rows
from orchestration.warehouse import connect_warehouse, release


def write_lineage(con: duckdb.DuckDBPyConnection, folder: Path, manifest: dict) -> None:
    """lineage.json: the dbt graph (models, seeds, sources, exposures with SQL paths and parents), the
    indicators' trace blocks and the source-row counts of every traced cell as the build counted them
    (int_source_rows__cell_counts)."""
    lineage = lineage_from_manifest(manifest)
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    text = json.dumps(lineage, default=str, **compact)
    # the cells and their files as the last two keys, where json.dumps writes them when they are in the dict;
    # the cells' text written batch by batch (10^5 cells: never one dict, never one string)
    with open(folder / "lineage.json", "w", encoding="utf-8") as out:
        out.write(text[:-1] + ',"cells":')
        files = record_cell_rows(con, lineage, out)
        out.write(f',"cell_files":{json.dumps(files, **compact)}' + "}\n")


class LineageProcess:
    """The process writing the lineage of the warehouse file `database` (opened read-only there; a connection
    this process keeps open is closed first) into `folder`, a new folder under `work`; lineage/columns.json,
    the column lineage of every mart (`mart_columns`, recorded by the builds: docs/lineage.md), is written
    there first, by this process."""

    def __init__(self, database: Path, work: Path, mart_columns: dict[str, dict[str, list[str]]]):
        release(database)
        work.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="lineage-", dir=work))
        write_columns_json(self.folder, mart_columns)
        # closed in __exit__; a file, which never fills as a pipe would while this process is busy
        self._errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(database), str(self.folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._errors,
        )

    def wait(self, log: TextIO | None = None) -> None:
        """Until the lineage is written; what the process wrote to stderr goes to `log`; a failure is one line."""
        code = self._process.wait()
        self._errors.seek(0)
        errors = self._errors.read()
        if log is not None and errors:
            log.write(errors)
        if code != 0:
            last = [line for line in errors.splitlines() if line.strip()][-1:] or [f"exit code {code}"]
            raise UserError(f"the lineage of the release could not be written: {last[0].strip()}")

    def move_into(self, release_folder: Path) -> None:
        """After `wait`: lineage.json and lineage/ into the release being built."""
        for name in ("lineage.json", "lineage"):
            os.rename(self.folder / name, release_folder / name)

    def __enter__(self) -> LineageProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._errors.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    database, folder = (Path(a) for a in (sys.argv[1:] if argv is None else argv))
    try:
        con = connect_warehouse(database, read_only=True)
        try:
            write_lineage(con, folder, read_manifest(required=True))
        finally:
            con.close()
    except (UserError, duckdb.Error) as e:  # one line (the warehouse is missing, a model was not built)
        print(" ".join(str(e).split()), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
