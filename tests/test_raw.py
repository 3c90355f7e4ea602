import gzip
from pathlib import Path

import pytest

from sino_russian_news.pipeline import raw

from .conftest import RAW, SEED_FILES, SEEDS


def test_five_seeds_are_in_the_raw_layer():
    assert SEED_FILES == [
        "000_21496d7d6b8b8c59.txt",
        "001_72bc7103f3c47a61.txt",
        "002_8c84d02b1110ab5b.txt",
        "003_4156b6fe17ca2892.txt",
        "004_6f773ce998831c97.txt",
    ]


def test_manifest_hashes_match_the_seeds_published_checksums():
    published = dict(line.split()[::-1] for line in (Path(__file__).parent / "data" / "SEED_SHA256SUMS").read_text().splitlines())
    manifest = raw.read_manifest(RAW)
    assert {name: e.sha256 for name, e in manifest.items()} == published
    for name, entry in manifest.items():
        data = (RAW / name).read_bytes()
        assert (entry.bytes, entry.sha256) == (len(data), raw.sha256_of(data))


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not beside the checkout")
def test_raw_files_are_byte_identical_to_shared_seeds():
    for name in SEED_FILES:
        assert (RAW / name).read_bytes() == (SEEDS / name).read_bytes()


def test_verify_accepts_the_untouched_raw_layer():
    assert len(raw.verify(RAW)) == 5


def test_verify_refuses_a_changed_raw_file_naming_it(project):
    path = project / "dataset" / "raw" / "002_8c84d02b1110ab5b.txt"
    path.write_bytes(path.read_bytes() + b"\nextra line")
    with pytest.raises(raw.RawFileError) as error:
        raw.verify(project / "dataset" / "raw")
    message = str(error.value)
    assert message.startswith("002_8c84d02b1110ab5b.txt: SHA-256")
    assert "changed without the manifest" in message
    assert "\n" not in message


def test_verify_refuses_a_file_missing_from_the_manifest(project):
    (project / "dataset" / "raw" / "new.txt").write_text("Some text\n")
    with pytest.raises(raw.RawFileError, match=r"^new.txt: not in MANIFEST.csv"):
        raw.verify(project / "dataset" / "raw")


def test_verify_refuses_a_listed_file_that_is_gone(project):
    (project / "dataset" / "raw" / "000_21496d7d6b8b8c59.txt").unlink()
    with pytest.raises(raw.RawFileError, match="missing from dataset/raw"):
        raw.verify(project / "dataset" / "raw")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"text \x81\x8d\x8f\x90\x9d undefined", "cannot decode"),
    ],
)
def test_decode_refuses_unusable_bytes(data, reason):
    with pytest.raises(raw.RawFileError, match=reason):
        raw.decode(Path("bad.txt"), data)


def test_decode_reads_cp1252_and_latin1():
    assert raw.decode(Path("a.txt"), "Xi’s “visit” – 2023".encode("cp1252")) == ("Xi’s “visit” – 2023", "cp1252")
    assert raw.decode(Path("b.txt"), "Zelensky à Kyiv ©".encode("latin-1")) == ("Zelensky à Kyiv ©", "cp1252")
    assert raw.decode(Path("c.txt"), "\ufeffBOM text".encode("utf-8")) == ("BOM text", "utf-8")


def test_decode_reads_english_in_cp1252_with_a_soft_hyphen():
    # charset-normalizer leaves cp1252 out for the soft hyphen and reads these bytes as Thai or
    # Cyrillic (cp874 or cp866, which share cp1252's quotes and dashes) with no language: refused.
    paragraph = "Moscow and Beijing signed the long\xadawaited energy deal on Tuesday, officials said.\n"
    text = paragraph * 20 + "“We are partners,” he said — and left…\n© Breitbart News\n"
    decoded = raw.detect(Path("d.txt"), text.encode("cp1252"))
    assert (decoded.text == text, decoded.encoding, decoded.confidence) == (True, "cp1252", 1.0)


