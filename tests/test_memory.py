"""Freed memory goes back to the system between the big steps of a long-lived worker (hrmatch.memory)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from hrmatch.memory import release_free_memory

MIB = 2**20


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs Linux /proc")
def test_free_heap_memory_below_a_live_block_goes_back_to_the_system() -> None:
    if not release_free_memory():
        pytest.skip("the C library has no malloc_trim (not glibc)")
    big = np.ones(24 * MIB // 8)  # freeing a big block raises glibc's mmap threshold above 1 MiB ...
    del big
    blocks = [np.ones(MIB // 8) for _ in range(200)]  # ... so these 200 MiB come from the heap
    top = blocks[-1]
    del blocks  # free, but below a live block: free() alone keeps them resident
    before = resident_bytes()
    assert release_free_memory()
    assert resident_bytes() < before - 100 * MIB
    assert top.sum() == MIB // 8
