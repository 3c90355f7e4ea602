"""HTML pages: the article body, an audit of everything else on the page, and the page's metadata.

Approach:

- Body: trafilatura as its authors recommend for news (`include_comments=False`; tables left
  out because news tables are mostly scoreboards, tickers and related-link grids). Its own
  readability/jusText comparison runs inside it. Where it returns little (under
  `MIN_BODY_CHARS`), the Readability algorithm (trafilatura's port of readability-lxml) and
  then trafilatura's baseline (all `<p>`-like text) are tried in turn, as Media Cloud chains
  extractors; the longest answer wins. Where trafilatura's answer is not prose (little of it in
  sentence-like paragraphs: it took a menu or teaser list on a link-heavy page) and Readability's
  is clearly more so, Readability's is used (`prose_share`). Short non-prose paragraphs left at
  the body's start or end (breadcrumbs, timestamps, footer menus) are trimmed with the text
  cleaner's line model and its date, timestamp and credit rules (`trim_edges`; again after
  the headline when the extractor kept it as the first paragraph); short paragraphs that are
  all link text ("Read more: <title>", related-story headlines) are dropped wherever they are
  (`drop_link_paragraphs`).
  The text-mode cleaner itself is not used: its header
  and region rules count spaces and would drop CJK text and cut real paragraphs.
- Audit: the page's visible text is laid out one block per line (`visible_lines`); those
  lines are the "raw lines" of an HTML page. Lines found in the body are covered by it;
  every other line becomes a removed line, with `headline`/`byline`/`timestamp` where it
  is the page's headline, byline or date, else `html-boilerplate`.
- Metadata: headline from `<h1>` when it agrees with og:title or `<title>` (the h1 is the
  page's own heading; og:title is often a shorter social-media variant); else a heading printed
  just above the body that repeats the title's first part, or the page's only h1 printed just
  above the body (position is the evidence that it heads the article, not the site); else
  og:title or `<title>` minus the "| Site" / "- Site" parts, the site named by og:site_name,
  application-name or the host (trafilatura's site name only when it is not the title itself),
  unless the page prints that title nowhere and prints a title-shaped line right above its
  credit line (`printed_title_above_credit`: a site's title on every story); the byline from
  the credit line printed above the body, else trafilatura's author cut to the names the page
  prints (`bylines.plausible_byline`); site name and URL from trafilatura's `extract_metadata`;
  the `<html lang>` attribute; the publication date from explicit publication markup
  (article:published_time, JSON-LD datePublished, itemprop, DC/pubdate metas, `<time
  pubdate>`), else the day of the page's `<time datetime>` elements when they all name one
  day, else from htmldate (`original_date=True`, the first publication, not the update), with
  its evidence.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..schema import RemovalReason
from .bylines import TEASER_CREDIT_GAP, among_teaser_credits, credit_byline, plausible_byline
from .clean import (
    Cleaned,
    Line,
    RemovedLine,
    ends_on_a_full_stop,
    is_copyright_notice,
    is_title_like,
    metadata_reason,
    normalise,
    rule_reason,
)
from .cleaner_features import latin_length, load_model, page_features, probabilities

MIN_BODY_CHARS = 200
HEADLINE_AGREEMENT = 0.5  # token F1 between h1 and og:title/<title> for the h1 to be the headline
TITLE_PART_MATCH = 0.8  # token F1 at which a heading repeats a title part (or names the site)
PRINTED_HEADLINE_MATCH = 0.8  # token F1 at which a visible line is the headline printed
# A heading printed at most this many visible lines above the body's first line is the article's
# own heading (the byline, date and standfirst sit between them); further up it is page chrome.
HEADING_WINDOW = 10
SITE_NAME_MAX_TOKENS = 4  # a longer "site name" from trafilatura is the title or a copyright line
# A Wayback Machine capture's address: the archive's host, /web/, the capture time (perhaps with
# a flag such as "id_"), then the page's own address, its "//" sometimes squashed to "/".
_WAYBACK_URL = re.compile(r"^https?://(?:[\w-]+\.)*archive\.org/web/\d+[a-z_]*/(https?):/+(.+)$")
REASON_BOILERPLATE = RemovalReason.HTML_BOILERPLATE
LONG_LINE_CHARS = 40  # non-space characters: a line this long is found in the body only if it belongs there
# Readability replaces trafilatura when its answer is this much more sentence-like (share of text
# in sentence paragraphs) while keeping this share of trafilatura's sentence text; measured on the
# development set, the switch fires only where trafilatura returned a menu or a teaser list.
PROSE_SWITCH_MARGIN = 0.3
PROSE_SWITCH_MASS = 0.5
# A paragraph ends like a sentence: Latin and CJK full stops, closing quotes and brackets after them.
# Edge trimming: a short paragraph at the start or end of the body that the text cleaner's line
# model scores below this (or a furniture rule matches) is chrome the extractor let in: a
# breadcrumb, timestamp, "Purchase this story" or a footer menu. Only lines shorter than
# TRIM_MAX_LENGTH (Latin-equivalent characters) and not sentence-like can go, and only from the
# edges, so nothing inside the article is touched. Chosen on the development set: threshold
# 0.2-0.5 and length 60-150 all give html F1 0.962-0.963; the shortest length is the safest.
TRIM_THRESHOLD = 0.3
TRIM_MAX_LENGTH = 60
TRIM_SENTENCE_LENGTH = 20  # a sentence this long ("Both sides welcomed the deal.") is never trimmed
# A short body paragraph whose text is all link text ("Read more: <title>", "Related: <title>",
# a related-story headline) points to another page; it is not the article's text. Measured on
# the development set: html F1 0.9621 -> 0.9630 (English 0.9616 -> 0.9626, non-English 0.9719
# unchanged; big9 +0.002, while Readability's gold keeps such links: readability -0.003).
LINK_PARAGRAPH_MAX_CHARS = 150
LINK_PARAGRAPH_SHARE = 0.95
# A body that ends in a list of dated teasers ("updated 4:58 PM EST, Fri January 4, 2013", then a
# one-sentence summary of another story, and so on) kept another page's list: from the first date
# line of a tail in which at least every `TEASER_DATE_EVERY`-th paragraph is a date line (at least
# `TEASER_DATES` of them) up to the body's end, when that tail holds less prose than the article
# above it (a live blog's dated entries are most of its text, so it keeps them). Dates that stop
# before the end are a timeline inside the article ("- 19 Dec 2012: 13 die in Wagholi").
TEASER_DATES = 3
TEASER_DATE_EVERY = 3
_DATE_REASONS = frozenset({RemovalReason.DATE_LINE, RemovalReason.TIMESTAMP})
_SENTENCE_CLOSE = re.compile(r"[.!?…。！？][\"”’)」』）]*$|[\"”’」』]$")

# Block-level elements: their text starts and ends a line of the visible text.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd details div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul "
    "caption option select textarea button label".split()
)
INVISIBLE_TAGS = frozenset("head script style noscript template svg iframe object embed canvas math".split())

# Separators between a headline and the site's name in <title>/og:title: spaced pipes, dashes,
# double hyphens, bullets, guillemets, slashes and colons, and the CJK portals' underscores.
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-{1,2}|–|—|::|»|·|•|/)\s+|\s*\|\s*|\s*_\s*(?=\S)")
_TOKEN = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DOMAIN_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")

# Publication-date markup, strongest first: (evidence label, XPath returning the value).
DATE_MARKUP: tuple[tuple[str, str], ...] = (
    ("meta article:published_time", "//meta[@property='article:published_time' or @name='article:published_time']/@content"),
    ("meta og:published_time", "//meta[@property='og:published_time' or @property='og:article:published_time']/@content"),
    ("itemprop datePublished", "//*[@itemprop='datePublished']/@content | //*[@itemprop='datePublished']/@datetime"),
    (
        "meta pubdate",
        "//meta[translate(@name,'PUBDATE','pubdate')='pubdate' or translate(@name,'PUBLISHDATE','publishdate')='publishdate' or @name='publish-date' or @name='publish_date' or @name='date' or @name='DC.date.issued' or @name='dcterms.created' or @name='sailthru.date' or @name='parsely-pub-date' or @name='OriginalPublicationDate' or @name='article.published' or @name='cXenseParse:recs:publishtime']/@content",
    ),
    ("time pubdate", "//time[@pubdate]/@datetime"),
)
_JSON_LD = "//script[@type='application/ld+json']/text()"
# A markup date value is read from its first characters: 'March 3, 2013 | Updated…' ends there.
MARKUP_DATE_CHARS = 60


@dataclass(frozen=True)
class PageMetadata:
    """What the page states about itself; None where it states nothing usable."""

    headline: str | None = None
    headline_source: str | None = None  # "h1", "og:title", "title" or "trafilatura"
    byline: str | None = None
    byline_evidence: str | None = None  # "page: the credit line …" or "markup: …"
    site_name: str | None = None
    url: str | None = None
    html_lang: str | None = None  # primary subtag of <html lang>, lower case
    published_date: str | None = None  # ISO date
    date_evidence: str | None = None  # "markup: <label> '<value>'" or "htmldate: …"


@dataclass(frozen=True)
class HtmlExtraction:
    text: str  # the page's visible text, one block per line: what line numbers refer to
    cleaned: Cleaned
    metadata: PageMetadata
    extractor: str  # which extractor produced the body


def parse(html: str) -> lxml_html.HtmlElement | None:
    """lxml tree of a page, or None when it has no elements."""
    try:
        return lxml_html.document_fromstring(
            html.encode("utf-8", "surrogatepass"), parser=lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
        )
    except (etree.ParserError, ValueError):
        return None


def visible_lines(tree: lxml_html.HtmlElement) -> list[str]:
    """The page's visible text, one line per block element, whitespace-normalised, blanks dropped."""
    pieces: list[str] = []
    hidden_depth = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in INVISIBLE_TAGS or element.get("hidden") is not None:
                hidden_depth += 1
            if hidden_depth:
                continue
            if tag in BLOCK_TAGS:
                pieces.append("\n")
            if element.text:
                pieces.append(element.text)
        else:
            if tag in INVISIBLE_TAGS or element.get("hidden") is not None:
                hidden_depth -= 1
            elif not hidden_depth and tag in BLOCK_TAGS:
                pieces.append("\n")
            if not hidden_depth and element.tail:
                pieces.append(element.tail)
    return [line for raw in "".join(pieces).split("\n") if (line := normalise(raw))]


