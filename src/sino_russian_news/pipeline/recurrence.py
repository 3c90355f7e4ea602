"""Lines that other pages of the same batch print too: a site's furniture, not a story's title.

A scrape of one outlet repeats the outlet's furniture on every page (a blog's strapline, a
show's name, a section's promo, "Subscribe to …"), and a line the model cannot tell from a
headline by its shape alone is furniture when another page of the batch, with another story,
prints it as well. This is the repetition evidence of C4 and trafilatura (lines or segments
seen on other pages are boilerplate), used here as one feature of the headline model
(`cleaner_features.HEADLINE_FEATURES`, "recurs"), not as a rule: it is learnt, with the
others, from the development set, where the batch is the whole set.

Only title-shaped lines above the page's story count (`clean.is_title_like`: what can be a
headline; the story stands where the page's longest sentence-like line is). Below the story,
pages list the site's other stories ("Most read", "Related"), so a story's headline appears in
other pages too, as a link to it, not as furniture: counting those made the feature penalise
real headlines (held out by site, Chromium 0.829 with every line, 0.850 with the lines above).
A line counts as recurring when a page with another story prints it. Two pages tell the same
story when they share their longest paragraph, or when at least half of the shorter one's
paragraphs (its `STORY_PARAGRAPHS` longest lines that end like sentences, compared without
their spaces) are printed by the other too. So syndicated copies of one story (the same agency
text on two sites, headline included), a trimmed copy, the same page scraped twice or saved by
two tools (inscriptis and a browser space inline text differently) do not make their own
headline look like furniture, while a blog's "about this blog" paragraph, printed on all its
pages, does not make them one story. On the development set (on 1b9bb11), with both dumps of
every page in one batch, the longest paragraph alone lost 3.5 points of headline accuracy
(inscriptis 0.882 -> 0.847, Chromium 0.864 -> 0.833: the dumps' longest lines differ on 26 of
293 pages); with the shared paragraphs, 0.878 and 0.864, and each dump alone scores as before.
Half of the paragraphs alone (without the longest one) does as well mixed but moved the
Chromium headline held out by site from 0.857 to 0.843.

Whether a line recurs depends only on the set of pages, not on their order, so a build gives
the same answer whatever order it reads the files in, and an incremental build finds the pages
whose answer changed by comparing two sets (`changed_pages`).
"""

from __future__ import annotations

import json
import os
import struct
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TypeVar

from ..errors import translated
from . import raw
from .clean import is_title_like, split_lines
from .cleaner_features import ends_like_a_sentence, latin_length, recurrence_key

Name = TypeVar("Name")


# A page's story is told by its longest paragraphs: up to this many lines that end like a
# sentence and are at least STORY_PARAGRAPH_CHARS long (Latin-equivalent: a CJK character counts three).
STORY_PARAGRAPHS = 32
STORY_PARAGRAPH_CHARS = 60


def story_key(text: str) -> int:
    """A paragraph's key for telling stories apart: without its spaces, casefolded, so two tools'
    texts of one page (which space inline elements and punctuation differently) match."""
    return recurrence_key("".join(text.split()))


@dataclass(frozen=True)
class PageLines:
    """A text page's title-shaped lines above its story and the paragraphs that tell its story
    (`recurrence_key`s and `story_key`s, packed eight bytes each: a batch of a million pages
    holds them all), with the key of its longest paragraph."""

    longest: int
    story: bytes
    packed: bytes

    @classmethod
    def of(cls, text: str) -> PageLines:
        """The title-shaped lines above the page's story (its longest line that ends like a
        sentence, its longest line if none does, stands for the story and marks where it is)
        and the story's paragraphs."""
        texts = [line.text for line in split_lines(text)]
        sentences = [t for t in texts if ends_like_a_sentence(t)]
        story_line = max(sentences or texts, key=len, default="")
        above = texts[: texts.index(story_line)] if texts else []
        # A title is 15-250 Latin-equivalent characters, so 5-250 characters (a CJK character
        # counts three): the cheap length test spares the paragraphs the title test.
        keys = sorted({recurrence_key(t) for t in above if 5 <= len(t) <= 250 and is_title_like(t)})
        paragraphs = [t for t in sentences if latin_length(t) >= STORY_PARAGRAPH_CHARS]
        telling = sorted(paragraphs, key=lambda t: (-len(t), t))[:STORY_PARAGRAPHS] or [story_line]
        story = sorted({story_key(t) for t in telling})
        return cls(story_key(story_line), _pack(story), _pack(keys))

    @property
    def lines(self) -> tuple[int, ...]:
        return _unpack(self.packed)

    @property
    def paragraphs(self) -> frozenset[int]:
        return frozenset(_unpack(self.story))


def _pack(keys: list[int]) -> bytes:
    return struct.pack(f">{len(keys)}Q", *keys)


def _unpack(packed: bytes) -> tuple[int, ...]:
    return struct.unpack(f">{len(packed) // 8}Q", packed)


def same_story(a: PageLines, b: PageLines) -> bool:
    """Whether two pages tell one story: they share their longest paragraph, or the other page
    prints at least half of the shorter page's paragraphs."""
    if a.longest == b.longest:
        return True
    paragraphs_a, paragraphs_b = a.paragraphs, b.paragraphs
    return 2 * len(paragraphs_a & paragraphs_b) >= min(len(paragraphs_a), len(paragraphs_b))


