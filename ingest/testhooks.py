"""Documented test hooks: make a run stop at a known moment so that tests can kill it there, and make
DuckDB's default memory cap small enough for a dbt build on a tiny landing zone to run out of it.

Set ``STO_TEST_PAUSE_AT`` to a point name (``ingest``: inside the loader's transaction, after the
partition's rows are written and before COMMIT; ``dbt``: after the dbt build has built its first node)
and the process prints ``test hook: paused at <point>`` on stderr and sleeps
``STO_TEST_PAUSE_SECONDS`` (default 300) seconds before carrying on. Unset, it does nothing.

Set ``STO_TEST_MB_PER_THREAD`` to a number and the default cap of DuckDB's memory is that many MB per thread
instead of orchestration.warehouse.MB_PER_THREAD (a value of STO_DUCKDB_MEMORY_LIMIT still wins): a dbt
build then runs out of it and is retried with the larger cap (tests/test_incremental.py).
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_ENV = "STO_TEST_PAUSE_AT"
PAUSE_SECONDS_ENV = "STO_TEST_PAUSE_SECONDS"
POINTS = ("ingest", "dbt")
MB_PER_THREAD_ENV = "STO_TEST_MB_PER_THREAD"


def pause_point(point: str) -> None:
    """Sleep here when STO_TEST_PAUSE_AT names this point (tests only)."""
    if os.environ.get(PAUSE_ENV) != point:
        return
    print(f"test hook: paused at {point} (pid {os.getpid()})", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "300")))


def mb_per_thread(default: int) -> int:
    """STO_TEST_MB_PER_THREAD when it is set (tests only), else `default`."""
    return int(os.environ.get(MB_PER_THREAD_ENV) or default)