def extract_body(html: str, tree: lxml_html.HtmlElement) -> tuple[str, str]:
    """(body text with one paragraph per line, extractor name); empty text when nothing is found.

    trafilatura's answer is kept unless it is not prose: when Readability's answer has a share
    of sentence-like text (`prose_share`) at least `PROSE_SWITCH_MARGIN` higher and holds at
    least `PROSE_SWITCH_MASS` of trafilatura's sentence mass, trafilatura took a menu or a
    teaser list for the article (link-heavy portal pages) and Readability's answer is used.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Options measured on the development set (html F1 0.963 with these): include_tables=True
        # 0.963 (big9 recall +0.004, precision -0.005: layout tables bring both text and chrome),
        # favor_recall=True 0.955, favor_precision=True 0.957 (recall drops on every source).
        text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    text = _paragraph_lines(text)
    if tree is None:
        return text, "trafilatura"
    readability = _paragraph_lines(readability_text(tree))
    if len(text) < MIN_BODY_CHARS:
        candidates = [
            (text, "trafilatura"),
            (readability, "readability"),
            (_paragraph_lines(baseline_text(html)), "trafilatura-baseline"),
        ]
        return max(candidates, key=lambda c: len(c[0]))
    if is_more_prose(readability.split("\n"), text.split("\n")):
        return readability, "readability"
    return text, "trafilatura"


def is_more_prose(candidate: list[str], current: list[str]) -> bool:
    """The candidate body is clearly more sentence-like than the current one and not much smaller in prose."""
    return prose_share(candidate) - prose_share(current) > PROSE_SWITCH_MARGIN and prose_mass(
        candidate
    ) >= PROSE_SWITCH_MASS * prose_mass(current)


# A date line, timestamp or credit at an edge is chrome whatever the model makes of it (a list
# item's bullet aside: '- 28 March 2017'). Not the dateline: 'BAGHDAD, Iraq --' opens the story.
# Development set: html F1 0.9648 -> 0.9651, 15 pages up, none down.
_EDGE_METADATA = (RemovalReason.TIMESTAMP, RemovalReason.DATE_LINE, RemovalReason.BYLINE)


def trim_edges(paragraphs: list[str]) -> list[str]:
    """The body without the short non-prose paragraphs at its start and end (see TRIM_THRESHOLD).

    The line model sees the body as a text page: its features (length, sentence ends, link-like
    and digit density, neighbours, share of prose before and after) are language-agnostic.
    """
    if len(paragraphs) < 2:
        return paragraphs
    rules = [rule_reason(p) is not None for p in paragraphs]
    line_p = probabilities(page_features(paragraphs, rules), load_model()["lines"])
    rules = [
        rule or metadata_reason(p.lstrip("-•* "), None, frozenset()) in _EDGE_METADATA
        for p, rule in zip(paragraphs, rules, strict=True)
    ]
    chrome = [
        (p_article < TRIM_THRESHOLD or rule)
        and latin_length(p) < TRIM_MAX_LENGTH
        and not (latin_length(p) >= TRIM_SENTENCE_LENGTH and _SENTENCE_CLOSE.search(p))
        for p, p_article, rule in zip(paragraphs, line_p, rules, strict=True)
    ]
    start, end = 0, len(paragraphs)
    while start < end - 1 and chrome[start]:
        start += 1
    while end > start + 1 and chrome[end - 1]:
        end -= 1
    return paragraphs[start:end]


def before_dated_teasers(paragraphs: list[str]) -> list[str]:
    """The body without a tail of dated teasers (see TEASER_DATES); all of it when there is none."""
    dated = [i for i, p in enumerate(paragraphs) if metadata_reason(p, None, frozenset()) in _DATE_REASONS]
    if not dated or len(paragraphs) - dated[-1] > TEASER_DATE_EVERY:
        return paragraphs  # the dates stop before the end: a timeline or factbox inside the article
    for k, first in enumerate(dated):
        count, span = len(dated) - k, len(paragraphs) - first
        if count >= TEASER_DATES and span <= TEASER_DATE_EVERY * count:
            return paragraphs[:first] if prose_mass(paragraphs[first:]) < prose_mass(paragraphs[:first]) else paragraphs
    return paragraphs


def before_copyright(paragraphs: list[str]) -> list[str]:
    """The body up to a copyright notice that opens the page's footer.

    A notice ("© 2005 Forbes.com Inc. All Rights Reserved", `clean.is_copyright_notice`) and
    what follows it (related links, terms, ad notices) are not the article when less prose
    follows than precedes it, as in text mode, where it ends the article region. Development
    set: html F1 0.9637 -> 0.9647, 17 pages up; 3 pages down, whose gold keeps the agency's
    notice that ends the story ("Copyright 2005 The Associated Press. All rights reserved.")."""
    for i, paragraph in enumerate(paragraphs):
        if (
            i > 0
            and is_copyright_notice(paragraph, rule_reason(paragraph))
            and prose_mass(paragraphs[i + 1 :]) < prose_mass(paragraphs[:i])
        ):
            return paragraphs[:i]
    return paragraphs


def link_shares(tree: lxml_html.HtmlElement, texts: set[str]) -> dict[str, float]:
    """Share of link text in the block elements whose whole text is one of `texts` (the highest share wins).

    Only the block ancestors of links are visited, up to the first one longer than
    LINK_PARAGRAPH_MAX_CHARS: a paragraph without a link has no share to compute.
    """
    shares: dict[str, float] = {}
    lengths: dict[lxml_html.HtmlElement, int] = {}
    seen: dict[lxml_html.HtmlElement, str] = {}  # element -> its text; a link's ancestors are shared
    for link in tree.iter("a"):
        element = link
        while element is not None:
            if element.tag in BLOCK_TAGS:
                if element not in seen:
                    seen[element] = normalise(element.text_content())
                text = seen[element]
                if len(text) > LINK_PARAGRAPH_MAX_CHARS:
                    break
                if text in texts:
                    if element not in lengths:
                        lengths[element] = sum(len(normalise(a.text_content())) for a in element.iter("a"))
                    shares[text] = max(shares.get(text, 0.0), min(1.0, lengths[element] / len(text)))
            element = element.getparent()
    return shares


def drop_link_paragraphs(paragraphs: list[str], tree: lxml_html.HtmlElement | None) -> list[str]:
    """The body without its short all-link paragraphs (see LINK_PARAGRAPH_SHARE); all of it if nothing else is left."""
    if tree is None:
        return paragraphs
    shares = link_shares(tree, {p for p in paragraphs if len(p) <= LINK_PARAGRAPH_MAX_CHARS})
    kept = [p for p in paragraphs if shares.get(p, 0.0) < LINK_PARAGRAPH_SHARE]
    return kept or paragraphs


def _paragraph_lines(text: str) -> str:
    return "\n".join(p for line in text.split("\n") if (p := normalise(line)))


def is_sentence_paragraph(paragraph: str) -> bool:
    """A paragraph of some length that ends like a sentence (CJK length in characters × 3, CJK stops)."""
    return latin_length(paragraph) >= LONG_LINE_CHARS and bool(_SENTENCE_CLOSE.search(paragraph))


def prose_mass(paragraphs: list[str]) -> int:
    """Latin-equivalent length of the sentence-like paragraphs."""
    return sum(latin_length(p) for p in paragraphs if is_sentence_paragraph(p))


def prose_share(paragraphs: list[str]) -> float:
    """Share of the text in sentence-like paragraphs: near 1 for an article, near 0 for a menu."""
    total = sum(latin_length(p) for p in paragraphs)
    return prose_mass(paragraphs) / total if total else 0.0


def readability_text(tree: lxml_html.HtmlElement) -> str:
    """The Readability algorithm's article, as text with one block per line."""
    from copy import deepcopy

    from trafilatura.readability_lxml import Document

    try:
        summary = Document(deepcopy(tree)).summary()
    except Exception:  # the port raises on degenerate pages; the fallback then has nothing
        return ""
    summary_tree = parse(summary) if summary else None
    return "\n".join(visible_lines(summary_tree)) if summary_tree is not None else ""


