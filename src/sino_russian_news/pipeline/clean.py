"""Clean: find the article in a scraped page's text and give every other line its reason.

A plain-text page is a column of lines: menus, teasers, share bars, captions and footers around
one long contiguous run of prose. The cleaner decides per line and per region:

1. Line rules (`LINE_RULES`) name page furniture any site produces ("Share", "Source link",
   "Copyright ©"…); a matched line is removed with that reason wherever it stands.
2. A logistic line model (`cleaner_features.py`, weights in `cleaner_model.json`, trained by
   `make train-cleaner`) gives each line the probability that it belongs to the article, from
   structural evidence only: length (CJK counted per character), sentence shape, separators,
   capitals, digits, links, repetition, where the page's prose mass lies, and neighbours.
3. The article region is the run of lines with the most evidence (`article_region`); an
   end-of-article marker ("Related Posts", "Comments"…) ends it early only when little article
   text follows it (`prose_is_over`), never on the word alone. The body starts at the region's
   first paragraph of prose that is neither a byline/timestamp line ("Posted on … by …") nor a
   short question above a longer paragraph (a title, `is_question_title`), nor, in a file that
   starts straight on the article, its short one-sentence first line (`is_opening_title`);
   inside it, short lines the model rejects are removed, unless they are a sentence of quoted
   speech ('"So far so good," Wang replied.', `is_quoted_speech`).
4. Above the body, metadata patterns label byline (also 'By' and the name on two lines, and
   'Jane Doe, @janedoe'), timestamp, dateline and site name, and a ranker picks the headline
   among title-shaped lines (`label_headline`), or none when no line is credible; a
   standfirst it preferred gives way to the title right above it (`title_above`), a line
   below the byline to the best credible title above it (`above_byline`), and a file's
   opening title is its headline by position. Every line outside the article keeps a reason
   (`schema.RemovalReason`).

Every non-blank raw line ends up either as a body paragraph or as a removed line; blank lines
only separate paragraphs. A hard-wrapped dump's paragraph (lynx, w3m, html2text) is first
joined into one line, numbered by its first raw line (`unwrap.py`). A text dump lays a table
row out on one line (`longest_cell`): the line model measures such a row by its longest cell,
and a row kept in the article is that cell in the body and the cells beside it removed as
`table-cells`, both under its raw line number. Cleaning is deterministic and costs a few
milliseconds per page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..schema import RemovalReason
from .bylines import credit_byline
from .cleaner_features import (
    HEADLINE_FEATURES,
    HEADLINE_WINDOW,
    OPENING_LENGTH,
    RELATED_OVERLAP,
    TYPICAL_HEADLINE_LENGTH,
    CleanerModel,
    content_words,
    cut_off,
    ends_like_a_sentence,
    headline_vectors,
    is_list_item,
    latin_length,
    load_model,
    page_features,
    probabilities,
    recurrence_key,
)
from .quotation import quote_spans, single_quote_style
from .unwrap import unwrapped

# Region decoding. Chosen by a small grid on the development set (region 0.2-0.65, keep 0.3-0.6,
# marker 0.1-1.0); F1 moves by < 0.005 within 0.25-0.35 / 0.5-0.6 / 0.1-0.5.
REGION_THRESHOLD = 0.3  # a line pulls the article region towards itself above this probability
EXTEND_THRESHOLD = 0.01  # a sentence right after the region joins it unless the model all but rules it out
KEEP_THRESHOLD = 0.5  # inside the region, a short line below this probability is removed
# A byline line removed inside the region is labelled a byline (and read as the article's)
# among its first paragraphs only: further down, "By …" belongs to a quoted letter or an
# embedded story. Extraction development pages: +2 right bylines per text dump
# (a lead-photo caption or a standfirst above "By Corey Kilgannon"), none wrong. The same holds
# for a timestamp or a date line there ('Published Thursday 27 July 2017', '* Feb. 21, 2019'):
# +2 right dates per text dump, none wrong.
BYLINE_OPENING_PARAGRAPHS = 5
END_MARKER_RATIO = 0.25  # a marker ends the article when less article text follows than this share of what precedes
# A paragraph printed again right below itself is a caption shown twice (text dumps print a video
# player's caption and its hidden copy), so neither copy is article text: on the extraction
# development dumps 26 of 28 such pairs were outside the gold body (the other two, one page's
# paragraph doubled by its CMS, are lost). Only copies within two lines: copies further apart
# were in the gold body twice (a video description above the transcript, an agency story
# repeating a paragraph).
REPEAT_MIN_LENGTH = 40
REPEAT_REACH = 2
HEADLINE_THRESHOLD = 0.5  # the best candidate must beat the model's "no headline" option
QUESTION_TITLE_LENGTH = 120  # a question opening the region shorter than this, above a longer paragraph, is a title
# A file's first line ending with a full stop is its title only below this length: 551 of the 633
# such titles of the quote development set's texts are shorter; a one-sentence lede rarely is
# ("Pekín y Moscú firmaron el martes nuevos acuerdos comerciales durante la visita …": 100).
OPENING_SENTENCE_TITLE_LENGTH = 80
# A line of at most this many words that is not title-shaped is a label ("Story highlights",
# "Key points"), such as separates a title from the highlights under it.
LABEL_WORDS = 3
# How a headline that is the title the scraper recorded (front matter, an export's column) is evidenced.
RECORDED_TITLE_EVIDENCE = "scraper:"
# The lines that credit the article (who wrote it, when), and with the dateline (where from) its metadata.
CREDIT_REASONS = frozenset({RemovalReason.BYLINE, RemovalReason.TIMESTAMP, RemovalReason.DATE_LINE})
METADATA_REASONS = CREDIT_REASONS | {RemovalReason.DATELINE}

_WHITESPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Development dumps: of the lines a rule's phrase matched after other text, those shorter than 200
# characters are captions and promos, with 10 of 113 in the gold; the four of 250 or more (two
# paragraphs, in both dumps) are all in the gold.
PHRASE_RULE_MAX_LENGTH = 250
# A sentence ending and another starting inside a line (see `has_two_sentences`).
_SENTENCE_JOIN = re.compile(r"(\w[\w’'-]*)[.!?][\"'”’]*\s+[\"'“‘]*(\w)|[。！？].")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")

# (reason, pattern) tried in order on each stripped line, anywhere in the file. Each pattern
# describes page furniture any news site or aggregator produces, never one seed's wording.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (RemovalReason.SOURCE_LINK, r"^(source link|source|view original( article)?|read the original article)$"),
        (
            RemovalReason.COMMENTS,
            r"^(leave a reply|leave a comment|post a comment|comments?|\d+ comments?|your email address will not be published\.?.*)$",
        ),
        (RemovalReason.COMMENT_COUNT, r"^\d{1,4}$"),
        (
            RemovalReason.SHARE_WIDGET,
            r"^(share( this( article| story| post)?)?( if you like)?|share on \w+|tweet|email|print|facebook|twitter|whatsapp|linkedin|telegram|copy link)$",
        ),
        (
            RemovalReason.SITE_CHROME,
            r"^(connect with us|hi, what are you looking for\??|search( for)?|menu|home|latest news|breaking news|filter by topic|related topics|more on this story|skip to (main )?content|advertisement|trending( now)?|top stories|most read|tags?:?.*|categories:?.*)$",
        ),
        (
            RemovalReason.RELATED_POSTS,
            r"^(you may also like|you might also like|related posts|related articles|related stories|related news|read more|more stories|recommended( for you)?|editor'?s picks?|.{3,200} thumbnail)$",
        ),
        (
            RemovalReason.NEWSLETTER,
            r"(sign(ing)? up for our newsletter|subscribe to (our|receive)|^subscription form$|by opting in,? you agree|would you like to subscribe|consider making (some|a) (contribution|donation)|^donate( now)?$|become a (vip|premium) member)",
        ),
        (
            RemovalReason.DISCLAIMER,
            r"^(disclaimer\b|note: this (article|post) ha(s|ve) been indexed)|we do not claim (legitimacy|ownership)",
        ),
        (RemovalReason.COPYRIGHT, r"^(copyright\b|©|\(c\) )"),
        (
            RemovalReason.SYNDICATION_NOTE,
            r"(\bappeared first on\b|\boriginally (appeared|published) (on|in|at)\b|\bindexed to our site\b)",
        ),
        (RemovalReason.UPDATE_NOTE, r"^this (story|article|post) has been updated\b"),
        (RemovalReason.VIDEO_STUB, r"^(media caption,?|video caption,?|watch: .{0,120}|play video.{0,80})$"),
        (
            RemovalReason.PHOTO_CAPTION,
            r"(image source, ?\S.{0,60}$|\S ?[–—-] ?\w+ (photo|file photo)$|^(photo|image|picture)( credit)?: |\bgetty images$|^photograph: |^(image|media|video) caption\b|\b(photograph|photo|image|picture)( credit)?: [^.!?]{2,60}$)",
        ),
    )
)

# Lines that end the article: after the first of these, nothing is article text. Promos,
# disclaimers and update notes also appear mid-article, so they remove only their own line.
END_OF_ARTICLE = frozenset(
    {RemovalReason.SOURCE_LINK, RemovalReason.COMMENTS, RemovalReason.RELATED_POSTS, RemovalReason.SYNDICATION_NOTE}
)
# A copyright notice ends the article too (see `is_copyright_notice`): extraction development
# dumps, 8 page-dumps better, none worse (the footer's links and ad notices after it were kept).
_COPYRIGHT_NOTICE = re.compile(r"\b(19|20)\d\d\b|all rights reserved", re.IGNORECASE)
END_OF_ARTICLE_CHROME = re.compile(r"^(related topics|more on this story)$", re.IGNORECASE)

# "Updated: March 3, 2022", and a clock time alone ("Last updated: 2:54 am"), the date on the next line.
_TIMESTAMP = re.compile(r"^\|?\s*(last )?(updated|published|posted)( on)?\s*:?\s*\S.*(\d{4}|\b\d{1,2}:[0-5]\d\b)", re.IGNORECASE)
# A short line that is only a date or time: a number date, a clock time or a month name, with a year.
_DATE_LINE = re.compile(
    r"^(?=.{0,80}$)(?=.*\b(19|20)\d\d(\b|(?=[012]?\d:[0-5]\d)))(?=.*(\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b\.?"
    r"(?=.*\b\d{1,2}\b)|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d{2}\b))(?!.*[a-z]{2}[.!?]\s+[A-Z])",
    re.IGNORECASE,
)
# 'By Jane Doe', and the labelled forms of some sites and of database exports: 'By: Jane Doe',
# 'BYLINE: Jane Doe'.
_BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Bb]yline|BYLINE)(?:\s*:\s*|\s+)[A-Z][\w.’'-]+(\s+[\w.’'-]+)*(\s*(,|and|&)\s*[A-Z][\w.’'-]+(\s+[\w.’'-]+)*)*$"
)
# An author credit that names the author's social-media account instead of saying 'By':
# 'Jane Doe, @janedoe'. No development page has a headline of that shape. Labelled by the
# headline step (`label_headline`), after the candidates the headline model is trained on.
_HANDLE_CREDIT = re.compile(r"^[A-Z][\w.’'-]+(\s+[A-Z][\w.’'-]+){1,3}\s*[,|]?\s*@\w+$")
# 'By' on a line of its own, the name on the next: how text dumps render a byline whose name is a link.
_BARE_BY = re.compile(r"^(?:[Bb]y|BY)\s*:?$")
_DATELINE = re.compile(r"^in\s+[A-Z][\w’'-]+(\s*(,|and)\s*[A-Z][\w’'-]+|\s+[A-Z][\w’'-]+)*$")
# A story's first paragraph opens on its dateline: a place in capitals, perhaps its state or
# country and the agency, then a dash ('TRENTON, N.J. (AP) —', 'LOS ANGELES --', 'MOSCOW
# (Reuters) -'). Such a line under the headline is the lede, not a standfirst.
_OPENING_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*(?:, [A-Z][\w.’']*(?: [A-Z][\w.’']*)*)?(?: \([^()]{1,30}\))? ?(?:—|–|--|-) "
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*$|[\"”’]$")
_COLUMN_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based in the decoded raw text
    text: str  # whitespace-normalised
    cell: str = ""  # a table row's longest cell (whitespace-normalised), "" for any other line


@dataclass(frozen=True)
class RemovedLine:
    number: int
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    paragraphs: tuple[Line, ...]
    removed: tuple[RemovedLine, ...]
    headline_evidence: str | None = None  # how the headline was chosen, or why there is none

    def removed_text(self, reason: str) -> list[str]:
        return [r.text for r in self.removed if r.reason == reason]


def normalise(line: str) -> str:
    return _WHITESPACE.sub(" ", _ZERO_WIDTH.sub("", line)).strip()


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers; \\r\\n, \\r and \\n all end a line. A
    hard-wrapped paragraph is one line, numbered by its first (`unwrap.py`)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [
        Line(number, normalised, "" if joined else longest_cell(raw))
        for number, raw, joined in unwrapped(raw_lines)
        if (normalised := normalise(raw))
    ]


def longest_cell(raw: str) -> str:
    """A table row's longest cell, "" for any other line: text dumps lay a table row out on one
    line, its cells apart by runs of spaces (inscriptis pads the columns). A tab is not a gap: it
    stands inside prose too, and a browser's tab-separated cells are short (measured: no change)."""
    if "   " not in raw:  # most lines: no gap to split at, no regex to run
        return ""
    cells = _COLUMN_GAP.split(raw.strip())
    return normalise(max(cells, key=len)) if len(cells) > 1 else ""


