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
A line counts as recurring when pages with different stories print it: pages are told apart
by a fingerprint of that longest line, so syndicated copies of one story (the same agency
text on two sites, headline included) do not make their own headline look like furniture.

Whether a line recurs depends only on the set of pages, not on their order, so a build gives
the same answer whatever order it reads the files in, and an incremental build finds the pages
whose answer changed by comparing two sets (`changed_pages`).
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import translated
from . import raw
from .clean import is_title_like, split_lines
from .cleaner_features import ends_like_a_sentence, recurrence_key

Name = TypeVar("Name")


@dataclass(frozen=True)
class PageLines:
    """A text page's title-shaped lines above its story (`recurrence_key`s, packed eight bytes
    each: a batch of a million pages holds them all) and the fingerprint of its story."""

    story: int
    packed: bytes

    @classmethod
    def of(cls, text: str) -> PageLines:
        """The title-shaped lines above the page's story: its longest line that ends like a
        sentence (its longest line if none does) stands for the story and marks where it is."""
        texts = [line.text for line in split_lines(text)]
        story_line = max([t for t in texts if ends_like_a_sentence(t)] or texts, key=len, default="")
        above = texts[: texts.index(story_line)] if texts else []
        # A title is 15-250 Latin-equivalent characters, so 5-250 characters (a CJK character
        # counts three): the cheap length test spares the paragraphs the title test.
        keys = sorted({recurrence_key(t) for t in above if 5 <= len(t) <= 250 and is_title_like(t)})
        return cls(recurrence_key(story_line), struct.pack(f">{len(keys)}Q", *keys))

    @property
    def lines(self) -> tuple[int, ...]:
        return struct.unpack(f">{len(self.packed) // 8}Q", self.packed)


def page_text(path: Path) -> str:
    """A raw file's decoded text, or "" for an HTML page (its markup gives the headline) or a
    file that cannot be read (the build reports it when it reaches it)."""
    try:
        decoded = raw.detect(path, raw.read_raw(path))
    except raw.RawFileError:
        return ""
    return "" if raw.looks_like_html(decoded.text, path.suffix) else decoded.text


def recurring_lines(pages: Mapping[Name, PageLines]) -> dict[Name, frozenset[int]]:
    """For each page (by name), its title-shaped lines that a page with another story prints too."""
    first_story: dict[int, int] = {}
    shared: set[int] = set()
    for page in pages.values():
        for line in page.lines:
            if first_story.setdefault(line, page.story) != page.story:
                shared.add(line)
    return {name: frozenset(line for line in page.lines if line in shared) for name, page in pages.items()}


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
                pages = {sha: PageLines(story, bytes.fromhex(lines)) for sha, (story, lines) in data["pages"].items()}
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
            "pages": {sha: [page.story, page.packed.hex()] for sha, page in sorted(self.pages.items()) if sha in present},
            "built_for": self.built_for,
            "built": {name: sorted(lines) for name, lines in sorted(self.built.items())},
        }
        tmp = self.path.with_suffix(".tmp")
        with translated(tmp):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)
