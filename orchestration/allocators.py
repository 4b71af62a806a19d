"""How this process allocates memory (docs/operations.md, "Allocators").

- glibc's malloc serves an allocation of at least its mmap threshold with its own mapping, given back when it
  is freed; a smaller one comes from the heap, which keeps what is freed in it for later. The threshold
  starts at 128 kB and rises with every such block freed, up to 32 MB, so after a while most NumPy and
  pandas arrays come from the heap and stay there. Fixed at 1 MB (`MMAP_THRESHOLD`, with mallopt: glibc
  reads its variable MALLOC_MMAP_THRESHOLD_ only when a process starts), the arrays of a release's
  disclosure control go back when they are freed, and the solver's forked workers, whose allocations in the
  heap they share with this process would copy its pages, use less: a first release at scale 1 peaked at
  1,021 MB for the whole process tree before, 961 MB after. Only this process: the processes it starts
  (dbt, and Spark's JVM under dbt) keep glibc's default, which made the Spark target's test 34 s slower.
  A MALLOC_MMAP_THRESHOLD_ the user set is left as glibc applied it.
- Arrow's default allocator (mimalloc) keeps what the Arrow data of pandas and DuckDB freed, ≈ 100 MB in a
  release at scale 1; the system allocator gives it back (ARROW_DEFAULT_MEMORY_POOL=system unless set,
  read when Arrow first allocates, after this; the processes this one starts inherit it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

MMAP_THRESHOLD = 1 << 20  # bytes
M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


def configure_allocators() -> None:
    """Arrow's pool when unset, and glibc's mmap threshold of this process (nothing where the C library is not
    glibc, or when the user set MALLOC_MMAP_THRESHOLD_)."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    if os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return
    library = ctypes.util.find_library("c")
    mallopt = getattr(ctypes.CDLL(library), "mallopt", None) if library else None
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