def rule_reason(text: str) -> str | None:
    """The first line rule that names `text` as furniture, if any (`LINE_RULES`).

    A rule whose phrase may stand anywhere in a line ('Sign up for our newsletter', 'Photo:
    …') names furniture only in a line of furniture length: found after other text in a line
    longer than PHRASE_RULE_MAX_LENGTH, the phrase is in a paragraph that mentions it, or in a
    page flattened onto one line (a whole page's text with its line breaks collapsed lost
    everything to 'subscribe to our' somewhere in it)."""
    for reason, pattern in LINE_RULES:
        if (found := pattern.search(text)) and (found.start() == 0 or latin_length(text) <= PHRASE_RULE_MAX_LENGTH):
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
    return first == second or (rest != 0 and text[: half + 1].strip() == text[half + 1 :].strip())


def is_prose(text: str) -> bool:
    """A paragraph rather than a title or label: long, or a sentence of some length (CJK counted in characters)."""
    length = latin_length(text)
    return length >= 150 or (length >= 40 and bool(_SENTENCE_END.search(text)))


def is_quoted_speech(text: str, singles: bool = False) -> bool:
    """A short paragraph of reported speech ('"So far so good," Clinton replied.', '"Yes!"', and
    with `singles`, on a page that quotes with single marks, '‘Yes,’ he said.'): a sentence
    holding a closed quotation of words. Page furniture quotes nobody."""
    return ends_like_a_sentence(text) and any(
        not open_ended and any(c.isalpha() for c in text[start:end]) for start, end, open_ended in quote_spans(text, singles)
    )


