"""Bulk ingestion: WARC files and JSONL/CSV exports made here become raw files with provenance."""

import csv
import gzip
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sino_russian_news.cli import cli
from sino_russian_news.pipeline import ingest, raw

ENGLISH_RUSSIA = (
    "Russia and China signed a new energy agreement on Thursday, officials in Moscow and Beijing said, "
    "as both governments described their partnership as stronger than at any time in recent decades."
)
ENGLISH_OTHER = (
    "The city council approved a new budget for public libraries on Thursday, and the mayor said "
    "the money would pay for longer opening hours and more books for children across the region."
)
FRENCH = (
    "Le conseil municipal a approuvé jeudi un nouveau budget pour les bibliothèques publiques, et le maire "
    "a déclaré que cet argent permettrait d'allonger les horaires d'ouverture dans toute la région."
)


def page(number: int, paragraph: str) -> bytes:
    return (
        f"<html><head><title>Story {number}</title><script>var tracking = 'Russia';</script></head>"
        f"<body><nav>Home | World</nav><article><h1>Story {number}</h1><p>{paragraph}</p>"
        f"<p>Paragraph two of story {number}.</p></article></body></html>"
    ).encode()


def paragraph_for(number: int) -> str:
    return [ENGLISH_RUSSIA, ENGLISH_OTHER, FRENCH][number % 3]