def page_text(path: Path) -> str:
    """A raw file's decoded text, or "" for an HTML page (its markup gives the headline) or a
    file that cannot be read (the build reports it when it reaches it)."""
    try:
        decoded = raw.detect(path, raw.read_raw(path))
    except raw.RawFileError:
        return ""
    return "" if raw.looks_like_html(decoded.text, path.suffix) else raw.cleaner_text(decoded.text, path.suffix)


def recurring_lines(pages: Mapping[Name, PageLines]) -> dict[Name, frozenset[int]]:
    """For each page (by name), its title-shaped lines that a page with another story prints too.

    A line printed by one page only is skipped at once. For the others, the pages printing
    them are listed (compact arrays) sorted by their longest paragraph's key, so a page skips
    the run of pages that share its longest paragraph (one story: a syndicated story's hundred
    copies cost one look each, not a hundred) and compares the rest until one tells another
    story, usually the first. Whether one does not depend on the pages' order."""
    order = list(pages)
    printers: dict[int, int] = {}
    for page in pages.values():
        for line in page.lines:
            printers[line] = printers.get(line, 0) + 1
    longest_of: dict[int, array[int]] = {}  # per shared line, its pages' longest-paragraph keys ...
    number_of: dict[int, array[int]] = {}  # ... and their numbers in `order`
    for number, name in enumerate(order):
        page = pages[name]
        for line in page.lines:
            if printers[line] > 1:
                longest_of.setdefault(line, array("Q")).append(page.longest)
                number_of.setdefault(line, array("I")).append(number)
    del printers
    for line, keys in longest_of.items():
        ranked = sorted(range(len(keys)), key=keys.__getitem__)
        longest_of[line], number_of[line] = (
            array("Q", (keys[i] for i in ranked)),
            array("I", (number_of[line][i] for i in ranked)),
        )

    def another_story_prints(page: PageLines, line: int) -> bool:
        keys, numbers = longest_of[line], number_of[line]
        own = range(bisect_left(keys, page.longest), bisect_right(keys, page.longest))
        # the other pages' paragraphs are unpacked when compared: a million pages' sets would not fit
        others = (pages[order[numbers[i]]] for i in chain(range(own.start), range(own.stop, len(keys))))
        return any(not same_story(page, other) for other in others)

    return {
        name: frozenset(line for line in pages[name].lines if line in longest_of and another_story_prints(pages[name], line))
        for name in order
    }


def recurring_in_batch(texts: Mapping[Name, str]) -> dict[Name, frozenset[int]]:
    """`recurring_lines` of a batch of decoded texts held in memory (an evaluation set's dump)."""
    return recurring_lines({name: PageLines.of(text) for name, text in texts.items()})


def changed_pages(before: Mapping[str, frozenset[int]], after: Mapping[str, frozenset[int]], pages: Iterable[str]) -> list[str]:
    """The pages (of `pages`) whose recurring lines differ between two batches."""
    return sorted(name for name in pages if before.get(name, frozenset()) != after.get(name, frozenset()))


class Store:
    """Each raw file's `PageLines` by its SHA-256 (a build reads only the files it has not seen;
    `code`, the build's fingerprint, says which code computed them),
    and the recurring lines each page was cleaned with in the release built last, with that
    release's combined raw hash: an incremental build re-cleans the pages whose recurring lines
    the new files change, and trusts the record only for the release it describes."""

    def __init__(self, path: Path, code: int, read: bool = True):
        self.path, self.code = path, code
        self.pages: dict[str, PageLines] = {}
        self.built_for: str | None = None
        self.built: dict[str, frozenset[int]] = {}
        if read and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data["code"] != code:
                    return  # written by other code (the build fingerprint): its lines may differ
                pages = {
                    sha: PageLines(longest, bytes.fromhex(story), bytes.fromhex(lines))
                    for sha, (longest, story, lines) in data["pages"].items()
                }
                built = {name: frozenset(lines) for name, lines in data["built"].items()}
                self.pages, self.built_for, self.built = pages, data["built_for"], built
            except (ValueError, KeyError, TypeError, AttributeError):
                pass  # a damaged store only costs reading the files again (and one full build)

    def page_lines(self, sha256: str, text: Callable[[], str]) -> PageLines:
        """The file's lines (`text`: a callable giving its decoded text, called only when unknown)."""
        if sha256 not in self.pages:
            self.pages[sha256] = PageLines.of(text())
        return self.pages[sha256]

    def save(self, present: set[str], built_for: str | None = None, built: Mapping[str, frozenset[int]] | None = None) -> None:
        """Write the pages of the `present` hashes, and (after a release is published) what it was built with."""
        if built_for is not None and built is not None:
            self.built_for, self.built = built_for, {name: lines for name, lines in built.items() if lines}
        data = {
            "code": self.code,
            "pages": {
                sha: [page.longest, page.story.hex(), page.packed.hex()]
                for sha, page in sorted(self.pages.items())
                if sha in present
            },
            "built_for": self.built_for,
            "built": {name: sorted(lines) for name, lines in sorted(self.built.items())},
        }
        tmp = self.path.with_suffix(".tmp")
        with translated(tmp):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)