def metadata_reason(text: str, previous: str | None, site_names: frozenset[str]) -> str | None:
    """The reason a line outside the article is page metadata, or None for anything else."""
    if text.casefold() in site_names:
        return RemovalReason.SITE_NAME
    if _TIMESTAMP.search(text):
        return RemovalReason.TIMESTAMP
    if is_date_line(text):
        return RemovalReason.DATE_LINE
    if _BYLINE.match(text) and len(text.split()) <= 20:
        return RemovalReason.BYLINE
    if previous == RemovalReason.BYLINE and _DATELINE.match(text):
        return RemovalReason.DATELINE
    return None


def is_date_line(text: str) -> bool:
    """A short line that states a date or time and nothing else ('April 17, 2009', '03/05/2015 10:32')."""
    return bool(_DATE_LINE.match(text)) and len(text.split()) <= 10


def label_dates_beside_bylines(lines: list[Line], reasons: list[str | None], start: int, end: int) -> None:
    """A line of the region that is only a date, right above or below a byline of the region,
    is the credit's date ('By Jane Doe' / 'April 17, 2009' under the standfirst): page
    metadata, however much the line model scored it as text (its neighbours are the story)."""
    for i in range(start, end):
        if reasons[i] != RemovalReason.BYLINE:
            continue
        for j in (i - 1, i + 1):
            if start <= j < end and reasons[j] is None and is_date_line(lines[j].text):
                reasons[j] = RemovalReason.DATE_LINE