SLICE = Path(__file__).parent / "data" / "extraction"
# The legacy encoding a page of each of the slice's languages would have been saved in.
LEGACY_ENCODING = {"en": "cp1252", "pt": "cp1252", "de": "cp1252", "fr": "cp1252", "cs": "cp1250", "zh": "gb18030"}


def slice_in_legacy_encodings() -> dict[str, bytes]:
    import csv

    languages = {row["id"]: row["language"] for row in csv.DictReader((SLICE / "pages.csv").open(encoding="utf-8"))}
    saved = {}
    for path in sorted(SLICE.glob("*/*.txt")):
        if path.parent.name == "gold":
            continue
        try:
            saved[f"{path.parent.name}/{path.stem}"] = path.read_text(encoding="utf-8").encode(
                LEGACY_ENCODING[languages[path.stem]]
            )
        except UnicodeEncodeError:  # a star, a macron, Bengali: not in the legacy encoding
            continue
    return saved


def test_the_regression_slice_saved_in_legacy_encodings_reads_back():
    # Real pages (tests/data/extraction) as a Windows tool of their day would have saved them.
    # Before the detector's ranking was checked (raw._least_mess), nytimes-1 read as Mac Roman
    # (curly quotes as "ë" and "í") and folha as cp1250 ("ocasiăo"); the browser's dump of
    # folha still does (its mess measure 0.0017 in cp1252 against 0 in cp1250).
    misread = {}
    saved = slice_in_legacy_encodings()
    for name, data in saved.items():
        decoded = raw.detect(Path(name), data)
        if decoded.text != (SLICE / f"{name}.txt").read_text(encoding="utf-8"):
            misread[name] = decoded.encoding
    assert (len(saved), misread) == (22, {"chromium/readability-folha": "cp1250"})


def yahoo_4_declaring(charset: str) -> str:
    """The slice's Japanese page (Yahoo! News Japan, readability's test pages) as its markup
    would read had the site declared `charset`."""
    page = gzip.decompress((SLICE / "html" / "readability-yahoo-4.html.gz").read_bytes()).decode("utf-8")
    return page.replace("charset=utf-8", f"charset={charset}").replace('charset="utf-8"', f'charset="{charset}"')


def test_an_html_page_is_read_in_the_charset_it_declares():
    # The detector, on bytes mostly ASCII markup, did not list Shift_JIS and read the page as
    # ISO-8859-10. ("～" is cp932's; Shift_JIS has "〜".)
    page = yahoo_4_declaring("Shift_JIS").replace("～", "〜")
    decoded = raw.detect(Path("yahoo-4.html"), page.encode("shift_jis"))
    assert (decoded.encoding, decoded.confidence, decoded.text == page) == ("shift_jis", 1.0, True)


def test_an_html_page_records_the_charset_it_was_read_in():
    page = yahoo_4_declaring("Shift_JIS").replace("～", "〜")
    loaded = raw.load_raw(Path("yahoo-4.html"), page.encode("shift_jis"))
    assert (loaded.format, loaded.encoding, loaded.encoding_confidence) == ("html", "shift_jis", 1.0)
    assert loaded.cleaned is not None and "トレンドマイクロ" in loaded.cleaned.paragraphs[0].text
    text = raw.load_raw(Path("a.txt"), "Kyiv, Київ: talks in Moscow and Beijing.".encode())
    assert (text.format, text.encoding) == ("text", "utf-8")


def test_a_false_declaration_is_left_to_the_detector():
    page = "<html><head><meta charset=euc-jp></head><body><p>“Partners,” he said — in Moscow.</p></body></html>"
    decoded = raw.detect(Path("false.html"), page.encode("cp1252"))  # 0x93 cannot start an EUC-JP character
    assert (decoded.encoding, decoded.text) == ("cp1252", page)
