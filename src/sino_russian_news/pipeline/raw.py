"""Raw layer: the manifest of raw files, checks on them, and turning their bytes into text.

The manifest (`dataset/raw/MANIFEST.csv`) is the contract for what the build reads: a raw
file whose bytes no longer match it is refused, so a release cannot silently change input.
Everything in raw/ that could make two articles of one id or read outside raw/ (a `.txt`
and an `.html` of one stem, a directory or symlink with a raw file's name) is refused by
name, and a file's size is checked with stat before a byte of it is read.

Decoding loses nothing and guesses nothing silently: a byte-order mark decides (UTF-8/16/32);
otherwise strict UTF-8; otherwise bytes that are UTF-8 but for a few damaged sequences (a
truncated download, a stray byte) are read as UTF-8 with U+FFFD in their place; otherwise
an HTML page that declares its charset and decodes in it is read in it; otherwise text
whose only characters beyond ASCII are punctuation in cp1252, the web's default (an English
page's curly quotes), is read in it; otherwise charset-normalizer detects the
encoding among those the web uses. Multi-byte encodings (GB18030, Big5, Shift_JIS…) prove
themselves by their byte structure; a single-byte one must also read like a language, or be
cp1252, which also reads latin-1 text. The encoding and a confidence (1.0 when the bytes
decode strictly; otherwise the share of sequences that decoded, or 1 − the detector's
"chaos" ratio) are kept per article.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ProjectError, translated
from ..schema import RawEncoding, RawFormat
from . import markdown
from .clean import Cleaned
from .html import HtmlExtraction, PageMetadata
from .paths import DEFAULT_MAX_RAW_BYTES, MAX_RAW_BYTES_VARIABLE

if TYPE_CHECKING:  # charset-normalizer is imported only when a file is not UTF-8
    from charset_normalizer import CharsetMatch

MANIFEST_NAME = "MANIFEST.csv"
MANIFEST_COLUMNS = ("file", "bytes", "sha256")
HTML_SUFFIXES = (".html", ".htm")
RAW_SUFFIXES = (".txt", *HTML_SUFFIXES, *markdown.SUFFIXES)
RAW_KINDS = ".txt, .html or .md"  # RAW_SUFFIXES as the messages name them

# Decoded text beyond this is a dump, not an article (the build's own limit on one article's
# clean body is 200,000 characters); refusing here saves the cleaner from it.
MAX_TEXT_CHARS = 1_000_000
ADDING_PREFIX = ".adding-"  # raw/.adding-<name>: a file `add` is writing, renamed when complete

_SHA256 = re.compile(r"[0-9a-f]{64}")
_BOMS = (
    (codecs.BOM_UTF32_LE, RawEncoding.UTF32),
    (codecs.BOM_UTF32_BE, RawEncoding.UTF32),
    (codecs.BOM_UTF8, RawEncoding.UTF8),
    (codecs.BOM_UTF16_LE, RawEncoding.UTF16),
    (codecs.BOM_UTF16_BE, RawEncoding.UTF16),
)  # UTF-32-LE's BOM starts like UTF-16-LE's
# The detector's candidates: the legacy encodings of the WHATWG Encoding Standard (what
# browsers read), declared with their meanings in schema.RawEncoding.
WEB_LEGACY_ENCODINGS = tuple(e for e in RawEncoding if e not in (RawEncoding.UTF8, RawEncoding.UTF16, RawEncoding.UTF32))
MULTI_BYTE_ENCODINGS = frozenset(
    {RawEncoding.GB18030, RawEncoding.BIG5, RawEncoding.EUC_JP, RawEncoding.ISO2022_JP, RawEncoding.SHIFT_JIS, RawEncoding.EUC_KR}
)
WEB_DEFAULT_ENCODING = RawEncoding.CP1252
_ENCODINGS_BY_VALUE = {e.value: e for e in RawEncoding}
# Labels a page may declare that browsers read as a superset (WHATWG Encoding Standard): the
# Python codec name charset-normalizer gives the label, and the encoding read.
_WHATWG_READS = {
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
# charset-normalizer's own margin: readings whose coherence differs by no more are a tie to it
COHERENCE_MARGIN = 0.02
_C1_CONTROLS = re.compile(r"[\x80-\x9f]")  # control characters no text holds


class RawFileError(ProjectError):
    """A raw file that cannot be used; the message names the file and the reason."""

    def shown_path(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class RawText:
    article_id: str
    source_file: str
    sha256: str
    encoding: str
    text: str  # for HTML: the page's visible text, one block per line
    format: str = RawFormat.TEXT
    # HTML pages only: the body and audit built from the page's structure (the text-mode
    # cleaner is not run on them), and what the page's markup states about the article.
    cleaned: Cleaned | None = None
    page_metadata: PageMetadata | None = None
    encoding_confidence: float = 1.0  # see `detect`
    # Markdown and text files: the line that names the page (a Markdown file's only level-1
    # heading, or the title its front matter records: `markdown.Rendered.title_line`), whether
    # that line is the scraper's record of the title rather than a heading printed on the page
    # (`title_recorded`), and the author and date the front matter states
    title_line: int | None = None
    stated: tuple[tuple[str, str], ...] = ()
    title_recorded: bool = False


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def max_raw_bytes() -> int:
    value = os.environ.get(MAX_RAW_BYTES_VARIABLE, str(DEFAULT_MAX_RAW_BYTES))
    if not value.isdigit() or int(value) < 1:
        raise ProjectError(MAX_RAW_BYTES_VARIABLE, f"must be a positive number of bytes (got {value!r})")
    return int(value)


def check_size(path: Path, limit: int | None = None) -> int:
    """The file's size from stat, refused over the limit before anything reads it."""
    limit = max_raw_bytes() if limit is None else limit
    with translated(path, "reading"):
        size = path.stat().st_size
    if size > limit:
        raise RawFileError(
            path, f"{size:,} bytes, over the {limit:,}-byte limit for a raw file (set {MAX_RAW_BYTES_VARIABLE} to change it)"
        )
    return size