def is_split_byline(by: str, name: str) -> bool:
    """'By' alone on a line and the name on the next one (`_BYLINE` once joined), perhaps
    followed by the outlet: 'Jane Doe | Reuters'."""
    return bool(_BARE_BY.match(by)) and bool(_BYLINE.match(f"By {name.split(' | ')[0]}")) and len(name.split()) <= 20


def article_region(probabilities: list[float], lengths: list[int]) -> tuple[int, int]:
    """[start, end) of the run of lines with the most article evidence (maximum-sum subarray).

    A line adds (p - REGION_THRESHOLD) weighted by the square root of its length, so long
    paragraphs pull the region over short chrome lines between them, and a run of short
    menu items or teasers outside the prose is never worth including."""
    best, best_span = -math.inf, (0, 0)
    running, start = 0.0, 0
    for i, (p, length) in enumerate(zip(probabilities, lengths, strict=True)):
        if running <= 0:
            running, start = 0.0, i
        running += (p - REGION_THRESHOLD) * math.sqrt(length)
        if running > best:
            best, best_span = running, (start, i + 1)
    if best <= 0:  # no line is likely article text: keep the one that comes closest
        i = max(range(len(lengths)), key=lambda i: (probabilities[i] * math.sqrt(lengths[i]), -i))
        return i, i + 1
    return best_span


def prose_is_over(lines: list[Line], probabilities: list[float], marker: int, start: int, end: int) -> bool:
    """An end-of-article marker ends the article only when little article text follows it.
    After the marker, excerpts cut off with an ellipsis do not count: "Related Posts" is
    followed by other stories' openings cut short, long as they may be, not by the article."""

    def mass(indices: range, excerpts: bool = True) -> float:
        return sum(
            latin_length(lines[i].text)
            for i in indices
            if probabilities[i] >= KEEP_THRESHOLD and (excerpts or not cut_off(lines[i].text))
        )

    return mass(range(marker + 1, end), excerpts=False) < END_MARKER_RATIO * mass(range(start, marker))


def is_copyright_notice(text: str, reason: str | None) -> bool:
    """A copyright line with a year or "all rights reserved": the page's footer starts here (a
    photo credit, "© Reuters", names no year)."""
    return reason == RemovalReason.COPYRIGHT and bool(_COPYRIGHT_NOTICE.search(text))


def is_end_marker(text: str, reason: str | None) -> bool:
    return reason in END_OF_ARTICLE or bool(END_OF_ARTICLE_CHROME.match(text)) or is_copyright_notice(text, reason)


def clean(
    text: str,
    site_names: frozenset[str] = frozenset(),
    recurring: frozenset[int] = frozenset(),
    title_line: int | None = None,
    title_recorded: bool = False,
) -> Cleaned:
    """Split decoded raw text into body paragraphs and removed lines (with reasons); `recurring`
    holds the page's title-shaped lines that other pages of its batch print too (`recurrence.py`);
    `title_line`, the line the file's own markup names as the page's title (a Markdown file's
    only level-1 heading), or, with `title_recorded`, the line holding the title the scraper
    recorded (a front matter's or an export's title, see `marked_title`)."""
    return clean_with_model(text, site_names, None, recurring, title_line, title_recorded)


@dataclass
class Layout:
    """A page's lines with the article located: [start, end) is the region, `reasons` so far."""

    lines: list[Line]
    rules: list[str | None]
    probabilities: list[float]
    start: int
    end: int
    reasons: list[str | None]
    recurring: frozenset[int] = frozenset()  # keys (`recurrence_key`) of the lines other pages of the batch print too

    def printed_elsewhere(self, text: str) -> bool:
        """Other pages of the batch print this line too (`recurrence.py`): the site's, not the story's."""
        return recurrence_key(text) in self.recurring


