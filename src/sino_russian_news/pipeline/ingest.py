"""Bulk ingestion: crawl archives and exports to one raw file per article, with provenance.

A researcher growing the corpus has crawls, not single pages: WARC/ARC files (Common Crawl's
CC-NEWS, Heritrix, wget --warc-file) and JSON/CSV exports (news-please, Media Cloud). Each
input is read as a stream of records, one at a time (a 1 GB WARC is never held in memory; a
JSON document, which cannot be parsed piecemeal, is the one exception):

- WARC/ARC through warcio's ArchiveIterator (it un-gzips and de-chunks; brotli and zstd
  payloads are decoded here, `decoded_payload`); only `response`
  records with a 2xx status and an HTML (or plain text) payload are articles. ARC records are
  read as WARC (`arc2warc`). A payload in the legacy charset its Content-Type header names
  is written as UTF-8 (`utf8_payload`): the header is lost with the response, and a short
  page left to the detector can be misread (Ukrainian in windows-1251 as Central European).
- JSON Lines, JSON (one article per file, as news-please writes, or an array) and CSV
  rows whose columns are named as in news-please (`maintext`, `date_publish`,
  `date_download`) or Media Cloud (`text`/`story_text`, `publish_date`, `collect_date`) or
  plainly (`url`, `title`, `date`, `text`, `html` or `markdown`, and the outlet as `sitename`,
  `media_name` or `source_domain`) or in schema.org's vocabulary (`headline`, `articleBody`,
  `datePublished`, `author` and `publisher` as things with a `name`: JSON-LD, Zyte's and
  Diffbot's article exports); see COLUMN_NAMES. A text
  record is written as a page: its title in a front matter block (`title_block`: the
  scraper's record, which the build takes as the headline whatever its shape), a "By …" line
  from the `authors` column, then the text; a Markdown one (Firecrawl, crawl4ai) as a `.md`
  file, its title in front matter too unless the Markdown prints it; an HTML one as it is,
  with the export's title as its `<title>` when it has none (a feed's `content_html`); a text
  column that holds markup is HTML. A CSV's fields may be separated by
  commas, semicolons (spreadsheets in most of Europe) or tabs (`.tsv`): its header tells.
- folders, walked in sorted order, dispatching on each file's suffix (loose `.txt`/`.html`/
  `.md` files become records too, with the address they record: a front matter's, as
  `trafilatura --with-metadata` writes it, a saved page's browser mark or SingleFile header,
  `saved_from`), and zip archives of pages or WARC files, read the same way.

Every kept record becomes one raw file in dataset/raw/ named after the SHA-256 of its URL
(or of its bytes when it has none), so re-ingesting the same crawl writes the same names. Its
provenance goes to dataset/raw/PROVENANCE.csv beside MANIFEST.csv: the raw file, its SHA-256,
the page URL, the fetch date, the archive it came from and the record's offset in it, and
the charset a payload was written to UTF-8 from (`transcoded_from`), enough to re-derive a
release from the original archives; and what the export states of the page beside its text
(`published`, `site`), which the build uses where the text states none. The build copies the
provenance columns (ARTICLE_PROVENANCE_COLUMNS) into the `articles` table.

Duplicates (a URL or a body SHA-256 already in the corpus, or seen earlier in the same run)
are reported and not added. Filters run on the record's visible text (tags stripped with
lxml, scripts and styles dropped), which is cheap next to full article extraction: `--match`
is a regular expression searched in title + text, `--language` compares py3langid's code.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from . import html, markdown, raw

if TYPE_CHECKING:
    import zipfile

PROVENANCE_NAME = "PROVENANCE.csv"
PROVENANCE_COLUMNS = (
    "file",
    "sha256",
    "url",
    "fetched_at",
    "source_archive",
    "source_offset",
    "published",
    "transcoded_from",
    "site",
)
# Columns copied into the `articles` table by the build.
ARTICLE_PROVENANCE_COLUMNS = ("url", "fetched_at", "source_archive", "source_offset")

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
WACZ_SUFFIXES = (".wacz",)
ZIP_SUFFIXES = (".zip",)
# JSON Lines, or a JSON document: one article object (news-please writes a file per article)
# or an array of them; `json_records` tells the two apart by the first line.
JSON_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")
CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz")

# Export column names, first present wins: plain names, then news-please, then Media Cloud,
# Firecrawl and `trafilatura --json` ("source" and "filedate": the page's address and the day
# it was fetched; an address must name a scheme, as other exports' `source` names an outlet).
COLUMN_NAMES = {
    "url": ("url", "link", "source_url", "sourceURL", "source", "canonicalUrl"),
    "title": ("title", "headline"),
    "text": ("text", "maintext", "story_text", "body", "articleBody"),
    "html": ("html", "raw_html", "content_html", "articleBodyHtml"),
    "markdown": ("markdown", "content_markdown"),
    "published": ("date", "date_publish", "publish_date", "published", "publishedTime", "datePublished"),
    "fetched_at": ("fetched_at", "date_download", "collect_date", "crawled_at", "filedate"),
    "authors": ("authors", "author", "byline"),
    # the outlet by name (trafilatura's `sitename`, written `source-hostname` in its JSON; Media
    # Cloud's `media_name`; schema.org's `publisher`) before a bare host (news-please's
    # `source_domain`); a `source` that is no address names the outlet
    "site": ("sitename", "site_name", "source-hostname", "media_name", "publisher", "source_domain", "hostname", "source"),
}
TEXT_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_CHARSET_PARAMETER = re.compile(r";\s*charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
# Rewrite the manifest this often, so an interrupted ingest leaves few unlisted raw files.
MANIFEST_FLUSH_EVERY = 2_000
# A page's front matter is read from its first bytes (its block ends within 60 lines).
FRONT_MATTER_BYTES = 16_384


class IngestError(raw.RawFileError):
    """An input that cannot be read at all (as opposed to one record that is skipped)."""


@dataclass(frozen=True)
class SourceRecord:
    """One article-to-be from an archive or export, with where it came from."""

    source_archive: str  # name of the WARC/JSONL/CSV/loose file it was read from
    # byte offset of the record (WARC/ARC, JSON Lines; 0 for a loose file or a one-article JSON
    # file) or its 1-based number (a CSV data row, an item of a JSON array)
    source_offset: int
    url: str | None
    fetched_at: str | None
    published: str | None
    title: str | None
    content: bytes  # the raw file's bytes
    suffix: str  # ".html", ".md" or ".txt"
    transcoded_from: str | None = None  # the charset the server declared, when the payload was written as UTF-8 from it
    site: str | None = None  # the outlet the export names, where it has a column for it

    @property
    def sha256(self) -> str:
        return raw.sha256_of(self.content)

    def file_name(self) -> str:
        """Deterministic raw file name: SHA-256 of the URL, or of the bytes without one."""
        key = self.url.encode() if self.url else self.content
        return hashlib.sha256(key).hexdigest()[:20] + self.suffix


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # raw file names
    duplicates: list[str] = field(default_factory=list)  # one line each: what and why
    filtered: int = 0
    unusable: list[str] = field(default_factory=list)  # records, lines or files that hold no article

    @property
    def read(self) -> int:
        """Everything read, each counted in one outcome: a JSON Lines export's broken line or a
        file that is not JSON is as much a record read as one that was added."""
        return len(self.added) + len(self.duplicates) + self.filtered + len(self.unusable)


# ---------------------------------------------------------------- readers


def _open_maybe_gzip(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")  # type: ignore[return-value]


def _brotli_decoded(data: bytes) -> bytes:
    import brotli

    decoded: bytes = brotli.decompress(data)
    return decoded


def _zstd_decoded(data: bytes) -> bytes:
    import zstandard

    # A server may send several frames, and a frame need not state its decoded size.
    return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True).read()


# Content encodings undone here rather than by warcio: its brotli hook fails on the brotli
# package of today (it sets an attribute on the C decompressor), and it has none for zstd,
# which browsers have accepted since 2024, so a browser-made crawl (Browsertrix, Webrecorder)
# holds pages in both. warcio undoes gzip and deflate itself.
PAYLOAD_DECODERS: dict[str, Callable[[bytes], bytes]] = {"br": _brotli_decoded, "zstd": _zstd_decoded}


class UndecodablePayload(Exception):
    """A response whose content encoding is unknown, or whose bytes it does not decode."""


def decoded_payload(record: Any) -> bytes:
    """A response record's payload with its transfer and content encodings undone."""
    from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

    encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding not in PAYLOAD_DECODERS:
        if encoding in ("", "identity") or encoding in BufferedReader.get_supported_decompressors():
            payload: bytes = record.content_stream().read()
            return payload
        raise UndecodablePayload(f"content encoding {encoding!r} is not one this reads")
    chunked = record.http_headers.get_header("Transfer-Encoding") == "chunked"
    encoded = (ChunkedDataReader(record.raw_stream) if chunked else record.raw_stream).read()
    try:
        return PAYLOAD_DECODERS[encoding](encoded)
    except Exception as error:  # brotli.error, zstandard.ZstdError: the bytes are not what the header says
        raise UndecodablePayload(f"content encoding {encoding!r} does not decode ({error})") from error


