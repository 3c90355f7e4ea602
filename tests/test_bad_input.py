"""What real scrapes contain: each bad input gets a one-line error naming the file, and the
build goes on with the good files (or stops with strict=True) without losing the last release."""

import codecs
import errno
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sino_russian_news.cli import cli
from sino_russian_news.pipeline import raw
from sino_russian_news.pipeline.build import build

SPANISH = (
    "Pekín y Moscú firmaron el martes nuevos acuerdos comerciales durante la visita del presidente chino.\n\n"
    "Los dos gobiernos dijeron que la cooperación energética seguirá creciendo en los próximos años, según la prensa estatal.\n"
)
ENGLISH_CP1252 = (
    "Kremlin welcomes Beijing’s “peace plan”\n\n"
    "Russian President Vladimir Putin said on Tuesday that China’s proposals could become the basis for a settlement in Ukraine.\n\n"
    "“We are open to dialogue,” Putin said after talks with Xi Jinping in Moscow.\n"
)


def add_raw(project, name, data: bytes):
    path = project / "dataset" / "raw" / name
    path.write_bytes(data)
    manifest = raw.read_manifest(path.parent)
    manifest[name] = raw.manifest_entry(path)
    raw.write_manifest(path.parent, manifest)
    return path


def build_collecting(project, **kwargs):
    messages = []
    report = build(project, log=messages.append, **kwargs)
    return report, messages


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("100_empty.txt", b"", "empty file"),
        ("101_image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("102_undecodable.txt", "Текст статьи".encode("koi8-r") + b"\x81\x8d\x90\x9d", "cannot decode"),
        (
            "103_all_chrome.txt",
            b"Connect with us\n\nSource link\n\nLeave A Reply\n\nRead More\n",
            "no article text left after cleaning",
        ),
    ],
)
def test_bad_file_is_skipped_with_a_one_line_error(project, name, data, reason):
    add_raw(project, name, data)
    report, messages = build_collecting(project)
    assert report.articles == 5
    [message] = messages
    assert message.startswith(f"skipped {name}: ") and reason in message and "\n" not in message


def test_strict_build_stops_and_keeps_the_last_release(project):
    build(project, log=lambda m: None)
    before = (project / "dataset" / "sino_russian_news.db").read_bytes()
    add_raw(project, "100_empty.txt", b"  \n")
    with pytest.raises(raw.RawFileError, match=r"^100_empty.txt: empty file$"):
        build(project, strict=True, log=lambda m: None)
    assert (project / "dataset" / "sino_russian_news.db").read_bytes() == before