def file_sha256(path: Path) -> str:
    """Hash in chunks: memory stays flat whatever the file's size."""
    with translated(path, "reading"), path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# --- the manifest ---------------------------------------------------------------------


def read_manifest(raw_dir: Path) -> dict[str, ManifestEntry]:
    """MANIFEST.csv as entries by file name; a malformed manifest is refused with its line."""
    path = raw_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    with translated(path, "reading"):
        data = path.read_bytes()
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as error:
        raise RawFileError(path, f"malformed ({error.__class__.__name__}: {error})") from None
    if not rows or tuple(rows[0]) != MANIFEST_COLUMNS:
        raise RawFileError(path, f"malformed: the header must be {','.join(MANIFEST_COLUMNS)}")
    entries: dict[str, ManifestEntry] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(MANIFEST_COLUMNS):
            raise RawFileError(path, f"malformed line {line}: {len(row)} fields, expected {len(MANIFEST_COLUMNS)}")
        name, size, digest = row
        if Path(name).name != name or not is_raw_name(name):
            raise RawFileError(path, f"malformed line {line}: {name!r} is not the name of a {RAW_KINDS} file in raw/")
        if not size.isdigit():
            raise RawFileError(path, f"malformed line {line}: size {size!r} is not a whole number of bytes")
        if not _SHA256.fullmatch(digest):
            raise RawFileError(path, f"malformed line {line}: {digest!r} is not a SHA-256 in lower-case hex")
        if name in entries:
            raise RawFileError(path, f"malformed line {line}: {name} is listed twice")
        entries[name] = ManifestEntry(name, int(size), digest)
    return entries


