"""Metadata: headline, byline, dates, site and publisher for one cleaned article.

Text first: what the removed header and trailer lines state. Curated facts from
`dataset/curated/articles.yml` then fill or correct what the text does not state, and the
`*_source` columns say which applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateutil import parser as dateparser

from .body import join_paragraphs, split_paragraphs, word_count
from .clean import Cleaned
from .curation import CuratedFact
from .raw import RawText

_HEADLINE_WORD = re.compile(r"[A-Za-z][\w’'-]+")
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or says said say that the "
    "to was were will with after over amid no not new his her their this live news".split()
)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_SYNDICATION_DOMAIN = re.compile(r"(?:appeared first on|originally (?:appeared|published) (?:on|in|at))\s+(?:the\s+)?([\w.-]+\.[a-z]{2,}|[A-Z][\w ]+)", re.IGNORECASE)
_PHOTO_CREDIT = (
    re.compile(r"image source, ?(.+)$", re.IGNORECASE),
    re.compile(r"[–—-] ?(\w+) (?:file )?photo$", re.IGNORECASE),
)
_COPYRIGHT_SITE = re.compile(r"^(?:copyright\s*)?(?:©|\(c\))?\s*(?:\d{4}\s*)?(?:[-–]\s*\d{4}\s*)?(.+?)\.?$", re.IGNORECASE)
_TIMESTAMP_VALUE = re.compile(r"(?:updated|published|posted)(?: on)?\s*:?\s*(.+)$", re.IGNORECASE)
WIRE_AGENCIES = frozenset({"reuters", "ap", "afp", "associated press", "agence france-presse", "xinhua", "tass"})
HEADLINE_OVERLAP_THRESHOLD = 0.5
LANGUAGE_SAMPLE_CHARS = 1500


@dataclass(frozen=True)
class SiteRegistry:
    by_name: dict[str, str]  # casefolded name or domain -> canonical name

    @classmethod
    def from_entries(cls, entries: list[dict]) -> "SiteRegistry":
        mapping: dict[str, str] = {}
        for entry in entries:
            for key in [entry["name"], entry.get("domain"), *(entry.get("aliases") or [])]:
                if key:
                    mapping[key.casefold()] = entry["name"]
        return cls(mapping)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.by_name)

    def canonical(self, name: str) -> str:
        key = name.strip().casefold().removeprefix("www.")
        return self.by_name.get(key, name.strip())


def body_of(cleaned: Cleaned) -> str:
    return join_paragraphs(p.text for p in cleaned.paragraphs)


def parse_byline(line: str | None) -> str | None:
    if not line:
        return None
    names = [n.strip(" .") for n in _BYLINE_SPLIT.split(re.sub(r"^by\s+", "", line, flags=re.IGNORECASE))]
    return "; ".join(n for n in names if n) or None


def first_match(patterns, lines: list[str]) -> str | None:
    for line in lines:
        for pattern in patterns:
            if m := pattern.search(line):
                return m.group(1).strip()
    return None


def site_from(cleaned: Cleaned, sites: SiteRegistry) -> str | None:
    if names := cleaned.removed_text("site-name"):
        return sites.canonical(names[0])
    for line in cleaned.removed_text("copyright"):
        if m := _COPYRIGHT_SITE.match(line):
            return sites.canonical(m.group(1))
    return None


def publisher_from(cleaned: Cleaned, sites: SiteRegistry, photo_credit: str | None) -> tuple[str | None, str | None]:
    if name := first_match([_SYNDICATION_DOMAIN], cleaned.removed_text("syndication-note")):
        return sites.canonical(name), "text:syndication-note"
    if photo_credit and photo_credit.casefold() in WIRE_AGENCIES:
        return sites.canonical(photo_credit), "text:photo-credit"
    return None, None


def published_date_from(updated_at: str | None) -> str | None:
    if not updated_at:
        return None
    try:
        return dateparser.parse(updated_at, fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


def headline_overlap(headline: str, body: str) -> float:
    """Share of the headline's content words found in the body's first paragraphs."""
    words = {w.casefold().strip("’'") for w in _HEADLINE_WORD.findall(headline)} - _STOPWORDS
    if not words:
        return 0.0
    opening = {w.casefold().strip("’'") for w in _HEADLINE_WORD.findall(join_paragraphs(split_paragraphs(body)[:3]))}
    return sum(w in opening or w.rstrip("s") in opening for w in words) / len(words)


def detect_language(body: str) -> str | None:
    """ISO 639-1 code from py3langid (deterministic, ~2 ms) on the body's opening text."""
    import py3langid

    language, _ = py3langid.classify(body[:LANGUAGE_SAMPLE_CHARS])
    return language


def article_record(raw: RawText, cleaned: Cleaned, sites: SiteRegistry, curated: dict[str, CuratedFact]) -> dict:
    body = body_of(cleaned)
    header = {reason: (cleaned.removed_text(reason) or [None])[0] for reason in ("headline", "subheadline", "byline", "dateline", "timestamp")}
    updated_at = first_match([_TIMESTAMP_VALUE], [header["timestamp"]] if header["timestamp"] else [])
    photo_credit = first_match(_PHOTO_CREDIT, cleaned.removed_text("photo-caption"))
    publisher, publisher_source = publisher_from(cleaned, sites, photo_credit)
    published_date = published_date_from(updated_at)
    record = {
        "article_id": raw.article_id,
        "source_file": raw.source_file,
        "raw_sha256": raw.sha256,
        "raw_encoding": raw.encoding,
        "encoding_confidence": raw.encoding_confidence,
        "site": site_from(cleaned, sites),
        "original_publisher": publisher,
        "publisher_source": publisher_source,
        "photo_credit": photo_credit,
        "headline": header["headline"],
        "subheadline": header["subheadline"],
        "byline": parse_byline(header["byline"]),
        "dateline": header["dateline"],
        "updated_at": updated_at,
        "published_date": published_date,
        "date_source": "text" if published_date else None,
        "date_evidence": f"printed on the page: '{header['timestamp']}'" if published_date else None,
        "language": detect_language(body) if body else None,
        "body": body,
        "word_count": word_count(body),
        "paragraph_count": len(cleaned.paragraphs),
        "removed_line_count": len(cleaned.removed),
        "headline_matches_body": None,
        "headline_check": None,
    }
    if record["headline"] and body:
        overlap = headline_overlap(record["headline"], body)
        record["headline_matches_body"] = overlap >= HEADLINE_OVERLAP_THRESHOLD
        record["headline_check"] = f"overlap={overlap:.2f}"
    return apply_curation(record, curated)


def apply_curation(record: dict, curated: dict[str, CuratedFact]) -> dict:
    for key, fact in curated.items():
        if key not in record:
            raise KeyError(f"articles.yml: {record['article_id']}.{key} is not an article field")
        record[key] = fact.value
        if key == "published_date":
            record["date_source"], record["date_evidence"] = "curated", fact.evidence
        elif key == "original_publisher":
            record["publisher_source"] = "curated"
        elif key == "headline_matches_body":
            record["headline_check"] = "curated"
    return record