def warc_records(path: Path, report: IngestReport, name: str) -> Iterator[SourceRecord]:
    """Response records with an HTML or text payload, streamed from a WARC or ARC file."""
    with path.open("rb") as stream:
        yield from archive_records(stream, name, report)


def opened_zip(path: Path, what: str) -> zipfile.ZipFile:
    """The zip file at `path`, or an IngestError saying it is not `what`."""
    import zipfile

    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise IngestError(path, f"not {what} ({error})") from error


def wacz_records(path: Path, report: IngestReport, name: str) -> Iterator[SourceRecord]:
    """The WARC files of a WACZ package (Webrecorder's and Browsertrix's crawl format: a zip
    holding archive/*.warc.gz beside indexes and page lists), each streamed from the zip; their
    records are named `CRAWL.wacz/archive/FILE.warc.gz` in the provenance."""
    with opened_zip(path, "a WACZ package") as package:
        members = sorted(
            name for name in package.namelist() if name.startswith("archive/") and name.lower().endswith(WARC_SUFFIXES)
        )
        if not members:
            report.unusable.append(f"{name}: no WARC files under archive/")
        for member in members:
            with package.open(member) as stream:
                yield from archive_records(stream, f"{name}/{member}", report)


def zip_records(path: Path, report: IngestReport, name: str) -> Iterator[SourceRecord]:
    """The pages and WARC files of a zip archive (scrapes shared as one download), read from
    the zip in name order, each named `SCRAPES.zip/PATH/IN/ZIP` in the provenance. What is not
    a scraped page is skipped (`not_a_page`); an export or an archive inside the zip is
    reported (unzip it and add the folder)."""
    with opened_zip(path, "a zip archive") as archive:
        for member in sorted(info.filename for info in archive.infolist() if not info.is_dir()):
            inner = PurePosixPath(member)
            if not_a_page(inner.parts):
                continue
            member_name, kind = f"{name}/{member}", kind_of(Path(inner.name))
            if kind == "warc":
                with archive.open(member) as stream:
                    yield from archive_records(stream, member_name, report)
            elif kind == "file":
                yield page_record(member_name, inner.suffix, archive.read(member))
            elif kind is not None:
                report.unusable.append(
                    f"{member_name}: an export or archive inside a zip is not read; unzip it and add the folder"
                )


