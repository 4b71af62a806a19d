"""Time and size of `sto-monitor demo` at scale 0.25, 0.5 and 1.0 (10 schooljaren 2015-2024).

Run: .venv/bin/python bench/demo_generation.py  (results are recorded in docs/benchmarks-demo.md).
Not a test: timings depend on the machine and its load."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.demo.generate import write_demo  # noqa: E402


def main() -> None:
    years = list(range(2015, 2025))
    print(f"{'scale':>6} {'wall s':>8} {'cpu s':>8} {'MB':>8} {'cpu s/scale':>12} {'MB/scale':>9}")
    for scale in (0.25, 0.5, 1.0):
        with tempfile.TemporaryDirectory() as tmp:
            start, cpu = time.perf_counter(), time.process_time()
            paths = write_demo(Path(tmp) / "landing", years, scale=scale, seed=2025)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{scale:>6} {seconds:>8.1f} {cpu:>8.1f} {mb:>8.1f} {cpu / scale:>12.1f} {mb / scale:>9.1f}")


if __name__ == "__main__":
    main()
