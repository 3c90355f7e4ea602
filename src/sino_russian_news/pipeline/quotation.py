"""Quotation marks: where the quotations of a paragraph open and close.

One definition for every stage that asks whether a line quotes someone: the cleaner (a short
paragraph of quoted speech is article text) and the quote step (quotes.py).
"""

from __future__ import annotations

OPENERS, CLOSERS, STRAIGHT = "“", "”", '"'
# Single marks quote speech in British and Commonwealth papers ('‘We will not be intimidated,’
# said Wang Yi'); American papers use them inside double marks and in headlines ('Trump: ‘I’m
# the Worst Thing…’', above a body quoting with double marks). So single quotations are read
# only in a text that opens more of them than double ones (`single_quote_style`), only where no
# double one is open, and only when they close within their paragraph (the closing mark is
# also the apostrophe).
SINGLE_OPENER, SINGLE_CLOSER = "‘", "’"


def _is_space(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or text[i].isspace() or text[i] in "([{—–-"


# A house style shows more than once: one single-quoted line (a digest's item 'FOR AFGHAN WOMEN
# ‘GLASS IS HALF FULL.’') is a headline's style, not the text's.
SINGLE_STYLE_MIN_QUOTES = 2


def single_quote_style(text: str) -> bool:
    """Whether a text quotes with single marks: at least SINGLE_STYLE_MIN_QUOTES single quotations
    open in it, and more than double ones."""
    singles = sum(1 for i, mark in enumerate(text) if mark == SINGLE_OPENER and _is_space(text, i - 1))
    doubles = text.count(OPENERS) + text.count(STRAIGHT) // 2
    return singles >= SINGLE_STYLE_MIN_QUOTES and singles > doubles


def quote_spans(paragraph: str, singles: bool = False) -> list[tuple[int, int, bool]]:
    """(start, end, open_ended) of the text inside each pair of marks in one paragraph; with
    `singles`, of single marks too (a text in that style: `single_quote_style`)."""
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_mark = ""
    single_at: int | None = None  # where an open single quotation starts (no double one open)
    for i, mark in enumerate(paragraph):
        if mark in (SINGLE_OPENER, SINGLE_CLOSER):
            if not singles or open_at is not None:
                continue  # nested in a double quotation: part of its text
            if single_at is None:
                if mark == SINGLE_OPENER and _is_space(paragraph, i - 1) and not _is_space(paragraph, i + 1):
                    single_at = i
            elif mark == SINGLE_CLOSER and closes_single(paragraph, i):
                spans.append((single_at + 1, i, False))
                single_at = None
            continue
        if mark not in OPENERS + CLOSERS + STRAIGHT or single_at is not None:
            continue
        before_space, after_space = (
            _is_space(paragraph, i - 1),
            i + 1 >= len(paragraph) or not paragraph[i + 1].isalnum() and paragraph[i + 1] not in "$£€‘'[(…",
        )
        if open_at is None:
            if mark in (OPENERS, STRAIGHT) or (mark == CLOSERS and before_space and not after_space):
                open_at, open_mark = i, mark
            continue  # a closing mark with nothing open is stray
        closes = mark in (CLOSERS, STRAIGHT) or (mark == OPENERS and not before_space and after_space)
        if mark == STRAIGHT and open_mark == OPENERS and before_space and not after_space:
            closes = True  # gold-compatible: “ closes at the next " whichever way it leans
        if closes:
            spans.append((open_at + 1, i, False))
            open_at = None
    if open_at is not None:
        spans.append((open_at + 1, len(paragraph), True))
    trimmed = []
    for start, end, open_ended in spans:
        while start < end and paragraph[start].isspace():
            start += 1
        while end > start and (
            paragraph[end - 1].isspace() or (open_ended and paragraph[end - 1] in OPENERS + CLOSERS + STRAIGHT)
        ):
            end -= 1
        if end > start:
            trimmed.append((start, end, open_ended))
    return trimmed


def closes_single(paragraph: str, i: int) -> bool:
    """Whether the ’ at `i` closes a single quotation rather than being an apostrophe: not inside
    a word ('Russia’s', 'don’t'), and not a plural's possessive ('the Russians’ position', an
    s, the mark, then a lower-case word)."""
    following = paragraph[i + 1 : i + 3]
    if following[:1].isalnum():
        return False
    return not (paragraph[i - 1 : i] == "s" and following[:1] == " " and following[1:2].islower())