def archive_records(stream: IO[bytes], name: str, report: IngestReport) -> Iterator[SourceRecord]:
    """Response records with an HTML or text payload of a WARC or ARC stream called `name`."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream, arc2warc=True)
    for record in records:
        if record.rec_type != "response" or record.http_headers is None:
            continue
        status = record.http_headers.get_statuscode() or ""
        header = record.http_headers.get_header("Content-Type") or ""
        content_type = header.split(";")[0].strip().lower()
        if not status.startswith("2") or (content_type and content_type not in TEXT_CONTENT_TYPES):
            continue
        try:
            decoded = decoded_payload(record)
        except UndecodablePayload as error:
            report.unusable.append(f"{name} @{records.get_record_offset()}: {error}")
            continue
        charset = _CHARSET_PARAMETER.search(header)
        payload, transcoded_from = utf8_payload(decoded, charset.group(1) if charset else None)
        yield SourceRecord(
            source_archive=name,
            source_offset=records.get_record_offset(),
            url=record.rec_headers.get_header("WARC-Target-URI"),
            fetched_at=record.rec_headers.get_header("WARC-Date"),
            published=None,
            title=None,
            content=payload,
            suffix=".txt" if content_type == "text/plain" else ".html",
            transcoded_from=transcoded_from,
        )


def utf8_payload(payload: bytes, http_charset: str | None) -> tuple[bytes, str | None]:
    """The payload, written as UTF-8 when the server's Content-Type names the legacy charset it
    is in and nothing in the bytes says otherwise; with that charset, else None.

    The charset a server sends in its header is part of the HTTP response that warcio unpacks
    (it also undoes the transfer and content encodings) and is lost once the payload is a raw
    file: a page that declares its charset only there (old Russian and Chinese sites serving
    windows-1251 or GBK) was left to the detector, which on a short page can misread it (a
    one-sentence Ukrainian page in windows-1251 read as cp1250, Greek as cp1257, Japanese
    EUC-JP as ISO-8859-13), and the `--match` filter searched the misread text. Browsers follow
    the header; here it is followed unless the bytes are UTF-8, whole or with a few damaged
    sequences (a server's default header over a UTF-8 page), or the page's markup declares
    another legacy encoding its bytes decode in (read by the build as it is now), and never
    when the bytes do not decode in it."""
    if http_charset is None:
        return payload, None
    try:
        payload.decode("utf-8")
        return payload, None
    except UnicodeDecodeError:
        if raw.damaged_utf8(payload) is not None:
            return payload, None
    reading = raw.declared_reading(payload, http_charset)
    markup = raw.markup_declared_reading(payload)
    if reading is None or (markup is not None and markup.encoding != reading.encoding):
        return payload, None
    return reading.text.encode("utf-8"), reading.encoding


def _pick(row: dict[str, Any], what: str) -> str | None:
    """The first of the columns COLUMN_NAMES gives `what` that holds a value, as text. A `url`
    must name a scheme and a `site` must not: a `source` column holds the page's address in
    trafilatura's JSON and the outlet's name in other exports."""
    for name in COLUMN_NAMES[what]:
        value = name_of(row.get(name))
        if not value:
            continue
        if what == "url" and "://" not in value:  # 'Reuters' in a `source` column is no address
            continue
        if what == "site" and "://" in value:  # trafilatura's `source` is the page's address
            continue
        return value
    return None


def name_of(value: Any) -> str | None:
    """A column's value as text: a schema.org thing (`{"@type": "Organization", "name": …}`, as
    JSON-LD, Zyte's and Diffbot's article exports give a publisher or an author) by its name."""
    if isinstance(value, dict):
        value = value.get("name")
    return None if value in (None, "") or isinstance(value, (dict, list)) else str(value)


def byline_of(row: dict[str, Any]) -> str | None:
    """'By A, B and C' from an export's authors (news-please gives a list, CSV exports a string
    whose commas or semicolons separate the names: an authors column holds names only;
    schema.org exports a person or a list of persons, each by its `name`)."""
    for name in COLUMN_NAMES["authors"]:
        value = row.get(name)
        if isinstance(value, list):
            names = [(name_of(v) or "").strip() for v in value]
        else:
            names = re.split(r"\s*[,;]\s*", (name_of(value) or "").strip())
        names = [n for n in names if n]
        if names:
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            return listed if listed.casefold().startswith("by ") else f"By {listed}"
    return None


_TITLE_ELEMENT = re.compile(r"<title[\s>]", re.IGNORECASE)
# Block elements that mark a column's value as HTML rather than text ("<p>", "<div class=…>")
_MARKUP = re.compile(r"<(?:p|div|html|body|article|section|br|h[1-6])(?:\s[^<>]*)?/?>", re.IGNORECASE)


def title_block(title: str | None) -> str:
    """A front matter block recording an export's title above the text written for it (empty
    without a title): read back by `markdown.front_matter_as_title`, it makes the title the
    page's first line and tells the build it is the scraper's record, not a line to judge."""
    import yaml

    if not title:
        return ""
    return "---\n" + yaml.safe_dump({"title": title}, allow_unicode=True, width=1_000_000, sort_keys=False) + "---\n\n"


def _record_from_row(row: dict[str, Any], source: str, offset: int) -> SourceRecord | None:
    if isinstance(row.get("metadata"), dict):  # Firecrawl and crawl4ai keep the URL and title there
        row = {**row["metadata"], **row}
    title, text, html, markdown = _pick(row, "title"), _pick(row, "text"), _pick(row, "html"), _pick(row, "markdown")
    if html is None and text is not None and _MARKUP.search(text[:2000]):
        html, text = text, None  # a text column holding markup (a feed's item content) is HTML
    one_line_title = " ".join(title.split()) if title else None
    if html is not None:
        # A page's own <title> names it; a fragment without one (a feed's `content_html`, an
        # article body's markup) gets the title the export records, else it has no headline.
        if one_line_title and not _TITLE_ELEMENT.search(html):
            html = f"<title>{escape(one_line_title)}</title>\n{html}"
        content, suffix = html.encode("utf-8"), ".html"
    elif markdown is not None:
        # The title as front matter above the page, unless the Markdown prints it already: a
        # heading the page prints names it (its only `# …`); else the recorded title does.
        block = title_block(one_line_title) if title and title not in markdown else ""
        content, suffix = f"{block}{markdown}\n".encode(), ".md"
    elif text is not None:
        # The title the export records above the page, the byline below it, then the text: the
        # layout the cleaner expects of a page (it reads the byline line as a byline, as on any
        # page). A text that opens on the title itself does not print it twice.
        first_line, _, rest = text.lstrip().partition("\n")
        if one_line_title and first_line.split() == one_line_title.split():
            text = rest.lstrip("\n")
        header = "".join(f"{line}\n\n" for line in (byline_of(row),) if line)
        content, suffix = (title_block(one_line_title) + header + f"{text}\n").encode("utf-8"), ".txt"
    else:
        return None
    return SourceRecord(
        source,
        offset,
        _pick(row, "url"),
        _pick(row, "fetched_at"),
        _pick(row, "published"),
        title,
        content,
        suffix,
        site=_pick(row, "site"),
    )


def json_records(path: Path, report: IngestReport, name: str) -> Iterator[SourceRecord]:
    """Articles of a JSON Lines file (streamed), or of a JSON document: one article object or
    an array of them. A file whose first line is a whole JSON object is JSON Lines, whatever
    its name; a document's first line is only its opening brace or bracket (pretty-printed, as
    news-please writes) or the whole array."""
    with _open_maybe_gzip(path) as stream:
        first = next((line for line in stream if line.strip()), b"")
    try:
        one_line_object = isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        one_line_object = False
    if one_line_object:
        yield from jsonl_records(path, report, name)
        return
    with _open_maybe_gzip(path) as stream:
        try:
            document = json.load(stream)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            reason = f"{error.msg}, line {error.lineno}" if isinstance(error, json.JSONDecodeError) else "not UTF-8"
            report.unusable.append(f"{name}: not JSON ({reason})")
            return
    if isinstance(document, dict):
        numbered = [(0, document)]  # the file is the record, as a loose page is
    elif isinstance(document, list):
        numbered = list(enumerate(document, 1))
    else:
        report.unusable.append(f"{name}: neither an article object nor an array of them")
        return
    for number, item in numbered:
        record = _record_from_row(item, name, number) if isinstance(item, dict) else None
        if record is None:
            report.unusable.append(f"{name}{f' item {number}' if number else ''}: no text or html field")
            continue
        yield record


def jsonl_records(path: Path, report: IngestReport, name: str) -> Iterator[SourceRecord]:
    with _open_maybe_gzip(path) as stream:
        offset = 0
        for number, line in enumerate(stream, 1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                report.unusable.append(f"{name} line {number}: not JSON ({error.msg})")
                continue
            record = _record_from_row(row, name, start) if isinstance(row, dict) else None
            if record is None:
                report.unusable.append(f"{name} line {number}: no text or html column")
                continue
            yield record


# What separates a CSV export's fields: commas, or semicolons (a spreadsheet saved where the
# comma is the decimal mark, as in most of Europe), or tabs (.tsv).
DELIMITERS = (",", ";", "\t")
CONTENT_COLUMNS = ("text", "html", "markdown")


def delimiter_of(header: str) -> str:
    """The delimiter under which the header line names a content column (text, html,
    markdown), else the one splitting it into the most fields; a comma when none splits it."""
    names = {name.casefold() for what in CONTENT_COLUMNS for name in COLUMN_NAMES[what]}

    def fields(delimiter: str) -> list[str]:
        return next(csv.reader([header], delimiter=delimiter), [])

    naming = [d for d in DELIMITERS if any(field.strip().casefold() in names for field in fields(d))]
    return naming[0] if naming else max(DELIMITERS, key=lambda d: (len(fields(d)), d == ","))


def csv_records(path: Path, report: IngestReport, name: str) -> Iterator[SourceRecord]:
    csv.field_size_limit(sys.maxsize)  # article texts exceed the 128 KiB default
    with _open_maybe_gzip(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        header = text.readline()
        rows = csv.DictReader(itertools.chain([header], text), delimiter=delimiter_of(header))
        for number, row in enumerate(rows, 1):
            record = _record_from_row(row, name, number)
            if record is None:
                report.unusable.append(f"{name} row {number}: no text or html column")
                continue
            yield record


def file_record(path: Path, name: str) -> SourceRecord:
    return page_record(name, path.suffix, path.read_bytes())


def page_record(name: str, suffix: str, content: bytes) -> SourceRecord:
    """A loose page (a file, or a member of a zip) as a record: its kind by its suffix. A page
    that records the address it was saved or extracted from has that URL, as a crawl's record
    does: a text or Markdown page's front matter (`trafilatura --with-metadata`), a saved HTML
    page's mark (`saved_from`). A second copy of the same page is then a duplicate, and the
    build names the site by it."""
    kind = suffix.lower()
    written_as = ".html" if kind in raw.HTML_SUFFIXES else ".md" if kind in markdown.SUFFIXES else ".txt"
    url = fetched_at = None
    if written_as == ".html":
        url, fetched_at = saved_from(content)
    elif content.startswith(b"---"):
        stated, _ = markdown.front_matter(content[:FRONT_MATTER_BYTES].decode("utf-8", "replace"))
        url = stated.get("url") if "://" in stated.get("url", "") else None
    return SourceRecord(name, 0, url, fetched_at, None, None, content, written_as)


# Where a page saved from a browser was saved from, as the saving tool writes it at the top:
# Chrome's and Internet Explorer's mark ("<!-- saved from url=(0042)https://… -->"; a page
# without an address of its own is marked 'about:internet') and SingleFile's header ("<!--
# Page saved with SingleFile / url: https://… / saved date: … -->").
_BROWSER_MARK = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_SINGLEFILE_HEADER = re.compile(rb"<!--\s*Page saved with SingleFile\s+url:\s*(\S+)\s+saved date:\s*([^\r\n]*?)\s*(?:\r?\n|-->)")
SAVED_PAGE_HEAD_BYTES = 4_096


def saved_from(content: bytes) -> tuple[str | None, str | None]:
    """(URL, when it was saved) that a saved HTML page records at its top, each None when it
    records none."""
    head = content[:SAVED_PAGE_HEAD_BYTES]
    if found := _SINGLEFILE_HEADER.search(head):
        url, saved = found[1].decode("utf-8", "replace"), found[2].decode("utf-8", "replace").strip()
        return (url if "://" in url else None), saved or None
    if (found := _BROWSER_MARK.search(head)) and b"://" in found[1]:
        return found[1].decode("utf-8", "replace"), None
    return None, None


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (
        ("warc", WARC_SUFFIXES),
        ("wacz", WACZ_SUFFIXES),
        ("zip", ZIP_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("csv", CSV_SUFFIXES),
        ("file", raw.RAW_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return None


def is_bulk_input(path: Path) -> bool:
    """True for what only bulk ingestion reads: folders, archives and exports."""
    return path.is_dir() or kind_of(path) in ("warc", "wacz", "zip", "json", "csv")


def not_a_page(parts: Sequence[str]) -> bool:
    """True for a file inside a folder or zip given to `add` that is no scraped page, by its path
    there: a README (the folder's documentation), a hidden file or anything in a hidden folder
    (macOS's `._page.html` resource forks, JupyterLab's `.ipynb_checkpoints/` copies, `.git/`),
    and macOS's `__MACOSX/` folder in a zip."""
    return raw.is_readme(parts[-1]) or any(part.startswith(".") or part == "__MACOSX" for part in parts)


def source_records(paths: Iterable[Path], report: IngestReport) -> Iterator[SourceRecord]:
    """The records of the files and folders given to `add`, in order. A file in a folder is
    named in the provenance by its path from the folder, as a zip's members are
    (`scrapes/site-a/index.html`): a mirror's pages are all `index.html`."""
    for path in paths:
        if path.is_dir():
            children = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and kind_of(p)
                and p.name not in (raw.MANIFEST_NAME, PROVENANCE_NAME)
                and not not_a_page(p.relative_to(path).parts)
            )
            for child in children:
                yield from records_of(child, report, f"{path.name}/{child.relative_to(path).as_posix()}")
            continue
        yield from records_of(path, report, path.name)