def write_warc(path, count: int = 1000) -> None:
    """A gzipped WARC with a warcinfo record, `count` article responses, and records that are not articles."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def response(url, body, content_type="text/html; charset=utf-8", status="200 OK", date="2024-05-16T10:00:00Z"):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date}
                )
            )

        for number in range(count):
            # The request record crawlers write before each response: not an article.
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example/{number}", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )
            response(
                f"https://news.example/{number}",
                page(number, paragraph_for(number)),
                date=f"2024-05-16T10:{number // 60 % 60:02d}:{number % 60:02d}Z",
            )
        response("https://news.example/missing", page(9999, ENGLISH_OTHER), status="404 Not Found")
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
        response("https://news.example/0", page(0, ENGLISH_RUSSIA))  # same URL again
        response("https://mirror.example/story-1", page(1, paragraph_for(1)))  # same bytes, other URL


@pytest.fixture()
def raw_dir(tmp_path):
    directory = tmp_path / "project" / "dataset" / "raw"
    directory.mkdir(parents=True)
    raw.write_manifest(directory, {})
    return directory


def test_warc_of_1000_records_becomes_1000_raw_files_with_provenance(raw_dir, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)

    report = ingest.ingest(raw_dir, [warc])

    assert report.read == 1002  # 1000 articles + the two duplicates; request, 404 and image records are not read as articles
    assert len(report.added) == 1000
    assert [line.split(": ", 1)[1] for line in report.duplicates] == [
        f"URL https://news.example/0 already in the corpus as {ingest.SourceRecord('', 0, 'https://news.example/0', None, None, None, b'', '.html').file_name()}",
        f"same bytes as {report.added[1]} already in the corpus",
    ]
    manifest = raw.read_manifest(raw_dir)
    assert len(manifest) == 1000
    provenance = ingest.read_provenance(raw_dir)
    first = provenance[report.added[0]]
    assert first["url"] == "https://news.example/0"
    assert first["fetched_at"] == "2024-05-16T10:00:00Z"
    assert first["source_archive"] == "crawl.warc.gz"
    assert first["sha256"] == manifest[report.added[0]].sha256
    assert provenance[report.added[999]]["fetched_at"] == "2024-05-16T10:16:39Z"
    # Names are the SHA-256 of the URL: the same crawl always gives the same files.
    assert report.added[0] == "df1b29c9c48c780c6389.html"
    assert (raw_dir / report.added[0]).read_bytes() == page(0, ENGLISH_RUSSIA)
    # The offset lets a release be re-derived: reading the archive from there gives the record back.
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as stream:
        stream.seek(int(provenance[report.added[500]]["source_offset"]))
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Target-URI") == "https://news.example/500"
        assert raw.sha256_of(record.content_stream().read()) == provenance[report.added[500]]["sha256"]
    # The raw layer stays consistent: the build's check passes.
    assert len(raw.verify(raw_dir)) == 1000


def test_a_wacz_package_of_two_warcs_is_read_from_the_zip(raw_dir, tmp_path):
    """Browsertrix and ArchiveWeb.page save crawls as WACZ: a zip with archive/*.warc.gz."""
    import zipfile

    first, second = tmp_path / "data.warc.gz", tmp_path / "data-2.warc.gz"
    write_warc(first, count=3)
    write_warc(second, count=5)  # read first (sorted names); the other WARC's records are all in it
    wacz = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w") as package:
        package.writestr("datapackage.json", "{}")
        package.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')
        package.write(second, "archive/data-2.warc.gz")
        package.write(first, "archive/data.warc.gz")

    report = ingest.ingest(raw_dir, [wacz])

    # each WARC's own two repeats, then the other's three stories, repeat and mirror by URL
    assert (len(report.added), len(report.duplicates)) == (5, 7)
    provenance = ingest.read_provenance(raw_dir)
    assert [(provenance[n]["url"], provenance[n]["source_archive"]) for n in report.added] == [
        ("https://news.example/0", "crawl.wacz/archive/data-2.warc.gz"),
        ("https://news.example/1", "crawl.wacz/archive/data-2.warc.gz"),
        ("https://news.example/2", "crawl.wacz/archive/data-2.warc.gz"),
        ("https://news.example/3", "crawl.wacz/archive/data-2.warc.gz"),
        ("https://news.example/4", "crawl.wacz/archive/data-2.warc.gz"),
    ]
    # The offset is the record's in that WARC, as for a loose WARC file.
    from warcio.archiveiterator import ArchiveIterator

    with zipfile.ZipFile(wacz) as package, package.open("archive/data-2.warc.gz") as stream:
        stream.seek(int(provenance[report.added[4]]["source_offset"]))
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Target-URI") == "https://news.example/4"

    (tmp_path / "broken.wacz").write_bytes(b"PK not really a zip")
    result = CliRunner().invoke(cli, ["add", "--project", str(raw_dir.parents[1]), str(tmp_path / "broken.wacz")])
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        1,
        "Error: broken.wacz: not a WACZ package (File is not a zip file)",
    )


def test_a_zip_of_pages_and_a_warc_is_read_member_by_member(raw_dir, tmp_path):
    """Scrapes shared as one download: pages of each kind, a WARC, and what is not an article."""
    import zipfile

    warc = tmp_path / "data.warc.gz"
    write_warc(warc, count=2)
    scrapes = tmp_path / "scrapes.zip"
    with zipfile.ZipFile(scrapes, "w") as archive:
        archive.writestr("pages/a.txt", f"Story A\n\n{ENGLISH_RUSSIA}\n")
        archive.writestr("pages/b.html", page(5, ENGLISH_OTHER))
        archive.writestr("pages/c.md", f"# Story C\n\n{FRENCH}\n")
        archive.writestr("pages/README.md", "# Pages scraped in May 2024")
        archive.writestr("pages/.a.txt.swp", "editor leftovers")
        archive.writestr("pages/.ipynb_checkpoints/a-checkpoint.txt", f"Story A\n\n{ENGLISH_RUSSIA}\n")
        archive.writestr("__MACOSX/pages/._a.txt", b"\x00\x05\x16\x07 resource fork")
        archive.writestr("exports/news-please.jsonl", json.dumps(NEWS_PLEASE[0]))
        archive.write(warc, "crawl/data.warc.gz")

    report = ingest.ingest(raw_dir, [scrapes])

    provenance = ingest.read_provenance(raw_dir)
    assert [(Path(n).suffix, provenance[n]["source_archive"], provenance[n]["url"]) for n in report.added] == [
        (".html", "scrapes.zip/crawl/data.warc.gz", "https://news.example/0"),
        (".html", "scrapes.zip/crawl/data.warc.gz", "https://news.example/1"),
        (".txt", "scrapes.zip/pages/a.txt", ""),
        (".html", "scrapes.zip/pages/b.html", ""),
        (".md", "scrapes.zip/pages/c.md", ""),
    ]
    assert (raw_dir / report.added[4]).read_text(encoding="utf-8") == f"# Story C\n\n{FRENCH}\n"
    assert report.unusable == [
        "scrapes.zip/exports/news-please.jsonl: an export or archive inside a zip is not read; unzip it and add the folder"
    ]
    assert len(raw.verify(raw_dir)) == 5


def test_a_folder_of_pages_skips_what_is_not_a_page_and_names_each_by_its_path(raw_dir, tmp_path):
    """Files a researcher's tools leave beside the pages: macOS's resource forks, JupyterLab's
    checkpoint copies, a git folder, the folder's README. Each would be a bogus record (a
    resource fork is not text) or the same page twice. Each page is named by its path in the
    folder, as a zip's members are: a mirror's pages are all index.html."""
    folder = tmp_path / "scrapes"
    (folder / "may" / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / "site-b").mkdir()
    (folder / ".git").mkdir()
    (folder / "may" / "a.txt").write_text(f"Story A\n\n{ENGLISH_RUSSIA}\n", encoding="utf-8")
    (folder / "may" / "index.html").write_bytes(page(5, ENGLISH_OTHER))
    (folder / "site-b" / "index.html").write_bytes(page(6, ENGLISH_OTHER))  # a mirror's pages share a name
    (folder / "may" / "._a.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    (folder / "may" / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text(
        f"Story A draft\n\n{ENGLISH_OTHER}\n", encoding="utf-8"
    )
    (folder / ".git" / "description.txt").write_text("Unnamed repository; edit this file to name it.\n", encoding="utf-8")
    (folder / "README.txt").write_text("Scraped in May 2024 from two sites.\n", encoding="utf-8")

    report = ingest.ingest(raw_dir, [folder])

    provenance = ingest.read_provenance(raw_dir)
    assert sorted(provenance[n]["source_archive"] for n in report.added) == [
        "scrapes/may/a.txt",
        "scrapes/may/index.html",
        "scrapes/site-b/index.html",
    ]
    assert report.unusable == []


def test_ingesting_the_same_warc_again_adds_nothing(raw_dir, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, count=20)
    ingest.ingest(raw_dir, [warc])

    again = ingest.ingest(raw_dir, [warc])

    assert again.added == []
    assert len(again.duplicates) == 22
    assert len(raw.read_manifest(raw_dir)) == 20


def test_match_finds_its_words_in_different_paragraphs_however_the_page_breaks_lines(raw_dir, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "two-paragraphs.html").write_text(
        "<html><head><title>Summit</title></head><body>\n<p>Officials in Russia said on Thursday that talks went well.</p>\n"
        "<p>The next round will be held in China in June, they added.</p>\n</body></html>"
    )
    (folder / "two-paragraphs.md").write_text(
        "# Summit\n\nOfficials in Russia said talks went well.\n\nThe next round is in China.\n"
    )
    (folder / "only-russia.txt").write_text("Summit\n\nOfficials in Russia said on Thursday that talks went well.\n")

    report = ingest.ingest(raw_dir, [folder], ingest.RecordFilter(match=re.compile("Russia.*China")))

    assert (sorted(Path(name).suffix for name in report.added), report.filtered) == ([".html", ".md"], 1)


def test_match_and_language_filters_keep_russia_china_stories_in_english(raw_dir, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, count=30)

    result = CliRunner().invoke(
        cli, ["add", "--project", str(raw_dir.parents[1]), "--match", r"Russia.*China", "--language", "en", str(warc)]
    )

    assert result.exit_code == 0, result.output
    # Stories 0, 3, …, 27 mention Russia and China; the word in the <script> of every page is not text.
    # The mirror of story 1 was filtered like story 1, so it is not a duplicate of anything added.
    assert result.output.splitlines()[-1] == "read 32 records: added 10, 1 duplicates, 21 filtered out, 0 unusable"
    urls = sorted(row["url"] for row in ingest.read_provenance(raw_dir).values())
    assert urls == sorted(f"https://news.example/{n}" for n in range(0, 30, 3))


def test_language_filter_drops_french(raw_dir, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, count=9)

    report = ingest.ingest(raw_dir, [warc], ingest.RecordFilter(language="fr"))

    assert sorted(row["url"] for row in ingest.read_provenance(raw_dir).values()) == [
        "https://news.example/2",
        "https://news.example/5",
        "https://news.example/8",
    ]
    assert report.filtered == 8  # six English stories, the repeat of story 0 and the mirror of story 1


NEWS_PLEASE = [
    {
        "url": "https://agency.example/a",
        "title": "Xi and Putin meet in Beijing",
        "maintext": ENGLISH_RUSSIA,
        "date_publish": "2024-05-16 09:00:00",
        "date_download": "2024-05-16 11:30:00",
        "language": "en",
    },
    {
        "url": "https://agency.example/b",
        "title": "Libraries get more money",
        "maintext": ENGLISH_OTHER,
        "date_publish": "2024-05-17 09:00:00",
        "date_download": "2024-05-17 11:30:00",
        "language": "en",
    },
    {
        "url": "https://agency.example/a",
        "title": "Xi and Putin meet in Beijing (again)",
        "maintext": ENGLISH_RUSSIA,
        "date_publish": "2024-05-16 09:00:00",
        "date_download": "2024-05-18 08:00:00",
        "language": "en",
    },
    {"url": "https://agency.example/c", "title": "no text here", "language": "en"},
]


def write_jsonl(path, rows=NEWS_PLEASE) -> list[int]:
    """`rows` as a JSON Lines export at `path`; the byte length of each line."""
    lines = [json.dumps(row).encode() + b"\n" for row in rows]
    path.write_bytes(b"".join(lines))
    return [len(line) for line in lines]


def built(project):
    """The project built (quietly), and a connection to its database."""
    import sqlite3

    from sino_russian_news.pipeline.build import build

    build(project, log=lambda m: None)
    return sqlite3.connect(project / "dataset" / "sino_russian_news.db")


def test_news_please_jsonl_export(raw_dir, tmp_path):
    export = tmp_path / "news-please.jsonl"
    lengths = write_jsonl(export)

    report = ingest.ingest(raw_dir, [export])

    assert lengths[0] == 383
    assert report.unusable == ["news-please.jsonl line 4: no text or html column"]
    assert report.duplicates == [
        f"news-please.jsonl @{383 + lengths[1]}: URL https://agency.example/a already in the corpus as {report.added[0]}"
    ]
    rows = ingest.read_provenance(raw_dir)
    assert [(rows[n]["url"], rows[n]["fetched_at"], rows[n]["published"], rows[n]["source_offset"]) for n in report.added] == [
        ("https://agency.example/a", "2024-05-16 11:30:00", "2024-05-16 09:00:00", "0"),
        ("https://agency.example/b", "2024-05-17 11:30:00", "2024-05-17 09:00:00", "383"),
    ]
    # Title on the first line, then the text, as the cleaner expects of a page.
    assert (raw_dir / report.added[0]).read_text(
        encoding="utf-8"
    ) == f"---\ntitle: Xi and Putin meet in Beijing\n---\n\n{ENGLISH_RUSSIA}\n"


def test_news_please_json_files_and_a_json_array_in_a_folder(raw_dir, tmp_path):
    """news-please writes one pretty-printed JSON file per article, in a tree of dates and sites;
    other exports write an array. Both are read in the folder walk, a JSON Lines file too."""
    day = tmp_path / "data" / "2024" / "05" / "16" / "agency.example"
    day.mkdir(parents=True)
    (day / "a.json").write_text(json.dumps(NEWS_PLEASE[0], indent=4))
    (day / "b.json").write_text(json.dumps(NEWS_PLEASE[1]))  # on one line: read as JSON Lines, the same record
    (day / "c.json").write_text(json.dumps(NEWS_PLEASE[3], indent=4))
    array = [
        {"url": "https://paper.example/x", "title": "Trade talks", "text": ENGLISH_RUSSIA, "publish_date": "2024-05-20"},
        "not an article",
        {"url": "https://paper.example/y", "html": page(7, ENGLISH_OTHER).decode()},
    ]
    (tmp_path / "data" / "export.json").write_text(json.dumps(array, indent=2))
    (tmp_path / "data" / "broken.json").write_text('{"url": "https://x.example",\n "text": "cut off')
    (tmp_path / "data" / "count.json").write_text("42")

    result = CliRunner().invoke(cli, ["add", "--project", str(raw_dir.parents[1]), str(tmp_path / "data")])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-5:] == [
        "unusable, not added: data/2024/05/16/agency.example/c.json: no text or html field",
        "unusable, not added: data/broken.json: not JSON (Unterminated string starting at, line 2)",
        "unusable, not added: data/count.json: neither an article object nor an array of them",
        "unusable, not added: data/export.json item 2: no text or html field",
        "read 8 records: added 4, 0 duplicates, 0 filtered out, 4 unusable",
    ]
    rows = sorted(ingest.read_provenance(raw_dir).values(), key=lambda r: r["url"])
    assert [(r["url"], r["published"], r["source_archive"], r["source_offset"]) for r in rows] == [
        ("https://agency.example/a", "2024-05-16 09:00:00", "data/2024/05/16/agency.example/a.json", "0"),
        ("https://agency.example/b", "2024-05-17 09:00:00", "data/2024/05/16/agency.example/b.json", "0"),
        ("https://paper.example/x", "2024-05-20", "data/export.json", "1"),
        ("https://paper.example/y", "", "data/export.json", "3"),
    ]
    assert (raw_dir / rows[0]["file"]).read_text(
        encoding="utf-8"
    ) == f"---\ntitle: Xi and Putin meet in Beijing\n---\n\n{ENGLISH_RUSSIA}\n"
    assert (raw_dir / rows[3]["file"]).read_bytes() == page(7, ENGLISH_OTHER)


def test_semicolon_and_tab_separated_exports_are_read_by_their_header(raw_dir, tmp_path):
    """A spreadsheet saved where the comma is the decimal mark writes semicolons; .tsv writes tabs."""
    semicolons = tmp_path / "export-de.csv"
    semicolons.write_text(
        f'url;title;date;text\nhttps://zeitung.example/1;Gipfel in Peking;16.05.2024;"{ENGLISH_RUSSIA}; a semicolon inside"\n',
        encoding="utf-8-sig",  # as spreadsheets write it, with a byte-order mark
    )
    tabs = tmp_path / "export.tsv"
    tabs.write_text(f"url\ttitle\ttext\nhttps://paper.example/t\tLibraries, again\t{ENGLISH_OTHER}\n", encoding="utf-8")

    report = ingest.ingest(raw_dir, [semicolons, tabs])

    assert (len(report.added), report.unusable) == (2, [])
    rows = sorted(ingest.read_provenance(raw_dir).values(), key=lambda r: r["url"])
    assert [(r["url"], r["published"]) for r in rows] == [
        ("https://paper.example/t", ""),
        ("https://zeitung.example/1", "16.05.2024"),
    ]
    assert (raw_dir / rows[1]["file"]).read_text(
        encoding="utf-8"
    ) == f"---\ntitle: Gipfel in Peking\n---\n\n{ENGLISH_RUSSIA}; a semicolon inside\n"
    assert (raw_dir / rows[0]["file"]).read_text(encoding="utf-8") == f"---\ntitle: Libraries, again\n---\n\n{ENGLISH_OTHER}\n"


def test_media_cloud_csv_export_gzipped_in_a_folder(raw_dir, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["stories_id", "url", "title", "publish_date", "collect_date", "story_text", "media_name"])
    writer.writeheader()
    writer.writerow(
        {
            "stories_id": 1,
            "url": "https://paper.example/x",
            "title": "Trade talks",
            "publish_date": "2024-05-20",
            "collect_date": "2024-05-21T00:00:00",
            "story_text": ENGLISH_RUSSIA + '\n\nA second, "quoted" paragraph.',
            "media_name": "Paper",
        }
    )
    writer.writerow(
        {
            "stories_id": 2,
            "url": "https://paper.example/y",
            "title": "Libraries",
            "publish_date": "2024-05-22",
            "collect_date": "2024-05-23T00:00:00",
            "story_text": ENGLISH_OTHER,
            "media_name": "Paper",
        }
    )
    (folder / "media-cloud.csv.gz").write_bytes(gzip.compress(buffer.getvalue().encode()))
    (folder / "README.md").write_text("# Exports\n\nMedia Cloud, May 2024.")  # the folder's documentation
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # not an input

    result = CliRunner().invoke(cli, ["add", "--project", str(raw_dir.parents[1]), str(folder)])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "read 2 records: added 2, 0 duplicates, 0 filtered out, 0 unusable"
    rows = sorted(ingest.read_provenance(raw_dir).values(), key=lambda r: r["url"])
    assert [(r["url"], r["fetched_at"], r["source_archive"], r["source_offset"]) for r in rows] == [
        ("https://paper.example/x", "2024-05-21T00:00:00", "exports/media-cloud.csv.gz", "1"),
        ("https://paper.example/y", "2024-05-23T00:00:00", "exports/media-cloud.csv.gz", "2"),
    ]
    assert (raw_dir / rows[0]["file"]).read_text(
        encoding="utf-8"
    ) == f'---\ntitle: Trade talks\n---\n\n{ENGLISH_RUSSIA}\n\nA second, "quoted" paragraph.\n'


def test_provenance_reaches_the_articles_table(project, tmp_path):
    export = tmp_path / "news-please.jsonl"
    write_jsonl(export)
    report = ingest.ingest(project / "dataset" / "raw", [export])

    conn = built(project)
    rows = conn.execute(
        "select article_id, url, fetched_at, source_archive, source_offset from articles where url is not null order by url"
    ).fetchall()
    assert rows == [
        (report.added[0].removesuffix(".txt"), "https://agency.example/a", "2024-05-16 11:30:00", "news-please.jsonl", 0),
        (report.added[1].removesuffix(".txt"), "https://agency.example/b", "2024-05-17 11:30:00", "news-please.jsonl", 383),
    ]
    # Files added one by one have no provenance.
    assert conn.execute("select count(*) from articles where url is null and source_archive is null").fetchone() == (5,)
    # The text states no date, so the export's publication date is the article's, and says where it came from.
    assert conn.execute(
        "select published_date, date_source, date_evidence from articles where url is not null order by url"
    ).fetchall() == [
        ("2024-05-16", "export", "export: '2024-05-16 09:00:00' in news-please.jsonl at offset 0"),
        ("2024-05-17", "export", "export: '2024-05-17 09:00:00' in news-please.jsonl at offset 383"),
    ]


def test_export_authors_become_the_byline(project, tmp_path):
    export = tmp_path / "authors.jsonl"
    rows = [
        {
            "url": "https://agency.example/d",
            "title": "Xi and Putin meet in Beijing",
            "maintext": ENGLISH_RUSSIA,
            "authors": ["Anna Petrova", "Li Wei"],
        },
        {"url": "https://agency.example/e", "title": "Libraries get more money", "maintext": ENGLISH_OTHER, "authors": []},
    ]
    write_jsonl(export, rows)
    report = ingest.ingest(project / "dataset" / "raw", [export])

    assert (project / "dataset" / "raw" / report.added[0]).read_text(encoding="utf-8") == (
        f"---\ntitle: Xi and Putin meet in Beijing\n---\n\nBy Anna Petrova and Li Wei\n\n{ENGLISH_RUSSIA}\n"
    )
    assert (project / "dataset" / "raw" / report.added[1]).read_text(encoding="utf-8") == (
        f"---\ntitle: Libraries get more money\n---\n\n{ENGLISH_OTHER}\n"
    )

    conn = built(project)
    # the text names no site: the address it was fetched from does
    query = "select headline, byline, site from articles where url is not null order by url"
    assert conn.execute(query).fetchall() == [
        ("Xi and Putin meet in Beijing", "Anna Petrova; Li Wei", "agency.example"),
        ("Libraries get more money", None, "agency.example"),
    ]


def test_an_authors_string_of_an_export_lists_every_name():
    # a CSV export's authors column is a string; its commas separate names, as news-please's list does
    assert ingest.byline_of({"authors": "Anna Petrova, Li Wei; Jane Doe"}) == "By Anna Petrova, Li Wei and Jane Doe"
    assert ingest.byline_of({"author": "By Jane Doe"}) == "By Jane Doe"
    assert ingest.byline_of({"byline": ""}) is None


YAHOO_4 = Path(__file__).parent / "data" / "extraction" / "html" / "readability-yahoo-4.html.gz"
RUSSIAN = (
    "Россия и Китай подписали в четверг новое соглашение о поставках газа, сообщили официальные лица в Москве "
    "и Пекине, назвав партнёрство двух стран самым прочным за последние десятилетия."
)

UKRAINIAN = "Україна та Китай провели переговори."


def write_charset_warc(path) -> dict[str, bytes]:
    """Pages whose charset only the server's Content-Type names, and two it must not rewrite."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    japanese = gzip.decompress(YAHOO_4.read_bytes()).decode("utf-8")
    japanese = japanese.replace("; charset=utf-8", "").replace("～", "〜")  # the page's own declaration removed
    pages = {
        "https://news.example.jp/1": ("text/html; charset=Shift_JIS", japanese.encode("shift_jis")),
        "https://news.example.ru/1": ("text/html; charset=windows-1251", page(1, RUSSIAN).decode().encode("cp1251")),
        # a short page: left to the detector, its few letters beyond ASCII read as Central European (cp1250)
        "https://news.example.ua/1": ("text/html; charset=windows-1251", page(4, UKRAINIAN).decode().encode("cp1251")),
        # a server's default header over a UTF-8 page: the bytes are UTF-8 whatever it says
        "https://news.example.ru/2": ("text/html; charset=ISO-8859-1", page(2, RUSSIAN)),
        # the page declares KOI8-R, which its bytes are in, and the header something else: the build reads the page's
        "https://news.example.ru/3": (
            'text/html; charset="windows-1251"',
            page(3, RUSSIAN).decode().replace("<head>", "<head><meta charset=koi8-r>").encode("koi8_r"),
        ),
    }
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, (content_type, body) in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return {url: body for url, (_, body) in pages.items()}


def test_a_charset_only_the_server_declares_is_followed_and_the_page_written_as_utf8(raw_dir, tmp_path):
    warc = tmp_path / "legacy.warc.gz"
    payloads = write_charset_warc(warc)

    report = ingest.ingest(
        raw_dir, [warc], ingest.RecordFilter(match=re.compile("トレンドマイクロ|Россия и Китай|Україна та Китай"))
    )

    assert (len(report.added), report.filtered) == (5, 0)
    by_url = {row["url"]: row for row in ingest.read_provenance(raw_dir).values()}
    assert {url: row["transcoded_from"] for url, row in by_url.items()} == {
        "https://news.example.jp/1": "shift_jis",
        "https://news.example.ru/1": "cp1251",
        "https://news.example.ua/1": "cp1251",
        "https://news.example.ru/2": "",
        "https://news.example.ru/3": "",
    }
    japanese = raw.load_raw(raw_dir / by_url["https://news.example.jp/1"]["file"])
    assert (japanese.format, japanese.encoding) == ("html", "utf-8")
    assert "トレンドマイクロ" in japanese.cleaned.paragraphs[0].text
    russian = raw.load_raw(raw_dir / by_url["https://news.example.ru/1"]["file"])
    assert RUSSIAN in russian.cleaned.paragraphs[0].text
    ukrainian = raw.load_raw(raw_dir / by_url["https://news.example.ua/1"]["file"])
    assert (ukrainian.encoding, UKRAINIAN in ukrainian.text) == ("utf-8", True)
    # untouched: the UTF-8 page, and the page whose own KOI8-R declaration the build reads
    assert (raw_dir / by_url["https://news.example.ru/2"]["file"]).read_bytes() == payloads["https://news.example.ru/2"]
    koi8 = raw.load_raw(raw_dir / by_url["https://news.example.ru/3"]["file"])
    assert (koi8.encoding, RUSSIAN in koi8.cleaned.paragraphs[0].text) == ("koi8_r", True)
    assert len(raw.verify(raw_dir)) == 5


def chunked(data: bytes, size: int = 100) -> bytes:
    """HTTP/1.1 chunked transfer coding of `data`, as a crawler records it off the wire."""
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def test_brotli_and_zstd_pages_of_a_browser_made_crawl_are_decoded(raw_dir, tmp_path):
    import brotli
    import zstandard
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    zstd_frames = zstandard.ZstdCompressor().compress(page(2, ENGLISH_RUSSIA)[:150])
    zstd_frames += zstandard.ZstdCompressor().compress(page(2, ENGLISH_RUSSIA)[150:])  # two frames, as a streaming server sends
    responses = [
        ("https://example.org/br", [("Content-Encoding", "br")], brotli.compress(page(1, ENGLISH_RUSSIA))),
        (
            "https://example.org/br-chunked",
            [("Content-Encoding", "br"), ("Transfer-Encoding", "chunked")],
            chunked(brotli.compress(page(3, ENGLISH_OTHER))),
        ),
        ("https://example.org/zstd", [("Content-Encoding", "zstd")], zstd_frames),
        ("https://example.org/gzip", [("Content-Encoding", "gzip")], gzip.compress(page(4, ENGLISH_OTHER))),
        ("https://example.org/broken", [("Content-Encoding", "br")], b"not brotli at all"),
        ("https://example.org/lzw", [("Content-Encoding", "compress")], b"\x1f\x9d\x90 whatever"),
    ]
    warc = tmp_path / "browser.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, encoding, body in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *encoding], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

    report = ingest.ingest(raw_dir, [warc])

    by_url = {row["url"]: raw_dir / row["file"] for row in ingest.read_provenance(raw_dir).values()}
    assert sorted(by_url) == [
        "https://example.org/br",
        "https://example.org/br-chunked",
        "https://example.org/gzip",
        "https://example.org/zstd",
    ]
    assert by_url["https://example.org/br"].read_bytes() == page(1, ENGLISH_RUSSIA)
    assert by_url["https://example.org/br-chunked"].read_bytes() == page(3, ENGLISH_OTHER)
    assert by_url["https://example.org/zstd"].read_bytes() == page(2, ENGLISH_RUSSIA)
    assert [re.sub(r"@\d+", "@N", line) for line in report.unusable] == [
        "browser.warc.gz @N: content encoding 'br' does not decode (brotli: decoder failed)",
        "browser.warc.gz @N: content encoding 'compress' is not one this reads",
    ]


def test_an_exports_title_is_the_headline_whatever_its_shape(project, tmp_path):
    """An export's `title` column is the scraper's record of the page's title. Written as the
    page's first line it was judged like any line: a title of two sentences, with full stops,
    read as the article's first paragraph (15 of 100 political news records exported as
    news-please JSONL came out with no headline and their title in the body). Now it is
    written as front matter and taken as the headline, and a text that opens on the title
    itself does not print it twice."""
    export = tmp_path / "export.jsonl"
    rows = [
        {
            "url": "https://agency.example/f",
            "title": "This Senator Isn't Challenging Her Rival To A Debate. She's Challenging A Donor.",
            "maintext": f"{ENGLISH_RUSSIA}\n{ENGLISH_OTHER}",
        },
        {
            "url": "https://agency.example/g",
            "title": "Libraries  get more money",
            "maintext": f"Libraries get more money\n{ENGLISH_OTHER}",
        },
    ]
    write_jsonl(export, rows)
    report = ingest.ingest(project / "dataset" / "raw", [export])

    assert (project / "dataset" / "raw" / report.added[1]).read_text(encoding="utf-8") == (
        f"---\ntitle: Libraries get more money\n---\n\n{ENGLISH_OTHER}\n"
    )

    conn = built(project)
    query = "select headline, headline_evidence, body from articles where url is not null order by url"
    assert conn.execute(query).fetchall() == [
        (
            "This Senator Isn't Challenging Her Rival To A Debate. She's Challenging A Donor.",
            "scraper: line 1, the title the scraper recorded with the page",
            f"{ENGLISH_RUSSIA}\n\n{ENGLISH_OTHER}",
        ),
        (
            "Libraries get more money",
            "scraper: line 1, the title the scraper recorded with the page",
            ENGLISH_OTHER,
        ),
    ]


def test_trafilatura_json_output_is_an_export_and_a_source_naming_an_outlet_is_no_address(raw_dir, tmp_path):
    # `trafilatura --json` writes a page's address as `source` and the day it was fetched as
    # `filedate`; other exports' `source` column names the outlet ('Reuters'), not an address.
    traf = tmp_path / "trafilatura.jsonl"
    rows = [
        {
            "title": "Xi and Putin meet in Beijing",
            "author": "Anna Petrova; Li Wei",
            "date": "2024-05-16",
            "source": "https://news.example/xi-putin",
            "source-hostname": "News Example",
            "filedate": "2024-05-17",
            "text": ENGLISH_RUSSIA,
        },
        {"title": "Libraries get more money", "source": "Reuters", "text": ENGLISH_OTHER},
    ]
    write_jsonl(traf, rows)

    report = ingest.ingest(raw_dir, [traf])

    provenance = ingest.read_provenance(raw_dir)
    assert [(provenance[n]["url"], provenance[n]["fetched_at"], provenance[n]["published"]) for n in report.added] == [
        ("https://news.example/xi-putin", "2024-05-17", "2024-05-16"),
        ("", "", ""),
    ]
    assert (raw_dir / report.added[0]).read_text(encoding="utf-8") == (
        f"---\ntitle: Xi and Putin meet in Beijing\n---\n\nBy Anna Petrova and Li Wei\n\n{ENGLISH_RUSSIA}\n"
    )


def test_an_html_fragment_of_an_export_is_titled_by_its_title_column(raw_dir, tmp_path):
    # A feed's `content_html` is the article's markup without a <head>: the export's title is
    # the only one it has. A whole page keeps its own <title>.
    feed = tmp_path / "feed.jsonl"
    fragment = f"<p>{ENGLISH_RUSSIA}</p><p>{ENGLISH_OTHER}</p>"
    page = f"<html><head><title>Summit | Paper</title></head><body><p>{ENGLISH_RUSSIA}</p></body></html>"
    rows = [
        {"url": "https://feed.example/a", "title": "Xi & Putin sign a pact. Talks go on.", "content_html": fragment},
        {"url": "https://feed.example/b", "title": "Summit", "html": page},
    ]
    write_jsonl(feed, rows)

    report = ingest.ingest(raw_dir, [feed])

    assert [(raw_dir / name).read_text(encoding="utf-8") for name in report.added] == [
        f"<title>Xi &amp; Putin sign a pact. Talks go on.</title>\n{fragment}",
        page,
    ]
    assert raw.load_raw(raw_dir / report.added[0]).page_metadata.headline == "Xi & Putin sign a pact. Talks go on."


def test_a_text_column_holding_markup_is_read_as_html(raw_dir, tmp_path):
    # Feed exports put the item's HTML in a text column: written as text, its tags reached the body.
    export = tmp_path / "items.jsonl"
    rows = [
        {"url": "https://feed.example/c", "title": "Pact signed", "text": f'<div class="entry"><p>{ENGLISH_RUSSIA}</p></div>'},
        {"url": "https://feed.example/d", "title": "Budget", "text": f"{ENGLISH_OTHER} Read the 2 < 3 rule."},
    ]
    write_jsonl(export, rows)

    report = ingest.ingest(raw_dir, [export])

    assert [Path(name).suffix for name in report.added] == [".html", ".txt"]
    loaded = raw.load_raw(raw_dir / report.added[0])
    assert (loaded.page_metadata.headline, loaded.cleaned.paragraphs[0].text) == ("Pact signed", ENGLISH_RUSSIA)


def test_the_site_an_export_names_is_the_site_and_leaves_the_title(project, tmp_path):
    # Feeds' and search engines' titles carry the outlet's name after a separator ('… - Reuters',
    # as Media Cloud records Google News stories); an export names the outlet in a column of its
    # own (Media Cloud's `media_name`, news-please's `source_domain`, trafilatura's `sitename`).
    export = tmp_path / "media-cloud.jsonl"
    rows = [
        {
            "url": "https://www.reuters.com/world/1",
            "title": "Russia and China sign an energy deal - Reuters",
            "text": ENGLISH_RUSSIA,
            "media_name": "reuters.com",
        },
        {
            "url": "https://paper.example/libraries",
            "title": "Libraries - a budget for books",
            "text": ENGLISH_OTHER,
            "source_domain": "www.paper.example",
        },
        {
            "url": "https://www.themoscowtimes.com/2024/1",
            "title": "The Moscow Times | Moscow and Beijing: partners",
            "text": ENGLISH_RUSSIA + " More to follow.",
            "sitename": "The Moscow Times",
        },
    ]
    write_jsonl(export, rows)
    report = ingest.ingest(project / "dataset" / "raw", [export])
    provenance = ingest.read_provenance(project / "dataset" / "raw")
    assert [provenance[name]["site"] for name in report.added] == ["reuters.com", "www.paper.example", "The Moscow Times"]

    conn = built(project)
    query = "select site, headline, headline_evidence from articles where url is not null order by url"
    assert conn.execute(query).fetchall() == [
        # a title's own dash is kept: 'Libraries' names no site
        ("paper.example", "Libraries - a budget for books", "scraper: line 1, the title the scraper recorded with the page"),
        # named as the project's sites.yml names reuters.com
        (
            "Reuters",
            "Russia and China sign an energy deal",
            "scraper: line 1, the title the scraper recorded with the page; without 'Reuters', the site's name",
        ),
        (
            "The Moscow Times",
            "Moscow and Beijing: partners",
            "scraper: line 1, the title the scraper recorded with the page; without 'The Moscow Times', the site's name",
        ),
    ]


TRAFILATURA_TXT = """---
title: Russia and China sign an energy deal
url: https://www.scmp.com/news/china/article/1
hostname: scmp.com
sitename: South China Morning Post
date: "2024-05-16"
fingerprint: "2f5800fd3586132f"
---
Russia and China sign an energy deal
{text}
"""


def test_a_page_trafilatura_extracted_with_metadata_is_added_by_its_address(project, tmp_path):
    # `trafilatura --with-metadata` writes the page's address and outlet in the text's front
    # matter: the address is the record's URL (a second extraction of the page is a duplicate),
    # the outlet its site.
    folder = tmp_path / "extracted"
    folder.mkdir()
    (folder / "a.txt").write_text(TRAFILATURA_TXT.format(text=ENGLISH_RUSSIA), encoding="utf-8")
    (folder / "b.txt").write_text(TRAFILATURA_TXT.format(text=ENGLISH_RUSSIA + " Updated."), encoding="utf-8")
    raw_dir = project / "dataset" / "raw"

    report = ingest.ingest(raw_dir, [folder])

    assert (len(report.added), report.duplicates) == (
        1,
        [f"extracted/b.txt @0: URL https://www.scmp.com/news/china/article/1 already in the corpus as {report.added[0]}"],
    )
    assert ingest.read_provenance(raw_dir)[report.added[0]]["url"] == "https://www.scmp.com/news/china/article/1"
    conn = built(project)
    assert conn.execute("select site, headline, published_date, body from articles where url is not null").fetchall() == [
        ("South China Morning Post", "Russia and China sign an energy deal", "2024-05-16", ENGLISH_RUSSIA)
    ]


def test_a_schema_org_export_names_its_parts_as_json_ld_does(project, tmp_path):
    # Article extraction services (Zyte, Diffbot) and JSON-LD dumps name an article's parts in
    # schema.org's vocabulary: `headline`, `articleBody`, `datePublished`, and the author and
    # publisher as things with a `name`. Another export's `source` names the outlet.
    export = tmp_path / "articles.jsonl"
    rows = [
        {
            "url": "https://paper.example/energy",
            "headline": "Russia and China sign an energy deal",
            "articleBody": ENGLISH_RUSSIA,
            "datePublished": "2024-05-16T09:00:00Z",
            "authors": [{"name": "Anna Petrova", "nameRaw": "By Anna Petrova"}, {"name": "Li Wei"}],
            "publisher": {"@type": "Organization", "name": "Paper Example"},
        },
        {
            "url": "https://wire.example/libraries",
            "title": "Libraries get more money",
            "text": ENGLISH_OTHER,
            "author": {"@type": "Person", "name": "Jane Doe"},
            "source": "Wire Example",
        },
    ]
    write_jsonl(export, rows)
    report = ingest.ingest(project / "dataset" / "raw", [export])

    assert (project / "dataset" / "raw" / report.added[0]).read_text(encoding="utf-8") == (
        f"---\ntitle: Russia and China sign an energy deal\n---\n\nBy Anna Petrova and Li Wei\n\n{ENGLISH_RUSSIA}\n"
    )
    provenance = ingest.read_provenance(project / "dataset" / "raw")
    assert [(provenance[n]["published"], provenance[n]["site"]) for n in report.added] == [
        ("2024-05-16T09:00:00Z", "Paper Example"),
        ("", "Wire Example"),
    ]
    conn = built(project)
    query = "select site, headline, byline, published_date from articles where url is not null order by url"
    assert conn.execute(query).fetchall() == [
        ("Paper Example", "Russia and China sign an energy deal", "Anna Petrova; Li Wei", "2024-05-16"),
        ("Wire Example", "Libraries get more money", "Jane Doe", None),
    ]


def test_a_page_saved_from_a_browser_is_added_by_the_address_it_was_saved_from(raw_dir, tmp_path):
    # Chrome's "Webpage, complete" marks the page with where it was saved from, SingleFile
    # writes a header with the address and the time: a crawl's record of the page, so the
    # page has its URL (and a second save of it is a duplicate), as a WARC record has.
    folder = tmp_path / "saved"
    folder.mkdir()
    article = page(1, ENGLISH_RUSSIA).decode()
    (folder / "chrome.html").write_text(
        f"<!DOCTYPE html>\n<!-- saved from url=(0030)https://paper.example/energy -->\n{article}", encoding="utf-8"
    )
    singlefile = (
        '<!DOCTYPE html> <html lang="en"><!--\n Page saved with SingleFile \n url: https://wire.example/energy \n'
        " saved date: Mon Dec 01 2025 10:00:00 GMT+0100 (Central European Standard Time)\n-->"
    )
    (folder / "singlefile-1.html").write_text(singlefile + article, encoding="utf-8")
    (folder / "singlefile-2.html").write_text(singlefile + article.replace("Thursday", "Friday"), encoding="utf-8")
    (folder / "internet.html").write_text(f"<!-- saved from url=(0014)about:internet -->\n{article} ", encoding="utf-8")

    report = ingest.ingest(raw_dir, [folder])

    provenance = ingest.read_provenance(raw_dir)
    assert sorted((provenance[n]["source_archive"], provenance[n]["url"], provenance[n]["fetched_at"]) for n in report.added) == [
        ("saved/chrome.html", "https://paper.example/energy", ""),
        ("saved/internet.html", "", ""),  # a page with no address of its own
        (
            "saved/singlefile-1.html",
            "https://wire.example/energy",
            "Mon Dec 01 2025 10:00:00 GMT+0100 (Central European Standard Time)",
        ),
    ]
    assert [line.split(" already")[0] for line in report.duplicates] == [
        "saved/singlefile-2.html @0: URL https://wire.example/energy"
    ]
