"""Command line: `sino-russian-news build | add | verify | releases`.

Every failure ends the command with exit code 1 and one line, `Error: <file>: <reason>`
(errors.py); `sino-russian-news --debug …` shows the traceback instead. `build` and `add`
hold the project's lock, so a second one started meanwhile refuses at once (or waits with
`--wait`).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from .pipeline.paths import DEFAULT_KEEP_RELEASES, DEFAULT_MAX_RAW_BYTES, KEEP_RELEASES_VARIABLE, MAX_RAW_BYTES_VARIABLE

SPLIT_SITES_SHOWN = 10  # a general crawl can name hundreds of hosts two ways: the build report keeps them all


class OneLineErrors(click.Group):
    """Turns any exception from a command into Click's one-line `Error: …`, unless --debug."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            from .errors import one_line

            raise click.ClickException(one_line(error)) from None


@click.group(cls=OneLineErrors)
@click.version_option(package_name="sino-russian-news")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error instead of one line.")
def cli(debug):
    """Build and extend the Sino-Russian News dataset."""


def _project(path: str) -> Path:
    root = Path(path)
    if not (root / "dataset" / "raw").is_dir():
        raise click.ClickException(f"{root.resolve()} has no dataset/raw/: run from the project directory or pass --project")
    return root


project_option = click.option("--project", default=".", show_default=True, help="Project directory (holds dataset/).")
wait_option = click.option("--wait", is_flag=True, help="Wait for a running build or add to finish instead of refusing.")


def max_raw_bytes_option(f):
    return click.option(
        "--max-raw-bytes",
        type=click.IntRange(min=1),
        envvar=MAX_RAW_BYTES_VARIABLE,
        default=DEFAULT_MAX_RAW_BYTES,
        show_default=True,
        help=f"Refuse raw files larger than this, checked before reading (env {MAX_RAW_BYTES_VARIABLE}).",
    )(f)


@cli.command()
@project_option
@click.option("--strict", is_flag=True, help="Stop at the first bad raw file instead of skipping it.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Rebuild everything, reading nothing from dataset/.cache/ (spaCy runs on every article).",
)
@click.option("--batch-size", default=64, show_default=True, help="Articles per nlp.pipe batch.")
@click.option(
    "--processes",
    default=1,
    show_default=True,
    help="Local worker processes for cleaning, spaCy and annotation (1: all in this process).",
)
@click.option("--timings", is_flag=True, help="Print the seconds spent in each stage.")
@click.option(
    "--keep-releases",
    type=click.IntRange(min=1),
    envvar=KEEP_RELEASES_VARIABLE,
    default=DEFAULT_KEEP_RELEASES,
    show_default=True,
    help="Releases kept in dataset/releases/ (the current one always is).",
)
@max_raw_bytes_option
@wait_option
@click.option("--workers", type=click.IntRange(min=1), help="Run cleaning and NLP on a local Dask cluster of N worker processes.")
@click.option(
    "--scheduler", metavar="ADDRESS", help="Run cleaning and NLP on an existing Dask cluster, e.g. tcp://10.0.0.5:8786."
)
def build(project, strict, no_cache, batch_size, processes, timings, keep_releases, max_raw_bytes, wait, workers, scheduler):
    """Build a release (database, CSVs, datapackage.json) from dataset/raw/ and make it current.

    Example:

        sino-russian-news build --project .
    """
    from .pipeline import build as pipeline
    from .pipeline import publish
    from .pipeline.paths import ProjectPaths

    # The pipeline reads both limits from the environment, where Click also reads them from.
    os.environ[KEEP_RELEASES_VARIABLE] = str(keep_releases)
    os.environ[MAX_RAW_BYTES_VARIABLE] = str(max_raw_bytes)
    root = _project(project)
    started = time.perf_counter()
    with publish.project_lock(ProjectPaths(root), wait=wait):
        report = pipeline.build(
            root,
            strict=strict,
            use_cache=not no_cache,
            batch_size=batch_size,
            n_process=processes,
            scheduler=scheduler,
            workers=workers,
        )
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(report.removed_by_reason.items()))
    click.echo(
        f"built {report.articles} articles in {time.perf_counter() - started:.1f}s "
        f"(enrichment cache: {report.cache_hits} hits, {report.cache_misses} parsed; skipped {len(report.skipped)})"
    )
    click.echo(f"removed lines by reason: {reasons}")
    splits = [*report.split_sites, *report.variant_sites]
    for split in splits[:SPLIT_SITES_SHOWN]:
        click.echo(f"site names: {split.advice()}")
    if len(splits) > SPLIT_SITES_SHOWN:
        click.echo(f"site names: and {len(splits) - SPLIT_SITES_SHOWN} more outlets named two ways")
    current = publish.current_release_id(ProjectPaths(root))
    click.echo(f"current release: {current}")
    if timings:
        for stage, seconds in report.timings.items():
            click.echo(f"{seconds:9.2f} s  {stage}")


