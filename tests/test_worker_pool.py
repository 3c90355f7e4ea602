"""Local worker processes end with the process that started them, however it ends."""

import os
import signal
import subprocess
import sys
import time

import psutil

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