def locate_article(
    lines: list[Line], site_names: frozenset[str], line_model: CleanerModel, recurring: frozenset[int] = frozenset()
) -> Layout:
    """Score the lines, pick the article region and give every line but the headline its reason."""
    rules = [rule_reason(line.text) for line in lines]
    line_p = probabilities(
        page_features([line.text for line in lines], [r is not None for r in rules], [line.cell for line in lines]), line_model
    )
    # Furniture lines matched by a rule are removed on their own wherever they are; they do not
    # count as evidence for or against the region (share bars and "Watch:" stubs sit mid-article).
    weights = [0 if rule is not None else latin_length(line.text) for line, rule in zip(lines, rules, strict=True)]
    start, end = article_region(line_p, weights)
    # The article's last paragraphs can be short sentences that the model, seeing all the long
    # prose above them, takes for footer: extend the region over sentences that follow it directly.
    while end < len(lines) and rules[end] is None and is_prose(lines[end].text) and line_p[end] >= EXTEND_THRESHOLD:
        end += 1
    for i in range(start, end):
        if is_end_marker(lines[i].text, rules[i]) and prose_is_over(lines, line_p, i, start, end):
            end = i
            break
    # The title block often scores as article text (many gold bodies start with the headline):
    # the body proper starts at the region's first paragraph of prose.
    while start < end - 1 and (
        rules[start] is not None
        or not is_prose(lines[start].text)
        or metadata_reason(lines[start].text, None, site_names) is not None
        or is_question_title(lines[start].text, lines[start + 1].text)
        or (start == 0 and is_opening_title(lines[0].text, lines[1].text))
    ):
        start += 1
    reasons: list[str | None] = [None] * len(lines)
    singles = single_quote_style("\n".join(line.text for line in lines[start:end]))  # the article's quoting style
    first_copies: set[int] = set()
    kept = 0  # lines of the region kept so far
    for i in range(start, end):
        text = lines[i].text
        if rules[i] is not None:
            reasons[i] = rules[i]
        elif latin_length(text) >= REPEAT_MIN_LENGTH and (
            earlier := [k for k in range(max(start, i - REPEAT_REACH), i) if lines[k].text == text]
        ):
            copies = [k for k in earlier if rules[k] is None] + [i]
            first_copies.add(copies[0])
            for k in copies:
                reasons[k] = RemovalReason.REPEATED
        elif line_p[i] < KEEP_THRESHOLD and not is_prose(text) and not is_quoted_speech(text, singles):
            reasons[i] = RemovalReason.LOW_CONTENT
            # A byline, timestamp or date line among the region's first paragraphs (under the
            # title, standfirst or lead-photo caption the region starts on) is the article's, said so.
            if kept < BYLINE_OPENING_PARAGRAPHS and (credit := metadata_reason(text, None, site_names)) in CREDIT_REASONS:
                reasons[i] = credit
        kept += reasons[i] is None
    label_dates_beside_bylines(lines, reasons, start, end)
    if all(reason is not None for reason in reasons[start:end]):
        # Nothing but doubled paragraphs: the text itself was printed twice, not captions beside it.
        for k in first_copies:
            reasons[k] = None
    previous: str | None = None
    for i in range(start):
        reasons[i] = rules[i] or metadata_reason(lines[i].text, previous, site_names)
        if reasons[i] is None and i > 0 and is_split_byline(lines[i - 1].text, lines[i].text) and reasons[i - 1] is None:
            reasons[i - 1] = reasons[i] = RemovalReason.BYLINE
        previous = reasons[i]
    trailing_reason: str | None = RemovalReason.OUTSIDE_ARTICLE
    for i in range(end, len(lines)):
        reason = rules[i] or (RemovalReason.SITE_NAME if lines[i].text.casefold() in site_names else None)
        if is_end_marker(lines[i].text, rules[i]):
            trailing_reason = rules[i] if rules[i] in END_OF_ARTICLE else RemovalReason.SITE_CHROME
        reasons[i] = reason or trailing_reason
    return Layout(lines, rules, line_p, start, end, reasons, recurring)


def headline_candidates(layout: Layout) -> tuple[list[int], list[list[float]]]:
    """Title-shaped lines above the body that nothing else claimed, with their feature vectors."""
    lines, reasons, start = layout.lines, layout.reasons, layout.start
    candidates = [j for j in range(max(0, start - HEADLINE_WINDOW), start) if reasons[j] is None and is_title_like(lines[j].text)]
    if not candidates:
        return [], []
    texts = [line.text for line in lines]
    metadata = [reason in METADATA_REASONS for reason in reasons]
    vectors = headline_vectors(
        texts, [line.number for line in lines], candidates, metadata, start, opening_words(layout), layout.recurring
    )
    return candidates, vectors


def opening_words(layout: Layout) -> set[str]:
    """The content words of the body's opening (its kept lines up to OPENING_LENGTH): what a
    title or a standfirst restates."""
    opening, length = [], 0
    for i in range(layout.start, layout.end):
        if layout.reasons[i] is None and length < OPENING_LENGTH:
            opening.append(layout.lines[i].text)
            length += latin_length(layout.lines[i].text)
    return content_words(" ".join(opening))


_OVERLAP = HEADLINE_FEATURES.index("overlap")
_SEPARATORS = HEADLINE_FEATURES.index("separators")
_RECURS = HEADLINE_FEATURES.index("recurs")
# A full stop after a word, not after an abbreviation's capital ("... for U.S.").
_SENTENCE_FULL_STOP = re.compile(r"[^\W\d_]{2}\.$")


def ends_on_a_full_stop(text: str) -> bool:
    """A sentence's full stop closes the line (a caption, a standfirst), not an abbreviation's ('for U.S.')."""
    return bool(_SENTENCE_FULL_STOP.search(text))


STEM_CHARS = 5  # a word's first letters stand for its stem: "debate" and "debates", "Russia" and "Russian"


def shares_a_stem(a: str, b: str) -> bool:
    """The two lines have a content word in common, compared on their first `STEM_CHARS` letters."""
    return bool({w[:STEM_CHARS] for w in content_words(a)} & {w[:STEM_CHARS] for w in content_words(b)})


