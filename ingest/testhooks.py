"""A documented test hook: make a run stop at a known moment so that tests can kill it there.

Set ``STO_TEST_PAUSE_AT`` to a point name (``ingest``: inside the loader's transaction, after the
partition's rows are written and before COMMIT; ``dbt``: after the dbt build has built its first node)
and the process prints ``test hook: paused at <point>`` on stderr and sleeps
``STO_TEST_PAUSE_SECONDS`` (default 300) seconds before carrying on. Unset, it does nothing.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_ENV = "STO_TEST_PAUSE_AT"
PAUSE_SECONDS_ENV = "STO_TEST_PAUSE_SECONDS"
POINTS = ("ingest", "dbt")


def pause_point(point: str) -> None:
    """Sleep here when STO_TEST_PAUSE_AT names this point (tests only)."""
    if os.environ.get(PAUSE_ENV) != point:
        return
    print(f"test hook: paused at {point} (pid {os.getpid()})", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "300")))