def write_manifest(raw_dir: Path, entries: dict[str, ManifestEntry]) -> None:
    """Write the manifest to a temporary name and rename it: never half written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for name in sorted(entries):
        e = entries[name]
        writer.writerow((e.file, e.bytes, e.sha256))
    _write_atomically(raw_dir / MANIFEST_NAME, buffer.getvalue().encode("utf-8"))


def _write_atomically(target: Path, data: bytes) -> None:
    temporary = target.parent / f"{ADDING_PREFIX}{target.name}"
    try:
        with translated(target):
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temporary, target)  # replaces a symlink itself, never writes through it
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def manifest_entry(path: Path) -> ManifestEntry:
    with translated(path, "reading"):
        size = path.stat().st_size
    return ManifestEntry(path.name, size, file_sha256(path))


# --- what is in raw/ ------------------------------------------------------------------


def is_raw_name(name: str) -> bool:
    """Named like a raw file: a raw suffix, not hidden, and not a README."""
    return os.path.splitext(name)[1].lower() in RAW_SUFFIXES and not name.startswith(".") and not is_readme(name)


def is_readme(name: str) -> bool:
    """A folder's README in a raw file's format (README.md, README.txt): it documents the folder,
    as dataset/raw/README.md does, now that Markdown files are articles too; never an article."""
    stem, suffix = os.path.splitext(name)
    return stem.casefold() == "readme" and suffix.lower() in RAW_SUFFIXES


def _scan(raw_dir: Path) -> list[os.DirEntry[str]]:
    """Directory entries in raw/ named like a raw file, by name. os.scandir's entries know
    their type from the directory listing, so checking 10,000 files costs no stat calls."""
    with translated(raw_dir, "reading"), os.scandir(raw_dir) as listing:
        found = [e for e in listing if is_raw_name(e.name)]
    return sorted(found, key=lambda e: e.name)


def _raw_entries(raw_dir: Path) -> list[Path]:
    """Everything in raw/ named like a raw file, whatever it is, hidden work files aside."""
    return [raw_dir / e.name for e in _scan(raw_dir)]


def check_entry(path: Path | os.DirEntry[str]) -> None:
    """A raw file must be a regular file in raw/ itself: not a link to elsewhere, not a directory."""
    where = Path(path)
    if path.is_symlink():
        raise RawFileError(where, "a symbolic link; raw files must be regular files inside dataset/raw/")
    if path.is_dir():
        raise RawFileError(where, "a directory named like a raw file; raw files must be regular files")
    if not path.is_file():
        raise RawFileError(where, "not a regular file")


def raw_files(raw_dir: Path) -> list[Path]:
    return [raw_dir / e.name for e in _scan(raw_dir) if e.is_file() and not e.is_symlink()]


def check_names(names: list[str]) -> None:
    """Two raw files of one stem would be two articles of one id: refuse the second."""
    seen: dict[str, str] = {}
    for name in sorted(names):
        stem = Path(name).stem
        if stem in seen:
            raise RawFileError(name, f"same article id as {seen[stem]} (one stem, two files); rename or remove one")
        seen[stem] = name


def verify(raw_dir: Path, hash_of: Callable[[Path], str] = file_sha256) -> dict[str, ManifestEntry]:
    """Check every raw file against the manifest; raise RawFileError on the first mismatch.

    `hash_of(path)` gives a file's SHA-256; the build passes one that trusts a stat cache."""
    manifest = read_manifest(raw_dir)
    entries = _scan(raw_dir)
    for entry in entries:
        check_entry(entry)
    present = {e.name for e in entries}
    check_names(sorted(present | set(manifest)))
    for name in sorted(present):
        if name not in manifest:
            raise RawFileError(raw_dir / name, "not in MANIFEST.csv; add it with `sino-russian-news add`")
        actual = hash_of(raw_dir / name)
        if actual != manifest[name].sha256:
            raise RawFileError(
                raw_dir / name,
                f"SHA-256 {actual[:12]}… does not match MANIFEST.csv ({manifest[name].sha256[:12]}…): "
                "the raw file changed without the manifest saying so",
            )
    for name in sorted(set(manifest) - present):
        raise RawFileError(raw_dir / name, "listed in MANIFEST.csv but missing from dataset/raw/")
    return manifest


def remove_partial_adds(raw_dir: Path) -> None:
    """Delete the temporary files of an interrupted `add` (hidden, never read by a build)."""
    for path in raw_dir.glob(f"{ADDING_PREFIX}*"):
        with translated(path, "removing"):
            path.unlink()


