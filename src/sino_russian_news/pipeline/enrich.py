"""Enrich: run spaCy over clean bodies and turn each parsed doc into plain rows.

Per article the result depends only on its body, the gazetteer, the model and this code,
so it is cached under a key made of those four: adding one article to a large corpus
parses that article alone. Publication dates are applied after the cache (date
resolution), so correcting a curated date never invalidates it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import dates as date_rules
from . import entities as entity_rules
from . import nlp as nlp_module
from . import quotes as quote_rules

PARAGRAPH_SEPARATOR = "\n\n"
MAX_CHUNK_CHARS = 100_000
_CODE_FILES = ("enrich.py", "entities.py", "quotes.py", "nlp.py", "dates.py")


def code_version() -> str:
    """Hash of the enrichment code itself, so a rule change invalidates the cache."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_key(body: str, gazetteer_fingerprint: str, model_version: str) -> str:
    parts = (hashlib.sha256(body.encode()).hexdigest(), gazetteer_fingerprint, model_version, code_version())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def annotate(doc, gazetteer: dict[str, dict]) -> dict:
    """Mentions, entity rows, quotes and raw DATE spans of one parsed body (offsets into it)."""
    mentions = entity_rules.find_mentions(doc, gazetteer)
    quotes = quote_rules.extract_quotes(doc, mentions)
    return {
        "mentions": [
            {"start_char": m.start_char, "end_char": m.end_char, "text": m.text, "entity_id": m.entity_id, "method": m.method}
            for m in mentions
        ],
        "entities": list(entity_rules.entity_rows(mentions, gazetteer).values()),
        "quotes": [
            {
                "start_char": q.start_char,
                "end_char": q.end_char,
                "text": q.text,
                "paragraph_index": q.paragraph_index,
                "speaker_entity_id": q.speaker_entity_id,
                "speaker_text": q.speaker_text,
                "cue": q.cue,
                "kind": q.kind,
                "continues_start_char": q.continues.start_char if q.continues else None,
                "word_count": q.word_count,
            }
            for q in quotes
        ],
        "dates": [
            {"start_char": e.start_char, "end_char": e.end_char, "text": e.text, "tense": date_rules.tense_of(e)}
            for e in doc.ents
            if e.label_ == "DATE"
        ],
    }


class EnrichmentCache:
    def __init__(self, directory: Path | None):
        self.directory = directory
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> dict | None:
        if self.directory is None:
            return None
        path = self.directory / f"{key}.json"
        if path.exists():
            self.hits += 1
            return json.loads(path.read_text(encoding="utf-8"))
        return None

    def put(self, key: str, value: dict) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f"{key}.json.tmp"
        tmp.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(self.directory / f"{key}.json")


def enrich_bodies(
    bodies: dict[str, str],
    gazetteer_entries: list[dict],
    cache: EnrichmentCache,
    batch_size: int = 64,
    n_process: int = 1,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> dict[str, dict]:
    """Annotations per article id; only cache misses go through spaCy, in batches."""
    gazetteer = {e["id"]: e for e in gazetteer_entries}
    fingerprint = nlp_module.gazetteer_fingerprint(gazetteer_entries)
    version = nlp_module.model_version()
    keys = {article_id: cache_key(body, fingerprint, version) for article_id, body in bodies.items()}
    results: dict[str, dict] = {}
    todo = []
    for article_id in sorted(bodies):
        if (cached := cache.get(keys[article_id])) is not None:
            results[article_id] = cached
        else:
            todo.append(article_id)
    if todo:
        nlp = nlp_module.load_pipeline(gazetteer_entries)
        chunks = [(article_id, chunk) for article_id in todo for chunk in split_for_nlp(bodies[article_id], max_chunk_chars)]
        docs = nlp.pipe((chunk for _, chunk in chunks), batch_size=batch_size, n_process=n_process)
        for article_id, doc in join_chunks(zip((a for a, _ in chunks), docs)):
            results[article_id] = annotate(doc, gazetteer)
            cache.put(keys[article_id], results[article_id])
            cache.misses += 1
    return results


def split_for_nlp(body: str, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """Paragraph-aligned pieces of at most max_chars (one paragraph may exceed it).

    The parser's memory grows with text length (spaCy's max_length guard is 1,000,000
    characters), so a very long body is parsed in pieces and joined back. Each piece but
    the last keeps its trailing paragraph separator, so the pieces concatenate to the body.
    """
    if len(body) <= max_chars:
        return [body]
    pieces, current = [], ""
    for paragraph in body.split(PARAGRAPH_SEPARATOR):
        candidate = paragraph + PARAGRAPH_SEPARATOR
        if current and len(current) + len(candidate) > max_chars:
            pieces.append(current)
            current = ""
        current += candidate
    pieces.append(current[: -len(PARAGRAPH_SEPARATOR)])
    return [p for p in pieces if p]


def join_chunks(pairs):
    """Regroup (article_id, doc) pairs from a flat stream into one Doc per article."""
    from itertools import groupby

    from spacy.tokens import Doc

    for article_id, group in groupby(pairs, key=lambda pair: pair[0]):
        docs = [doc for _, doc in group]
        yield article_id, docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
