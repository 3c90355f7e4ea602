"""Benchmark the build at 1,000 and 10,000 articles and print the figures issue 17 asks for.

    make bench                                   # 1,000 and 10,000 articles, 2 worker processes
    .venv/bin/python benchmarks/bench.py --sizes 1000 --pairs 3
    .venv/bin/python benchmarks/bench.py --sizes 10000 --pairs 3 --datasette-rows 100000

The corpus is a STAND-IN: new articles recombined from the five seeds' paragraphs (a
seeded random choice of 4-8 paragraphs each), so speed and memory are measured on real
news prose, but the texts are not real articles and entity/quote counts mean nothing.

Figures, per size:
- whole build / bare `nlp.pipe` over the same bodies: cold builds (`--no-cache`) and bare
  runs are INTERLEAVED in pairs and the median of the per-pair ratios is reported, so a
  noisy shared machine moves both sides of a pair alike;
- peak RSS of the build process and of its process tree (spaCy workers included);
- incremental builds after adding 1 and 100 articles (and the bare NLP time of those 100);
- a Dask LocalCluster build (`--workers`) against the local build;
- Datasette medians on a synthetic database of `--datasette-rows` articles (the largest
  corpus's rows replicated under new ids): full-text search, table, facet, mentions facet.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import psutil

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from synthetic import WARM_UP, datasette_medians, synthetic_database  # noqa: E402  (benchmarks/synthetic.py)

from sino_russian_news.pipeline import article_metadata, clean, curation, raw  # noqa: E402


def seed_paragraphs() -> list[str]:
    sites = article_metadata.SiteRegistry.from_entries(curation.sites(ROOT / "dataset" / "curated" / "sites.yml"))
    paragraphs = []
    for path in raw.raw_files(ROOT / "dataset" / "raw"):
        paragraphs += [p.text for p in clean.clean(raw.load_raw(path).text, sites.names).paragraphs if len(p.text.split()) > 12]
    return paragraphs


def standin_text(number: int, paragraphs: list[str]) -> str:
    rng = random.Random(number)
    chosen = rng.sample(paragraphs, rng.randint(4, 8))
    headline = " ".join(chosen[0].split()[:9]).rstrip(",.;:")
    return f"{headline}\n\n" + "\n\n".join(chosen) + "\n\nSource link\n"


def make_corpus(size: int, paragraphs: list[str]) -> Path:
    project = OUT / f"corpus-{size}"
    if (project / "dataset" / "raw" / raw.MANIFEST_NAME).exists() and len(raw.read_manifest(project / "dataset" / "raw")) == size:
        return project
    shutil.rmtree(project, ignore_errors=True)
    raw_dir = project / "dataset" / "raw"
    raw_dir.mkdir(parents=True)
    shutil.copytree(ROOT / "dataset" / "curated", project / "dataset" / "curated")
    # The curation's article facts and event links name the seed articles, which the stand-in
    # corpus does not contain (the build refuses curated ids with no raw file): drop them.
    curated = project / "dataset" / "curated"
    (curated / "articles.yml").write_text("{}\n", encoding="utf-8")
    events = (curated / "events.yml").read_text(encoding="utf-8")
    (curated / "events.yml").write_text(re.sub(r"(?m)^(\s*articles:) \[.*\]$", r"\1 []", events), encoding="utf-8")
    shutil.copyfile(ROOT / "dataset" / "datasette_site.yml", project / "dataset" / "datasette_site.yml")
    entries = {}
    for i in range(size):
        path = raw_dir / f"{i:05d}_standin.txt"
        path.write_text(standin_text(i, paragraphs), encoding="utf-8")
        entries[path.name] = raw.manifest_entry(path)
    raw.write_manifest(raw_dir, entries)
    return project


def add_articles(project: Path, numbers: range, paragraphs: list[str]) -> list[Path]:
    raw_dir = project / "dataset" / "raw"
    manifest = raw.read_manifest(raw_dir)
    added = []
    for i in numbers:
        path = raw_dir / f"{i:07d}_added.txt"
        path.write_text(standin_text(i, paragraphs), encoding="utf-8")
        manifest[path.name] = raw.manifest_entry(path)
        added.append(path)
    raw.write_manifest(raw_dir, manifest)
    return added


def remove_articles(project: Path, files: list[Path]) -> None:
    manifest = raw.read_manifest(project / "dataset" / "raw")
    for path in files:
        path.unlink()
        manifest.pop(path.name)
    raw.write_manifest(project / "dataset" / "raw", manifest)


class Measured(NamedTuple):
    seconds: float
    peak_main_mb: float  # peak RSS of the build process
    peak_tree_mb: float  # peak of the RSS summed over the process tree
    peak_tree_pss_mb: float  # peak of the PSS summed over the process tree
    output: str


# Summed RSS counts every page a forked spaCy process still shares with its parent (the model's
# weights, the interpreter, imported modules) once per process. PSS (proportional set size)
# divides each shared page among the processes sharing it, so the tree's PSS sum is the memory
# the tree really occupies. Read from /proc/PID/smaps_rollup (Linux), which costs more than
# RSS, so it is sampled once per PSS_EVERY RSS samples.
PSS_EVERY = 10


def tree_pss(process: psutil.Process) -> int:
    try:
        return sum(p.memory_full_info().pss for p in [process, *process.children(recursive=True)])
    except (psutil.Error, AttributeError):  # no PSS off Linux
        return 0


def run_measured(command: list[str]) -> Measured:
    """Wall seconds, peak memory (MB) of the main process and of the whole tree, and the output."""
    import tempfile

    # Output to a file, not a pipe: a long log cannot fill the pipe and block the build.
    with tempfile.TemporaryFile(mode="w+") as log:
        started = time.perf_counter()
        process = psutil.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        peak_main = peak_tree = peak_pss = samples = 0
        while process.poll() is None:
            try:
                main = process.memory_info().rss
                tree = main + sum(c.memory_info().rss for c in process.children(recursive=True))
                peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
                if samples % PSS_EVERY == 0:
                    peak_pss = max(peak_pss, tree_pss(process))
            except psutil.Error:
                pass
            samples += 1
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if process.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{output}")
    return Measured(elapsed, peak_main / 2**20, peak_tree / 2**20, peak_pss / 2**20, output)


BARE_SPACY = """
import json, sqlite3, sys, time
sys.path.insert(0, {src!r})
from sino_russian_news.pipeline import curation, nlp
gazetteer = curation.entities(__import__("pathlib").Path({curated!r}) / "entities.yml")
pipeline = nlp.load_pipeline(gazetteer)
bodies = [r[0] for r in sqlite3.connect({db!r}).execute("select body from articles where language = 'en' and article_id like ? order by article_id", ({like!r},))]
started = time.perf_counter()
for doc in pipeline.pipe(bodies, batch_size={batch}, n_process={processes}):
    pass