def add_files(raw_dir: Path, sources: list[Path]) -> list[ManifestEntry]:
    """Copy new raw files into raw/ and the manifest: each is checked (name, size, bytes,
    decoding) first, written to a hidden temporary name, fsynced and renamed; the manifest
    is rewritten the same way. A failure leaves raw/ as it was. Hold the project lock."""
    remove_partial_adds(raw_dir)
    manifest = read_manifest(raw_dir)
    by_hash = {e.sha256: name for name, e in manifest.items()}
    added = []
    for source in sources:
        if source.suffix.lower() not in RAW_SUFFIXES:
            raise RawFileError(source, f"not a {RAW_KINDS} file")
        if not is_raw_name(source.name):
            raise RawFileError(source, "a hidden file or a README; raw files are named <id>.txt, <id>.html or <id>.md")
        with translated(source, "reading"):
            if not source.is_file():
                raise RawFileError(source, "not a regular file")
        check_size(source)
        with translated(source, "reading"):
            data = source.read_bytes()
        entry = ManifestEntry(source.name, len(data), sha256_of(data))
        if entry.sha256 in by_hash:
            raise RawFileError(source, f"same bytes as {by_hash[entry.sha256]} already in the corpus")
        target = raw_dir / source.name
        if target.is_symlink():
            raise RawFileError(source, "raw/ already holds a symbolic link of this name; remove it first")
        if entry.file in manifest or target.exists():
            raise RawFileError(source, "a different file with this name is already in the corpus")
        for other in sorted(set(manifest) | {p.name for p in _raw_entries(raw_dir)}):
            if Path(other).stem == source.stem:
                raise RawFileError(source, f"same article id as {other} (one stem, two files); rename or remove one")
        load_raw(source, data)  # refuse what the build could not read
        _write_atomically(target, data)
        manifest[entry.file] = entry
        by_hash[entry.sha256] = entry.file
        try:
            write_manifest(raw_dir, manifest)
        except BaseException:
            target.unlink(missing_ok=True)  # the file without its manifest line would stop every build
            raise
        added.append(entry)
    return added


# --- bytes to text --------------------------------------------------------------------


def looks_like_html(text: str, suffix: str) -> bool:
    if suffix.lower() in markdown.SUFFIXES:
        return False  # Markdown may hold HTML blocks; it is read as Markdown all the same
    head = text[:2000].lower()
    return suffix.lower() in HTML_SUFFIXES or "<html" in head or "<!doctype html" in head


