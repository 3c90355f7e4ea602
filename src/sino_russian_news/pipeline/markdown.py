"""A Markdown scrape as plain text, line for line, for the text cleaner.

Scrapers of today hand researchers Markdown (Firecrawl, Jina Reader, crawl4ai, trafilatura's
`--markdown`): a page's text with its links as `[text](url)`, images as `![alt](src)`,
headings as `# …`, lists as `* …` and emphasis as `**…**`. Kept as it is, that syntax would
reach the bodies, the full-text index and the NLP, and link-only menu lines would look like
prose to the cleaner. The file is parsed with markdown-it-py (CommonMark and tables) and each
block's text is written back on the line it starts on, as Markdown renders it: a link becomes
its text; an image, inline HTML tags and a link reference definition nothing; a heading, a
list item or a quote its text without the marker; a paragraph's lines one line (a line break
within a paragraph is a space, unless it is a hard break); a table row its cells; an HTML
block its visible text. The result has as many lines as the file, so every line the cleaner
removes is audited under the file's own line number, and the text is what a browser's copy of
the rendered page gives (the Chromium dumps the cleaner was trained on). Jina Reader's header
("Title: …" … "Markdown Content:") is read as the page's title above the page. A file with one
level-1 heading names the page with it (`Rendered.title_line`), as an HTML page's only `<h1>` does.
A YAML front matter block (`trafilatura --markdown --with-metadata`) is the scraper's record of
the page: its title becomes the first line, its author and date are kept (`Rendered.front_matter`).
Without a single level-1 heading, the title the front matter records names the page (`Rendered.title_is_recorded`). A text file's front matter is read the same way
(`text_page`, used by `raw.load_raw`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

SUFFIXES = (".md", ".markdown")
# Jina Reader's page header: "Title: …", "URL Source: …", "Published Time: …", then this line
# above the page's Markdown. The title is the page's title, the marker no text of the page.
READER_TITLE, READER_MARKER, READER_HEADER_LINES = "Title: ", "Markdown Content:", 12
CELL_SEPARATOR = "  "  # table cells on one line, as a browser's text of a table row
_VERBATIM = ("fence", "code_block")


@dataclass(frozen=True)
class Rendered:
    text: str  # the Markdown's text without its syntax, each line where the file has it
    top_headings: tuple[int, ...]  # the 1-based lines of its level-1 headings ('# …', or underlined with '===')
    front_matter: tuple[tuple[str, str], ...] = ()  # (key, value) of its front matter (`front_matter`)
    recorded_title: bool = False  # line 1 is the title the scraper's front matter records

    @property
    def title_line(self) -> int | None:
        """The line of the file's only level-1 heading, which names the page as an HTML page's
        only `<h1>` does; else line 1 when it holds the title the scraper recorded; None when
        neither names the page."""
        if len(self.top_headings) == 1:
            return self.top_headings[0]
        return 1 if self.recorded_title else None

    @property
    def title_is_recorded(self) -> bool:
        """`title_line` is the scraper's record of the title, not a heading printed on the page."""
        return len(self.top_headings) != 1 and self.recorded_title


# A YAML block opening the file between '---' lines: the scraper's record of the page, as
# `trafilatura --markdown --with-metadata`, web clippers and static-site exports write it. The
# keys read (each under its usual names) and how far down the block may end. `trafilatura
# --with-metadata` writes the page's address as `url`, the outlet as `sitename` and the host as
# `hostname`.
FRONT_MATTER_KEYS = {
    "title": ("title",),
    "author": ("author", "authors"),
    "date": ("date", "published", "date_published"),
    "url": ("url",),
    "site": ("sitename", "site_name", "hostname"),
}
FRONT_MATTER_MAX_LINES = 60


def plain_text(markdown: str) -> str:
    """The Markdown's text without its syntax, each line where the file has it."""
    return render(markdown).text