def title_above(layout: Layout, candidates: list[int], vectors: list[list[float]], scores: list[float], best: int) -> int:
    """The candidate the story block opens with, when the model's pick is its standfirst.

    News pages stack the title, then (perhaps under a byline or a date) a standfirst or a
    highlight that restates the story in longer words. The headline model scores lines one by
    one, and a standfirst, closer to the body and restating more of it, can outscore the
    title above it. So a pick longer than a typical headline (a short pick is a title in its
    own right, and the line above it a kicker such as a column's name) moves up to the
    candidate right above it when only metadata lines and labels ("Story highlights")
    separate the two and that candidate is a credible title in its own right: it beats the
    "no headline" option, restates the lede, shares a word stem with the pick (the same story,
    not a section name or a site's tagline; "debates" and "debate"), is not a sentence
    (captions and standfirsts end with a full stop; an abbreviation's, as in "U.S.", does not
    count) and has no separators (breadcrumbs). Page-grouped CV on the extraction development
    set: headline right 0.836 -> 0.843 (inscriptis), 0.805 -> 0.829 (Chromium); stems rather
    than whole words, and abbreviations: one Chromium page more each."""
    lines, reasons = layout.lines, layout.reasons

    def is_metadata_or_label(i: int) -> bool:
        text = lines[i].text
        return reasons[i] in METADATA_REASONS or (
            reasons[i] is None and len(text.split()) <= LABEL_WORDS and not is_title_like(text)
        )

    k = best
    while k > 0:
        above, here = candidates[k - 1], candidates[k]
        if (
            any(not is_metadata_or_label(i) for i in range(above + 1, here))
            or scores[k - 1] < HEADLINE_THRESHOLD
            or vectors[k - 1][_OVERLAP] < RELATED_OVERLAP
            or vectors[k - 1][_SEPARATORS] > 0
            or ends_on_a_full_stop(lines[above].text)
            or not shares_a_stem(lines[above].text, lines[here].text)
            or latin_length(lines[here].text) < TYPICAL_HEADLINE_LENGTH
        ):
            break
        k -= 1
    return k


def above_byline(layout: Layout, candidates: list[int], scores: list[float], best: int) -> int:
    """The best credible candidate above the byline, when the pick is below it.

    A story's title comes before its byline; what sits between the byline and the body is
    the author's role ("CNN Supreme Court Producer"), a photo credit or a standfirst, lines
    the model can score high because they restate the lede right above it. On the
    development dumps with a byline above the body, the gold title is above the last byline
    on 143 of 146 pages. A pick with no credible candidate above the byline stays (a page
    whose menu holds a "By section" link must not lose its title to the menu)."""
    bylines = [i for i in range(candidates[0], layout.start) if layout.reasons[i] == RemovalReason.BYLINE]
    if not bylines or candidates[best] < bylines[-1]:
        return best
    above = [k for k, j in enumerate(candidates) if j < bylines[-1] and scores[k] >= HEADLINE_THRESHOLD]
    return max(above, key=lambda k: (scores[k], k)) if above else best


# A step of a breadcrumb trail: "Home > World > Asia", "Home › Business".
_BREADCRUMB_STEP = re.compile(r"\S [>›] \S")


def is_menu_line(text: str) -> bool:
    """Three or more parts between ' | ' bars: a menu or a site's strapline, not a title (a
    title carries at most one bar, before the author's or the site's name); or a breadcrumb
    trail ("You are here: Home > National > Washington"), which names the story's section and
    restates the lede as well as its title does."""
    return text.count(" | ") >= 2 or bool(_BREADCRUMB_STEP.search(text))


# A clip's running time closing the line: "(1:15)", "(:58)", "(1:02:33)".
_RUNNING_TIME = re.compile(r"\((?:\d{1,2}:)?\d{0,2}:\d\d\)$")


def is_video_link(text: str) -> bool:
    """A line ending with a running time is a link to a video clip, not the story's title (news
    pages stack such links beside and below the headline, on the story's own topic)."""
    return bool(_RUNNING_TIME.search(text.rstrip()))


def label_headline(
    layout: Layout, headline_model: CleanerModel, title_line: int | None = None, title_recorded: bool = False
) -> str:
    """An author credit naming an account is a byline; the line the file's markup names as the
    title (`title_line`, see `marked_title`), else the best-scoring other candidate is the
    headline (`ranked_headline`); a title-shaped line right below it, with only metadata
    between, is the subheadline. Every other line above the body that has no reason yet is
    outside the article. Returns the evidence: the line chosen and why, or why no line is the
    headline."""
    reasons = layout.reasons
    # the candidates as the ranker was trained on them: an account credit among them, scored 0
    candidates, vectors = headline_candidates(layout)
    for i in range(layout.start):
        if reasons[i] is None and _HANDLE_CREDIT.match(layout.lines[i].text):
            reasons[i] = RemovalReason.BYLINE
    if (marked := marked_title(layout, title_line, title_recorded)) is not None:
        if marked >= layout.start:
            # The region can start on the page's furniture above the title (a menu or toolbar
            # whose lines read as prose), or on the title itself (an export's title reads as a
            # sentence): the article is what follows its title, and the body starts at the
            # first paragraph kept after it.
            layout.start = next((i for i in range(marked + 1, layout.end) if layout.reasons[i] is None), layout.end)
        elif title_recorded:
            _open_below_recorded_title(layout, marked)
        headline: int | None = marked
        evidence = (
            f"{RECORDED_TITLE_EVIDENCE} line {title_line}, the title the scraper recorded with the page"
            if title_recorded
            else f"markdown: line {title_line}, the file's only level-1 heading"
        )
    else:
        headline, evidence = ranked_headline(layout, headline_model, candidates, vectors)
    if headline is not None:
        _label_below_headline(layout, headline)
    for i in range(layout.start):
        reasons[i] = reasons[i] or RemovalReason.OUTSIDE_ARTICLE
    return evidence


