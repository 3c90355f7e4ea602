"""Raw layer: the manifest of raw files and turning their bytes into lines of text.

The manifest (`dataset/raw/MANIFEST.csv`) is the contract for what the build reads: a raw
file whose bytes no longer match it is refused, so a release cannot silently change input.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from ..schema import RawEncoding
from .clean import Cleaned
from .html import PageMetadata

MANIFEST_NAME = "MANIFEST.csv"
MANIFEST_COLUMNS = ("file", "bytes", "sha256")
RAW_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


class RawFileError(Exception):
    """A raw file that cannot be used; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


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
    # HTML pages only: the body and audit built from the page's structure (the text-mode
    # cleaner is not run on them), and what the page's markup states about the article.
    cleaned: Cleaned | None = None
    page_metadata: PageMetadata | None = None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(raw_dir: Path) -> dict[str, ManifestEntry]:
    path = raw_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        return {
            row["file"]: ManifestEntry(row["file"], int(row["bytes"]), row["sha256"])
            for row in csv.DictReader(f)
        }


def write_manifest(raw_dir: Path, entries: dict[str, ManifestEntry]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for name in sorted(entries):
        e = entries[name]
        writer.writerow((e.file, e.bytes, e.sha256))
    (raw_dir / MANIFEST_NAME).write_text(buffer.getvalue(), encoding="utf-8")


def manifest_entry(path: Path) -> ManifestEntry:
    data = path.read_bytes()
    return ManifestEntry(path.name, len(data), sha256_of(data))


def raw_files(raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in RAW_SUFFIXES)


def verify(raw_dir: Path, hash_of=lambda path: sha256_of(path.read_bytes())) -> dict[str, ManifestEntry]:
    """Check every raw file against the manifest; raise RawFileError on the first mismatch.

    `hash_of(path)` gives a file's SHA-256; the build passes one that trusts a stat cache."""
    manifest = read_manifest(raw_dir)
    present = {p.name for p in raw_files(raw_dir)}
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


def looks_like_html(text: str, suffix: str) -> bool:
    head = text[:2000].lower()
    return suffix.lower() in HTML_SUFFIXES or "<html" in head or "<!doctype html" in head


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Bytes to text and the encoding used. Refuses empty, binary and undecodable input."""
    if not data.strip():
        raise RawFileError(path, "empty file")
    if b"\x00" in data:
        raise RawFileError(path, "binary file (contains NUL bytes), not text or HTML")
    try:
        return data.decode("utf-8-sig"), RawEncoding.UTF8
    except UnicodeDecodeError:
        pass
    # cp1252 is latin-1 with printable characters where latin-1 has C1 controls, so
    # latin-1 text decodes to the same characters here; the five bytes cp1252 leaves
    # undefined mean the file is in neither.
    try:
        return data.decode("cp1252"), RawEncoding.CP1252
    except UnicodeDecodeError:
        raise RawFileError(path, "not UTF-8, cp1252 or latin-1 text (undefined bytes found); cannot decode") from None


def html_to_text(path: Path, html: str):
    """The page's body, audit and metadata (`html.extract`); refuses a page with no article text."""
    from . import html as html_extraction

    extraction = html_extraction.extract(html)
    if not extraction.cleaned.paragraphs:
        raise RawFileError(path, "HTML with no extractable article text")
    return extraction


def load_raw(path: Path, data: bytes | None = None) -> RawText:
    data = path.read_bytes() if data is None else data
    text, encoding = decode(path, data)
    if looks_like_html(text, path.suffix):
        extraction = html_to_text(path, text)
        return RawText(path.stem, path.name, sha256_of(data), RawEncoding.HTML, extraction.text, extraction.cleaned, extraction.metadata)
    return RawText(path.stem, path.name, sha256_of(data), encoding, text)
