"""What real scrapes contain: each bad input gets a one-line error naming the file, and the
build goes on with the good files (or stops with strict=True) without losing the last release."""

import shutil

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
        ("103_all_chrome.txt", b"Connect with us\n\nSource link\n\nLeave A Reply\n\nRead More\n", "no article text left after cleaning"),
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
    add_raw(project, "111_latin1.txt", ENGLISH_CP1252.replace("’", "'").replace("“", '"').replace("”", '"').encode("latin-1") + "Officials met later at the Café © in central Moscow.\n".encode("latin-1"))
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
    report, messages = build_collecting(project)
    assert report.articles == 5
    [message] = messages
    assert message.startswith("skipped 130_huge.txt: article text is ") and "over the 200,000 limit" in message


def test_same_article_under_two_names_is_flagged_as_syndication(project):
    shutil.copyfile(project / "dataset" / "raw" / "004_6f773ce998831c97.txt", project / "copy.txt")
    data = (project / "copy.txt").read_bytes().replace(b"Connect with us", b"Connect with us today")
    add_raw(project, "140_cnn_repost.txt", data)
    report, messages = build_collecting(project)
    assert report.articles == 6 and messages == []
    import sqlite_utils

    pairs = list(sqlite_utils.Database(project / "dataset" / "sino_russian_news.db")["syndication_pairs"].rows)
    assert pairs == [{"article_id": "004_6f773ce998831c97", "other_article_id": "140_cnn_repost", "jaccard": 1.0, "group_id": "004_6f773ce998831c97"}]


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
    assert row["raw_encoding"] == "html"
    assert row["headline"] == "Xi and Putin pledge closer energy ties"
    assert row["body"].startswith("Chinese President Xi Jinping and Russian President Vladimir Putin agreed")
    assert "Home" not in row["body"] and "Copyright" not in row["body"]
    quote = next(built.query("select speaker_entity_id, cue from quotes where article_id = '160_page'"))
    assert (quote["speaker_entity_id"], quote["cue"]) == ("Q7747", "told")