def baseline_text(html: str) -> str:
    from trafilatura import baseline

    _, text, _ = baseline(html)
    return text or ""


def _squash(text: str) -> str:
    """Text without whitespace, to locate lines inside the body however either was wrapped."""
    return re.sub(r"\s+", "", text)


def audit(lines: list[str], paragraphs: list[str], metadata: PageMetadata) -> Cleaned:
    """Body paragraphs with the visible line they start on, and every other visible line as removed.

    A visible line is covered by the body when its text occurs in the body, in order: a search
    from where the previous covered line ended; a short line must open a paragraph or continue
    the previous covered line, so that "Share" or "Moscow" is not taken as body because the
    word occurs somewhere in it.
    """
    body = "".join(_squash(p) for p in paragraphs)
    starts, position = [], 0
    for p in paragraphs:
        starts.append(position)
        position += len(_squash(p))
    paragraph_starts = set(starts)
    covered: list[tuple[int, int, int]] = []  # (line number, start, end) in the squashed body
    removed: list[RemovedLine] = []
    cursor = 0
    for number, line in enumerate(lines, start=1):
        squashed = _squash(line)
        at = body.find(squashed, cursor)
        # a short line counts only where it opens a paragraph or continues the previous
        # covered line; found anywhere else it is a menu item or label that merely recurs
        if at >= 0 and len(squashed) < LONG_LINE_CHARS and at != cursor and at not in paragraph_starts:
            at = -1
        if at < 0 and len(squashed) >= LONG_LINE_CHARS:
            at = body.find(squashed)
        if at >= 0:
            covered.append((number, at, at + len(squashed)))
            cursor = max(cursor, at + len(squashed))
        else:
            removed.append(RemovedLine(number, line, header_reason(line, metadata)))
    body_lines = []
    for paragraph, start in zip(paragraphs, starts, strict=True):
        # the covered line holding the paragraph's first character, else the last one before it
        start_line = next((n for n, s, e in covered if s <= start < e), None)
        if start_line is None:
            before = [n for n, s, _ in covered if s <= start]
            start_line = before[-1] if before else (covered[0][0] if covered else 1)
        body_lines.append(Line(start_line, paragraph))
    return Cleaned(tuple(body_lines), tuple(removed))