def records_of(path: Path, report: IngestReport, name: str) -> Iterator[SourceRecord]:
    """The records of one file, by its kind, named `name` in the provenance."""
    kind = kind_of(path)
    if kind == "warc":
        yield from warc_records(path, report, name)
    elif kind == "wacz":
        yield from wacz_records(path, report, name)
    elif kind == "zip":
        yield from zip_records(path, report, name)
    elif kind == "json":
        yield from json_records(path, report, name)
    elif kind == "csv":
        yield from csv_records(path, report, name)
    elif kind == "file":
        yield file_record(path, name)
    else:
        raise IngestError(path, "not a WARC/ARC, WACZ, zip, JSON, JSON Lines, CSV, .txt, .html or .md file, nor a folder")


# ---------------------------------------------------------------- filters


def visible_text(record: SourceRecord) -> str:
    """The record's readable text, cheaply: an HTML page's title and visible lines as the build
    reads them (`html.visible_lines`), not its full extraction; a
    Markdown page's rendered text (not the addresses its links point to)."""
    try:
        text, _ = raw.decode(Path(record.source_archive), record.content)
    except raw.RawFileError:
        return ""
    if record.suffix != ".html":
        return raw.cleaner_text(text, record.suffix)
    tree = html.parse(text)
    if tree is None:
        return ""
    title = tree.findtext(".//title") or ""
    return "\n".join([title, *html.visible_lines(tree)])


