"""The process's allocators (orchestration/allocators.py): glibc's mmap threshold fixed at 1 MB, so that an
array freed goes back to the system instead of staying in the heap; Arrow's pool the system allocator."""

from __future__ import annotations

import ctypes
import ctypes.util
import os

import pytest

from orchestration.allocators import M_MMAP_THRESHOLD, MMAP_THRESHOLD, configure_allocators

LIBC = ctypes.util.find_library("c")


class MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks")
    ] + [("keepcost", ctypes.c_size_t)]


def _libc():
    libc = ctypes.CDLL(LIBC)
    if not hasattr(libc, "mallinfo2"):
        pytest.skip("not glibc 2.33 or later")  # the development machine and CI have glibc 2.36
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    return libc


def _mapped_bytes(libc, size: int) -> int:
    """How many more bytes glibc holds in blocks of their own while a block of `size` is allocated."""
    before = libc.mallinfo2().hblkhd
    block = libc.malloc(size)
    try:
        return libc.mallinfo2().hblkhd - before
    finally:
        libc.free(block)


def test_an_array_of_a_megabyte_or_more_gets_a_mapping_of_its_own_that_goes_back_when_freed(monkeypatch):
    libc = _libc()
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    # as glibc leaves it after freeing large blocks for a while: its dynamic threshold risen to 32 MB
    libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
    assert _mapped_bytes(libc, 2 << 20) == 0  # from the heap, which keeps it
    configure_allocators()
    assert _mapped_bytes(libc, 2 << 20) >= 2 << 20
    assert _mapped_bytes(libc, MMAP_THRESHOLD // 2) == 0  # smaller blocks still come from the heap
    # the processes it starts (dbt) get both through their variables
    assert os.environ["MALLOC_MMAP_THRESHOLD_"] == str(MMAP_THRESHOLD)
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"


def test_the_users_values_win(monkeypatch):
    libc = _libc()
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", str(8 << 20))
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
    configure_allocators()
    assert _mapped_bytes(libc, 2 << 20) == 0 and _mapped_bytes(libc, 16 << 20) >= 16 << 20
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "mimalloc"
    libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)  # as sto-monitor leaves it
