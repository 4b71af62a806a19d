"""The dbt docs of a release: `dbt docs generate --static` into its docs/index.html."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TextIO

from ingest.paths import StoHome
from orchestration.dbt import dbt_environment, dbt_resource
from orchestration.errors import UserError


def build_docs(home: StoHome, folder: Path, log: TextIO) -> None:
    """dbt docs generate --static (over this STO_HOME's warehouse) into <folder>/docs/index.html; dbt's
    messages go to `log`."""
    target = folder.parent / f"{folder.name}-dbt-target"
    with dbt_environment(home):
        invocation = dbt_resource().cli(["docs", "generate", "--static"], target_path=target, raise_on_error=False)
    messages = []
    for event in invocation.stream_raw_events():
        message = (event.raw_event.get("info") or {}).get("msg", "")
        messages.append(message)
        log.write(message + "\n")
    if not invocation.is_successful() or not (target / "static_index.html").exists():
        raise UserError("dbt docs generate --static failed: " + " ".join(" ".join(messages).split()[-40:]))
    (folder / "docs").mkdir()
    shutil.copyfile(target / "static_index.html", folder / "docs" / "index.html")
    shutil.rmtree(target, ignore_errors=True)