@dataclass(frozen=True)
class RecordFilter:
    match: re.Pattern[str] | None = None
    language: str | None = None

    @property
    def active(self) -> bool:
        return self.match is not None or self.language is not None

    def accepts(self, record: SourceRecord, text: str) -> bool:
        # On one line: `--match 'russia.*china'` finds the two words in different paragraphs,
        # however the record's text happens to break its lines (an HTML page one line per
        # block, a minified page all on one).
        if self.match is not None and not self.match.search(" ".join(f"{record.title or ''}\n{text}".split())):
            return False
        if self.language is not None:
            from .article_metadata import detect_language

            body = " ".join(text.split())
            if not body or detect_language(body) != self.language:
                return False
        return True


# ---------------------------------------------------------------- provenance


def read_provenance(raw_dir: Path) -> dict[str, dict[str, str]]:
    path = raw_dir / PROVENANCE_NAME
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


def write_provenance(raw_dir: Path, rows: dict[str, dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PROVENANCE_COLUMNS)
    for name in sorted(rows):
        writer.writerow([rows[name].get(c) or "" for c in PROVENANCE_COLUMNS])
    tmp = raw_dir / f".{PROVENANCE_NAME}.tmp"
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(raw_dir / PROVENANCE_NAME)


def article_provenance(row: dict[str, str] | None) -> dict[str, Any]:
    """The provenance columns of one article (all empty for a file added by hand)."""
    row = row or {}
    offset = row.get("source_offset")
    return {
        "url": row.get("url") or None,
        "fetched_at": row.get("fetched_at") or None,
        "source_archive": row.get("source_archive") or None,
        "source_offset": int(offset) if offset not in (None, "") else None,
    }


# ---------------------------------------------------------------- ingest


def ingest(
    raw_dir: Path,
    paths: Iterable[Path],
    record_filter: RecordFilter = RecordFilter(),
    log: Callable[[str], None] = lambda message: None,
) -> IngestReport:
    """Add every new record of `paths` to raw_dir, its manifest and PROVENANCE.csv."""
    report = IngestReport()
    manifest = raw.read_manifest(raw_dir)
    provenance = read_provenance(raw_dir)
    file_by_hash = {entry.sha256: name for name, entry in manifest.items()}
    file_by_url = {row["url"]: name for name, row in provenance.items() if row.get("url")}
    unsaved = 0

    def save() -> None:
        raw.write_manifest(raw_dir, manifest)
        write_provenance(raw_dir, provenance)

    for record in source_records(paths, report):
        where = f"{record.source_archive} @{record.source_offset}"
        if record.url and record.url in file_by_url:
            report.duplicates.append(f"{where}: URL {record.url} already in the corpus as {file_by_url[record.url]}")
            continue
        sha256 = record.sha256
        if sha256 in file_by_hash:
            report.duplicates.append(f"{where}: same bytes as {file_by_hash[sha256]} already in the corpus")
            continue
        text = visible_text(record)
        if not text.strip():
            report.unusable.append(f"{where}: no readable text (empty, binary or undecodable)")
            continue
        if record_filter.active and not record_filter.accepts(record, text):
            report.filtered += 1
            continue
        name = record.file_name()
        (raw_dir / name).write_bytes(record.content)
        manifest[name] = raw.ManifestEntry(name, len(record.content), sha256)
        provenance[name] = {
            "file": name,
            "sha256": sha256,
            "url": record.url or "",
            "fetched_at": record.fetched_at or "",
            "source_archive": record.source_archive,
            "source_offset": str(record.source_offset),
            "published": record.published or "",
            "transcoded_from": record.transcoded_from or "",
            "site": record.site or "",
        }
        file_by_hash[sha256] = name
        if record.url:
            file_by_url[record.url] = name
        report.added.append(name)
        log(f"added {name} from {where}" + (f" ({record.url})" if record.url else ""))
        unsaved += 1
        if unsaved >= MANIFEST_FLUSH_EVERY:
            save()
            unsaved = 0
    save()
    return report