print(json.dumps({{"seconds": time.perf_counter() - started, "bodies": len(bodies)}}))
"""


def database_of(project: Path) -> Path:
    from sino_russian_news.pipeline.paths import ProjectPaths

    return ProjectPaths(project).database


def bare_spacy(project: Path, processes: int, batch: int, like: str = "%") -> float:
    """Seconds of bare nlp.pipe over the release's English bodies (those whose id matches `like`)."""
    code = BARE_SPACY.format(
        src=str(ROOT / "src"),
        curated=str(project / "dataset" / "curated"),
        db=str(database_of(project)),
        batch=batch,
        processes=processes,
        like=like,
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["seconds"]


def corpus_words(project: Path) -> tuple[int, int]:
    conn = sqlite3.connect(database_of(project))
    return conn.execute("select count(*), sum(word_count) from articles").fetchone()


def children_cpu() -> float:
    """CPU seconds (user + sys) of the finished child processes and their waited-for children."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def warm_command(cli: list[str], args: argparse.Namespace, project: Path) -> list[str]:
    return cli + ["--processes", str(args.processes), "--project", str(project)]


def incremental_figures(figures: dict, warm: list[str], project: Path, paragraphs: list[str], batch_size: int) -> None:
    """No-op rebuild, add 1 and 100 articles and remove them, each an incremental build, with
    wall and CPU seconds (a shared machine slows wall time; CPU time shows the work done)."""

    def measured(label: str) -> float:
        before = children_cpu()
        seconds, _, peak_tree, peak_pss, _ = run_measured(warm)
        figures[f"{label}_s"], figures[f"{label}_cpu_s"] = seconds, children_cpu() - before
        print(
            f"{label}: {seconds:.1f} s ({figures[f'{label}_cpu_s']:.1f} CPU-s, peak RSS with workers {peak_tree:,.0f} MB, PSS {peak_pss:,.0f} MB)"
        )
        return seconds

    measured("noop_rebuild")
    for k in (1, 100):
        added = add_articles(project, range(1_000_000, 1_000_000 + k), paragraphs)
        measured(f"add_{k}")
        if k > 1:
            figures[f"add_{k}_nlp_s"] = bare_spacy(project, 1, batch_size, like="%_added")
            print(f"bare nlp.pipe (1 process) of those {k}: {figures[f'add_{k}_nlp_s']:.1f} s")
        remove_articles(project, added)
        measured(f"remove_{k}")


def machine() -> str:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GB RAM, Python {platform.python_version()}, commit {commit}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the sino-russian-news build.")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="worker processes of the build (n_process of the bare nlp.pipe), and Dask workers",
    )
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--pairs", type=int, default=3, help="interleaved (build, bare nlp.pipe) pairs per size")
    parser.add_argument(
        "--datasette-rows", type=int, default=100_000, help="articles in the synthetic Datasette database (0: skip)"
    )
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="one cached build per size (its time, CPU and peak RSS), then the incremental adds; no pairs, no Dask",
    )
    parser.add_argument(
        "--pairs-only",
        action="store_true",
        help="only the interleaved (cold build, bare nlp.pipe) pairs per size: no incremental adds, no Dask",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("STAND-IN CORPUS: articles recombined from the five seeds' paragraphs (real prose, not real articles).")
    print(f"machine: {machine()}")
    paragraphs = seed_paragraphs()
    print(
        f"{len(paragraphs)} seed paragraphs; {args.processes} spaCy process(es), batch size {args.batch_size}, {args.pairs} pairs\n"
    )
    cli = [str(BIN / "sino-russian-news"), "build", "--timings", "--batch-size", str(args.batch_size)]
    results = {"machine": machine(), "sizes": {}}
    for size in sizes:
        project = make_corpus(size, paragraphs)
        figures: dict = {}
        ratios, builds, bares, peaks_main, peaks_tree, peaks_pss = [], [], [], [], [], []
        if args.incremental_only:
            # One build with the cache (cold the first time, the NLP cache filled), then the adds.
            before = children_cpu()
            seconds, peak_main, peak_tree, peak_pss, output = run_measured(
                cli + ["--processes", str(args.processes), "--project", str(project)]
            )
            figures.update(build_s=seconds, build_cpu_s=children_cpu() - before, peak_rss_main_mb=peak_main)
            figures.update(peak_rss_tree_mb=peak_tree, peak_pss_tree_mb=peak_pss)
            print(
                f"== {size:,} articles: build {seconds:.1f} s ({figures['build_cpu_s']:.1f} CPU-s), peak RSS {peak_main:,.0f} MB / tree {peak_tree:,.0f} MB (PSS {peak_pss:,.0f} MB)"
            )
            print("\n".join(line for line in output.splitlines() if line.startswith(" ")))
        for _ in range(0 if args.incremental_only else args.pairs):
            seconds, peak_main, peak_tree, peak_pss, output = run_measured(
                cli + ["--no-cache", "--processes", str(args.processes), "--project", str(project)]
            )
            bare = bare_spacy(project, args.processes, args.batch_size)
            builds.append(seconds), bares.append(bare), ratios.append(seconds / bare)
            peaks_main.append(peak_main), peaks_tree.append(peak_tree), peaks_pss.append(peak_pss)
        articles, words = corpus_words(project)
        if args.incremental_only:
            incremental_figures(figures, warm_command(cli, args, project), project, paragraphs, args.batch_size)
            results["sizes"][size] = figures
            continue
        build_s, bare_s = statistics.median(builds), statistics.median(bares)
        figures.update(
            articles=articles,
            words=words,
            build_s=builds,
            bare_s=bares,
            ratios=ratios,
            median_ratio=statistics.median(ratios),
            peak_rss_main_mb=max(peaks_main),
            peak_rss_tree_mb=max(peaks_tree),
            peak_pss_tree_mb=max(peaks_pss),
        )
        print(f"== {articles:,} articles, {words:,} words")
        print(
            f"whole build (cold, median of {args.pairs}): {build_s:8.1f} s  {articles / build_s:8.1f} articles/s  {words / build_s:9.0f} words/s"
        )
        print(
            f"bare nlp.pipe (median of {args.pairs})      : {bare_s:8.1f} s  {articles / bare_s:8.1f} articles/s  {words / bare_s:9.0f} words/s"
        )
        print(
            f"ratio whole build / bare spaCy, per pair: {', '.join(f'{r:.2f}' for r in ratios)}; median {figures['median_ratio']:.2f}"
        )
        print(
            f"peak RSS: build process {max(peaks_main):,.0f} MB; with spaCy worker processes {max(peaks_tree):,.0f} MB "
            f"(PSS, shared pages counted once: {max(peaks_pss):,.0f} MB)"
        )
        print("build stages of the last cold build (seconds):")
        print("\n".join(line for line in output.splitlines() if line.startswith(" ")))

        if args.pairs_only:
            results["sizes"][size] = figures
            print()
            continue
        # Incremental: a first cached build fills the stat cache and signature store (not timed as an add).
        warm = warm_command(cli, args, project)
        run_measured(warm)
        incremental_figures(figures, warm, project, paragraphs, args.batch_size)

        if not args.skip_dask:
            seconds, peak_main, peak_tree, peak_pss, _ = run_measured(
                cli + ["--no-cache", "--workers", str(args.processes), "--project", str(project)]
            )
            figures.update(dask_s=seconds, dask_peak_rss_tree_mb=peak_tree, dask_peak_pss_tree_mb=peak_pss)
            print(
                f"Dask LocalCluster ({args.processes} worker processes), cold: {seconds:.1f} s vs local {build_s:.1f} s "
                f"(ratio {seconds / build_s:.2f}); peak RSS with workers {peak_tree:,.0f} MB"
            )
        results["sizes"][size] = figures
        print()

    if args.datasette_rows:
        from sino_russian_news.pipeline.paths import ProjectPaths

        project = make_corpus(sizes[-1], paragraphs)
        started = time.perf_counter()
        database = synthetic_database(database_of(project), args.datasette_rows)
        print(
            f"synthetic Datasette database: {args.datasette_rows:,} articles ({database.stat().st_size / 2**20:,.0f} MB, made in {time.perf_counter() - started:.0f} s)"
        )
        first: dict[str, float] = {}
        medians = datasette_medians(database, ProjectPaths(project).datasette_metadata, first_requests=first)
        print(f"datasette {WARM_UP}: {first[WARM_UP] / 1000:.0f} s (the medians are timed after it)")
        for label, median in medians.items():
            print(f"datasette median of 20, {label}: {median:.1f} ms")
        results["datasette"] = {"articles": args.datasette_rows, "medians_ms": medians}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
