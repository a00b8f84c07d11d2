"""Giving freed memory back to the operating system between the big steps of a long-lived process.

glibc keeps the memory a process frees in its heap for reuse; after a city's run (gigabytes of arrays,
many of them smaller than glibc's adaptive mmap threshold) a Celery worker that keeps running would
carry that free memory into the next night, and a pool forked from it would count it again. Trimming
after a city is loaded and after each chunk keeps one night's peak where the first night's was.
"""

from __future__ import annotations

import ctypes
import ctypes.util


def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:  # pragma: no cover - no C library to load
        return None
    return getattr(libc, "malloc_trim", None)  # glibc only


_TRIM = _malloc_trim()


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; False where the C library cannot (not glibc).

    Arrays are freed by reference counting as soon as they are dropped; a garbage collection here
    would cost more (50–80 ms in a worker, per chunk) than the trim (a few ms)."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
