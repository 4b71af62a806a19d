"""The process's allocators (orchestration/allocators.py): Arrow's pool the system allocator; for disclosure
control, glibc's mmap threshold fixed at 1 MB, so that an array freed goes back to the system instead of
staying in the heap.

glibc serves a request from a free chunk of its heap whatever the threshold, so each check runs in a fresh
Python process (this one's heap holds what earlier tests freed)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys
import textwrap

import pytest

CHECK = textwrap.dedent(
    """
    import ctypes, ctypes.util, os, sys
    from orchestration.allocators import M_MMAP_THRESHOLD, configure_allocators, return_large_blocks

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]

    def mapped(size):  # the bytes glibc holds in blocks of their own while a block of `size` is allocated
        before = libc.mallinfo2().hblkhd
        block = libc.malloc(size)
        try:
            return libc.mallinfo2().hblkhd - before
        finally:
            libc.free(block)

    # as glibc leaves it once large blocks were freed for a while: its dynamic threshold risen to 32 MB
    libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
    before = mapped(2 << 20)
    configure_allocators()
    return_large_blocks()
    print(before, mapped(2 << 20), mapped(16 << 20), mapped(512 << 10),
          os.environ.get("MALLOC_MMAP_THRESHOLD_", "-"), os.environ["ARROW_DEFAULT_MEMORY_POOL"])
    """
)
MB = 1 << 20


def check(env: dict[str, str]) -> list[str]:
    """Run CHECK in a fresh process with `env` beside this one's (without the allocators' variables)."""
    base = {k: v for k, v in os.environ.items() if k not in ("MALLOC_MMAP_THRESHOLD_", "ARROW_DEFAULT_MEMORY_POOL")}
    done = subprocess.run([sys.executable, "-c", CHECK], env={**base, **env}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


@pytest.fixture(autouse=True)
def _glibc():
    if not hasattr(ctypes.CDLL(ctypes.util.find_library("c")), "mallinfo2"):
        pytest.skip("not glibc 2.33 or later")  # the development machine and CI have glibc 2.36


def test_an_array_of_a_megabyte_or_more_gets_a_mapping_of_its_own_that_goes_back_when_freed():
    before, two, sixteen, half, threshold, pool = check({})
    assert int(before) == 0  # from the heap, which keeps it
    assert int(two) >= 2 * MB and int(sixteen) >= 16 * MB
    assert int(half) == 0  # smaller blocks still come from the heap
    # the processes it starts (dbt) get Arrow's pool, and glibc's default threshold
    assert (threshold, pool) == ("-", "system")


def test_the_users_values_win():
    # glibc applies MALLOC_MMAP_THRESHOLD_ when the process starts; the check then raises it to 32 MB, and
    # return_large_blocks leaves that as it is
    before, two, sixteen, _half, threshold, pool = check(
        {"MALLOC_MMAP_THRESHOLD_": str(8 * MB), "ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}
    )
    assert int(two) == 0 and int(sixteen) == 0
    assert (threshold, pool) == (str(8 * MB), "mimalloc")