def test_cli_reports_bad_input_in_one_line(project):
    add_raw(project, "100_empty.txt", b"")
    result = CliRunner().invoke(cli, ["build", "--project", str(project), "--strict"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: 100_empty.txt: empty file"


def test_changed_raw_file_is_refused_by_the_cli(project):
    path = project / "dataset" / "raw" / "000_21496d7d6b8b8c59.txt"
    path.write_bytes(path.read_bytes() + b"!")
    result = CliRunner().invoke(cli, ["build", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 000_21496d7d6b8b8c59.txt: SHA-256 ")
    assert len(result.output.strip().splitlines()) == 1


def test_cp1252_and_latin1_articles_are_decoded(project, db):
    add_raw(project, "110_cp1252.txt", ENGLISH_CP1252.encode("cp1252"))
    add_raw(
        project,
        "111_latin1.txt",
        ENGLISH_CP1252.replace("’", "'").replace("“", '"').replace("”", '"').encode("latin-1")
        + "Officials met later at the Café © in central Moscow.\n".encode("latin-1"),
    )
    report, messages = build_collecting(project)
    assert (report.articles, messages) == (7, [])
    import sqlite_utils

    built = sqlite_utils.Database(project / "dataset" / "sino_russian_news.db")
    rows = {r["article_id"]: r for r in built["articles"].rows}
    assert rows["110_cp1252"]["raw_encoding"] == "cp1252"
    assert "“We are open to dialogue,” Putin said" in rows["110_cp1252"]["body"]
    assert rows["111_latin1"]["body"].endswith("Café © in central Moscow.")  # latin-1 text reads the same as cp1252
    quotes = list(built.query("select speaker_entity_id from quotes where article_id = '110_cp1252'"))
    assert {q["speaker_entity_id"] for q in quotes} == {"Q7747"}


def test_non_english_article_is_kept_flagged_and_not_run_through_the_english_model(project):
    add_raw(project, "120_spanish.txt", SPANISH.encode())
    report, messages = build_collecting(project)
    assert report.articles == 6 and messages == []
    import sqlite_utils

    built = sqlite_utils.Database(project / "dataset" / "sino_russian_news.db")
    row = built["articles"].get("120_spanish")
    assert row["language"] == "es"
    assert built.execute("select count(*) from mentions where article_id = '120_spanish'").fetchone()[0] == 0
    assert built.execute("select count(*) from paragraphs where article_id = '120_spanish'").fetchone()[0] == 2


def test_five_megabyte_file_is_refused_without_stopping_the_build(project):
    paragraph = (project / "dataset" / "raw" / "004_6f773ce998831c97.txt").read_text().split("\n\n")[4]
    data = ("\n\n".join([paragraph] * 21_000)).encode()
    assert len(data) > 5_000_000
    add_raw(project, "130_huge.txt", data)
    started = time.perf_counter()
    report, messages = build_collecting(project)
    assert report.articles == 5
    [message] = messages
    assert (
        message == "skipped 130_huge.txt: text is 5,060,998 characters, over the 1,000,000 limit for one raw file (a site dump?)"
    )
    assert time.perf_counter() - started < 60  # refused before cleaning (which took 33 s on such a file)


def test_same_article_under_two_names_is_flagged_as_syndication(project):
    shutil.copyfile(project / "dataset" / "raw" / "004_6f773ce998831c97.txt", project / "copy.txt")
    data = (project / "copy.txt").read_bytes().replace(b"Connect with us", b"Connect with us today")
    add_raw(project, "140_cnn_repost.txt", data)
    report, messages = build_collecting(project)
    assert report.articles == 6 and messages == []
    import sqlite_utils

    pairs = list(sqlite_utils.Database(project / "dataset" / "sino_russian_news.db")["syndication_pairs"].rows)
    assert pairs == [
        {
            "article_id": "004_6f773ce998831c97",
            "other_article_id": "140_cnn_repost",
            "jaccard": 1.0,
            "group_id": "004_6f773ce998831c97",
        }
    ]


def test_adding_one_article_parses_only_that_article(project):
    build(project, log=lambda m: None)
    add_raw(project, "110_cp1252.txt", ENGLISH_CP1252.encode("cp1252"))
    report = build(project, log=lambda m: None)
    assert (report.cache_hits, report.cache_misses) == (0, 1)  # the other five come from the release (incremental build)


def test_add_command_copies_updates_manifest_and_refuses_duplicates(project, tmp_path):
    new = tmp_path / "150_new.txt"
    new.write_text(ENGLISH_CP1252, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["add", "--project", str(project), str(new)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("added 150_new.txt (")
    assert "150_new.txt" in raw.verify(project / "dataset" / "raw")
    again = tmp_path / "151_same_bytes.txt"
    again.write_bytes(new.read_bytes())
    result = runner.invoke(cli, ["add", "--project", str(project), str(again)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: 151_same_bytes.txt: same bytes as 150_new.txt already in the corpus"
    empty = tmp_path / "152_empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(cli, ["add", "--project", str(project), str(empty)])
    assert result.output.strip() == "Error: 152_empty.txt: empty file"


def test_html_page_is_extracted_with_trafilatura(project, tmp_path):
    page = tmp_path / "160_page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Xi and Putin pledge closer energy ties</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Xi and Putin pledge closer energy ties</h1>"
        "<p>Chinese President Xi Jinping and Russian President Vladimir Putin agreed on Tuesday to expand gas supplies through a new pipeline, officials in Moscow said.</p>"
        "<p>“Our energy partnership is a pillar of our relations,” Putin told reporters after the talks, according to the Kremlin.</p>"
        "<p>Western governments have warned Beijing against helping Moscow evade sanctions over the war in Ukraine.</p>"
        "</article><footer>Copyright © 2024 Example News. Subscribe to our newsletter.</footer></body></html>",
        encoding="utf-8",
    )
    assert CliRunner().invoke(cli, ["add", "--project", str(project), str(page)]).exit_code == 0
    report, messages = build_collecting(project)
    assert (report.articles, messages) == (6, [])
    import sqlite_utils

    built = sqlite_utils.Database(project / "dataset" / "sino_russian_news.db")
    row = built["articles"].get("160_page")
    assert (row["raw_format"], row["raw_encoding"], row["encoding_confidence"]) == ("html", "utf-8", 1.0)
    assert row["headline"] == "Xi and Putin pledge closer energy ties"
    assert row["body"].startswith("Chinese President Xi Jinping and Russian President Vladimir Putin agreed")
    assert "Home" not in row["body"] and "Copyright" not in row["body"]
    quote = next(built.query("select speaker_entity_id, cue from quotes where article_id = '160_page'"))
    assert (quote["speaker_entity_id"], quote["cue"]) == ("Q7747", "told")


# --- the bad-input matrix of issue 16: each case one line naming the file, or kept as documented ---

CHINESE = (
    "中俄关系在乌克兰战争期间不断加强\n\n"
    "中国国家主席习近平周二在莫斯科同俄罗斯总统普京举行会谈，双方表示将继续深化能源和贸易合作。\n\n"
    "西方国家政府多次警告北京不要帮助莫斯科规避因乌克兰战争而实施的制裁，中方表示其立场客观公正。\n"
)
RUSSIAN = (
    "Путин и Си Цзиньпин провели переговоры в Москве\n\n"
    "Президент России Владимир Путин во вторник провёл переговоры с председателем КНР Си Цзиньпином в Кремле.\n\n"
    "Стороны обсудили поставки энергоносителей и торговлю, сообщили официальные представители обеих стран.\n"
)


def cli_build(project, *args):
    result = CliRunner().invoke(cli, ["build", "--project", str(project), *args])
    return result.exit_code, result.output


def one_line_error(project, *args):
    code, output = cli_build(project, *args)
    assert code == 1 and output.count("\n") == 1, output
    return output.rstrip("\n")


def test_html_and_txt_of_one_stem_are_refused_by_name(project):
    text = (project / "dataset" / "raw" / "004_6f773ce998831c97.txt").read_text()
    add_raw(project, "004_6f773ce998831c97.html", f"<html><body><p>{text}</p></body></html>".encode())
    assert one_line_error(project) == (
        "Error: 004_6f773ce998831c97.txt: same article id as 004_6f773ce998831c97.html (one stem, two files); rename or remove one"
    )


def test_directory_named_like_a_raw_file_is_refused(project):
    (project / "dataset" / "raw" / "170_folder.txt").mkdir()
    assert one_line_error(project) == "Error: 170_folder.txt: a directory named like a raw file; raw files must be regular files"


def test_symlink_in_raw_is_refused_and_never_followed(project, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(ENGLISH_CP1252)
    (project / "dataset" / "raw" / "171_link.txt").symlink_to(outside)
    assert one_line_error(project) == "Error: 171_link.txt: a symbolic link; raw files must be regular files inside dataset/raw/"


@pytest.mark.parametrize(
    "manifest, reason",
    [
        (b"name,size,hash\n", "malformed: the header must be file,bytes,sha256"),
        (b"file,bytes,sha256\n000_21496d7d6b8b8c59.txt,12\n", "malformed line 2: 2 fields, expected 3"),
        (
            b"file,bytes,sha256\n000_21496d7d6b8b8c59.txt,twelve," + b"a" * 64 + b"\n",
            "malformed line 2: size 'twelve' is not a whole number of bytes",
        ),
        (b"file,bytes,sha256\n000_21496d7d6b8b8c59.txt,12,abc\n", "malformed line 2: 'abc' is not a SHA-256 in lower-case hex"),
        (
            b"file,bytes,sha256\n../../etc/passwd.txt,12," + b"a" * 64 + b"\n",
            "malformed line 2: '../../etc/passwd.txt' is not the name of a .txt, .html or .md file in raw/",
        ),
        (
            b"file,bytes,sha256\na.txt,1," + b"a" * 64 + b"\na.txt,1," + b"a" * 64 + b"\n",
            "malformed line 3: a.txt is listed twice",
        ),
        (b"file,bytes,sha256\n\xff\xfe\n", "malformed (UnicodeDecodeError: "),
        (b'file,bytes,sha256\n"unterminated,1,2\n', "malformed line 2: "),
    ],
)
def test_malformed_manifest_is_one_line(project, manifest, reason):
    (project / "dataset" / "raw" / "MANIFEST.csv").write_bytes(manifest)
    assert one_line_error(project).startswith(f"Error: MANIFEST.csv: {reason}")


@pytest.mark.parametrize(
    "file, content, reason",
    [
        (
            "sites.yml",
            "sites: [unclosed\n",
            "1: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>' on line 2",
        ),
        ("sites.yml", "- just\n- a list\n", "1: expected a mapping (key: value lines), got a list"),
        ("sites.yml", "sites: CNN\n", "1: sites: expected a list, got text 'CNN'"),
        ("entities.yml", "entities:\n  - name: Nobody\n", "2: entity Nobody: missing required key 'aliases'"),
        ("events.yml", "events:\n  - event_id: e1\n", "2: event e1: missing required key 'end_date'"),
        (
            "articles.yml",
            "000_21496d7d6b8b8c59: [1, 2]\n",
            "1: article 000_21496d7d6b8b8c59: expected a mapping (key: value lines), got a list",
        ),
    ],
)
def test_malformed_curated_file_is_one_line(project, file, content, reason):
    path = project / "dataset" / "curated" / file
    path.write_text(content)
    assert one_line_error(project) == f"Error: {path}:{reason}"


def test_corrupt_enrichment_cache_file_is_discarded_with_a_warning_and_rebuilt(project, capsys):
    build(project, log=lambda m: None)
    cache_files = sorted((project / "dataset" / ".cache" / "enrichment").glob("*.json"))
    assert len(cache_files) == 5
    cache_files[0].write_text('{"mentions": [')  # torn write
    cache_files[1].write_text('{"mentions": 5}')  # valid JSON, wrong shape
    capsys.readouterr()
    forget_releases(project)  # else the build reuses the release's rows and reads no cache at all
    report = build(project, log=lambda m: None)
    assert (report.articles, report.cache_hits, report.cache_misses) == (5, 3, 2)
    warnings = capsys.readouterr().err.splitlines()
    assert sorted(warnings) == [
        f"warning: {p}: corrupt enrichment cache file discarded; the article is parsed again" for p in cache_files[:2]
    ]
    forget_releases(project)
    assert build(project, log=lambda m: None).cache_hits == 5  # rewritten whole


def forget_releases(project):
    """Drop the built releases, so the next build starts from scratch (with the caches)."""
    shutil.rmtree(project / "dataset" / "releases")
    (project / "dataset" / "current").unlink()


@pytest.mark.parametrize("processes", [1, 2], ids=["in the build process", "with worker processes"])
def test_file_over_the_size_limit_is_refused_before_it_is_read(project, monkeypatch, processes):
    path = project / "dataset" / "raw" / "180_fifty_mb.txt"
    with path.open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB by stat
    add_raw(project, path.name, path.read_bytes())
    from sino_russian_news.pipeline import raw as raw_module

    real_read_bytes = Path.read_bytes

    def guarded(self):
        assert self.name != path.name, "read before the size check"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    started = time.perf_counter()
    report, messages = build_collecting(project, validate=False, n_process=processes)
    assert report.articles == 5
    assert messages == [
        "skipped 180_fifty_mb.txt: 50,000,000 bytes, over the 20,000,000-byte limit for a raw file (set SINO_RUSSIAN_NEWS_MAX_RAW_BYTES to change it)"
    ]
    assert time.perf_counter() - started < 60
    monkeypatch.setenv(raw_module.MAX_RAW_BYTES_VARIABLE, "1000")
    code, output = cli_build(project, "--strict", "--max-raw-bytes", "1000")
    assert (code, output.splitlines()[0]) == (
        1,
        "Error: 000_21496d7d6b8b8c59.txt: 2,470 bytes, over the 1,000-byte limit for a raw file (set SINO_RUSSIAN_NEWS_MAX_RAW_BYTES to change it)",
    )


def test_five_megabyte_single_line_is_refused_quickly(project):
    add_raw(project, "181_one_line.txt", b"word " * 1_000_000)
    started = time.perf_counter()
    report, messages = build_collecting(project, validate=False)
    assert report.articles == 5
    assert messages == [
        "skipped 181_one_line.txt: text is 5,000,000 characters, over the 1,000,000 limit for one raw file (a site dump?)"
    ]
    assert time.perf_counter() - started < 60


def test_permission_denied_is_one_line_naming_the_file(project, monkeypatch):
    from sino_russian_news.pipeline import raw as raw_module

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(raw_module.hashlib, "file_digest", lambda f, name: denied(f.name))
    path = project / "dataset" / "raw" / "000_21496d7d6b8b8c59.txt"
    assert one_line_error(project) == f"Error: {path}: permission denied while reading it"


def test_debug_shows_the_traceback(project):
    (project / "dataset" / "raw" / "170_folder.txt").mkdir()
    result = CliRunner().invoke(cli, ["--debug", "build", "--project", str(project)])
    assert result.exit_code == 1
    assert isinstance(result.exception, raw.RawFileError)
    assert str(result.exception) == "170_folder.txt: a directory named like a raw file; raw files must be regular files"


def test_add_refuses_to_write_through_a_symlink_in_raw(project, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not part of the corpus\n")
    (project / "dataset" / "raw" / "190_new.txt").symlink_to(outside)
    source = tmp_path / "incoming" / "190_new.txt"
    source.parent.mkdir()
    source.write_text(ENGLISH_CP1252)
    manifest_before = (project / "dataset" / "raw" / "MANIFEST.csv").read_bytes()
    result = CliRunner().invoke(cli, ["add", "--project", str(project), str(source)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: 190_new.txt: raw/ already holds a symbolic link of this name; remove it first\n",
    )
    assert outside.read_text() == "not part of the corpus\n"
    assert (project / "dataset" / "raw" / "MANIFEST.csv").read_bytes() == manifest_before


def test_add_refuses_a_second_file_of_the_same_stem_and_leaves_nothing(project, tmp_path):
    source = tmp_path / "004_6f773ce998831c97.html"
    source.write_text("<html><body><p>" + ENGLISH_CP1252 + "</p></body></html>")
    before = sorted(p.name for p in (project / "dataset" / "raw").iterdir())
    result = CliRunner().invoke(cli, ["add", "--project", str(project), str(source)])
    assert result.exit_code == 1
    assert (
        result.output
        == "Error: 004_6f773ce998831c97.html: same article id as 004_6f773ce998831c97.txt (one stem, two files); rename or remove one\n"
    )
    assert sorted(p.name for p in (project / "dataset" / "raw").iterdir()) == before


def articles_of(project):
    import sqlite_utils

    return {r["article_id"]: r for r in sqlite_utils.Database(project / "dataset" / "sino_russian_news.db")["articles"].rows}


def test_utf16_and_utf32_with_a_byte_order_mark_are_read(project):
    add_raw(project, "200_utf16.txt", ENGLISH_CP1252.encode("utf-16"))
    add_raw(project, "201_utf32be.txt", codecs.BOM_UTF32_BE + ENGLISH_CP1252.replace("Tuesday", "Monday").encode("utf-32-be"))
    report, messages = build_collecting(project, validate=False)
    assert (report.articles, messages) == (7, [])
    rows = articles_of(project)
    assert (rows["200_utf16"]["raw_encoding"], rows["200_utf16"]["encoding_confidence"]) == ("utf-16", 1.0)
    assert (rows["201_utf32be"]["raw_encoding"], rows["201_utf32be"]["encoding_confidence"]) == ("utf-32", 1.0)
    assert "“We are open to dialogue,” Putin said" in rows["200_utf16"]["body"]


def test_truncated_utf8_is_read_as_utf8_and_flagged_never_as_cp1252(project):
    data = (ENGLISH_CP1252 + "Talks continue in Beijing next week, officials said é").encode("utf-8")[:-1]  # cut mid-character
    add_raw(project, "210_truncated.txt", data)
    report, messages = build_collecting(project, validate=False)
    assert (report.articles, messages) == (6, [])
    row = articles_of(project)["210_truncated"]
    assert row["raw_encoding"] == "utf-8"
    assert row["encoding_confidence"] == 0.857  # 6 well-formed multi-byte characters, 1 cut: 6/7
    assert "“We are open to dialogue,” Putin said" in row["body"] and "â€" not in row["body"]
    assert raw.detect(Path("210_truncated.txt"), data).text.endswith("officials said \ufffd")  # the cut character, marked


def test_legacy_cyrillic_article_is_detected_kept_and_marked(project):
    add_raw(project, "220_cp1251.txt", RUSSIAN.encode("cp1251"))
    report, messages = build_collecting(project, validate=False)
    assert (report.articles, messages) == (6, [])
    row = articles_of(project)["220_cp1251"]
    assert (row["raw_encoding"], row["encoding_confidence"], row["language"]) == ("cp1251", 1.0, "ru")
    assert row["body"].startswith("Президент России Владимир Путин во вторник")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_chinese_article_is_kept_and_marked(project, encoding):
    add_raw(project, f"230_chinese_{encoding}.txt", CHINESE.encode(encoding))
    report, messages = build_collecting(project, validate=False)
    assert (report.articles, messages) == (6, [])
    row = articles_of(project)[f"230_chinese_{encoding}"]
    assert (row["raw_encoding"], row["encoding_confidence"], row["language"]) == (encoding, 1.0, "zh")
    source_paragraphs = [p.strip() for p in CHINESE.split("\n\n")]
    assert row["body"] and all(paragraph in source_paragraphs for paragraph in row["body"].split("\n\n"))


def test_bytes_no_encoding_reads_as_language_are_refused(project):
    add_raw(project, "240_noise.txt", b"text \x81\x8d\x8f\x90\x9d undefined")
    report, messages = build_collecting(project, validate=False)
    assert report.articles == 5
    assert messages == [
        "skipped 240_noise.txt: not UTF-8, and no encoding reads it as language (best guess cp1251, which shows no known language); cannot decode"
    ]