def render(markdown: str) -> Rendered:
    """The Markdown's text, line for line, where its level-1 headings are, and its front matter."""
    from markdown_it import MarkdownIt

    source = without_reader_header(markdown.replace("\r\n", "\n").replace("\r", "\n"))
    source, stated = front_matter_as_title(source)
    lines = [""] * len(source.split("\n"))
    top_headings = []
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    for token in parser.parse(source):
        if token.map is None:
            continue
        first = token.map[0]
        if token.type == "heading_open" and token.tag == "h1":
            top_headings.append(first + 1)
        if token.type == "inline":
            for offset, text in enumerate(inline_lines(token.children or [])):
                _put(lines, first + offset, text)
        elif token.type == "html_block":
            _put(lines, first, html_text(token.content))
        elif token.type in _VERBATIM:
            # a fence's content starts below its ``` line; an indented block's on its first line
            start = first + 1 if token.type == "fence" else first
            for offset, text in enumerate(token.content.rstrip("\n").split("\n")):
                _put(lines, start + offset, text)
    return page_of("\n".join(line.rstrip() for line in lines), tuple(top_headings), stated)


def text_page(source: str) -> Rendered:
    """A plain-text file as `render` gives a Markdown file: its front matter block made its
    title line (`front_matter_as_title`), no headings."""
    text, stated = front_matter_as_title(source)
    return page_of(text, (), stated)


def page_of(text: str, top_headings: tuple[int, ...], stated: dict[str, str]) -> Rendered:
    """A page with what its front matter states; a title it records names the page where no
    single level-1 heading does (`Rendered.title_line`). Only a front matter's `title` is such a
    record: Jina Reader's 'Title:' is the page's <title> as printed, site name and all ('… |
    World'), a line for the ranker to weigh, not a record to take as it is."""
    return Rendered(text, top_headings, tuple(sorted(stated.items())), recorded_title=bool(stated.get("title", "").strip()))


def front_matter_as_title(source: str) -> tuple[str, dict[str, str]]:
    """`source` with its front matter block (`front_matter`) made page text, and what the block
    states. The block is no text of the page: its lines are blank but the first, which holds
    the title it states (as Jina Reader's 'Title:' line does), so the line numbers stay the
    file's. A file without a block as it is, and {}."""
    stated, block_lines = front_matter(source)
    if not block_lines:
        return source, stated
    body = source.split("\n")[block_lines:]
    return "\n".join([" ".join(stated.get("title", "").split()), *[""] * (block_lines - 1), *body]), stated


def front_matter(source: str) -> tuple[dict[str, str], int]:
    """The front matter's title, author and date as text (a list of authors '; '-joined, as
    trafilatura writes them), and how many lines the block takes; ({}, 0) for a file without
    one, or whose block is not a YAML mapping naming any of them."""
    import yaml

    lines = source.split("\n", FRONT_MATTER_MAX_LINES)
    if lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, min(len(lines), FRONT_MATTER_MAX_LINES)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}, 0
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return {}, 0
    if not isinstance(data, dict):
        return {}, 0
    stated = {}
    for key, names in FRONT_MATTER_KEYS.items():
        value = next((data[name] for name in names if data.get(name) not in (None, "", [])), None)
        if value is not None:
            stated[key] = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    # a block naming none of them may be the page's own text ('Note: …' between two rules)
    return (stated, end + 1) if stated else ({}, 0)


def without_reader_header(source: str) -> str:
    """Jina Reader's header made page text: its title line the bare title (the headline, not
    'Title: …'), its marker line blank (else it runs into the page's first line); the URL and
    time lines stay, as a page's own lines. Any other file as it is."""
    lines = source.split("\n")
    if not lines[0].startswith(READER_TITLE) or READER_MARKER not in lines[:READER_HEADER_LINES]:
        return source
    lines[0] = lines[0].removeprefix(READER_TITLE)
    lines[lines.index(READER_MARKER)] = ""
    return "\n".join(lines)


def inline_lines(children: Sequence[Token]) -> list[str]:
    """An inline run's text, a line per hard break, its spaces collapsed as a browser shows them."""
    lines = [""]
    for child in children:
        if child.type == "hardbreak":
            lines.append("")
        elif child.type == "softbreak":
            lines[-1] += " "
        elif child.type in ("text", "code_inline"):
            lines[-1] += child.content
        # link_open/close, strong and em markers, images and inline HTML add no text
    return [" ".join(line.split()) for line in lines]


def html_text(block: str) -> str:
    """An HTML block's visible text on one line, as the build reads a page's (`html.visible_lines`)."""
    from . import html

    tree = html.parse(block)
    return " ".join(html.visible_lines(tree)) if tree is not None else ""


def _put(lines: list[str], number: int, text: str) -> None:
    if number < len(lines) and text.strip():
        lines[number] = f"{lines[number]}{CELL_SEPARATOR}{text}" if lines[number] else text
