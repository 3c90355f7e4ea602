"""Time adding one new article to a built stand-in corpus, several times.

    .venv/bin/python benchmarks/add_one.py benchmarks/out/corpus-10000 --runs 5

Each run writes a stand-in article with a number not used before (so spaCy parses it; the
enrichment cache cannot answer), times `sino-russian-news build --timings --processes 2`,
then removes the article and rebuilds, so every run starts from the same release. `--src`
runs another checkout's package (A/B on copies of one corpus).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

FIRST_NUMBER = 5_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--src", type=Path, help="a checkout's src/ to run instead of the installed package")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(args.src)) if args.src else None
    build = [sys.executable, "-c", "import sys; from sino_russian_news.cli import cli; sys.exit(cli())", "build"]
    build += ["--timings", "--processes", "2", "--project", str(args.project)]
    taken = {p.name for p in (args.project / "dataset" / "raw").glob("*_added.txt")}
    number = FIRST_NUMBER
    seconds = []
    for _ in range(args.runs):
        while f"{number:07d}_added.txt" in taken:
            number += 1
        added = bench.add_articles(args.project, range(number, number + 1), bench.seed_paragraphs())
        started = time.perf_counter()
        result = subprocess.run(build, capture_output=True, text=True, env=env, check=True)
        seconds.append(time.perf_counter() - started)
        print(f"add 1: {seconds[-1]:.2f} s ({result.stdout.splitlines()[0]})")
        bench.remove_articles(args.project, added)
        subprocess.run(build, capture_output=True, env=env, check=True)
        number += 1
    print(f"median of {len(seconds)}: {statistics.median(seconds):.2f} s")


if __name__ == "__main__":
    main()