def header_reason(line: str, metadata: PageMetadata) -> str:
    """Why a visible line outside the body was removed: the page's headline, byline or date, else boilerplate."""
    if metadata.headline and token_f1(line, metadata.headline) >= PRINTED_HEADLINE_MATCH:
        return RemovalReason.HEADLINE
    if (
        metadata.byline
        and len(line) <= 3 * len(metadata.byline) + 10
        and all(name.casefold() in line.casefold() for name in metadata.byline.split("; "))
    ):
        return RemovalReason.BYLINE
    return REASON_BOILERPLATE


def tokens(text: str) -> list[str]:
    """Word tokens; CJK runs count one token per character (they are written without spaces)."""
    out: list[str] = []
    for token in _TOKEN.findall(text.casefold()):
        out += list(token) if _CJK.search(token) else [token]
    return out


def token_f1(a: str, b: str) -> float:
    from collections import Counter

    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ta.values()), common / sum(tb.values())
    return 2 * precision * recall / (precision + recall)


def title_parts(title: str) -> list[str]:
    return [part.strip() for part in _TITLE_SEPARATOR.split(title) if part and part.strip()]


def title_separators(title: str) -> list[re.Match[str]]:
    """Where a title's parts meet ('Headline | Site', 'Site - Headline'), first to last."""
    return list(_TITLE_SEPARATOR.finditer(title))