def cleaner_text(text: str, suffix: str) -> str:
    """The text the text cleaner reads from a decoded file that is not HTML: a Markdown file's
    rendered text (`markdown.plain_text`), any other file's text with its front matter block
    made its title line (`markdown.front_matter_as_title`)."""
    if suffix.lower() in markdown.SUFFIXES:
        return markdown.plain_text(text)
    return markdown.front_matter_as_title(text)[0]


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes to text and the encoding used (see `detect`)."""
    decoded = detect(path, data)
    return decoded.text, decoded.encoding


def damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 but for a few broken sequences (cut at the end, a stray byte): decoded with
    U+FFFD for each, or None when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())  # U+FFFD the bytes themselves held is not damage
    well_formed = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    # At least two well-formed multi-byte characters per broken one: one stray byte among
    # UTF-8 text, not a legacy encoding whose every accented letter breaks.
    if broken and well_formed >= 2 * broken:
        return Decoded(text, RawEncoding.UTF8, round(well_formed / (well_formed + broken), 3))
    return None


def _least_mess(matches: list[CharsetMatch]) -> CharsetMatch:
    """The detector's best reading; or, when that is single-byte, the single-byte reading that
    shows a language with the least mess ("chaos"), a reading within the detector's own margin
    of the most language ("coherence") in the web's default encoding preferred. The detector
    lets coherence outweigh up to 1 % more mess, and an encoding that reads punctuation as
    letters gains coherence: English with curly quotes came out as Mac Roman (quotes as "ë"
    and "í"), its measured mess outweighed; within its coherence margin it goes by list
    order (Portuguese as cp1250: "ocasiăo"). Mac Roman (the classic Mac OS's, gone since
    2001) is taken only when nothing else reads as a language, and an ISO 8859 reading that
    turns bytes into C1 control characters (cp1252's quotes and dashes) is no text's. On the
    development set's 552 text dumps with bytes beyond ASCII, saved in their language's
    Windows encoding, 92 were misread before this and `_ascii_with_web_punctuation`, 5 after.
    Multi-byte readings are the detector's to rank: their byte structure is the evidence."""
    best = matches[0]
    if best.encoding in MULTI_BYTE_ENCODINGS:
        return best
    readable = [m for m in matches if m.encoding not in MULTI_BYTE_ENCODINGS and m.coherence > 0]
    readable = [m for m in readable if m.encoding != RawEncoding.MAC_ROMAN] or readable
    readable = [m for m in readable if not _C1_CONTROLS.search(str(m))] or readable
    if not readable:
        return best
    least = min(m.chaos for m in readable)
    cleanest = [m for m in readable if m.chaos == least]
    most = max(m.coherence for m in cleanest)
    close = [m for m in cleanest if most - m.coherence <= COHERENCE_MARGIN]
    web_default = [m for m in close if WEB_DEFAULT_ENCODING in (m.encoding, *m.could_be_from_charset)]
    return web_default[0] if web_default else max(close, key=lambda m: m.coherence)


def web_encoding(label: str) -> RawEncoding | None:
    """The legacy encoding a charset label names ('windows-1251', 'Shift_JIS', 'gbk'), read as
    browsers read it (a label they read as a superset mapped as the WHATWG Encoding Standard
    does: latin-1 and ASCII as cp1252, GBK as GB18030); None for UTF-8/16/32 and for labels
    naming no member of `RawEncoding`."""
    from charset_normalizer.utils import iana_name

    codec = iana_name(label, strict=False)
    encoding = _ENCODINGS_BY_VALUE.get(_WHATWG_READS.get(codec, codec))
    return encoding if encoding in WEB_LEGACY_ENCODINGS else None


def declared_reading(data: bytes, label: str) -> Decoded | None:
    """`data` read in the legacy encoding a declaration names (`web_encoding`); None when the
    label names none, or the bytes do not decode in it (a false declaration)."""
    encoding = web_encoding(label)
    if encoding is None:
        return None
    try:
        return Decoded(data.decode(encoding.value), encoding, 1.0)
    except UnicodeDecodeError:
        return None


def _declared_in_html(path: Path, data: bytes) -> Decoded | None:
    """An HTML page read in the charset its markup declares (`<meta charset>`, the
    Content-Type meta, an XML declaration), as a browser does before it guesses; None for a
    page that declares none, one outside `RawEncoding`, or one its bytes do not decode in (a
    false declaration is left to the detector). UTF-8 was tried strictly already; UTF-16/32
    without a byte-order mark is no page's. A Japanese page in Shift_JIS whose markup said so
    was read as ISO-8859-10: the detector, on bytes mostly ASCII markup, did not list
    Shift_JIS at all."""
    if not looks_like_html(data[:2000].decode("ascii", errors="ignore"), path.suffix):
        return None
    return markup_declared_reading(data)


def markup_declared_reading(data: bytes) -> Decoded | None:
    """`data` read in the charset its opening bytes declare (charset-normalizer's
    `any_specified_encoding`: `<meta charset>`, an XML declaration, a coding cookie), see
    `declared_reading`; None when they declare none."""
    from charset_normalizer.utils import any_specified_encoding

    declared = any_specified_encoding(data)
    return declared_reading(data, declared) if declared else None


def _ascii_with_web_punctuation(data: bytes) -> Decoded | None:
    """ASCII text whose other bytes are punctuation or symbols in the web's default encoding
    (curly quotes, dashes, bullets, ©, a soft hyphen), read in it; None when it has letters
    beyond ASCII (é, ą, Cyrillic, CJK), which are the detector's to place. Such a text's
    letters are ASCII whatever the encoding, and a few bytes of punctuation give the detector's
    statistics nothing to go on: the development set's English dumps saved in cp1252 came out
    as Mac Roman ("ëStar Warsí"), ISO 8859-14, GB18030 (one bullet before a letter) or, for
    a soft hyphen that keeps cp1252 off the detector's list, as Thai and were refused."""
    try:
        text = data.decode(WEB_DEFAULT_ENCODING)
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
        return None
    if any(unicodedata.category(ch).startswith("L") for ch in set(text) if ord(ch) > 0x7F):
        return None
    return Decoded(text, WEB_DEFAULT_ENCODING, 1.0)


def detect(path: Path, data: bytes) -> Decoded:
    """Bytes to text, its encoding and a confidence. Refuses empty, binary and undecodable input."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode("utf-8-sig" if encoding == RawEncoding.UTF8 else encoding.value)  # utf-16/32 drop their BOM
            except UnicodeDecodeError:
                raise RawFileError(
                    path, f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}"
                ) from None
            if not text.strip():
                raise RawFileError(path, "empty file")
            return Decoded(text, encoding, 1.0)
    if not data.strip():
        raise RawFileError(path, "empty file")
    if b"\x00" in data:
        raise RawFileError(path, "binary file (contains NUL bytes), not text or HTML")
    try:
        return Decoded(data.decode("utf-8"), RawEncoding.UTF8, 1.0)
    except UnicodeDecodeError:
        pass
    if (damaged := damaged_utf8(data)) is not None:
        return damaged
    if (declared := _declared_in_html(path, data)) is not None:
        return declared
    if (punctuated := _ascii_with_web_punctuation(data)) is not None:
        return punctuated
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=[e.value for e in WEB_LEGACY_ENCODINGS]))
    if not matches:
        raise RawFileError(path, "not UTF-8 and no known encoding reads it as text; cannot decode")
    best = _least_mess(matches)
    tied = {best.encoding, *best.could_be_from_charset} | {
        m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)
    }
    confidence = round(1.0 - best.chaos, 3)
    if WEB_DEFAULT_ENCODING in tied:  # the same text, or no evidence to prefer another
        return Decoded(data.decode(WEB_DEFAULT_ENCODING), WEB_DEFAULT_ENCODING, confidence)
    if best.encoding not in _ENCODINGS_BY_VALUE:
        raise RawFileError(
            path, f"not UTF-8, and detected as {best.encoding}, which is not among the encodings read; cannot decode"
        )
    if best.encoding in MULTI_BYTE_ENCODINGS or best.coherence > 0:
        return Decoded(str(best), _ENCODINGS_BY_VALUE[best.encoding], confidence)
    raise RawFileError(
        path,
        f"not UTF-8, and no encoding reads it as language (best guess {best.encoding}, which shows no known language); cannot decode",
    )


def html_to_text(path: Path, html: str) -> HtmlExtraction:
    """The page's body, audit and metadata (`html.extract`); refuses a page with no article text."""
    from . import html as html_extraction

    extraction = html_extraction.extract(html)
    if not extraction.cleaned.paragraphs:
        raise RawFileError(path, "HTML with no extractable article text")
    return extraction


def read_raw(path: Path) -> bytes:
    """A raw file's bytes, after the checks that must come before reading it (its kind, its size)."""
    check_entry(path)
    check_size(path)
    with translated(path, "reading"):
        return path.read_bytes()


def load_raw(path: Path, data: bytes | None = None) -> RawText:
    """A raw file (or its bytes read by read_raw, named by path) decoded, HTML extracted."""
    if data is None:
        data = read_raw(path)
    decoded = detect(path, data)
    text, encoding = decoded.text, decoded.encoding
    if looks_like_html(text, path.suffix):
        extraction = html_to_text(path, text)
        raw_text = RawText(
            path.stem,
            path.name,
            sha256_of(data),
            encoding,
            extraction.text,
            RawFormat.HTML,
            extraction.cleaned,
            extraction.metadata,
        )
    elif len(text) > MAX_TEXT_CHARS:
        raise RawFileError(
            path, f"text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,} limit for one raw file (a site dump?)"
        )
    else:
        # A Markdown file rendered once (the text `cleaner_text` gives, the title and the front
        # matter); a text file may open with a front matter block too: an export's record
        # written by `ingest`, whose title is the scraper's (a news-please or Media Cloud `title`).
        is_markdown = path.suffix.lower() in markdown.SUFFIXES
        page = markdown.render(text) if is_markdown else markdown.text_page(text)
        raw_text = RawText(
            path.stem,
            path.name,
            sha256_of(data),
            encoding,
            page.text,
            RawFormat.MARKDOWN if is_markdown else RawFormat.TEXT,
            title_line=page.title_line,
            stated=page.front_matter,
            title_recorded=page.title_is_recorded,
        )
    return replace(raw_text, encoding_confidence=decoded.confidence)
