"""Build: raw files → clean → metadata → enrich → publish, in one direction.

Articles stream through every stage: spaCy pulls the next cleaned article as its workers
need one, and rows are written to the staging database in batches, so memory does not grow
with the corpus and the non-NLP work overlaps the parsing. Bad raw files are reported one line each and skipped (or stop the build with
strict=True); the release is only swapped in once every table is written and validated.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .._version import __version__
from . import clean as cleaning
from . import curation, dates, enrich, frames, metadata, nlp, publish, raw, syndication
from . import entities as entity_rules
from .metadata import paragraph_index, paragraph_spans
from .paths import ProjectPaths

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
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    @contextmanager
    def timed(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - started


@dataclass(frozen=True)
class Curation:
    sites: metadata.SiteRegistry
    article_facts: dict
    gazetteer: list[dict]
    codebook: dict
    events: list[dict]

    @classmethod
    def load(cls, curated_dir: Path) -> "Curation":
        return cls(
            metadata.SiteRegistry.from_entries(curation.sites(curated_dir / "sites.yml")),
            curation.article_facts(curated_dir / "articles.yml"),
            curation.entities(curated_dir / "entities.yml"),
            curation.frames(curated_dir / "frames.yml"),
            curation.events(curated_dir / "events.yml"),
        )


def combined_raw_hash(manifest: dict[str, raw.ManifestEntry]) -> str:
    lines = "".join(f"{manifest[name].sha256}  {name}\n" for name in sorted(manifest))
    return hashlib.sha256(lines.encode()).hexdigest()


def prepare_article(path: Path, cur: Curation, max_chars: int = MAX_ARTICLE_CHARS) -> tuple[dict, cleaning.Cleaned]:
    """Raw file to article record and its cleaning result; RawFileError if unusable."""
    raw_text = raw.load_raw(path)
    cleaned = cleaning.clean(raw_text.text, cur.sites.names)
    if not cleaned.paragraphs:
        raise raw.RawFileError(path, f"no article text left after cleaning (all {len(cleaned.removed)} lines were boilerplate)")
    record = metadata.article_record(raw_text, cleaned, cur.sites, cur.article_facts.get(raw_text.article_id, {}))
    if (length := len(record["body"])) > max_chars:
        raise raw.RawFileError(path, f"article text is {length:,} characters, over the {max_chars:,} limit for one article (a site dump?)")
    return record, cleaned


def paragraph_rows(article_id: str, body: str, cleaned: cleaning.Cleaned) -> list[dict]:
    return [
        {"article_id": article_id, "paragraph_index": index, "text": line.text, "start_char": start, "end_char": end, "raw_line_number": line.number}
        for index, (line, (start, end)) in enumerate(zip(cleaned.paragraphs, metadata.paragraph_spans(body)))
    ]


def enrichment_rows(article: dict, annotations: dict, codebook: list[frames.Frame]) -> dict[str, list[dict]]:
    article_id, body = article["article_id"], article["body"]
    spans = paragraph_spans(body)
    starts = [start for start, _ in spans]
    out: dict[str, list[dict]] = {"mentions": [], "quotes": [], "date_mentions": [], "paragraph_frames": []}
    for m in annotations.get("mentions", []):
        out["mentions"].append({"mention_id": f"{article_id}:m{m['start_char']}", "article_id": article_id, "paragraph_index": paragraph_index(starts, m["start_char"]), **m})
    for q in annotations.get("quotes", []):
        continues = q.get("continues_start_char")
        out["quotes"].append({
            "quote_id": f"{article_id}:q{q['start_char']}",
            "article_id": article_id,
            **{k: v for k, v in q.items() if k != "continues_start_char"},
            "continues_quote_id": f"{article_id}:q{continues}" if continues is not None else None,
        })
    for d in annotations.get("dates", []):
        value, level, resolution = dates.resolve(d["text"], article["published_date"], d.get("tense"))
        out["date_mentions"].append({
            "date_mention_id": f"{article_id}:d{d['start_char']}",
            "article_id": article_id,
            "paragraph_index": paragraph_index(starts, d["start_char"]),
            **{k: d[k] for k in ("start_char", "end_char", "text")},
            "resolved_date": value if level == "day" else None,
            "resolved_period": value,
            "precision": level,
            "resolution": resolution,
        })
    for index, (start, end) in enumerate(spans):
        for frame_id, s, e, count in frames.code_paragraph(body[start:end], codebook):
            out["paragraph_frames"].append({
                "article_id": article_id, "paragraph_index": index, "frame_id": frame_id,
                "evidence": body[start + s : start + e], "start_char": start + s, "end_char": start + e, "cue_count": count,
            })
    return out


def event_rows(events: list[dict], published: dict[str, str | None]) -> tuple[list[dict], list[dict]]:
    import datetime as dt

    event_table, links = [], []
    for e in sorted(events, key=lambda e: e["event_id"]):
        event_table.append({
            "event_id": e["event_id"], "name": e["name"], "start_date": e["start_date"], "end_date": e["end_date"],
            "place": e.get("place"), "participants": "; ".join(e.get("participants") or []), "evidence": " ".join(e["evidence"].split()),
        })
        for article_id in e.get("articles") or []:
            if article_id not in published:
                continue
            date = published[article_id]
            days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(e["start_date"])).days if date else None
            links.append({"article_id": article_id, "event_id": e["event_id"], "days_after_event_start": days})
    return event_table, links


class RowWriter:
    """Turns annotated articles into table rows and writes them in batched transactions."""

    def __init__(self, staging: publish.Staging, codebook: list[frames.Frame], report: BuildReport, flush_every: int = 500):
        self.staging, self.codebook, self.report, self.flush_every = staging, codebook, report, flush_every
        self.entities: dict[str, dict] = {}
        self.published: dict[str, str | None] = {}
        self.signatures: dict = {}
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.buffered = 0

    def add(self, record: dict, cleaned: cleaning.Cleaned, annotations: dict) -> None:
        with self.report.timed("rows, frames, dates, signatures"):
            article_id = record["article_id"]
            self.rows["articles"].append(record)
            self.rows["paragraphs"] += paragraph_rows(article_id, record["body"], cleaned)
            for r in cleaned.removed:
                self.rows["removed_lines"].append({"article_id": article_id, "line_number": r.number, "text": r.text, "reason": r.reason})
                self.report.removed_by_reason[r.reason] = self.report.removed_by_reason.get(r.reason, 0) + 1
            for row in annotations.get("entities", []):
                self.entities.setdefault(row["entity_id"], row)
            for name, table_rows in enrichment_rows(record, annotations, self.codebook).items():
                self.rows[name] += table_rows
            self.published[article_id] = record["published_date"]
            self.signatures[article_id] = syndication.signature(record["body"])
        self.buffered += 1
        if self.buffered >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        with self.report.timed("write staging database"):
            self.staging.insert(self.rows)
        self.rows, self.buffered = defaultdict(list), 0


def build(
    root: Path,
    strict: bool = False,
    use_cache: bool = True,
    batch_size: int = 64,
    n_process: int = 1,
    validate: bool = True,
    max_article_chars: int = MAX_ARTICLE_CHARS,
    log=lambda message: print(message, file=sys.stderr),
) -> BuildReport:
    """Build the release from dataset/raw/, streaming articles through every stage."""
    paths = ProjectPaths(Path(root))
    manifest = raw.verify(paths.raw)
    cur = Curation.load(paths.curated)
    codebook = frames.compile_codebook(cur.codebook)
    cache = enrich.EnrichmentCache(paths.cache if use_cache else None)
    report = BuildReport()
    with publish.Staging(paths) as staging:
        writer = RowWriter(staging, codebook, report)

        def english_articles():
            for path in raw.raw_files(paths.raw):
                try:
                    with report.timed("clean + metadata"):
                        record, cleaned = prepare_article(path, cur, max_article_chars)
                except raw.RawFileError as error:
                    if strict:
                        raise
                    log(f"skipped {error}")
                    report.skipped.append(str(error))
                    continue
                if record["language"] != ENGLISH:
                    writer.add(record, cleaned, {})  # kept, flagged, not run through the English model
                    continue
                yield record["article_id"], record["body"], (record, cleaned)

        with report.timed("whole parse loop (spaCy, with the stages above interleaved)"):
            enrich.enrich_stream(
                english_articles(), lambda _, annotations, context: writer.add(*context, annotations),
                cur.gazetteer, cache, batch_size=batch_size, n_process=n_process, timed=report.timed,
            )
        writer.flush()
        if not writer.published:
            raise BuildError("no usable raw articles; the last good release is left in place")
        with report.timed("entity resolution across the corpus"):
            alias_rows = entity_rules.resolve_corpus_entities(staging.conn, writer.entities, cur.gazetteer)
        report.articles = len(writer.published)
        report.cache_hits, report.cache_misses = cache.hits, cache.misses

        def body_of(article_id: str) -> str:
            return staging.query("select body from articles where article_id = ?", (article_id,)).fetchone()[0]

        with report.timed("syndication pairs"):
            pairs = syndication.pairs_from_signatures(writer.signatures, body_of)
        event_table, links = event_rows(cur.events, writer.published)
        info = release_info(manifest, cur, report.articles)
        staging.insert({
            "entities": list(writer.entities.values()),
            "entity_aliases": alias_rows,
            "frames": [{"frame_id": f.frame_id, "label": f.label, "description": f.description} for f in codebook],
            "events": event_table,
            "article_events": links,
            "syndication_pairs": pairs,
            "dataset_info": [{"key": k, "value": v} for k, v in sorted(info.items())],
        })
        staging.finish(info, validate=validate, timed=report.timed)
    return report


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