def strip_site(title: str | None, site_names: list[str]) -> str | None:
    """A <title>/og:title without its site parts ("Headline | Site", "Site - Headline", "Headline -- Blog -- Site").

    Parts that name the site (its og:site_name, its domain, a domain-like word) are dropped;
    of the rest, the longest is the headline (site, section and date parts are short).
    """
    if not title:
        return None
    title = normalise(title)
    parts = title_parts(title)
    if len(parts) < 2:
        # "Forbes.com: The Ford Revolution": a domain before a colon is the site
        head, colon, rest = title.partition(": ")
        if colon and _DOMAIN_LIKE.match(head) and rest:
            return rest
        return title
    sites = [s for s in site_names if s]
    kept = [p for p in parts if not _DOMAIN_LIKE.match(p) and not any(token_f1(p, s) >= TITLE_PART_MATCH for s in sites)] or parts
    return max(kept, key=lambda p: len(tokens(p)))


def choose_headline(
    tree: lxml_html.HtmlElement | None,
    og_title: str | None,
    title: str | None,
    site_names: list[str],
    fallback: str | None,
    lines: list[str] | None = None,
    body_start: int | None = None,
) -> tuple[str | None, str | None]:
    """(headline, which element gave it).

    In order of evidence: an `<h1>` that agrees with og:title or `<title>`; a heading (h1/h2)
    printed just above the body that is the title's first part ("Identity Crisis - <standfirst>":
    the title carries headline and standfirst, the h1 is the site's logo); the page's only h1
    printed just above the body (its title and og:title are a social or SEO variant); og:title,
    then `<title>`, without their site parts. "Just above" needs `lines` (the visible lines) and
    `body_start` (index of the body's first line).
    """
    references = [t for t in (og_title, title) if t]
    h1s = headings(tree, "h1")
    best_h1, best_agreement = None, 0.0
    for h1 in h1s[:10]:
        # against each reference whole and without its site parts ("BBC News - <h1 text>")
        agreement = max(
            (token_f1(h1, variant) for r in references for variant in (r, strip_site(r, site_names) or r)), default=0.0
        )
        if agreement > best_agreement:
            best_h1, best_agreement = h1, agreement
    if best_h1 and best_agreement >= HEADLINE_AGREEMENT:
        return best_h1, "h1"
    above_body = headings_above_body(h1s + headings(tree, "h2"), lines, body_start)
    first_parts = [parts[0] for r in references if len(parts := title_parts(normalise(r))) > 1]
    for heading in above_body:
        if any(is_title_part(heading, part, site_names) for part in first_parts):
            return heading, "h1" if heading in h1s else "h2"
    all_parts = [part for r in references for part in title_parts(normalise(r))]
    if (
        len(h1s) == 1
        and h1s[0] in above_body
        and not any(token_f1(h1s[0], part) >= TITLE_PART_MATCH for part in all_parts)
        and not any(token_f1(h1s[0], site) >= TITLE_PART_MATCH for site in site_names)
    ):
        return h1s[0], "h1"
    printed = printed_title_above_credit(lines, body_start)
    for source, reference in (("og:title", og_title), ("title", title)):
        if reference and (stripped := strip_site(reference, site_names)):
            # a title the page never prints is the site's ('New York Post Online Edition: Breaking
            # News' on every story) or a social variant; the line over the byline is the story's
            if printed and not any(token_f1(stripped, line) >= PRINTED_HEADLINE_MATCH for line in lines or []):
                return printed, "printed"
            return stripped, source
    if len(h1s) == 1:
        return h1s[0], "h1"
    return (fallback, "trafilatura") if fallback else (None, None)


