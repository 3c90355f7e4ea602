"""Build: raw files → clean → metadata → enrich → publish, in one direction.

Articles stream through every stage: a batch of raw files at a time goes through cleaning,
spaCy and annotation (distributed.annotate_batch), in this process or on worker processes,
and the rows come back in the raw files' order. Rows are written to the staging database in batches,
so memory does not grow with the corpus. Bad raw files are reported one line each and
skipped (or stop the build with strict=True); the release is only swapped in once every
table is written and validated.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from . import (
    article_metadata,
    curation,
    distributed,
    enrich,
    frames,
    incremental,
    ingest,
    nlp,
    publish,
    raw,
    recurrence,
    site_names,
    syndication,
)
from . import clean as cleaning
from . import entities as entity_rules
from .curation import CuratedFact
from .paths import ProjectPaths
from .rows import Row, RowWriter, event_rows

ENGLISH = "en"
# Longer than any news story (about 35,000 words): a body this long is a scraping error,
# such as a whole site dumped into one file, and would swamp the parser.
MAX_ARTICLE_CHARS = 200_000


class BuildError(Exception):
    pass


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[str] = field(default_factory=list)
    cache_hits: int = 0
    cache_misses: int = 0
    removed_by_reason: dict[str, int] = field(default_factory=dict)
    split_sites: list[site_names.SplitSite] = field(default_factory=list)  # hosts named two ways
    variant_sites: list[site_names.VariantNames] = field(default_factory=list)  # names that differ in case or 'The' only
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - started


@dataclass(frozen=True)
class Curation:
    sites: article_metadata.SiteRegistry
    article_facts: dict[str, dict[str, CuratedFact]]
    gazetteer: list[dict[str, Any]]
    codebook: dict[str, Any]
    events: list[dict[str, Any]]

    @classmethod
    def load(cls, curated_dir: Path, article_ids: Collection[str] | None = None, schemas_checked: bool = False) -> Curation:
        """Validated curation; with article_ids, ids naming articles must be among them."""
        data = curation.load_all(curated_dir, article_ids, schemas_checked)
        return cls(
            article_metadata.SiteRegistry.from_entries(data.sites), data.article_facts, data.gazetteer, data.codebook, data.events
        )


def combined_raw_hash(manifest: dict[str, raw.ManifestEntry]) -> str:
    lines = "".join(f"{manifest[name].sha256}  {name}\n" for name in sorted(manifest))
    return hashlib.sha256(lines.encode()).hexdigest()


def prepare_article(
    path: Path,
    cur: Curation,
    max_chars: int = MAX_ARTICLE_CHARS,
    data: bytes | None = None,
    recurring: frozenset[int] = frozenset(),
) -> tuple[Row, cleaning.Cleaned]:
    """Raw file (or its bytes, named by path) to article record and its cleaning result;
    `recurring`: the page's lines other raw files print too (`recurrence.py`); RawFileError if unusable."""
    raw_text = raw.load_raw(path, data)
    # HTML pages come cleaned
    cleaned = raw_text.cleaned or cleaning.clean(
        raw_text.text, cur.sites.names, recurring, raw_text.title_line, raw_text.title_recorded
    )
    if not cleaned.paragraphs:
        raise raw.RawFileError(path, f"no article text left after cleaning (all {len(cleaned.removed)} lines were boilerplate)")
    record = article_metadata.article_record(raw_text, cleaned, cur.sites, cur.article_facts.get(raw_text.article_id, {}))
    if (length := len(record["body"])) > max_chars:
        raise raw.RawFileError(
            path, f"article text is {length:,} characters, over the {max_chars:,} limit for one article (a site dump?)"
        )
    return record, cleaned


