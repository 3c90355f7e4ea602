"""Metadata: headline, byline, dates, site and publisher for one cleaned article.

HTML pages: what the page's markup states (`html.PageMetadata`: headline, byline, site,
`<html lang>`, publication date with its evidence). Plain text: what the removed header and
trailer lines state, and a date stated near the top (`text_date`: the header lines and the
opening of the first paragraphs, never further down, where teasers carry other stories'
dates). Curated facts from `dataset/curated/articles.yml` then fill or correct what the page
does not state, and the `*_source` columns say which applied.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil import parser as dateparser

from ..schema import DateSource, PublisherSource, RawFormat, RemovalReason
from .body import join_paragraphs, word_count
from .bylines import (
    TEASER_CREDIT_GAP,
    among_teaser_credits,
    credit_before,
    credit_byline,
    credit_with_apposition,
    names_then,
    parse_byline,
    plausible_byline,
    without_bullet,
    without_outlets,
)
from .clean import BYLINE_OPENING_PARAGRAPHS, METADATA_REASONS, RECORDED_TITLE_EVIDENCE, Cleaned, Line, ends_on_a_full_stop
from .cleaner_features import cjk_pairs, without_cjk
from .curation import CuratedFact
from .html import registered_label, site_host, title_separators
from .raw import RawText

# A headline's word, in any script ('Putin', 'Путин', 'État'); CJK runs are compared as
# character pairs (`headline_words`).
_HEADLINE_WORD = re.compile(r"[^\W\d_][\w’'-]+")
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or says said say that the "
    "to was were will with after over amid no not new his her their this live news".split()
)
# The outlet named after 'originally appeared on': a domain, or a run of capitalised words (the
# case-sensitive part stops the name at the sentence's next lowercase word: 'on NeoGAF forum
# before revising it' names NeoGAF).
_SYNDICATION_DOMAIN = re.compile(
    r"(?:appeared first on|originally (?:appeared|published) (?:on|in|at))\s+(?:the\s+)?"
    r"([\w.-]+\.[a-z]{2,}|(?-i:[A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|the|and|&)(?=\s+[A-Z]))*(?:\s+[A-Z][\w&.'’-]*)?))",
    re.IGNORECASE,
)
_PHOTO_CREDIT = (
    re.compile(r"image source, ?(.+)$", re.IGNORECASE),
    re.compile(r"[–—-] ?(\w+) (?:file )?photo$", re.IGNORECASE),
)
# A copyright line up to its holder: 'Copyright © 2017', '© Copyright 2025', '(c) 2005-2009', 'by'.
_COPYRIGHT_SITE = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\s*)?(?:\d{4}\s*)?(?:[-–]\s*\d{4}\s*)?(?:by\s+)?(.+?)\.?$", re.IGNORECASE
)
# Where the holder's name ends in a copyright line: a sentence end, a field separator or the
# rights formula ('Cable News Network. Turner Broadcasting System, Inc. All Rights Reserved',
# 'Los Angeles Times | Privacy Policy'); a longer "name" is a sentence, not a site.
_COPYRIGHT_NAME_END = re.compile(r"\.(?:\s|$)|\s[|•·–—-]\s|;|\ball rights reserved\b", re.IGNORECASE)
COPYRIGHT_NAME_MAX_WORDS = 6
_COPYRIGHT_MARK = re.compile(r"©|\(c\)|\b(?:19|20)\d{2}\b", re.IGNORECASE)
_STATED_YEAR = re.compile(r"\b(?:19|20)\d\d")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIMESTAMP_VALUE = re.compile(r"(?:updated|published|posted)(?: on)?\s*:?\s*(.+)$", re.IGNORECASE)
WIRE_AGENCIES = frozenset({"reuters", "ap", "afp", "associated press", "agence france-presse", "xinhua", "tass"})
# A headline matches its body when at least half of its content words occur in the body. Measured
# on the extraction development pages (gold headline with gold body, and each headline with
# another page's body): comparing with the whole body flags 19 of 275 right English headlines
# and catches 271 of 275 swapped ones; comparing with the first three paragraphs only, as
# before, flagged 120 of 275 right headlines (standfirsts, bylines and ledes that do not
# repeat the headline's words). A swapped headline of a story on the same topic is harder: on
# the PolNeAR election stories, 790 of 840 swaps are caught. Words are compared in any script,
# CJK as character pairs: on the development pages built from their HTML (a WARC of all 293),
# 22 of 281 right English headlines are flagged and 276 of 281 swapped ones caught, as when
# only Latin-script words counted; the 12 other-language headlines are all checked now (two
# Chinese ones were not) and 12 of 12 swaps caught. A reviewed mismatch is curated
# (dataset/curated/articles.yml), which overrides this check.
HEADLINE_OVERLAP_THRESHOLD = 0.5
LANGUAGE_SAMPLE_CHARS = 1500
# Below this many characters py3langid guesses; the page's own <html lang> is then the better evidence.
LANGUAGE_MIN_DETECT_CHARS = 200
# One `articles` row: column name -> value. Curation sets fields by name, so a plain mapping.
ArticleRecord = dict[str, Any]


@dataclass(frozen=True)
class SiteRegistry:
    by_name: dict[str, str]  # casefolded name or domain -> canonical name

    @classmethod
    def from_entries(cls, entries: list[dict[str, Any]]) -> SiteRegistry:
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

    def outlet(self, holder: str) -> str:
        """The site a copyright notice's holder names: the curated name when sites.yml lists
        the holder as printed ('Cable News Network LP, LLLP'), else the holder without its
        legal form (`without_legal_form`), curated or not. A notice names the company that
        owns the rights, a site facet wants the outlet: 'Ars Technica, LLC', 'Forbes.com Inc'
        and 'Bloomberg L.P.' are one outlet each, however a page prints the form."""
        key = holder.strip().casefold()
        return self.by_name[key] if key in self.by_name else self.canonical(without_legal_form(holder))


def without_legal_form(name: str) -> str:
    """`name` without a trailing legal form ('Vox Media, LLC' -> 'Vox Media', 'Heise Medien
    GmbH & Co. KG' -> 'Heise Medien'), as cleanco knows the forms of many countries; the name
    as printed otherwise (a name that is only a form, 'Company', stays). The words kept are
    the name's own: cleanco also drops punctuation ('Yahoo! Inc.' -> 'Yahoo'), the page's
    'Yahoo!' is kept."""
    from cleanco import basename

    words, base = name.split(), basename(name).split()
    if not base or len(base) >= len(words):
        return name.strip()
    return " ".join(words[: len(base)]).rstrip(" ,;")


def body_of(cleaned: Cleaned) -> str:
    return join_paragraphs(p.text for p in cleaned.paragraphs)


def first_match(patterns: Iterable[re.Pattern[str]], lines: list[str]) -> str | None:
    for line in lines:
        for pattern in patterns:
            if m := pattern.search(line):
                value: str = m.group(1)
                return value.strip()
    return None


def site_from(cleaned: Cleaned, sites: SiteRegistry) -> str | None:
    """The holder of the page's copyright notice, else a line that is only a known site's name.

    The notice is the site's own claim; a known site's name printed alone can be a partner's
    link in the menu ('Financial Times' on Folha's page) or a teaser's source ('Reuters')."""
    for line in cleaned.removed_text(RemovalReason.COPYRIGHT):
        if not _COPYRIGHT_MARK.search(line):
            continue  # 'Copyright Policy', a footer link: no holder named
        if (m := _COPYRIGHT_SITE.match(line)) and (name := copyright_holder(m.group(1))):
            return sites.outlet(name)
    if names := cleaned.removed_text(RemovalReason.SITE_NAME):
        return sites.canonical(names[0])
    return None


def copyright_holder(rest: str) -> str | None:
    """The holder's name at the start of what follows '© 2013' in a copyright line, or None."""
    name = _COPYRIGHT_NAME_END.split(rest.strip(" ,;:-"), maxsplit=1)[0]
    name = re.sub(r"\s+(?:19|20)\d{2}$", "", name.strip(" ,;:-"))  # '© BBC 2013'
    name = re.sub(r"^M{1,3}[DCLXVI]*\b\s*", "", name)  # a year in Roman numerals: '© MMIX'
    return name if name and len(name.split()) <= COPYRIGHT_NAME_MAX_WORDS else None


def publisher_from(cleaned: Cleaned, sites: SiteRegistry, photo_credit: str | None) -> tuple[str | None, str | None]:
    if name := first_match([_SYNDICATION_DOMAIN], cleaned.removed_text(RemovalReason.SYNDICATION_NOTE)):
        return sites.canonical(name.rstrip(".")), PublisherSource.SYNDICATION_NOTE
    if photo_credit and photo_credit.casefold() in WIRE_AGENCIES:
        return sites.canonical(photo_credit), PublisherSource.PHOTO_CREDIT
    return None, None


def date_of(value: str | None, within: int | None = None) -> str | None:
    """The ISO day a date value names: a page's markup ('2013-03-03T17:05:55Z', '2013/03/03',
    'March 3, 2013'), a printed timestamp ('Updated 10:31 AM EDT, Thu March 12, 2009') or an
    export's date column; `within`: read only the value's first characters (markup holding a
    date and then other things).

    ISO 8601 first, anywhere in the value; then as the text's dates are read (`dates_in`: '04.05.2015' day first, as
    dots put it; '3. März 2013' in its language); only what that does not read is left to
    dateutil, which takes every numeric date month first ('04.05.2015' as the 5th of April) and,
    fuzzy, skips a month name it does not know ('3. März 2013' as the 1st of March). A value
    without a year ('Last updated: 2:54 am') or a day ('March 2013') names no day: dateutil
    would fill in the build's."""
    if not value:
        return None
    if m := _ISO_DAY.search(value):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    value = value[:within] if within else value
    if not _STATED_YEAR.search(value):
        return None
    if written := dates_in(value):
        return written[0][2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # Only the day is kept, so a zone name is irrelevant; ignoring it also keeps dateutil
            # from warning about every 'EDT'/'EST' it does not know. What the value does not
            # state, dateutil takes from `default`: read with two defaults, a part that differs
            # was not stated ('March 2013' names no day).
            parsed, check = (
                dateparser.parse(value, fuzzy=True, ignoretz=True, default=default)
                for default in (dt.datetime(1, 1, 1), dt.datetime(2, 2, 2))
            )
        except (ValueError, OverflowError):
            return None
    return parsed.date().isoformat() if parsed.date() == check.date() else None


def headline_words(text: str) -> set[str]:
    """Casefolded words of two letters or more in any script, and CJK character pairs (CJK has no spaces)."""
    return {w.casefold().strip("’'") for w in _HEADLINE_WORD.findall(without_cjk(text))} | cjk_pairs(text)


def headline_overlap(headline: str, body: str) -> float:
    """Share of the headline's content words found in the body (see HEADLINE_OVERLAP_THRESHOLD)."""
    words = headline_words(headline) - _STOPWORDS
    if not words:
        return 0.0
    in_body = headline_words(body)
    return sum(w in in_body or w.rstrip("s") in in_body for w in words) / len(words)


def detect_language(body: str) -> str | None:
    """ISO 639-1 code from py3langid (deterministic, ~2 ms) on the body's opening text."""
    import py3langid

    language: str
    language, _ = py3langid.classify(body[:LANGUAGE_SAMPLE_CHARS])
    return language


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for m in names.split()
}
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# The year ends a word, or runs straight into a clock time or a capitalised word: text dumps join
# a date and what the page prints in the next element ("October 17, 20236:01 PM ET", "August 25,
# 2025August 29, 2025": published, then updated).
_YEAR_END = r"(?:\b|(?=[012]?\d:[0-5]\d)|(?-i:(?=[A-Z][a-z])))"
# Written dates, each a complete day: "March 3, 2013", "3 March 2013", "3. März 2013", "3 de
# marzo de 2013", "21.dez.2018", "19-Dec-2025", "19/Dec/2025", "2013-03-03", "2013/3/3",
# "2013年3月3日", "2013년 3월 3일", "04.05.2015" (with dots the day comes first, as wherever dots
# separate a date's numbers: German, French, Russian, Czech…), and "11/29/2011" or "19-12-2025"
# only where the order is certain (one number above 12, or both equal): with slashes or
# hyphens, "03/04/2011" is the 4th of March in the United States and the 3rd of April in Europe
# and India.
_DATE_FORMS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}{_YEAR_END}",
        rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}{_YEAR_END}",
        rf"\b(?P<day>[0-3]?\d)(?P<separator>[-./])(?P<month>[^\W\d_]{{3,10}})(?P=separator)\s?{_YEAR}{_YEAR_END}",
        r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<nmonth>0?[1-9]|1[0-2])[-/.](?P<day>0?[1-9]|[12]\d|3[01])(?!\d)",
        r"\b(?P<day>0?[1-9]|[12]\d|3[01])\.(?P<nmonth>0?[1-9]|1[0-2])\.(?P<year>(?:19|20)\d\d)\b",
        r"\b(?P<first>[01]?\d|2\d|3[01])(?P<separator>[/-])(?P<second>[01]?\d|2\d|3[01])(?P=separator)(?P<year>(?:19|20)\d\d)\b",
        r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<nmonth>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]",
    )
)
_PUBLISHED_CUE = re.compile(
    r"\b(published|posted|first published|publié|publicado|veröffentlicht|erschienen)\b|发布|発行|公開", re.IGNORECASE
)
_UPDATED_CUE = re.compile(r"\b(updated?|last updated|modified|revised|mis à jour|actualizado|aktualisiert)\b|更新", re.IGNORECASE)
# An opening paragraph this short can be a credit line the cleaner kept ('By Jane Doe March 18 at
# 3:57 PM Follow @janedoe'); a longer one starting with 'By' is a sentence ('By Tuesday, …').
CREDIT_LINE_MAX_WORDS = 15
# Where an HTML page's headline came from (`html.choose_headline`), said in `headline_evidence`.
MARKUP_HEADLINE_EVIDENCE = {
    "h1": "markup: the page's <h1>",
    "h2": "markup: the <h2> above the body, the first part of the page's title",
    "og:title": "markup: og:title, without the site's name",
    "title": "markup: <title>, without the site's name",
    "printed": "page: the title-shaped line printed above the credit line (the page does not print its og:title or <title>)",
    "trafilatura": "markup: trafilatura's title",
    None: "markup: no <h1>, og:title or <title> to read a headline from",
}
# How far into the body a stated date still belongs to the article (a dateline, "Published …").
TEXT_DATE_BODY_CHARS = 400
TEXT_DATE_PARAGRAPHS = 2
DATELINE_CHARS = 40  # a bare date this close to the start of its line opens it (dateline, timestamp)
DATE_LINE_WORDS = 12  # or its line is short: a date line, not a sentence
# How much of a line a byline's or a date's evidence quotes: the line's start; for a date that
# ends further in, the text up to it (a standfirst and its credit line joined into one line).
EVIDENCE_CHARS = 120
DATELINE_PARTICLE_CHARS = 3  # 'le', 'den', 'on': the longest lowercase word a dateline's place name keeps