def printed_title_above_credit(lines: list[str] | None, body_start: int | None) -> str | None:
    """The title-shaped line printed right above the credit line nearest above the body (within
    HEADING_WINDOW lines): the stack a news story is printed under (headline, 'By …', body),
    whatever element holds the headline. 'By' on a line of its own, the name on the next,
    is a credit line too."""
    if not lines or body_start is None:
        return None
    for i in range(min(body_start, len(lines) - 1), max(0, body_start - HEADING_WINDOW - 1), -1):
        split_credit = lines[i].casefold() == "by" and i + 1 < len(lines) and credit_byline(f"By {lines[i + 1]}")
        if split_credit or credit_byline(lines[i]):
            above = lines[i - 1]
            # a line opening in lowercase goes on from the one above it (a standfirst broken into
            # lines); one closing on a full stop is a standfirst or a caption
            titled = is_title_like(above) and not above[:1].islower() and not ends_on_a_full_stop(above)
            return above if titled and not credit_byline(above) else None
    return None


def headings(tree: lxml_html.HtmlElement | None, tag: str) -> list[str]:
    """The page's non-empty headings of one level, in order (headline-sized: under 300 characters)."""
    if tree is None:
        return []
    texts = (one_line(h.text_content()) for h in tree.iter(tag))
    return [t for t in texts if t and len(t) <= 300]


def headings_above_body(candidates: list[str], lines: list[str] | None, body_start: int | None) -> list[str]:
    """The headings printed as a visible line within HEADING_WINDOW lines above the body's start, nearest first."""
    if not lines or body_start is None:
        return []
    window = range(body_start, max(-1, body_start - HEADING_WINDOW - 1), -1)
    near = [i for i in window if i < len(lines) and lines[i] in candidates]
    return list(dict.fromkeys(lines[i] for i in near))


