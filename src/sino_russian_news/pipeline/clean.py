"""Clean: split a raw article's lines into the article body and everything that is not it.

A scraped page has three regions: a header (site chrome, headline, byline, captions) before
the first paragraph of prose, the body, and a trailing block (source link, comments,
related-post teasers, promos, disclaimers) that starts at the first end-of-article marker.
Every non-blank raw line ends up either as a body paragraph or as a removed line with the
reason that removed it; blank lines only separate paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import RemovalReason

_WHITESPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")

# (reason, pattern) tried in order on each stripped line, anywhere in the file. Each pattern
# describes page furniture any news site or aggregator produces, never one seed's wording.
LINE_RULES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (RemovalReason.SOURCE_LINK, r"^(source link|source|view original( article)?|read the original article)$"),
        (RemovalReason.COMMENTS, r"^(leave a reply|leave a comment|post a comment|comments?|\d+ comments?|your email address will not be published\.?.*)$"),
        (RemovalReason.COMMENT_COUNT, r"^\d{1,4}$"),
        (RemovalReason.SHARE_WIDGET, r"^(share( this( article| story| post)?)?( if you like)?|share on \w+|tweet|email|print|facebook|twitter|whatsapp|linkedin|telegram|copy link)$"),
        (RemovalReason.SITE_CHROME, r"^(connect with us|hi, what are you looking for\??|search( for)?|menu|home|latest news|breaking news|filter by topic|related topics|more on this story|skip to (main )?content|advertisement|trending( now)?|top stories|most read|tags?:?.*|categories:?.*)$"),
        (RemovalReason.RELATED_POSTS, r"^(you may also like|you might also like|related posts|related articles|related stories|related news|read more|more stories|recommended( for you)?|editor'?s picks?|.{3,200} thumbnail)$"),
        (RemovalReason.NEWSLETTER, r"(sign(ing)? up for our newsletter|subscribe to (our|receive)|^subscription form$|by opting in,? you agree|would you like to subscribe|consider making (some|a) (contribution|donation)|^donate( now)?$|become a (vip|premium) member)"),
        (RemovalReason.DISCLAIMER, r"^(disclaimer\b|note: this (article|post) ha(s|ve) been indexed)|we do not claim (legitimacy|ownership)"),
        (RemovalReason.COPYRIGHT, r"^(copyright\b|©|\(c\) )"),
        (RemovalReason.SYNDICATION_NOTE, r"(\bappeared first on\b|\boriginally (appeared|published) (on|in|at)\b|\bindexed to our site\b)"),
        (RemovalReason.UPDATE_NOTE, r"^this (story|article|post) has been updated\b"),
        (RemovalReason.VIDEO_STUB, r"^(media caption,?|video caption,?|watch: .{0,120}|play video.{0,80})$"),
        (RemovalReason.PHOTO_CAPTION, r"(image source, ?\S.{0,60}$|\S ?[–—-] ?\w+ (photo|file photo)$|^(photo|image|picture)( credit)?: |\bgetty images$|^photograph: )"),
    )
)

# Lines that end the article: after the first of these, nothing is article text. Promos,
# disclaimers and update notes also appear mid-article, so they remove only their own line.
END_OF_ARTICLE = frozenset({RemovalReason.SOURCE_LINK, RemovalReason.COMMENTS, RemovalReason.RELATED_POSTS, RemovalReason.SYNDICATION_NOTE})
END_OF_ARTICLE_CHROME = re.compile(r"^(related topics|more on this story)$", re.IGNORECASE)

_TIMESTAMP = re.compile(r"^\|?\s*(last )?(updated|published|posted)( on)?\s*:?\s*\S.*\d{4}", re.IGNORECASE)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.’'-]+(\s+[\w.’'-]+)*(\s*(,|and|&)\s*[A-Z][\w.’'-]+(\s+[\w.’'-]+)*)*$")
_DATELINE = re.compile(r"^in\s+[A-Z][\w’'-]+(\s*(,|and)\s*[A-Z][\w’'-]+|\s+[A-Z][\w’'-]+)*$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*$|[\"”’]$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based in the decoded raw text
    text: str  # whitespace-normalised


@dataclass(frozen=True)
class RemovedLine:
    number: int
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    paragraphs: tuple[Line, ...]
    removed: tuple[RemovedLine, ...]

    def removed_text(self, reason: str) -> list[str]:
        return [r.text for r in self.removed if r.reason == reason]


def normalise(line: str) -> str:
    return _WHITESPACE.sub(" ", _ZERO_WIDTH.sub("", line)).strip()


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers; \\r\\n, \\r and \\n all end a line."""
    return [
        Line(number, normalised)
        for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
        if (normalised := normalise(raw))
    ]


def rule_reason(text: str) -> str | None:
    for reason, pattern in LINE_RULES:
        if pattern.search(text):
            return reason
    if is_doubled(text):
        return RemovalReason.PHOTO_CAPTION
    return None


def is_doubled(text: str) -> bool:
    """A caption scraped twice ('X –Reuters photo X –Reuters photo') is one line repeated."""
    half, rest = divmod(len(text), 2)
    if len(text) < 20:
        return False
    first, second = text[:half].strip(), text[half:].strip()
    return first == second or (rest and text[: half + 1].strip() == text[half + 1 :].strip())


def is_prose(text: str) -> bool:
    words = len(text.split())
    return words >= 25 or (words >= 8 and bool(_SENTENCE_END.search(text)))


def header_reason(text: str, previous: str | None, site_names: frozenset[str], titles_seen: int) -> str:
    if (reason := rule_reason(text)) is not None:
        return reason
    if text.casefold() in site_names:
        return "site-name"
    if _TIMESTAMP.search(text):
        return "timestamp"
    if _BYLINE.match(text) and len(text.split()) <= 20:
        return "byline"
    if previous == "byline" and _DATELINE.match(text):
        return "dateline"
    return ("headline", "subheadline")[titles_seen] if titles_seen < 2 else "site-chrome"


def clean(text: str, site_names: frozenset[str] = frozenset()) -> Cleaned:
    """Split decoded raw text into body paragraphs and removed lines (with reasons)."""
    paragraphs: list[Line] = []
    removed: list[RemovedLine] = []
    region = "header"
    previous_reason: str | None = None
    titles_seen = 0
    trailing_reason = ""
    for line in split_lines(text):
        if region == "header" and rule_reason(line.text) is None and is_prose(line.text):
            region = "body"
        if region == "body":
            reason = rule_reason(line.text)
            if reason in END_OF_ARTICLE or END_OF_ARTICLE_CHROME.match(line.text):
                region, trailing_reason = "trailing", reason or "site-chrome"
            elif reason is None:
                paragraphs.append(line)
                continue
            else:
                removed.append(RemovedLine(line.number, line.text, reason))
                continue
        if region == "trailing":
            reason = rule_reason(line.text) or ("site-name" if line.text.casefold() in site_names else None)
            trailing_reason = reason if reason in END_OF_ARTICLE else trailing_reason
            removed.append(RemovedLine(line.number, line.text, reason or trailing_reason))
            continue
        reason = header_reason(line.text, previous_reason, site_names, titles_seen)
        titles_seen += reason in ("headline", "subheadline")
        previous_reason = reason
        removed.append(RemovedLine(line.number, line.text, reason))
    return Cleaned(tuple(paragraphs), tuple(removed))