@cli.command()
@project_option
@click.option(
    "--match", "match", metavar="REGEX", help="Bulk input: keep records whose title + text contain this regular expression."
)
@click.option("--language", metavar="CODE", help="Bulk input: keep records in this language (ISO 639-1, e.g. en).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@max_raw_bytes_option
@wait_option
def add(project, paths, match, language, max_raw_bytes, wait):
    """Copy new scraped articles into dataset/raw/ and the manifest.

    Single .txt/.html/.md files are copied as they are (written under a temporary name, then
    renamed); a file whose bytes are already in the corpus, a name already taken (also by a
    file of the same stem) and anything the build could not read are refused. WARC/ARC/WACZ
    files, zips, JSON, JSON Lines and CSV exports (news-please, Media Cloud) and folders are
    ingested record by record, with provenance in dataset/raw/PROVENANCE.csv and duplicates
    reported. Examples:

        sino-russian-news add ~/scrapes/005_kremlin_readout.html

        sino-russian-news add --match '(?i)russia.*china|china.*russia' --language en CC-NEWS-20240516.warc.gz
    """
    from .pipeline import ingest, publish, raw
    from .pipeline.paths import ProjectPaths

    os.environ[MAX_RAW_BYTES_VARIABLE] = str(max_raw_bytes)
    root = _project(project)
    with publish.project_lock(ProjectPaths(root), wait=wait):
        if match or language or any(ingest.is_bulk_input(path) for path in paths):
            _add_bulk(ProjectPaths(root).raw, paths, match, language)
            return
        for path in paths:
            [entry] = raw.add_files(ProjectPaths(root).raw, [path])
            click.echo(f"added {entry.file} ({entry.bytes} bytes, sha256 {entry.sha256[:12]}…)")


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
    click.echo(
        f"read {report.read} records: added {len(report.added)}, {len(report.duplicates)} duplicates, "
        f"{report.filtered} filtered out, {len(report.unusable)} unusable"
    )


@cli.command()
@project_option
def verify(project):
    """Check every raw file against dataset/raw/MANIFEST.csv.

    Example:

        sino-russian-news verify
    """
    from .pipeline import raw

    manifest = raw.verify(_project(project) / "dataset" / "raw")
    click.echo(f"{len(manifest)} raw files match MANIFEST.csv")


@cli.command()
@project_option
@click.option(
    "--output", default="reconcile-review.yml", show_default=True, help="Review file to write (relative to the project)."
)
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


@cli.command()
@project_option
def releases(project):
    """List the kept releases, newest first; `*` marks the current one.

    Example:

        sino-russian-news releases
    """
    from .pipeline import publish
    from .pipeline.paths import ProjectPaths

    found = publish.list_releases(ProjectPaths(_project(project)))
    if not found:
        click.echo("no releases yet: run `sino-russian-news build`")
        return
    for release in found:
        count = "?" if release.article_count is None else release.article_count
        click.echo(f"{'*' if release.current else ' '} {release.release_id}  version {release.version or '?'}  {count} articles")


if __name__ == "__main__":
    cli()