def printed_byline_above_body(
    lines: list[str] | None, body_start: int | None, headline: str | None = None
) -> tuple[str | None, str | None]:
    """The names of the credit line printed nearest above the body's start (within HEADING_WINDOW
    lines), with the evidence: what the page prints over the article is the writer, where the
    author markup can hold a label ("Username" from a comment form) or no name at all. A credit
    among other writers' credits below the headline is a related article's (`among_teaser_credits`)."""
    if not lines or body_start is None:
        return None, None

    def is_headline(line: str) -> bool:  # no credit, though a title-case one reads as one ('Von Der Leyen Warns China')
        return headline is not None and token_f1(line, headline) >= PRINTED_HEADLINE_MATCH

    for i in range(min(body_start, len(lines) - 1), max(-1, body_start - HEADING_WINDOW - 1), -1):
        if not is_headline(lines[i]) and (names := credit_byline(lines[i])):
            printed_headline = max((j for j in range(i) if is_headline(lines[j])), default=-1)
            nearby = lines[max(0, i - TEASER_CREDIT_GAP, printed_headline + 1) : i] + lines[i + 1 : i + TEASER_CREDIT_GAP + 1]
            if among_teaser_credits(names, nearby):
                return None, None  # related articles' credits: the markup's author stands
            return names, f"page: the credit line printed above the body: '{lines[i][:120]}'"
    return None, None


def is_title_part(heading: str, part: str, site_names: list[str]) -> bool:
    """The heading repeats this part of the title, and the part is not the site's name or a domain."""
    return (
        token_f1(heading, part) >= TITLE_PART_MATCH
        and not _DOMAIN_LIKE.match(part)
        and not any(token_f1(part, site) >= TITLE_PART_MATCH for site in site_names)
    )


def _first(tree: lxml_html.HtmlElement, xpath: str) -> str | None:
    values = [one_line(str(v)) for v in tree.xpath(xpath)]
    return next((v for v in values if v), None)


def one_line(text: str) -> str:
    """An element's text as one line: markup wraps long headings and titles over source lines."""
    return normalise(text.replace("\r", " ").replace("\n", " "))


