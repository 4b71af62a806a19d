"""How this process and the processes it starts allocate memory (docs/operations.md, "Allocators").

- glibc's malloc serves an allocation of at least its mmap threshold with its own mapping, given back when it
  is freed; a smaller one comes from the heap, which keeps what is freed in it for later. The threshold
  starts at 128 kB and rises with every such block freed, up to 32 MB, so after a while most NumPy and
  pandas arrays come from the heap and stay there. Fixed at 1 MB (`MMAP_THRESHOLD`), the arrays of a
  release's disclosure control go back when they are freed, and the solver's forked workers, whose
  allocations in the heap they share with this process would copy its pages, use less: a first release
  at scale 1 peaked at 1,021 MB for the whole process tree before, 961 MB after, in the same time.
- Arrow's default allocator (mimalloc) keeps what the Arrow data of pandas and DuckDB freed, ≈ 100 MB in a
  release at scale 1; the system allocator gives it back.

Both are set for the processes this one starts (dbt) through their variables, MALLOC_MMAP_THRESHOLD_ and
ARROW_DEFAULT_MEMORY_POOL, unless the user set them; glibc's for this process with mallopt (glibc reads the
variable only when a process starts), Arrow's when it first allocates, after this.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

MMAP_THRESHOLD = 1 << 20  # bytes
M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


def configure_allocators() -> None:
    """Set both allocators' variables when unset, and glibc's mmap threshold of this process (nothing where the
    C library is not glibc)."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    threshold = os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(MMAP_THRESHOLD))
    library = ctypes.util.find_library("c")
    if library is None or not threshold.isdigit():
        return
    mallopt = getattr(ctypes.CDLL(library), "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, int(threshold))
