"""The body layout: paragraphs joined by one blank line, and offsets into that string.

Every published offset (`start_char`, `end_char`) indexes `articles.body` as laid out here,
so this is the one place that knows how paragraphs are joined.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

PARAGRAPH_SEPARATOR = "\n\n"
# Chinese and Japanese are written without spaces between words; each Han, Hiragana or Katakana
# character counts as one word, as word processors count them (a Chinese article of 600
# characters counted as "10 words" by whitespace). Korean separates words by spaces.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_WORD = re.compile(rf"[{_UNSPACED}]|[^\s{_UNSPACED}]*[^\W{_UNSPACED}][^\s{_UNSPACED}]*")


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return PARAGRAPH_SEPARATOR.join(paragraphs)


def split_paragraphs(body: str) -> list[str]:
    return body.split(PARAGRAPH_SEPARATOR)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in a body laid out by join_paragraphs."""
    spans, start = [], 0
    for paragraph in split_paragraphs(body):
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return spans


def paragraph_index(starts: list[int], offset: int) -> int:
    """The paragraph holding a body offset, given the paragraphs' start offsets."""
    return bisect_right(starts, offset) - 1


def word_count(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit; in Chinese and Japanese text, characters."""
    return len(_WORD.findall(text))
