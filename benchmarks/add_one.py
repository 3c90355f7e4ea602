"""Time adding new articles (one, or `--count N`) to a built stand-in corpus, several times.

    .venv/bin/python benchmarks/add_one.py benchmarks/out/corpus-10000 --runs 5
    .venv/bin/python benchmarks/add_one.py benchmarks/out/corpus-10000 --runs 3 --count 100

Each run writes stand-in articles with numbers not used before (so spaCy parses them; the
enrichment cache cannot answer), times `sino-russian-news build --timings --processes 2`,
then removes them and rebuilds, so every run starts from the same release. `--src`
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
    parser.add_argument("--count", type=int, default=1, help="articles added per run")
    parser.add_argument(
        "--first", type=int, default=FIRST_NUMBER, help="first article number (a number used before is in the enrichment cache)"
    )
    parser.add_argument("--processes", type=int, default=2, help="worker processes of the build")
    parser.add_argument(
        "--bare-nlp", action="store_true", help="also time the bare nlp.pipe of the added articles (1 process), and the rest"
    )
    parser.add_argument("--src", type=Path, help="a checkout's src/ to run instead of the installed package")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(args.src)) if args.src else None
    build = [sys.executable, "-c", "import sys; from sino_russian_news.cli import cli; sys.exit(cli())", "build"]
    build += ["--timings", "--processes", str(args.processes), "--project", str(args.project)]
    taken = {p.name for p in (args.project / "dataset" / "raw").glob("*_added.txt")}
    number = args.first
    seconds = []
    for _ in range(args.runs):
        while any(f"{n:07d}_added.txt" in taken for n in range(number, number + args.count)):
            number += 1
        added = bench.add_articles(args.project, range(number, number + args.count), bench.seed_paragraphs())
        started = time.perf_counter()
        result = subprocess.run(build, capture_output=True, text=True, env=env, check=True)
        seconds.append(time.perf_counter() - started)
        print(f"add {args.count}: {seconds[-1]:.2f} s ({result.stdout.splitlines()[0]})")
        print("\n".join(line for line in result.stdout.splitlines() if line.startswith(" ")))
        if args.bare_nlp:
            nlp_seconds = bench.bare_spacy(args.project, 1, 64, like="%_added")
            print(
                f"bare nlp.pipe of those {args.count}: {nlp_seconds:.2f} s; besides their NLP {seconds[-1] - nlp_seconds:.2f} s"
            )
        bench.remove_articles(args.project, added)
        subprocess.run(build, capture_output=True, env=env, check=True)
        number += args.count
    print(f"median of {len(seconds)}: {statistics.median(seconds):.2f} s")


if __name__ == "__main__":
    main()
