"""`make bench` measures a build's memory as RSS and as PSS summed over its process tree."""

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench import run_measured  # noqa: E402

# A parent holding 200 MB that forks a child touching none of it: summed RSS counts the
# parent's pages twice, PSS once.
FORKED = """
import os, time
block = bytearray(200 * 2**20)
for i in range(0, len(block), 4096):
    block[i] = 1
if os.fork() == 0:
    time.sleep(2.5)
    os._exit(0)
os.wait()
"""


def test_summed_rss_counts_pages_shared_with_a_forked_child_twice_and_pss_once():
    measured = run_measured([sys.executable, "-c", FORKED])
    assert measured.peak_main_mb > 200
    assert measured.peak_tree_mb > 400
    assert 200 < measured.peak_tree_pss_mb < 300
