"""Command line: `sino-russian-news build | add | verify`."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import click


@click.group()
@click.version_option(package_name="sino-russian-news")
def cli():
    """Build and extend the Sino-Russian News dataset."""


def _project(path: str) -> Path:
    root = Path(path)
    if not (root / "dataset" / "raw").is_dir():
        raise click.ClickException(f"{root.resolve()} has no dataset/raw/: run from the project directory or pass --project")
    return root


project_option = click.option("--project", default=".", show_default=True, help="Project directory (holds dataset/).")


@cli.command()
@project_option
@click.option("--strict", is_flag=True, help="Stop at the first bad raw file instead of skipping it.")
@click.option("--no-cache", is_flag=True, help="Re-run spaCy on every article, ignoring .cache/enrichment/.")
@click.option("--batch-size", default=64, show_default=True, help="Articles per nlp.pipe batch.")
@click.option("--processes", default=1, show_default=True, help="spaCy worker processes (n_process).")
@click.option("--timings", is_flag=True, help="Print the seconds spent in each stage.")
@click.option("--workers", type=click.IntRange(min=1), help="Run cleaning and NLP on a local Dask cluster of N worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Run cleaning and NLP on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.")
def build(project, strict, no_cache, batch_size, processes, timings, workers, scheduler):
    """Build the database, CSVs and datapackage.json from dataset/raw/.

    Example:

        sino-russian-news build --project .
    """
    from .pipeline import build as pipeline
    from .pipeline.curation import CurationError
    from .pipeline.publish import PublishError
    from .pipeline.raw import RawFileError

    started = time.perf_counter()
    try:
        report = pipeline.build(_project(project), strict=strict, use_cache=not no_cache, batch_size=batch_size, n_process=processes,
                                scheduler=scheduler, workers=workers)
    except (RawFileError, CurationError, PublishError, pipeline.BuildError) as error:
        raise click.ClickException(str(error)) from None
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(report.removed_by_reason.items()))
    click.echo(f"built {report.articles} articles in {time.perf_counter() - started:.1f}s "
               f"(enrichment cache: {report.cache_hits} hits, {report.cache_misses} parsed; skipped {len(report.skipped)})")
    click.echo(f"removed lines by reason: {reasons}")
    if timings:
        for stage, seconds in report.timings.items():
            click.echo(f"{seconds:9.2f} s  {stage}")


@cli.command()
@project_option
@click.option("--match", "match", metavar="REGEX", help="Bulk input: keep records whose title + text contain this regular expression.")
@click.option("--language", metavar="CODE", help="Bulk input: keep records in this language (ISO 639-1, e.g. en).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def add(project, paths, match, language):
    """Copy new scraped articles into dataset/raw/ and the manifest.

    Single .txt/.html files are copied as they are; a file whose bytes are already in the
    corpus is refused. WARC/ARC files, JSONL/CSV exports (news-please, Media Cloud) and
    folders are ingested record by record, with provenance in dataset/raw/PROVENANCE.csv and
    duplicates reported. Examples:

        sino-russian-news add ~/scrapes/005_kremlin_readout.html

        sino-russian-news add --match '(?i)russia.*china|china.*russia' --language en CC-NEWS-20240516.warc.gz
    """
    from .pipeline import ingest, raw

    raw_dir = _project(project) / "dataset" / "raw"
    if match or language or any(ingest.is_bulk_input(path) for path in paths):
        _add_bulk(raw_dir, paths, match, language)
        return
    manifest = raw.read_manifest(raw_dir)
    by_hash = {e.sha256: name for name, e in manifest.items()}
    for path in paths:
        if path.suffix.lower() not in raw.RAW_SUFFIXES:
            raise click.ClickException(f"{path.name}: not a .txt or .html file")
        entry = raw.manifest_entry(path)
        if entry.sha256 in by_hash:
            raise click.ClickException(f"{path.name}: same bytes as {by_hash[entry.sha256]} already in the corpus")
        if entry.file in manifest:
            raise click.ClickException(f"{path.name}: a different file with this name is already in the corpus")
        try:
            raw.load_raw(path)
        except raw.RawFileError as error:
            raise click.ClickException(str(error)) from None
        shutil.copyfile(path, raw_dir / path.name)
        manifest[entry.file] = entry
        by_hash[entry.sha256] = entry.file
        raw.write_manifest(raw_dir, manifest)
        click.echo(f"added {path.name} ({entry.bytes} bytes, sha256 {entry.sha256[:12]}…)")


def _add_bulk(raw_dir: Path, paths, match: str | None, language: str | None) -> None:
    import re

    from .pipeline import ingest, raw

    try:
        pattern = re.compile(match) if match else None
    except re.error as error:
        raise click.ClickException(f"--match {match!r} is not a regular expression: {error}") from None
    try:
        report = ingest.ingest(raw_dir, paths, ingest.RecordFilter(pattern, language))
    except raw.RawFileError as error:
        raise click.ClickException(str(error)) from None
    for line in report.duplicates:
        click.echo(f"duplicate, not added: {line}")
    for line in report.unusable:
        click.echo(f"unusable, not added: {line}")
    click.echo(f"read {report.read} records: added {len(report.added)}, {len(report.duplicates)} duplicates, "
               f"{report.filtered} filtered out, {len(report.unusable)} unusable")


@cli.command()
@project_option
def verify(project):
    """Check every raw file against dataset/raw/MANIFEST.csv.

    Example:

        sino-russian-news verify
    """
    from .pipeline import raw

    try:
        manifest = raw.verify(_project(project) / "dataset" / "raw")
    except raw.RawFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{len(manifest)} raw files match MANIFEST.csv")


@cli.command()
@project_option
@click.option("--output", default="reconcile-review.yml", show_default=True, help="Review file to write (relative to the project).")
@click.option("--min-mentions", default=3, show_default=True, help="Only entities mentioned at least this often.")
@click.option("--limit", default=None, type=int, help="At most this many entities.")
@click.option("--pause", default=1.0, show_default=True, help="Seconds between requests to Wikidata.")
def reconcile(project, output, min_mentions, limit, pause):
    """Propose Wikidata QIDs for unlinked entities into a review file (needs internet).

    The build never uses the file; accepted QIDs go into dataset/curated/entities.yml by hand. Example:

        sino-russian-news reconcile --min-mentions 5
    """
    from .pipeline import reconcile as reconciling

    root = _project(project)
    db = root / "dataset" / "sino_russian_news.db"
    if not db.exists():
        raise click.ClickException(f"{db} not found: run `sino-russian-news build` first")
    entries = reconciling.reconcile(db, root / output, min_mentions=min_mentions, limit=limit, pause=pause)
    found = sum(1 for e in entries if e["candidates"])
    click.echo(f"wrote {root / output}: {len(entries)} entities, {found} with candidates")


if __name__ == "__main__":
    cli()
