"""One writing `sto-monitor` command at a time per STO_HOME.

Every command that writes (refresh, release, fetch-duo, demo, ...) wraps its work in
``with run_lock(home, "refresh"):``, and every Dagster run that writes holds it through the resource
``RunLockResource`` (orchestration/resources.py), so that a run started from the Dagster UI takes it too.
The lock is re-entrant within a process: a run started by a command that holds it shares it.
The lock is an ``fcntl.flock`` on ``$STO_HOME/.sto-monitor.lock``;
the kernel drops it when the holding process ends in any way (also SIGKILL), so a lock file left by a
killed run never blocks the next one. The file records pid, command and start time of the holder, so a
second command is refused at once with a message naming the running one:

    another sto-monitor run is in progress (refresh, pid 1234, started 2026-11-23 01:23:45);
    try again when it has finished
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from orchestration.errors import UserError

LOCK_NAME = ".sto-monitor.lock"
_HELD: dict[Path, str] = {}  # STO_HOMEs whose lock this process holds -> the command holding it


class RunInProgress(UserError):
    """Another writing sto-monitor command holds the lock of this STO_HOME."""


def lock_path(root: Path) -> Path:
    return root / LOCK_NAME


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(root: Path) -> dict | None:
    """What the lock file says about its holder (None when absent or unreadable)."""
    try:
        return json.loads(lock_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _describe(holder: dict | None) -> str:
    if not holder:
        return "another sto-monitor run is in progress; try again when it has finished"
    return (
        f"another sto-monitor run is in progress ({holder.get('command', '?')}, pid {holder.get('pid', '?')}, "
        f"started {holder.get('started', '?')}); try again when it has finished"
    )


@contextmanager
def run_lock(root: Path, command: str) -> Iterator[Path]:
    """Hold the STO_HOME lock for `command`; raise RunInProgress at once if another run holds it. Within a
    process that holds it already (a command running a Dagster job in-process) it is shared."""
    root.mkdir(parents=True, exist_ok=True)
    path = lock_path(root)
    held = root.resolve()
    if held in _HELD:
        yield path
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(root)
            if holder and isinstance(holder.get("pid"), int) and not _pid_alive(holder["pid"]):
                # The holder died but the lock is still held: a child it started (e.g. dbt) lives on.
                raise RunInProgress(
                    _describe(holder).replace("in progress", "still finishing (its process has ended)")
                ) from None
            raise RunInProgress(_describe(holder)) from None
        # We hold the lock: whatever the file says is stale (its writer has ended).
        record = {
            "pid": os.getpid(),
            "command": command,
            "started": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        os.fsync(fd)
        _HELD[held] = command
        try:
            yield path
        finally:
            del _HELD[held]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def ensure_database_free(database: Path) -> None:
    """Refuse at once, with one line, when another program (not a sto-monitor run: a notebook, a SQL
    client, `dagster dev` materialising) has the DuckDB file open for writing."""
    import duckdb  # deferred: the CLI checks the lock before it loads anything heavy

    if not database.exists():
        return
    try:
        duckdb.connect(str(database)).close()
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" not in text.lower():
            raise
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", text)
        who = f" by {holder.group(1)} (pid {holder.group(2)})" if holder else ""
        raise RunInProgress(
            f"the warehouse {database} is open{who}; close that program and try again "
            "(DuckDB allows one writing process at a time)"
        ) from None
