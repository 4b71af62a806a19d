"""How this process allocates memory (docs/operations.md, "Allocators").

- Arrow's default allocator (mimalloc) keeps what the Arrow data of pandas and DuckDB freed, ≈ 100 MB in a
  release at scale 1, ≈ 55 MB in a refresh's process while dbt runs; the system allocator gives it back
  (`configure_allocators`, when sto-monitor starts: ARROW_DEFAULT_MEMORY_POOL=system unless set, read when
  Arrow first allocates; the processes it starts inherit it).
- glibc's malloc serves an allocation of at least its mmap threshold with its own mapping, given back when it
  is freed; a smaller one comes from the heap, which keeps what is freed in it for later. The threshold
  starts at 128 kB and rises with every such block freed, up to 32 MB, so after a while most NumPy and
  pandas arrays come from the heap and stay there. Disclosure control fixes it at 1 MB before it describes
  the marts (`return_large_blocks`): its arrays go back when they are freed, and the solver's forked
  workers, whose allocations in the heap they share with the release's process would copy its pages, use
  less (a first release at scale 1: 1,021 MB for the whole process tree before, 961 MB after). Not for the
  whole process: every large block is then a new mapping the kernel fills with zeros; set when sto-monitor
  started, the demo's generation at scale 25 ran at 100 % system time and a full refresh took 57 s in a
  `make bench` run (48-54 s in the run after, with disclosure control setting it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

MMAP_THRESHOLD = 1 << 20  # bytes
M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


def configure_allocators() -> None:
    """Arrow's pool, unless the user chose one (ARROW_DEFAULT_MEMORY_POOL)."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def return_large_blocks() -> None:
    """Fix glibc's mmap threshold of this process at MMAP_THRESHOLD (nothing where the C library is not glibc,
    or when the user set MALLOC_MMAP_THRESHOLD_, which glibc applied when the process started)."""
    if os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return
    library = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(library), "mallopt", None) if library else None
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
