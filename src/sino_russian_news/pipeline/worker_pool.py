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


def _exit_with(parent: Any) -> None:
    parent.join()  # waits on the parent's sentinel: returns once the parent process has ended
    os._exit(1)
