"""Local worker processes: the build's cleaning and NLP (distributed.py), release validation (publish.py).

Workers are started fresh ("spawn"), not forked: a worker holds only what it imports, not a
copy of the main process's memory, and inherits no threads or open database connections.

Each worker exits when the main process ends, however it ends. A ProcessPoolExecutor worker
otherwise keeps waiting for work from a parent that is gone: a build killed by a CI timeout
or the OOM killer left its two workers running, each holding a spaCy model (found after a
`kill` of a build: two orphans of 240 MB each an hour later).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def worker_pool(
    processes: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of `processes` spawned workers that end with this process; `initializer(*initargs)` runs in each."""
    import multiprocessing

    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(initializer, initargs),
    )


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), name="exit-with-parent", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


# glibc's mallopt(3) parameters (malloc.h).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
# An NLP worker's allocator: blocks up to 32 MiB (the most glibc's own sliding threshold
# reaches) come from the heap, and up to 256 MiB of freed heap is kept. spaCy's parser
# allocates its large arrays afresh for each batch and frees them after it; with glibc's
# defaults the heap's top is given back between batches and every page touched again is a
# page fault. A cold build of 10,000 articles: 6.5 million faults and 24 CPU-s of system
# time with the defaults, 0.35 million and 4 CPU-s with these (benchmarks/RESULTS.md).
NLP_WORKER_MALLOPT = ((M_MMAP_THRESHOLD, 32 << 20), (M_TRIM_THRESHOLD, 256 << 20))


def keep_freed_memory(settings: tuple[tuple[int, int], ...] = NLP_WORKER_MALLOPT) -> bool:
    """Set this process's glibc allocator parameters; False where the C library is not glibc
    (macOS, Windows, musl) and its allocator keeps its own defaults."""
    import ctypes
    import ctypes.util
    import platform

    if platform.libc_ver()[0] != "glibc":
        return False
    mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    for parameter, value in settings:
        mallopt(parameter, value)  # glibc's return value says nothing of a value's range: not read
    return True


def _exit_with(parent: Any) -> None:
    parent.join()  # waits on the parent's sentinel: returns once the parent process has ended
    os._exit(1)