@dataclass(frozen=True)
class StatedDate:
    date: str | None
    evidence: str


def month_number(word: str) -> int | None:
    """Month of an English month name or abbreviation, else of another language's (dateparser)."""
    key = word.casefold().rstrip(".")
    if key in _MONTHS:
        return _MONTHS[key]
    if not key.isalpha() or len(key) < 3:
        return None
    from dateparser import parse as parse_any_language

    parsed = parse_any_language(f"15 {word} 2000", settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.month if parsed is not None else None


def dates_in(line: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of each complete written date in a line."""
    import datetime as dt

    found: list[tuple[int, int, str]] = []
    for form in _DATE_FORMS:
        for m in form.finditer(line):
            parts = m.groupdict()
            month: int | None
            if parts.get("first"):
                first, second = int(parts["first"]), int(parts["second"])
                if first > 12 and second <= 12 or first == second:
                    parts["day"], month = parts["first"], second
                elif second > 12 and first <= 12:
                    parts["day"], month = parts["second"], first
                else:
                    continue
            else:
                month = int(parts["nmonth"]) if parts.get("nmonth") else month_number(parts["month"])
            if month is None:
                continue
            try:
                day = dt.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), day.isoformat()))
    return sorted(found)


def date_from_export(record: ArticleRecord, provenance: dict[str, str] | None) -> None:
    """Fill an empty `published_date` from the export record the article came from: news-please
    and Media Cloud extract it from the page's markup, which a text export no longer has. What
    the page itself states, and curation, come first."""
    row = provenance or {}
    published = row.get("published")
    if record["published_date"] is not None or not published:
        return
    if day := date_of(published):
        record["published_date"], record["date_source"] = day, DateSource.EXPORT
        record["date_evidence"] = f"export: '{published}' in {row.get('source_archive')} at offset {row.get('source_offset')}"


def scraper_site(name: str | None, url: str | None, sites: SiteRegistry) -> str | None:
    """The site a scraper's record of the page names: the outlet (trafilatura's `sitename`, an
    export's `media_name`), else the host of the address it was read from; as sites.yml names it."""
    if name and name.strip():
        if is_host(name):  # ('www.reuters.com', news-please's `source_domain`) named as a URL's host is
            name = site_host(f"https://{name.strip()}") or name
        return sites.canonical(name)
    if url and "://" in url and (host := site_host(url)):
        return sites.canonical(host)
    return None


def site_from_provenance(record: ArticleRecord, provenance: dict[str, str] | None, sites: SiteRegistry) -> None:
    """Fill an empty `site` from the record the article was ingested from (`scraper_site`):
    the outlet an export names (its `site` provenance column: trafilatura's `sitename`, Media
    Cloud's `media_name`, news-please's `source_domain`), else the host of the address it was
    fetched from (a crawl's or an export's URL). A text export no longer carries the page's
    site name, and its copyright line is often gone with the footer; what the page itself
    states comes first. A host is named as sites.yml names its domain, else by itself without
    "www." (www.paper.example and paper.example are one site: named alike, a site facet
    counts it once)."""
    if record["site"] is None:
        record["site"] = scraper_site((provenance or {}).get("site"), record.get("url"), sites)


def headline_without_site(record: ArticleRecord, sites: SiteRegistry) -> None:
    """A title the scraper recorded, without a part naming the site it was scraped from:
    'Xi and Putin sign a pact - Reuters' from reuters.com, 'The Moscow Times | Xi visits Moscow'.
    Feed and search-engine titles (Media Cloud's, news-please's from a page's <title>) carry the
    outlet's name after a separator; the HTML path drops it from <title> the same way
    (`html.strip_site`). Only a first or last part that names the article's site (its name,
    a `sites.yml` alias of it, or its URL's host) goes: 'Putin - Xi talks end' keeps its dash."""
    headline = record["headline"]
    if not headline or not (record["headline_evidence"] or "").startswith(RECORDED_TITLE_EVIDENCE):
        return
    names = site_keys(record, sites)
    separators = title_separators(headline)
    if not names or not separators:
        return
    first, last = separators[0], separators[-1]
    if names_site(headline[last.end() :], names) and site_key(headline[: last.start()]):
        kept, part = headline[: last.start()].strip(), headline[last.end() :].strip()
    elif names_site(headline[: first.start()], names) and site_key(headline[first.end() :]):
        kept, part = headline[first.end() :].strip(), headline[: first.start()].strip()
    else:
        return
    record["headline"] = kept
    record["headline_evidence"] = f"{record['headline_evidence']}; without '{part}', the site's name"
    check_headline(record)


def is_host(name: str) -> bool:
    """A host name ('www.reuters.com'), not an outlet's name ('Reuters', 'Forbes.com Inc')."""
    return "." in name and not any(c.isspace() for c in name.strip())


def site_key(name: str) -> str:
    """A name's letters and digits, casefolded: 'The Moscow Times' and 'themoscowtimes' alike."""
    return re.sub(r"[\W_]+", "", name.casefold())


def names_site(part: str, keys: set[str]) -> bool:
    """A title's part names the site whose names' keys (`site_keys`) are `keys`, with or
    without a leading 'The' ('Guardian' for theguardian.com)."""
    key = site_key(part)
    return bool(key) and (key in keys or f"the{key}" in keys or key.removeprefix("the") in keys)


def site_keys(record: ArticleRecord, sites: SiteRegistry) -> set[str]:
    """The keys (`site_key`) of every name of the article's site: its `site`, the names and
    domains sites.yml gives the same site, and its URL's host, whole and its first label
    ('reuters.com', 'reuters')."""
    site, url = record["site"], record.get("url")
    names = [site] if site else []
    if site:
        canonical = sites.canonical(site)
        names += [key for key, name in sites.by_name.items() if name == canonical]
    if url and (host := site_host(url)):
        names.append(host)
    for name in list(names):
        if is_host(name):  # its name is the label before the public suffix
            names.append(registered_label(name))
    return {key for name in names if (key := site_key(name))}


def top_of_article(cleaned: Cleaned) -> tuple[list[Line], list[Line]]:
    """The header lines and the opening paragraphs of a plain-text article, where its byline and
    date are stated. The header: removed lines above the body, and those between its opening
    paragraphs (a page whose body starts on a lead-photo caption prints the byline and date line
    below it; extraction development pages: +16 dated pages per text dump, none of them wrong),
    and the credit lines the cleaner found among the opening paragraphs (a byline, a date line,
    a timestamp: a page that prints its headline, a caption and a standfirst inside the article
    block prints the byline and its date under them)."""
    paragraphs = cleaned.paragraphs
    if not paragraphs:
        return [], []
    first_body_line = paragraphs[0].number
    opening_end = paragraphs[TEXT_DATE_PARAGRAPHS].number if len(paragraphs) > TEXT_DATE_PARAGRAPHS else first_body_line
    credits_end = paragraphs[BYLINE_OPENING_PARAGRAPHS].number if len(paragraphs) > BYLINE_OPENING_PARAGRAPHS else math.inf
    header = [
        Line(r.number, r.text)
        for r in cleaned.removed
        if r.number < max(first_body_line, opening_end) or (r.number < credits_end and r.reason in METADATA_REASONS)
    ]
    return header, list(paragraphs[:TEXT_DATE_PARAGRAPHS])


@dataclass(frozen=True)
class StatedByline:
    byline: str | None
    evidence: str


def text_byline(cleaned: Cleaned) -> StatedByline:
    """The byline of a plain-text article, with its evidence: the first byline line that names
    someone (a split byline's 'By' line names nobody), else the credit line nearest the start of
    the body among the header lines and the short opening paragraphs ('By Jane Doe March 18 at
    3:57 PM', which is a timestamp line to the cleaner; `credit_byline`), else a timestamp line
    below the headline that opens with the writer's name ('Dan Goodin - Apr 16, 2015 8:02 pm
    UTC', `named_timestamp`)."""
    for removed in cleaned.removed:
        if removed.reason == RemovalReason.BYLINE and (named := parse_byline(removed.text)):
            return StatedByline(named, f"text: line {removed.number}, a byline line: '{removed.text[:EVIDENCE_CHARS]}'")
    header, opening = top_of_article(cleaned)
    short_opening = [p for p in opening if len(p.text.split()) <= CREDIT_LINE_MAX_WORDS]
    # the headline is no credit, though a title-case one can read as one ('Von Der Leyen Warns China')
    headlines = [r.number for r in cleaned.removed if r.reason == RemovalReason.HEADLINE]
    for line in [*reversed(header), *short_opening]:
        if line.number not in headlines and (named := credit_byline(line.text) or credit_before_a_date(line.text)):
            # credits above the headline are the page's other stories', not this one's teasers
            headline = next((number for number in headlines if number < line.number), 0)
            nearby = [
                h.text
                for h in header
                if h is not line and h.number > headline and abs(h.number - line.number) <= TEASER_CREDIT_GAP
            ]
            if among_teaser_credits(named, nearby):
                return StatedByline(
                    None, f"text: line {line.number}, '{line.text[:EVIDENCE_CHARS]}', is one of a list of teasers' credits"
                )
            return StatedByline(named, f"text: line {line.number}, a credit line: '{line.text[:EVIDENCE_CHARS]}'")
    for paragraph in opening:
        if named := credit_with_apposition(paragraph.text) or credit_before_a_date(paragraph.text):
            return StatedByline(
                named,
                f"text: line {paragraph.number}, an opening paragraph holding the credit: '{paragraph.text[:EVIDENCE_CHARS]}'",
            )
    # no credit word: a timestamp line under the headline that opens with the writer's name
    headline = max(headlines, default=cleaned.paragraphs[0].number - TEASER_CREDIT_GAP if cleaned.paragraphs else 0)
    for line in [*reversed(header), *short_opening]:
        if line.number > headline and (named := named_timestamp(line.text)):
            return StatedByline(
                named, f"text: line {line.number}, a timestamp opening with the writer's name: '{line.text[:EVIDENCE_CHARS]}'"
            )
    # or the same, split over two lines: the writer's name alone, next to the date line
    page = sorted([*(Line(r.number, r.text) for r in cleaned.removed), *cleaned.paragraphs], key=lambda line: line.number)
    numbers = [line.number for line in page]
    for line in [*header, *short_opening]:
        if (
            line.number > headline
            and line.number not in headlines
            and (named := name_beside_date(line.text, neighbours(page, numbers, line)))
        ):
            return StatedByline(
                named, f"text: line {line.number}, the writer's name next to the date line: '{line.text[:EVIDENCE_CHARS]}'"
            )
    return StatedByline(None, "text: no line near the top credits a writer ('By …', 'Posted by …')")


def credit_before_a_date(line: str) -> str | None:
    """The writers of the credit a line states a date after ('… and Canada. By Lisa Jennings on
    Dec. 19, 2025': a standfirst and its credit line that a text dump joined into one line)."""
    if "by " not in line.casefold():  # most lines of a page: no credit, and no need to look for dates
        return None
    return next((named for start, _, _ in dates_in(line) if (named := credit_before(line[:start]))), None)


def neighbours(page: Sequence[Line], numbers: list[int], line: Line) -> list[str]:
    """The texts of the non-blank lines right above and below `line` in `page` (sorted; `numbers`, their line numbers)."""
    at = bisect.bisect_left(numbers, line.number)
    return [other.text for other in (*page[max(0, at - 1) : at], *page[at + 1 : at + 2])]


def name_beside_date(text: str, beside: list[str]) -> str | None:
    """The writers a line names when it holds nothing but their names (two words or more each)
    and a non-blank line right above or below it (`beside`) states a date: an author block
    printed as name, then date ('Rahul Tyagi' / '12 March 2025'), or under the timestamp
    ('Updated Dec. 23, 2024, 1:24 PM EST' / 'Nicoletta Richardson'). A line in capitals
    ('E-MAIL STORY') or closing on a full stop (a caption, 'The Apple Vision Pro.') is no name.
    Extraction development text dumps: bylines right 0.565 -> 0.623 (inscriptis) and 0.638
    (Chromium) of the 69 pages with a gold byline, none wrong; no line of the 840 PolNeAR
    articles qualifies."""
    text = without_bullet(text)  # a list item's ('* Jane Doe' / '* Friday 25 December 2015')
    names, rest = names_then(text)
    if not names or rest.strip() or text.isupper() or ends_on_a_full_stop(text):
        return None
    if any(len(name.split()) < 2 for name in names.split("; ")):
        return None
    return names if any(dates_in(other) and len(other.split()) <= CREDIT_LINE_MAX_WORDS for other in beside) else None


# A relative time after a writer's name: '1 day ago', '8h', '35 minutes ago'.
_RELATIVE_TIME = re.compile(r"^\d+\s*(?:[smhd]|mins?|minutes?|hours?|hrs?|days?|weeks?)\b", re.IGNORECASE)


def named_timestamp(line: str) -> str | None:
    """The writers a timestamp line opens with ('Dan Goodin - Apr 16, 2015 8:02 pm UTC', 'Alex
    Perry 1 day ago', 'James Akinaka • 8h'): names of two words or more, then a date or time."""
    if len(line.split()) > CREDIT_LINE_MAX_WORDS:
        return None  # a row of teasers a text dump joined into one line
    names, rest = names_then(line)
    if not names or any(len(name.split()) < 2 for name in names.split("; ")):
        return None
    when = rest.lstrip(" -–—•|")
    return names if dates_in(when) or _RELATIVE_TIME.match(when) else None


def opens_dateline(before: str) -> bool:
    """Whether the words before a date near the start of a long line make it a dateline
    ('RAJSHAHI, ', 'Luxembourg, ', 'PARIS, le ') rather than the start of a sentence ('Then came ',
    'IRS official Lois Lerner is sworn in '): a dateline names a place or an agency, so it has
    no lowercase word longer than a particle."""
    return not any(word.islower() and len(word) > DATELINE_PARTICLE_CHARS for word in re.findall(r"[^\W\d_]+", before))


def text_date(cleaned: Cleaned) -> StatedDate:
    """The publication date stated near the top of a plain-text article, with its evidence.

    Looked for in the header lines (removed lines above the first paragraph or between the
    opening paragraphs: headline, byline, timestamp) and the first characters of the first
    paragraphs (a dateline). A line that says "Published/Posted" wins over a bare date
    line; among equals, the date nearest the start of the body wins: dates higher up the page
    belong to the site's header ("Today's paper: …") or to a list of other stories' teasers.
    A date stated only as "Updated/Modified" is taken as the publication day when no other date
    is stated near the top: news pages update a story on the day it appears (on the extraction
    development pages such a date was within a day of the publication date on 34 of 35 pages in
    each text dump; the one miss was a review updated seven months later), and its evidence
    says it was an update. Nothing further down the page is read: teasers and related stories
    there carry other stories' dates.
    """
    if not cleaned.paragraphs:
        return StatedDate(None, "no body, so no top of the article to read a date from")
    header_lines, opening_lines = top_of_article(cleaned)
    header = [line.text for line in header_lines]
    opening = [line.text[:TEXT_DATE_BODY_CHARS] for line in opening_lines]
    candidates = []  # (rank, distance from the body's start, date, line)
    updates = []  # (distance from the body's start, date, line) of "Updated …" dates
    for position, line in enumerate(header + opening):
        distance = len(header) - position if position < len(header) else position - len(header)
        for start, end, day in dates_in(line):
            before = line[:start]
            shown = line[:EVIDENCE_CHARS] if end <= EVIDENCE_CHARS else "…" + line[end - EVIDENCE_CHARS + 1 : end]
            if _PUBLISHED_CUE.search(before):
                candidates.append((0, distance, day, shown))
            elif _UPDATED_CUE.search(before):
                updates.append((distance, day, shown))
            elif (
                len(line.split()) <= DATE_LINE_WORDS
                or (start <= DATELINE_CHARS and opens_dateline(before))
                or credit_before(before)
            ):
                # a date line, a dateline, or the date a credit goes on with ('… Canada. By Lisa
                # Jennings on Dec. 19, 2025': a standfirst and its credit joined into one line); a
                # date inside a sentence ("pictured here on February 28, 2001", "Then came Dec. 14,
                # 2012, and") is what the story or a caption talks about
                candidates.append((1, distance, day, shown))
    if not candidates:
        if updates:
            _, day, line = min(updates)
            return StatedDate(day, f"text: an 'updated' line, the only date near the top: '{line}'")
        return StatedDate(None, "no date stated near the top (header lines and opening paragraphs)")
    rank, _, day, line = min(candidates)
    kind = ("a 'published' line", "a date line near the top")[rank]
    return StatedDate(day, f"text: {kind}: '{line}'")


def language_of(body: str, html_lang: str | None) -> str | None:
    """py3langid on the body; the page's <html lang> only where the body is too short to detect."""
    if html_lang and len(body) < LANGUAGE_MIN_DETECT_CHARS:
        return html_lang
    return detect_language(body) if body else html_lang


def article_record(raw: RawText, cleaned: Cleaned, sites: SiteRegistry, curated: dict[str, CuratedFact]) -> ArticleRecord:
    body = body_of(cleaned)
    header: dict[str, str | None] = {
        reason: next(iter(cleaned.removed_text(reason)), None)
        for reason in (
            RemovalReason.HEADLINE,
            RemovalReason.SUBHEADLINE,
            RemovalReason.DATELINE,
            RemovalReason.TIMESTAMP,
        )
    }
    updated_at = first_match([_TIMESTAMP_VALUE], [header["timestamp"]] if header["timestamp"] else [])
    photo_credit = first_match(_PHOTO_CREDIT, cleaned.removed_text(RemovalReason.PHOTO_CAPTION))
    publisher, publisher_source = publisher_from(cleaned, sites, photo_credit)
    page = raw.page_metadata
    if page is not None:  # HTML: the page's markup states these
        headline, byline, site = page.headline, page.byline, sites.canonical(page.site_name) if page.site_name else None
        headline_evidence = MARKUP_HEADLINE_EVIDENCE[page.headline_source]
        byline_evidence = page.byline_evidence or "markup: the page could not be parsed"
        published_date, date_source, date_evidence = (
            page.published_date,
            DateSource.HTML if page.published_date else None,
            page.date_evidence,
        )
    else:
        stated_byline = text_byline(cleaned)
        byline, byline_evidence = stated_byline.byline, stated_byline.evidence
        headline, site = header["headline"], site_from(cleaned, sites)
        headline_evidence = cleaned.headline_evidence or "text: no lines to read a headline from"
        stated = text_date(cleaned)
        published_date, date_evidence = stated.date, stated.evidence
        date_source = DateSource.TEXT if published_date else None
        if published_date is None and (from_timestamp := date_of(updated_at)):
            published_date, date_source, date_evidence = (
                from_timestamp,
                DateSource.TEXT,
                f"printed on the page: '{header['timestamp']}'",
            )
        # A file's front matter: the scraper's record of the page, where the text states none
        stated_by_file = dict(raw.stated)
        block = "markdown front matter" if raw.format == RawFormat.MARKDOWN else "front matter"
        if byline is None and (author := plausible_byline(stated_by_file.get("author"))):
            byline, byline_evidence = author, f"{block}: author '{stated_by_file['author'][:EVIDENCE_CHARS]}'"
        if published_date is None and (day := date_of(stated_by_file.get("date"))):
            published_date, date_source = day, DateSource.EXPORT
            date_evidence = f"{block}: date '{stated_by_file['date']}'"
        if site is None:  # the outlet the scraper recorded ('sitename'), else the host it read the page from
            site = scraper_site(stated_by_file.get("site"), stated_by_file.get("url"), sites)
    byline = without_outlets(byline, [*sites.by_name, *([site] if site else [])])  # names, aliases, domains
    record: ArticleRecord = {
        "article_id": raw.article_id,
        "source_file": raw.source_file,
        "raw_sha256": raw.sha256,
        "raw_format": raw.format,
        "raw_encoding": raw.encoding,
        "encoding_confidence": raw.encoding_confidence,
        "site": site,
        "original_publisher": publisher,
        "publisher_source": publisher_source,
        "photo_credit": photo_credit,
        "headline": headline,
        "subheadline": header["subheadline"] if page is None else None,
        "byline": byline,
        "dateline": header["dateline"],
        "updated_at": updated_at,
        "published_date": published_date,
        "date_source": date_source,
        "date_evidence": date_evidence,
        "language": language_of(body, page.html_lang if page else None),
        "body": body,
        "word_count": word_count(body),
        "paragraph_count": len(cleaned.paragraphs),
        "removed_line_count": len(cleaned.removed),
        "headline_matches_body": None,
        "headline_check": None,
        "headline_evidence": headline_evidence,
        "byline_evidence": byline_evidence,
    }
    check_headline(record)
    return apply_curation(record, curated)


def check_headline(record: ArticleRecord) -> None:
    """Whether the headline belongs to the body (`headline_matches_body`, HEADLINE_OVERLAP_THRESHOLD)."""
    headline, body = record["headline"], record["body"]
    record["headline_matches_body"] = record["headline_check"] = None
    if headline and body and headline_words(headline):
        overlap = headline_overlap(headline, body)
        record["headline_matches_body"] = overlap >= HEADLINE_OVERLAP_THRESHOLD
        record["headline_check"] = f"overlap={overlap:.2f}"


def apply_curation(record: ArticleRecord, curated: dict[str, CuratedFact]) -> ArticleRecord:
    for key, fact in curated.items():
        if key not in record:
            raise KeyError(f"articles.yml: {record['article_id']}.{key} is not an article field")
        record[key] = fact.value
        if key == "published_date":
            record["date_source"], record["date_evidence"] = DateSource.CURATED, fact.evidence
        elif key == "headline":
            record["headline_evidence"] = f"curated: {fact.evidence}"
        elif key == "original_publisher":
            record["publisher_source"] = PublisherSource.CURATED
        elif key == "headline_matches_body":
            record["headline_check"] = "curated"
    return record