def _open_below_recorded_title(layout: Layout, title: int) -> None:
    """Start the body at the first paragraph of prose under a title the scraper recorded: the
    text below such a title is the article as the scraper extracted it (an export's text), so
    a lede the line model doubted ('TRENTON, N.J. (AP) — Was that really Chris Christie, …?',
    a question of one line) opens the story rather than standing outside it. A standfirst
    stays above it, for `_label_below_headline` to read. Short lines between it and the region
    the model found are low-content, as inside the region."""
    reasons, lines = layout.reasons, layout.lines
    first = next(
        (
            i
            for i in range(title + 1, layout.start)
            if reasons[i] is None and is_prose(lines[i].text) and not is_standfirst(lines[i].text, layout, lines[title].text)
        ),
        None,
    )
    if first is None:
        return
    for i in range(first, layout.start):
        if reasons[i] is None and not is_prose(lines[i].text):
            reasons[i] = RemovalReason.LOW_CONTENT
    layout.start = first


def ranked_headline(
    layout: Layout, headline_model: CleanerModel, candidates: list[int], vectors: list[list[float]]
) -> tuple[int | None, str]:
    """The best-scoring of the title-shaped lines above the body (`headline_candidates`; none
    when no score is credible, see `title_above` and `above_byline`), with the evidence."""
    reasons = layout.reasons
    if not candidates:
        return None, f"text: no title-shaped line in the {HEADLINE_WINDOW} lines above the body"
    # An author credit, a menu line, a video link or a list item is never the headline, whatever
    # its score: a title is a heading, while story highlights, teasers and "most read" lists are
    # lists (the model's `bullet` feature only weighs this; on the extraction development set
    # no gold headline is printed as a list item, and one inscriptis page lost its headline to
    # the first of its story highlights).
    scores = [
        0.0
        if reasons[j] == RemovalReason.BYLINE
        or is_menu_line(layout.lines[j].text)
        or is_video_link(layout.lines[j].text)
        or is_list_item(layout.lines[j].text)
        else p
        for j, p in zip(candidates, probabilities(vectors, headline_model), strict=True)
    ]
    top = max(range(len(candidates)), key=lambda k: (scores[k], k))
    best = above_byline(layout, candidates, scores, title_above(layout, candidates, vectors, scores, top))
    headline: int | None = candidates[best] if scores[best] >= HEADLINE_THRESHOLD else None
    only = len(candidates) == 1
    # Say when other pages of the build print some of these lines (recurrence.py): why a
    # title-shaped strapline or promo lost, or why nothing was credible.
    shared = sum(v[_RECURS] > 0 for v in vectors)
    also = "" if not shared else ", printed on other pages too" if only else f", {shared} of them printed on other pages too"
    if headline is not None:
        among = "the only title-shaped line" if only else f"chosen among {len(candidates)} title-shaped lines"
        evidence = f"text: line {layout.lines[headline].number}, {among} above the body{also} (score {scores[best]:.2f})"
    else:
        which = "the only title-shaped line" if only else f"the best of {len(candidates)} title-shaped lines"
        evidence = (
            f"text: no line scores as the title ({which} above the body{also}: line {layout.lines[candidates[top]].number}"
            # rounded down, so that a score just below the threshold never reads "0.50 < 0.5"
            f" '{layout.lines[candidates[top]].text[:60]}', {math.floor(scores[top] * 100) / 100:.2f} < {HEADLINE_THRESHOLD})"
        )
    if headline is None and starts_on_the_article(layout, candidates):
        # A file whose first line is a title, with the article right below it, has its
        # headline by position, whatever the model (trained on pages under menus) makes of it.
        headline = 0
        evidence = "text: line 1, a title right above the first paragraph of a file that starts on the article"
    return headline, evidence


def marked_title(layout: Layout, title_line: int | None, recorded: bool = False) -> int | None:
    """The index of `title_line` (the title the file's markup names) when it can be the
    headline: title-shaped, claimed by no rule, not printed on other pages of the batch (a
    site's name as every page's heading), and above the body or inside the region with most of
    the region's text below it (a heading near the region's end titles no article).

    A `recorded` title is the scraper's record of the page's title (front matter, an export's
    `title` column), not a heading that may be the site's: it names the page whatever its
    shape ("Trump leads. Cruz gains." is a title with full stops) or the rules make of it, as
    long as text follows it."""
    if title_line is None:
        return None
    j = next((i for i, line in enumerate(layout.lines) if line.number == title_line), None)
    if recorded:
        return j if j is not None and any(layout.reasons[i] is None for i in range(j + 1, layout.end)) else None
    # in the region, a title is short of prose: the region's pass called it low-content
    if j is None or j >= layout.end or layout.reasons[j] not in (None, RemovalReason.LOW_CONTENT if j >= layout.start else None):
        return None
    text = layout.lines[j].text
    if not is_title_like(text) or layout.printed_elsewhere(text):
        return None
    kept = [latin_length(layout.lines[i].text) if layout.reasons[i] is None else 0 for i in range(layout.end)]
    below = sum(kept[j + 1 :])
    return j if below > 0 and below >= sum(kept[layout.start : j]) else None


