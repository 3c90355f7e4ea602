"""Benchmark the build at 1,000 and 10,000 articles and print the figures that matter.

    make bench                       # 1,000 and 10,000 articles, 2 spaCy processes
    python benchmarks/bench.py --sizes 200 --processes 1

The corpus is a STAND-IN: new articles recombined from the five seeds' paragraphs (a
seeded random choice of 4-8 paragraphs each), so speed and memory are measured on real
news prose, but the texts are not real articles and entity/quote counts mean nothing.

Figures: articles/s and words/s for the whole build and for bare `nlp.pipe` over the same
bodies (the ratio whole-build / bare-spaCy is the one to watch: aim for <= 1.3), peak RSS
at each size, the incremental rebuild after adding one article to the largest corpus, and
Datasette's median response time for a full-text search and a facet page.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from sino_russian_news.pipeline import article_metadata, clean, curation, raw  # noqa: E402


def seed_paragraphs() -> list[str]:
    sites = article_metadata.SiteRegistry.from_entries(curation.sites(ROOT / "dataset" / "curated" / "sites.yml"))
    paragraphs = []
    for path in raw.raw_files(ROOT / "dataset" / "raw"):
        paragraphs += [p.text for p in clean.clean(raw.load_raw(path).text, sites.names).paragraphs if len(p.text.split()) > 12]
    return paragraphs


def make_corpus(size: int, paragraphs: list[str]) -> Path:
    project = OUT / f"corpus-{size}"
    if (project / "dataset" / "raw" / raw.MANIFEST_NAME).exists() and len(raw.read_manifest(project / "dataset" / "raw")) == size:
        return project
    shutil.rmtree(project, ignore_errors=True)
    raw_dir = project / "dataset" / "raw"
    raw_dir.mkdir(parents=True)
    shutil.copytree(ROOT / "dataset" / "curated", project / "dataset" / "curated")
    shutil.copyfile(ROOT / "dataset" / "datasette_site.yml", project / "dataset" / "datasette_site.yml")
    entries = {}
    for i in range(size):
        rng = random.Random(i)
        chosen = rng.sample(paragraphs, rng.randint(4, 8))
        headline = " ".join(chosen[0].split()[:9]).rstrip(",.;:")
        path = raw_dir / f"{i:05d}_standin.txt"
        path.write_text(f"{headline}\n\n" + "\n\n".join(chosen) + "\n\nSource link\n", encoding="utf-8")
        entries[path.name] = raw.manifest_entry(path)
    raw.write_manifest(raw_dir, entries)
    return project


def run_measured(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS (MB) of the main process and of the whole tree, and the output."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_main = peak_tree = 0
    while process.poll() is None:
        try:
            main = process.memory_info().rss
            tree = main + sum(c.memory_info().rss for c in process.children(recursive=True))
            peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        except psutil.Error:
            pass
        time.sleep(0.1)
    output = process.stdout.read()
    if process.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{output}")
    return time.perf_counter() - started, peak_main / 2**20, peak_tree / 2**20, output


BARE_SPACY = """
import json, sqlite3, sys, time
sys.path.insert(0, {src!r})
from sino_russian_news.pipeline import curation, nlp
gazetteer = curation.entities(__import__("pathlib").Path({curated!r}) / "entities.yml")
pipeline = nlp.load_pipeline(gazetteer)
bodies = [r[0] for r in sqlite3.connect({db!r}).execute("select body from articles order by article_id")]
started = time.perf_counter()
for doc in pipeline.pipe(bodies, batch_size={batch}, n_process={processes}):
    pass
print(json.dumps({{"seconds": time.perf_counter() - started}}))
"""


def bare_spacy(project: Path, processes: int, batch: int) -> float:
    code = BARE_SPACY.format(src=str(ROOT / "src"), curated=str(project / "dataset" / "curated"), db=str(project / "dataset" / "sino_russian_news.db"), batch=batch, processes=processes)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["seconds"]


def corpus_words(project: Path) -> tuple[int, int]:
    import sqlite3

    conn = sqlite3.connect(project / "dataset" / "sino_russian_news.db")
    return conn.execute("select count(*), sum(word_count) from articles").fetchone()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def datasette_medians(project: Path, requests: int = 30) -> dict[str, float]:
    import httpx

    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "datasette"), "serve", "-i", str(project / "dataset" / "sino_russian_news.db"),
         "--metadata", str(project / "dataset" / "metadata.yml"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/sino_russian_news"
    paths = {
        "full-text search (articles?_search=Kursk)": "/articles?_search=Kursk",
        "facet page (articles?_facet=site&_facet=original_publisher)": "/articles?_facet=site&_facet=original_publisher",
        "facet page (mentions?_facet=entity_id&_facet=method)": "/mentions?_facet=entity_id&_facet=method",
    }
    try:
        with httpx.Client(timeout=60) as client:
            for _ in range(100):
                try:
                    client.get(f"{base}.json")
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            medians = {}
            for label, path in paths.items():
                client.get(base + path).raise_for_status()  # warm-up
                times = []
                for _ in range(requests):
                    started = time.perf_counter()
                    client.get(base + path).raise_for_status()
                    times.append(time.perf_counter() - started)
                medians[label] = statistics.median(times) * 1000
            return medians
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the sino-russian-news build.")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--processes", type=int, default=2, help="spaCy processes (n_process)")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("STAND-IN CORPUS: articles recombined from the five seeds' paragraphs (real prose, not real articles).")
    paragraphs = seed_paragraphs()
    print(f"{len(paragraphs)} seed paragraphs; {args.processes} spaCy process(es), batch size {args.batch_size}\n")
    cli = [str(BIN / "sino-russian-news"), "build", "--timings", "--processes", str(args.processes), "--batch-size", str(args.batch_size)]
    for size in sizes:
        project = make_corpus(size, paragraphs)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        seconds, peak_main, peak_tree, output = run_measured(cli + ["--project", str(project)])
        articles, words = corpus_words(project)
        bare = bare_spacy(project, args.processes, args.batch_size)
        print(f"== {articles:,} articles, {words:,} words")
        print(f"whole build (cold cache): {seconds:8.1f} s  {articles / seconds:8.1f} articles/s  {words / seconds:9.0f} words/s")
        print(f"bare nlp.pipe           : {bare:8.1f} s  {articles / bare:8.1f} articles/s  {words / bare:9.0f} words/s")
        print(f"ratio whole build / bare spaCy: {seconds / bare:.2f}")
        print(f"peak RSS: build process {peak_main:,.0f} MB; with spaCy worker processes {peak_tree:,.0f} MB")
        print("build stages (seconds; the first three run inside the parse loop):")
        print("\n".join(line for line in output.splitlines() if line.startswith(" ")))
        if size == sizes[-1]:
            extra = project / "dataset" / "raw" / "99999_added.txt"
            extra.write_text((ROOT / "dataset" / "raw" / "003_4156b6fe17ca2892.txt").read_text(encoding="utf-8"), encoding="utf-8")
            manifest = raw.read_manifest(extra.parent)
            manifest[extra.name] = raw.manifest_entry(extra)
            raw.write_manifest(extra.parent, manifest)
            incremental, _, _, _ = run_measured(cli + ["--project", str(project)])
            print(f"incremental rebuild after adding one article: {incremental:.1f} s (one article parsed, {size:,} from cache)")
            for label, median in datasette_medians(project).items():
                print(f"datasette median {label}: {median:.1f} ms")
            extra.unlink()
            manifest.pop(extra.name)
            raw.write_manifest(extra.parent, manifest)
        print()


if __name__ == "__main__":
    main()
