"""Local worker processes end with the process that started them, however it ends; an NLP
worker's allocator keeps the memory it frees."""

import json
import os
import platform
import signal
import subprocess
import sys
import time

import psutil
import pytest

from sino_russian_news.pipeline.worker_pool import worker_pool

PARENT = """
import os, sys, time
from sino_russian_news.pipeline.worker_pool import worker_pool
if __name__ == "__main__":
    pool = worker_pool(2)
    print(" ".join(str(pool.submit(os.getpid).result()) for _ in range(4)), flush=True)
    time.sleep(120)
"""


def test_workers_run_the_task_and_the_initializer(tmp_path):
    marker = tmp_path / "started"
    with worker_pool(1, marker.write_text, ("yes",)) as pool:
        worker = pool.submit(os.getpid).result()
    assert worker != os.getpid()
    assert marker.read_text() == "yes"


def test_workers_exit_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    workers = {int(pid) for pid in parent.stdout.readline().split()}
    assert 1 <= len(workers) <= 2 and all(psutil.pid_exists(pid) for pid in workers)

    parent.send_signal(signal.SIGKILL)  # no cleanup of its own: only the workers' watch can end them
    parent.wait()
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)

    assert [pid for pid in workers if alive(pid)] == []


def alive(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# Four 16 MiB buffers allocated, written and freed five times, as spaCy's parser does with its
# arrays batch after batch; the page faults of rounds 2-5 printed.
REUSE = """
import resource, sys
from sino_russian_news.pipeline.worker_pool import keep_freed_memory
kept = sys.argv[1] == "kept" and keep_freed_memory()
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
buffers = [bytearray(16 << 20) for _ in range(4)]
del buffers
before = faults()
for _ in range(4):
    buffers = [bytearray(16 << 20) for _ in range(4)]
    del buffers
print(kept, faults() - before)
"""

glibc_only = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt(3) is glibc's")


def rounds_faults(mode):
    out = subprocess.run([sys.executable, "-c", REUSE, mode], check=True, capture_output=True, text=True).stdout.split()
    return json.loads(out[0].lower()), int(out[1])


@glibc_only
def test_a_worker_that_keeps_freed_memory_does_not_fault_on_it_again():
    kept, faults = rounds_faults("kept")
    assert kept is True
    assert faults < 1_000  # the 64 MiB come back from the heap, already mapped
    default, faults = rounds_faults("default")
    assert default is False
    assert faults > 4 * 4 * 16 * 256 // 2  # glibc's defaults return the heap top: each round faults its pages in again


def faults_of_reuse():
    """REUSE's rounds 2-5 in this process: the page faults they cost."""
    import resource

    buffers = [bytearray(16 << 20) for _ in range(4)]
    del buffers
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(4):
        buffers = [bytearray(16 << 20) for _ in range(4)]
        del buffers
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@glibc_only
def test_the_builds_nlp_workers_keep_freed_memory():
    from sino_russian_news.pipeline.distributed import local_workers

    with local_workers(1) as pool:
        assert pool.submit(faults_of_reuse).result() < 1_000