def json_ld_dates(tree: lxml_html.HtmlElement) -> list[str]:
    values: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("datePublished"), str):
                values.append(node["datePublished"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for script in tree.xpath(_JSON_LD):
        try:
            walk(json.loads(script))
        except (ValueError, RecursionError):
            continue
    return values


def publication_date(tree: lxml_html.HtmlElement, url: str | None) -> tuple[str | None, str | None]:
    """(ISO date, evidence): explicit publication markup first, then htmldate's original date."""
    from .article_metadata import date_of  # imported here: article_metadata reads raw files, which use this module

    candidates = [(label, v) for label, xpath in DATE_MARKUP[:3] if (v := _first(tree, xpath))]
    candidates += [("JSON-LD datePublished", v) for v in json_ld_dates(tree)[:1]]
    candidates += [(label, v) for label, xpath in DATE_MARKUP[3:] if (v := _first(tree, xpath))]
    for label, value in candidates:
        if (day := date_of(value, within=MARKUP_DATE_CHARS)) and day <= dt.date.today().isoformat():
            return day, f"markup: {label} '{value[:60]}'"
    if single := single_time_element(tree):
        return single
    from htmldate import find_date

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            day = find_date(tree, original_date=True, extensive_search=True, url=url)
        except Exception:  # htmldate raises on odd trees; a missing date is then recorded as such
            day = None
    if day:
        return day, "htmldate: original date (URL, metadata, time elements or page text)"
    return None, "no date in the page's markup or text (htmldate found none)"


def single_time_element(tree: lxml_html.HtmlElement) -> tuple[str, str] | None:
    """(ISO date, evidence) of the page's `<time datetime>` elements when they all name one day.

    A page whose only machine-readable date is one `<time>` beside the byline states its
    publication there; htmldate's `original_date` would instead take the oldest date anywhere
    in the markup (a build stamp in a tracking attribute, a stylesheet URL). With several
    different days (teaser lists, comments, an update time) the choice is left to htmldate.
    """
    from .article_metadata import date_of

    values = [normalise(str(v)) for v in tree.xpath("//time/@datetime")]
    days: set[str] = {day for v in values if v and (day := date_of(v, within=MARKUP_DATE_CHARS))}
    if len(days) != 1:
        return None
    only_day = days.pop()
    if only_day > dt.date.today().isoformat():
        return None
    return only_day, f"markup: the page's only <time> date '{next(v for v in values if v)[:60]}'"


def page_metadata(
    tree: lxml_html.HtmlElement | None, lines: list[str] | None = None, body_start: int | None = None
) -> PageMetadata:
    """The page's headline, byline, site, language and date; `lines`/`body_start` locate the body for the headline."""
    from trafilatura import extract_metadata

    if tree is None:
        return PageMetadata(date_evidence="page could not be parsed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta = extract_metadata(tree, extensive=False)
    og_title = _first(tree, "//meta[@property='og:title' or @name='og:title']/@content")
    title = _first(tree, "//head//title/text()") or _first(tree, "//title/text()")
    site_name = _first(tree, "//meta[@property='og:site_name' or @name='og:site_name']/@content") or plausible_site_name(
        meta.sitename
    )
    url = original_url(meta.url) if meta.url else None
    if url and meta.url and url != meta.url and site_name == urlsplit(meta.url).hostname:
        # an archived capture: trafilatura fell back to the archive's host name for the site
        site_name = site_host(url)
    site_names = [s for s in (site_name, _first(tree, "//meta[@name='application-name']/@content"), meta.hostname) if s]
    headline, headline_source = choose_headline(tree, og_title, title, site_names, meta.title, lines, body_start)
    lang = (
        tree.get("lang") or tree.get("xml:lang") or _first(tree, "//meta[@http-equiv='content-language']/@content") or ""
    ).strip()
    day, evidence = publication_date(tree, url)
    byline, byline_evidence = printed_byline_above_body(lines, body_start, headline)
    if byline is None:
        byline = plausible_byline(meta.author, lines or [])
        byline_evidence = (
            "markup: the page's author markup"
            if byline
            else "markup: no author in the markup, no credit line printed above the body"
        )
    return PageMetadata(
        headline=headline,
        headline_source=headline_source,
        byline=byline,
        byline_evidence=byline_evidence,
        site_name=site_name,
        url=url,
        html_lang=re.split(r"[-_]", lang)[0].casefold() if lang else None,
        published_date=day,
        date_evidence=evidence,
    )


def plausible_site_name(name: str | None) -> str | None:
    """trafilatura's site name unless it is really the page title or a copyright line.

    Without og:site_name trafilatura falls back to parts of `<title>` ("FOXNews.com - Looting
    Follows Wilma in Mexico", or the whole headline); taken as the site, that would strip the
    headline itself from the title. A site name is a few words and has no title separator.
    """
    if not name:
        return None
    name = normalise(name)
    if len(title_parts(name)) > 1 or len(tokens(name)) > SITE_NAME_MAX_TOKENS:
        return None
    return name


def site_host(url: str) -> str | None:
    """The host a URL names, without "www." (www.paper.example and paper.example are one site)."""
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def registered_label(host: str) -> str:
    """The name a host is registered under, without its public suffix: 'reuters' for
    www.reuters.com, 'bbc' for news.bbc.co.uk (the public suffix list, as `tld` reads it); a
    host under no listed suffix ('agency.example'), its first label but 'www'."""
    from tld import get_tld

    parsed = get_tld(f"https://{host}", as_object=True, fail_silently=True)
    if parsed is None or isinstance(parsed, str):  # (a string only without as_object)
        return host.removeprefix("www.").split(".")[0]
    return str(parsed.domain)


def original_url(url: str) -> str:
    """The page's own address when `url` is a Wayback Machine capture's, else `url`: the site
    is the page's, and the capture time in the archive's address is no publication date."""
    match = _WAYBACK_URL.match(url)
    return f"{match[1]}://{match[2]}" if match else url


def extract(html: str) -> HtmlExtraction:
    """Body, audit and metadata of one HTML page."""
    tree = parse(html)
    text, extractor = extract_body(html, tree)
    lines = visible_lines(tree) if tree is not None else []
    paragraphs = drop_link_paragraphs([p for p in text.split("\n") if p], tree)
    # the tail the extractor let in (a dated teaser list, the footer), then short chrome at the edges
    paragraphs = trim_edges(before_copyright(before_dated_teasers(paragraphs)))
    # the body's first visible line, to find the heading printed just above it
    located = audit(lines, paragraphs, PageMetadata()).paragraphs
    metadata = page_metadata(tree, lines, located[0].number - 1 if located else None)
    # The headline is metadata, not body (as in text mode): an extractor that kept the page's
    # heading as the body's first line loses it to the audit, as a removed `headline` line.
    if len(paragraphs) > 1 and metadata.headline and token_f1(paragraphs[0], metadata.headline) >= PRINTED_HEADLINE_MATCH:
        paragraphs = trim_edges(paragraphs[1:])  # the date or credit printed under the headline is the edge now
    return HtmlExtraction("\n".join(lines), audit(lines, paragraphs, metadata), metadata, extractor)