def build(
    root: Path,
    strict: bool = False,
    use_cache: bool = True,
    batch_size: int = 64,
    n_process: int = 1,
    validate: bool = True,
    max_article_chars: int = MAX_ARTICLE_CHARS,
    log: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    scheduler: str | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Build the release from dataset/raw/, streaming articles through every stage.

    With `n_process` > 1 (local worker processes), `scheduler` (a Dask scheduler address) or
    `workers` (a Dask LocalCluster of that many processes), cleaning, spaCy and annotation
    run on the workers (pipeline/distributed.py); the rows are written here, in the same
    order, so the release is the same as a one-process build's.
    """
    with contextlib.ExitStack() as stack:  # the local worker processes, if any
        paths = ProjectPaths(Path(root))
        fingerprint = incremental.build_fingerprint(
            paths, settings=f"max_raw_bytes={raw.max_raw_bytes()}|max_article_chars={max_article_chars}"
        )
        # Build on the current release when code and curation are unchanged (see incremental.py).
        previous = incremental.previous_release(paths.database, fingerprint) if use_cache else None
        # Each page's lines that other raw files print too (recurrence.py), and what the current
        # release was cleaned with: without that record an incremental build cannot tell which
        # old pages the new files change, so it builds afresh.
        line_store = recurrence.Store(paths.cache.parent / "page-lines.json", fingerprint, read=use_cache)
        if previous is not None and line_store.built_for != incremental.release_raw_hash(paths.database):
            previous = None
        # A full build's local workers load spaCy while the raw files and the curation are read.
        starts_workers = n_process > 1 and not (scheduler or workers) and previous is None
        pool = stack.enter_context(distributed.local_workers(n_process)) if starts_workers else None
        stat_cache = incremental.StatCache(paths.cache.parent / "raw-stat.json", read=use_cache)
        manifest = raw.verify(paths.raw, hash_of=stat_cache.sha256)
        stat_cache.save(set(manifest))
        cur = Curation.load(paths.curated, {Path(name).stem for name in manifest}, schemas_checked=previous is not None)
        codebook = frames.compile_codebook(cur.codebook)
        cache = enrich.EnrichmentCache(paths.cache if use_cache else None)
        provenance = ingest.read_provenance(paths.raw)
        report = BuildReport()
        files = raw.raw_files(paths.raw)
        with report.timed("lines the raw files share"):
            pages = {
                p.name: line_store.page_lines(manifest[p.name].sha256, functools.partial(recurrence.page_text, p)) for p in files
            }
            recurring = recurrence.recurring_lines(pages)
        if previous is not None:
            plan = incremental.plan(files, manifest, previous)
            # Old pages whose lines shared with other pages the new, changed or removed files
            # change are cleaned again (their headline may change; their parse comes from the cache).
            kept = [p.name for p in files if p.name in previous and p not in plan.to_process]
            again = set(recurrence.changed_pages(line_store.built, recurring, kept))
            if again:
                plan = incremental.Plan(
                    [p for p in files if p in plan.to_process or p.name in again],
                    sorted(plan.stale_ids + [previous[name][0] for name in again]),
                )
            files = plan.to_process
            if len(files) < 4 * batch_size:
                n_process = 1  # starting worker processes (each loads spaCy) costs more than parsing a few articles
        # Without the cache (`--no-cache`) nothing is read from dataset/.cache/, but the raw
        # files' hashes, the CSVs' block index and the signature store of the new release are
        # still written (a full build only writes the last two): the next `add` hashes, splices
        # and signs only what it adds, instead of every raw file, CSV and body again.
        signatures = incremental.SignatureStore(paths.cache.parent / "signatures.sqlite", fingerprint)
        with publish.Staging(
            paths,
            base=paths.database if previous is not None else None,
            block_index=paths.cache.parent / "csv-blocks",
        ) as staging:
            if previous is not None:
                with report.timed("incremental: delete removed and changed articles"):
                    incremental.delete_articles(staging.conn, plan.stale_ids)
                    incremental.clear_whole_corpus_tables(staging.conn)
            writer = RowWriter(staging, codebook, report)

            def skip(error: raw.RawFileError) -> None:
                """A bad raw file: reported one line and left out, or the build stopped (strict)."""
                if strict:
                    raise error
                log(f"skipped {error}")
                report.skipped.append(str(error))

            if scheduler or workers:
                stage = "cleaning + NLP on the Dask cluster (rows written as results stream back)"
                outcomes = distributed.annotated_articles(
                    files,
                    cur,
                    max_article_chars,
                    scheduler=scheduler,
                    workers=workers,
                    batch_size=batch_size,
                    recurring=recurring,
                )
            elif n_process > 1:
                stage = f"cleaning + NLP in {n_process} worker processes (rows written as results stream back)"
                pool = pool or stack.enter_context(distributed.local_workers(n_process))
                outcomes = distributed.locally_annotated_articles(
                    files,
                    cur,
                    max_article_chars,
                    pool,
                    n_process,
                    batch_size=batch_size,
                    cache_dir=cache.directory,
                    recurring=recurring,
                )
            else:
                stage = "cleaning + NLP in this process (rows written after each batch)"
                outcomes = distributed.annotated_here(
                    files, cur, max_article_chars, batch_size, cache.directory, recurring=recurring
                )
            with report.timed(stage):
                write_outcomes(outcomes, cache, writer, provenance, skip, cur.sites)
            if pool is not None:
                # Each worker holds a spaCy model (about 250 MB): ended here, not with the
                # build, so they are gone while the exports and the validation workers run.
                pool.shutdown()
            writer.flush()
            published = incremental.published_dates(staging.conn) if previous is not None else writer.published
            if not published:
                raise BuildError("no usable raw articles; the last good release is left in place")
            report.articles = len(published)
            with report.timed("site names across the corpus"):
                report.split_sites = site_names.split_sites(staging.conn)
                report.variant_sites = site_names.variant_names(staging.conn)
            report.cache_hits, report.cache_misses = cache.hits, cache.misses
            new_sha = (
                dict(staging.query("select article_id, raw_sha256 from articles").fetchall())
                if previous is None
                else {
                    a: staging.query("select raw_sha256 from articles where article_id = ?", (a,)).fetchone()[0]
                    for a in writer.signatures
                }
            )
            signatures.put([(a, new_sha[a], writer.signatures[a]) for a in sorted(writer.signatures)])

            def stored_body(article_id: str) -> str:
                body: str = staging.query("select body from articles where article_id = ?", (article_id,)).fetchone()[0]
                return body

            with report.timed("syndication pairs"):
                if previous is None:
                    pairs = syndication.pairs_from_signatures(writer.signatures, stored_body)
                else:
                    pairs = incremental.syndication_pairs(staging.conn, writer.signatures, signatures)
            signatures.close()
            with report.timed("entity resolution across the corpus"):
                if previous is None:
                    alias_rows = entity_rules.resolve_corpus_entities(staging.conn, writer.entities, cur.gazetteer)
                    entities = list(writer.entities.values())
                else:
                    entities, alias_rows = incremental.resolve_entities(staging.conn, writer.entities, cur.gazetteer)
            event_table, links = event_rows(cur.events, published)
            info = release_info(manifest, cur, report.articles)
            staging.insert(
                {
                    "entities": entities,
                    "entity_aliases": alias_rows,
                    "frames": [{"frame_id": f.frame_id, "label": f.label, "description": f.description} for f in codebook],
                    "events": event_table,
                    "article_events": links,
                    "syndication_pairs": pairs,
                    "dataset_info": [{"key": k, "value": v} for k, v in sorted(info.items())],
                }
            )
            if previous is not None:
                incremental.prune_entities(staging.conn)
                with report.timed("incremental: check new rows and the release"):
                    incremental.check_release(staging.conn, sorted(writer.published), report.articles)
            incremental.stamp(staging.conn, fingerprint)
            # A full build validates every CSV with frictionless; an incremental one checked above.
            # Written before the release is published, so a full disk here leaves the old release; if
            # publishing fails, the store names a release that is not current, and the next build
            # (which checks `built_for` against the current release) builds afresh. Only the pages
            # of the files this release is built from are kept (a removed file's lines go with it).
            line_store.save({entry.sha256 for entry in manifest.values()}, built_for=info["raw_sha256_combined"], built=recurring)
            staging.finish(info, validate=validate and previous is None, timed=report.timed)
        return report


def write_outcomes(
    outcomes: Iterable[distributed.Outcome],
    cache: enrich.EnrichmentCache,
    writer: RowWriter,
    provenance: dict[str, dict[str, str]],
    skip: Callable[[raw.RawFileError], None],
    sites: article_metadata.SiteRegistry,
) -> None:
    """Rows from the workers' outcomes, in the raw files' order, with their provenance (and the
    date and site it states, and a recorded title without the site's name); what they parsed
    goes to the cache; a file a worker could not use goes to `skip`."""
    for outcome in outcomes:
        if outcome.error is not None:
            skip(raw.RawFileError(outcome.name, outcome.error))
            continue
        assert outcome.record is not None  # an outcome without an error carries its article
        outcome.record.update(ingest.article_provenance(provenance.get(outcome.name)))
        article_metadata.date_from_export(outcome.record, provenance.get(outcome.name))
        article_metadata.site_from_provenance(outcome.record, provenance.get(outcome.name), sites)
        article_metadata.headline_without_site(outcome.record, sites)
        if outcome.cache_key is not None:
            assert outcome.annotations is not None  # a parsed article carries its annotations
            cache.put(outcome.cache_key, outcome.annotations)
            cache.misses += 1
        elif outcome.annotations is not None:
            cache.hits += 1
        writer.add(outcome.record, outcome.cleaned, outcome.annotations or {})


def release_info(manifest: dict[str, raw.ManifestEntry], cur: Curation, article_count: int) -> dict[str, str]:
    return {
        "version": __version__,
        "article_count": str(article_count),
        "raw_sha256_combined": combined_raw_hash(manifest),
        "spacy_model": nlp.MODEL_NAME,
        "spacy_model_package": f"{nlp.MODEL_PACKAGE}=={nlp.model_version()}",
        "spacy_model_version": nlp.model_version(),
        "spacy_version": _version_of("spacy"),
        "enrichment_code_version": enrich.code_version(),
        "gazetteer_fingerprint": nlp.gazetteer_fingerprint(cur.gazetteer),
        "codebook_version": str(cur.codebook.get("version", "")),
        "syndication_method": f"MinHash LSH, {syndication.SHINGLE_WORDS}-word shingles, {syndication.NUM_PERM} permutations, Jaccard >= {syndication.THRESHOLD}",
    }


def _version_of(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)