def _label_below_headline(layout: Layout, headline: int) -> None:
    """The headline's reason, and the line under it: a credit line is the byline, a standfirst
    (`is_standfirst`) the subheadline."""
    reasons = layout.reasons
    reasons[headline] = RemovalReason.HEADLINE
    for j in range(headline + 1, layout.start):
        # (low-content: a line of the region between a title inside it and the body)
        if reasons[j] in (None, RemovalReason.LOW_CONTENT):
            text = layout.lines[j].text
            if credit_byline(text):
                # 'By Jane Doe | Published 16 May 2024': who wrote it and when, not a
                # standfirst (the byline rule takes only a bare 'By Jane Doe')
                reasons[j] = RemovalReason.BYLINE
            elif is_standfirst(text, layout, layout.lines[headline].text):
                reasons[j] = RemovalReason.SUBHEADLINE
            break


def is_standfirst(text: str, layout: Layout, headline: str) -> bool:
    """A title-shaped line under the headline that restates its own story: it shares a word
    with the headline or the body's opening, other pages of the batch do not print it, and it
    is not a list item. Built from the extraction set's Chromium dumps, 21 pages had 'Share
    this with friends' as their standfirst, others 'Please turn on JavaScript. Media requires
    JavaScript to play.' or 'Associated Press Writer' (lines the site prints under every
    title), '* Story Highlights' or '* NETS MUST FACE DOUBLE-DOSE OF LEBRON' (a list under the
    title is highlights or teasers, as for the headline, `ranked_headline`), or a line sharing
    no word with the story ('1/30/09 at 5:50 PM', 'Alex Lasker, AOL.com', 'Log out Sign in',
    'Email Print Facebook Pinterest X'); of the 110 standfirsts left, every one sharing no word
    was of that kind."""
    return (
        is_title_like(text)
        and not is_list_item(text)
        and not _OPENING_DATELINE.match(text)
        and not layout.printed_elsewhere(text)
        and bool(content_words(text) & (opening_words(layout) | content_words(headline)))
    )


def clean_with_model(
    text: str,
    site_names: frozenset[str],
    model: CleanerModel | None,
    recurring: frozenset[int] = frozenset(),
    title_line: int | None = None,
    title_recorded: bool = False,
) -> Cleaned:
    """`clean` with other model weights (cross-validation trains one per fold); None = the shipped model."""
    lines = split_lines(text)
    if not lines:
        return Cleaned((), ())
    model = model or load_model()
    layout = locate_article(lines, site_names, model["lines"], recurring)
    evidence = label_headline(layout, model["headline"], title_line, title_recorded)
    paragraphs: list[Line] = []
    removed: list[RemovedLine] = []
    for line, reason in zip(lines, layout.reasons, strict=True):
        if reason is not None:
            removed.append(RemovedLine(line.number, line.text, reason))
        elif line.cell and (beside := normalise(line.text.replace(line.cell, " ", 1))):
            # A table row of the article: its longest cell is the paragraph, the cells beside
            # it (a menu item, a teaser) are audited under the same raw line.
            paragraphs.append(Line(line.number, line.cell))
            removed.append(RemovedLine(line.number, beside, RemovalReason.TABLE_CELLS))
        else:
            paragraphs.append(line)
    return Cleaned(tuple(paragraphs), tuple(removed), evidence)


def is_question_title(text: str, next_text: str) -> bool:
    """A short question or exclamation that opens the region above a longer paragraph is a title
    ("Do you need 14 USB ports?"), not the article's first paragraph."""
    return text.endswith(("?", "!", "？", "！")) and short_title_above(text, next_text, QUESTION_TITLE_LENGTH)


def starts_on_the_article(layout: Layout, candidates: list[int]) -> bool:
    """The file starts straight on the article: its first line is a title (`is_opening_title`)
    and nothing but the byline, the date or furniture a rule names stands between it and the
    body. A page whose first line is a menu item ("Outdoors HOME | HELP") above more menus
    does not start on the article, however title-shaped that line is."""
    return (
        candidates[0] == 0
        and is_opening_title(layout.lines[0].text, layout.lines[1].text)
        and all(reason is not None for reason in layout.reasons[1 : layout.start])
    )


def is_opening_title(text: str, next_text: str) -> bool:
    """A file that starts straight on the article (an export, a corpus text, a copied story)
    starts on its title: a short first line above a longer paragraph is the title even when it
    ends with a full stop, as corpora print it ("Understated Perez raises political profile.").
    A full stop makes a short one-sentence lede look the same, so such a line must also be as
    short as a headline (OPENING_SENTENCE_TITLE_LENGTH)."""
    limit = OPENING_SENTENCE_TITLE_LENGTH if text.endswith((".", "。")) else QUESTION_TITLE_LENGTH
    # 'LOS ANGELES -- "The stories begin. The stories end. …' opens a lede
    return short_title_above(text, next_text, limit) and not has_two_sentences(text)


def short_title_above(text: str, next_text: str, limit: int) -> bool:
    """Title-shaped, shorter than `limit`, and shorter than the paragraph below it."""
    return is_title_like(text) and latin_length(text) < limit and latin_length(next_text) > latin_length(text)


def has_two_sentences(text: str) -> bool:
    """A lowercase word, a full stop and a capital ('begin. The'); 'Sen. Warren' and 'U.S.
    Commandos' are abbreviations, not a boundary. In CJK any text after 。！？."""
    return any(m.group(1) is None or (m.group(1)[0].islower() and m.group(2)[0].isupper()) for m in _SENTENCE_JOIN.finditer(text))


def is_title_like(text: str) -> bool:
    """Shaped like a headline: a few words (or CJK characters), not a sentence-length paragraph."""
    length = latin_length(text)
    return 15 <= length <= 250 and (len(text.split()) >= 3 or length > len(text)) and not text.endswith((":", "："))
