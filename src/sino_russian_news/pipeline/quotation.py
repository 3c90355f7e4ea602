"""Quotation marks: where the quotations of a paragraph open and close.

One definition for every stage that asks whether a line quotes someone: the cleaner (a short
paragraph of quoted speech is article text) and the quote step (quotes.py).
"""

from __future__ import annotations

OPENERS, CLOSERS, STRAIGHT = "“", "”", '"'


def _is_space(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or text[i].isspace() or text[i] in "([{—–-"


def quote_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, open_ended) of the text inside each pair of marks in one paragraph."""
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_mark = ""
    for i, mark in enumerate(paragraph):
        if mark not in OPENERS + CLOSERS + STRAIGHT:
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
