"""Hard-wrapped text: a paragraph's lines joined back into one line before cleaning.

`lynx -dump`, `w3m -dump`, html2text and `fmt` wrap every paragraph at a fixed width (72 to 80
columns), so an article becomes a column of lines that each look like a short teaser, and the
cleaner, which finds the article as a run of long prose lines, finds none: the development
set's inscriptis dumps wrapped at 76 columns came out at body F1 0.02, a third of the pages
refused as all boilerplate. A greedy wrapper breaks a line only where the next word would not
fit, so its breaks are recognisable without knowing the tool: the line, a space and the next
line's first word are wider than the widest line of the file. A file is wrapped when it has
no line wider than a terminal's (`MAX_WIDTH`: no unwrapped dump of the development set is that
narrow but one, which has no break) and at least `MIN_BREAKS` such breaks, which make up at
least `MIN_BREAK_SHARE` of its lines at least half as wide as the widest and of which at least
`MID_SENTENCE_SHARE` go on mid-sentence (not with a capital: a list of teasers, one per line,
starts each with one). Lines are joined only across such a break, where the next line is
indented as this one (or up to `HANGING_INDENT` more: a list item's continuation), so a menu
item or a heading, narrower than the width, stays a line. A break next to a wide (CJK)
character is never joined: such text wraps between any two characters and its characters
take two columns, so a break there cannot be told from a line that ends.

A page's text can also keep the line breaks of its HTML source (BeautifulSoup's `get_text()`,
lxml's `text_content()`): where the source wraps a paragraph over several (often indented)
lines, so does the text, at no fixed width. Such a file has many lines of some length that go
on mid-sentence, the next starting with a lowercase word (`is_source_wrapped`), and there a
line is joined to the one before across such a break (`is_continuation`); a break before a
capital stays, since a line ending without a full stop above a capitalised one is as often a
heading above its paragraph. Development pages as get_text() dumps: body F1 0.890 -> 0.910,
pages below 0.5 from 20 to 10 (`get_text("\n", strip=True)`: 0.875 -> 0.891).
"""

from __future__ import annotations

import re
import unicodedata

MAX_WIDTH = 132  # the widest terminal wrapping in use; unwrapped dumps have longer lines
MIN_WIDTH = 40
MIN_BREAKS = 5
MIN_BREAK_SHARE = 0.2
MID_SENTENCE_SHARE = 0.3
HANGING_INDENT = 4
_HYPHENATED = re.compile(r"\w-$")
# Source-wrapped text (`is_source_wrapped`). Measured on the extraction development pages:
# lines of at least 40 characters that go on mid-sentence on the next line, 10 or more in 10
# of their BeautifulSoup get_text() dumps; none of the 293 inscriptis dumps has 5, and one
# Chromium dump has 10 or more (engadget's, whose browser text keeps the source's breaks too).
CONTINUED_LINE_CHARS = 40
MIN_CONTINUATIONS = 10
_MID_SENTENCE_END = re.compile(r"[^\W_]$|,$")
_BULLET = re.compile(r"^[o*+•·▪–-]\s")


def is_wide(character: str) -> bool:
    """Two terminal columns wide (Unicode East Asian Width W or F): CJK ideographs, kana,
    hangul, full-width forms."""
    return unicodedata.east_asian_width(character) in ("W", "F")


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def first_chunk(text: str) -> str:
    """The next line's first word as a wrapper measures it: up to its first inner hyphen, where
    the wrapper may break a compound ("long-" / "awaited")."""
    word = text.split(maxsplit=1)[0]
    hyphen = word.find("-", 1)
    return word[: hyphen + 1] if 0 < hyphen < len(word) - 1 else word


def is_break(line: str, following: str, width: int) -> bool:
    """`following` continues `line`, which a wrapper at `width` broke because the next word did
    not fit."""
    line, text = line.rstrip(), following.strip()
    if not line.strip() or not text or is_wide(text[0]) or is_wide(line[-1]):
        return False
    if not 0 <= indent(following) - indent(line) <= HANGING_INDENT:
        return False
    space = 0 if _HYPHENATED.search(line) else 1
    return len(line) + space + len(first_chunk(text)) > width


def wrap_width(lines: list[str]) -> int | None:
    """The width the file's paragraphs were wrapped at, or None when it is not wrapped."""
    widths = [len(line.rstrip()) for line in lines if line.strip()]
    width = max(widths, default=0)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    wide = sum(1 for w in widths if w * 2 >= width)
    breaks = [following.strip() for line, following in zip(lines, lines[1:], strict=False) if is_break(line, following, width)]
    mid_sentence = sum(1 for text in breaks if not text[0].isupper())
    enough = len(breaks) >= MIN_BREAKS and len(breaks) >= MIN_BREAK_SHARE * wide
    return width if enough and mid_sentence >= MID_SENTENCE_SHARE * len(breaks) else None


def is_continuation(line: str, following: str) -> bool:
    """`following` goes on with the sentence of `line`, a line of some length that the page's
    HTML source broke: `line` ends on a word or a comma, and `following` starts with a
    lowercase word (a bullet's 'o ' or '- ' is no word)."""
    text, next_text = line.strip(), following.strip()
    return (
        len(text) >= CONTINUED_LINE_CHARS
        and bool(next_text)
        and bool(_MID_SENTENCE_END.search(text))
        and next_text[0].islower()
        and not _BULLET.match(next_text)
    )


def is_source_wrapped(lines: list[str]) -> bool:
    """The file keeps its HTML source's line breaks inside paragraphs (BeautifulSoup's
    `get_text()` of a page whose source wraps its text): at least MIN_CONTINUATIONS lines go
    on mid-sentence on the next line (`is_continuation`)."""
    found = 0
    for line, following in zip(lines, lines[1:], strict=False):
        found += is_continuation(line, following)
        if found >= MIN_CONTINUATIONS:
            return True
    return False


def unwrapped(lines: list[str]) -> list[tuple[int, str, bool]]:
    """(1-based number of its first line, text, joined?) for each line of the file, a wrapped
    paragraph's lines joined with a space (none after a compound's hyphen)."""
    width = wrap_width(lines)
    source_wrapped = width is None and is_source_wrapped(lines)
    joined: list[tuple[int, str, bool]] = []
    for number, line in enumerate(lines, start=1):
        if number > 1 and (
            (width and is_break(lines[number - 2], line, width)) or (source_wrapped and is_continuation(joined[-1][1], line))
        ):
            first, text, _ = joined[-1]
            glue = "" if _HYPHENATED.search(text.rstrip()) else " "
            joined[-1] = (first, f"{text.rstrip()}{glue}{line.strip()}", True)
        else:
            joined.append((number, line, False))
    return joined
