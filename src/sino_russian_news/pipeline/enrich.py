"""Enrich: run spaCy over clean bodies and turn each parsed doc into plain rows.

Per article the result depends only on its body, the gazetteer, the model and this code,
so it is cached under a key made of those four: adding one article to a large corpus
parses that article alone. Publication dates are applied after the cache (date
resolution), so correcting a curated date never invalidates it.
"""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from . import dates as date_rules
from . import entities as entity_rules
from . import nlp as nlp_module
from . import quotes as quote_rules
from .body import PARAGRAPH_SEPARATOR

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

K = TypeVar("K")  # what a body is known by: an article id, a raw file name

# One article's annotations: lists of plain rows per kind ("mentions", "quotes"…), as cached.
Annotations = dict[str, list[dict[str, Any]]]

MAX_CHUNK_CHARS = 100_000


def _local_imports(path: Path) -> set[Path]:
    """Package modules a module imports relatively: siblings (`from . import x`, `from .x
    import y`) and the package's own modules (`from ..schema import QuoteKind`: the
    vocabularies the annotations are written in)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level in (1, 2):
            base = path.parent if node.level == 1 else path.parent.parent
            names = [node.module] if node.module else [alias.name for alias in node.names]
            found |= {base / f"{name.split('.')[0]}.py" for name in names}
    return {p for p in found if p.exists()}


@lru_cache(maxsize=1)
def code_files() -> tuple[Path, ...]:
    """This module and every pipeline module it imports, directly or not: all the code an
    annotation depends on, found from the imports so a new dependency cannot be forgotten."""
    seen: set[Path] = set()
    todo = [Path(__file__)]
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo += _local_imports(path) - seen
    return tuple(sorted(seen))


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the enrichment code itself, so a rule change invalidates the cache.

    Once per process: it describes the code this process imported (an edit on disk does not
    change what runs until the process restarts), and every cache key asks for it, once per
    article, which re-read and hashed seven source files each time."""
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(body: str, gazetteer_fingerprint: str, model_version: str) -> str:
    parts = (hashlib.sha256(body.encode()).hexdigest(), gazetteer_fingerprint, model_version, code_version())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def annotate(doc: Doc, gazetteer: dict[str, dict[str, Any]]) -> Annotations:
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
            {"start_char": d.start_char, "end_char": d.end_char, "text": d.text, "tense": date_rules.tense_of(d)}
            for e in doc.ents
            if e.label_ == "DATE" and (d := without_space_at_edges(e)) is not None
        ],
    }


def without_space_at_edges(span: Span) -> Span | None:
    """The span without whitespace tokens at its ends (None if that is all it is): the
    pretrained NER can end a DATE on the paragraph break after it ('February 19, 2013\\n\\n')."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


ANNOTATION_KEYS = ("mentions", "entities", "quotes", "dates")


def _is_annotation(value: object) -> TypeGuard[Annotations]:
    """The shape `annotate` returns: each key a list of row mappings."""
    return isinstance(value, dict) and all(
        isinstance(value.get(k), list) and all(isinstance(row, dict) for row in value[k]) for k in ANNOTATION_KEYS
    )


class EnrichmentCache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Annotations | None:
        if self.directory is None:
            return None
        path = self.directory / f"{key}.json"
        if path.exists():
            try:
                value = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                value = None
            if not _is_annotation(value):  # a torn or tampered file: parse again rather than fail every build
                print(f"warning: {path}: corrupt enrichment cache file discarded; the article is parsed again", file=sys.stderr)
                path.unlink(missing_ok=True)
                return None
            self.hits += 1
            return value
        return None

    def put(self, key: str, value: Annotations) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f"{key}.json.tmp"
        tmp.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(self.directory / f"{key}.json")


def parse_and_annotate(
    bodies: Iterable[tuple[K, str]],
    nlp: Language,
    gazetteer: dict[str, dict[str, Any]],
    batch_size: int = 64,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[tuple[K, Annotations]]:
    """Annotations of each (key, body), in order, the bodies pulled lazily by one nlp.pipe;
    a long body is parsed in pieces (split_for_nlp) and joined back with exact offsets.
    Keys must differ from their neighbours'."""
    chunks = ((chunk, key) for key, body in bodies for chunk in split_for_nlp(body, max_chunk_chars))
    docs = nlp.pipe(chunks, as_tuples=True, batch_size=batch_size)
    for key, doc in join_chunks((key, doc) for doc, key in docs):
        yield key, annotate(doc, gazetteer)


def enrich_bodies(bodies: dict[str, str], gazetteer_entries: list[dict[str, Any]], **options: Any) -> dict[str, Annotations]:
    """Annotations per article id, for callers that hold the bodies anyway (no cache)."""
    nlp = nlp_module.load_pipeline(gazetteer_entries)
    gazetteer = {e["id"]: e for e in gazetteer_entries}
    return dict(parse_and_annotate(sorted(bodies.items()), nlp, gazetteer, **options))


def split_for_nlp(body: str, max_chars: int = MAX_CHUNK_CHARS) -> list[str]:
    """Paragraph-aligned pieces of at most max_chars (one paragraph may exceed it).

    The parser's memory grows with text length (spaCy's max_length guard is 1,000,000
    characters), so a very long body is parsed in pieces and joined back. Each piece but
    the last keeps its trailing paragraph separator, so the pieces concatenate to the body.
    """
    if len(body) <= max_chars:
        return [body]
    pieces: list[str] = []
    current = ""
    for paragraph in body.split(PARAGRAPH_SEPARATOR):
        candidate = paragraph + PARAGRAPH_SEPARATOR
        if current and len(current) + len(candidate) > max_chars:
            pieces.append(current)
            current = ""
        current += candidate
    pieces.append(current[: -len(PARAGRAPH_SEPARATOR)])
    return [p for p in pieces if p]


def join_chunks(pairs: Iterable[tuple[K, Doc]]) -> Iterator[tuple[K, Doc]]:
    """Regroup (key, doc) pairs from a flat stream into one Doc per key (an article's pieces)."""
    from itertools import groupby

    from spacy.tokens import Doc

    for article_id, group in groupby(pairs, key=lambda pair: pair[0]):
        docs = [doc for _, doc in group]
        yield article_id, docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
