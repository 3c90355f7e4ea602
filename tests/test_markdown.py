"""Markdown scrapes (Firecrawl, Jina Reader, crawl4ai): read as the text they render, line for line."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from sino_russian_news.cli import cli
from sino_russian_news.pipeline import ingest, raw
from sino_russian_news.pipeline.build import Curation, prepare_article
from sino_russian_news.pipeline.markdown import plain_text

ROOT = Path(__file__).resolve().parents[1]
# A news page as a scraper's Markdown: a menu of links, the story, related links and a footer.
PAGE = ROOT / "tests" / "data" / "markdown-scrape.md"


def test_markdown_syntax_is_rendered_away_on_the_lines_it_was_written_on():
    source = "\n".join(
        [
            "# Moscow and Beijing sign a deal",
            "*   [Home](https://x.org/)",
            "",
            "By **Jane Doe** | 3 March 2022",
            "",
            "Russia and China [agreed](https://x.org/a) on a new",
            "pipeline, officials said.  ",
            "A line after a hard break. ![photo](https://x.org/p.jpg)",
            "",
            '> "We are partners," Putin said.',
            "",
            "| Year | Trade |",
            "|---|---|",
            "| 2023 | $240bn |",
            "",
            "[1]: https://x.org/ref",
            '<div class="ad">Advert <b>here</b><script>track()</script></div>',
            "",
            "Text with `code`, a [reference][1], &amp; an entity and <br> a tag.",
        ]
    )

    assert plain_text(source).split("\n") == [
        "Moscow and Beijing sign a deal",
        "Home",
        "",
        "By Jane Doe | 3 March 2022",
        "",
        # a paragraph's lines are one line, as Markdown renders them; a hard break starts another
        "Russia and China agreed on a new pipeline, officials said.",
        "A line after a hard break.",
        "",
        "",
        '"We are partners," Putin said.',
        "",
        "Year  Trade",
        "",
        "2023  $240bn",
        "",
        "",
        "Advert here",
        "",
        "Text with code, a reference, & an entity and a tag.",
    ]


def test_a_markdown_page_is_cleaned_like_a_browser_text_of_it():
    record, cleaned = prepare_article(PAGE, Curation.load(ROOT / "dataset" / "curated"))

    assert (record["raw_format"], record["headline"], record["subheadline"], record["byline"], record["published_date"]) == (
        "markdown",
        "Xi and Putin pledge deeper energy ties at Beijing summit",
        None,
        "Anna Petrova",
        "2024-05-16",
    )
    paragraphs = record["body"].split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0] == (
        "Chinese President Xi Jinping and Russian President Vladimir Putin agreed on Thursday to deepen their energy "
        "partnership, signing a joint statement on the Power of Siberia 2 pipeline after talks in Beijing."
    )
    # Every removed line is audited under the Markdown file's own line number.
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    assert [(line.number, line.reason) for line in cleaned.removed] == [
        (1, "site-chrome"),
        (3, "site-chrome"),
        (4, "outside-article"),
        (5, "outside-article"),
        (6, "outside-article"),
        (8, "headline"),
        (10, "byline"),  # "By Anna Petrova | Published 16 May 2024": a credit line, not a standfirst
        (28, "outside-article"),
        (30, "outside-article"),
        (31, "outside-article"),
        (33, "copyright"),
    ]
    assert lines[33 - 1].startswith("© 2024 News Example. All rights reserved. [Privacy]")


def test_the_same_page_saved_as_txt_keeps_its_syntax_so_markdown_is_read_by_its_suffix(tmp_path):
    as_text = tmp_path / "page.txt"
    as_text.write_bytes(PAGE.read_bytes())

    loaded = raw.load_raw(as_text)

    assert (loaded.format, loaded.text.split("\n")[7]) == ("text", "# Xi and Putin pledge deeper energy ties at Beijing summit")


def test_firecrawl_json_and_a_loose_markdown_file_are_added_as_markdown(tmp_path):
    project = tmp_path / "project"
    (project / "dataset" / "raw").mkdir(parents=True)
    raw.write_manifest(project / "dataset" / "raw", {})
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    firecrawl = {
        "markdown": "Russia and China agreed on a pipeline, officials in **Moscow** said on Thursday.",
        "metadata": {"title": "Pipeline deal", "sourceURL": "https://news.example/pipeline", "publishedTime": "2024-05-16"},
    }
    (crawl / "firecrawl.json").write_text(json.dumps([firecrawl], indent=2))
    (crawl / "page.md").write_bytes(PAGE.read_bytes())

    result = CliRunner().invoke(cli, ["add", "--project", str(project), str(crawl)])

    assert result.exit_code == 0, result.output
    rows = sorted(ingest.read_provenance(project / "dataset" / "raw").values(), key=lambda r: r["source_archive"])
    assert [(Path(r["file"]).suffix, r["url"], r["published"], r["source_archive"]) for r in rows] == [
        (".md", "https://news.example/pipeline", "2024-05-16", "crawl/firecrawl.json"),
        (".md", "", "", "crawl/page.md"),
    ]
    # The title, which the Markdown does not print, is its front matter: the headline
    assert (project / "dataset" / "raw" / rows[0]["file"]).read_text(encoding="utf-8") == (
        "---\ntitle: Pipeline deal\n---\n\nRussia and China agreed on a pipeline, officials in **Moscow** said on Thursday.\n"
    )
    pipeline = prepare_article(project / "dataset" / "raw" / rows[0]["file"], Curation.load(ROOT / "dataset" / "curated"))[0]
    assert (pipeline["headline"], pipeline["body"]) == (
        "Pipeline deal",
        "Russia and China agreed on a pipeline, officials in Moscow said on Thursday.",
    )
    assert (project / "dataset" / "raw" / rows[1]["file"]).read_bytes() == PAGE.read_bytes()


def test_match_searches_a_markdown_page_as_it_reads_not_its_link_addresses(tmp_path):
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    raw.write_manifest(raw_dir, {})
    menu = tmp_path / "libraries.md"
    menu.write_text(
        "# Libraries get more money\n\n[World](https://news.example/russia-china)\n\nThe council voted on Thursday.\n"
    )

    report = ingest.ingest(raw_dir, [menu, PAGE], ingest.RecordFilter(match=re.compile("(?i)russia.*china")))

    assert (report.filtered, [raw.load_raw(raw_dir / name).format for name in report.added]) == (1, ["markdown"])


def test_a_jina_reader_page_has_its_title_as_headline_and_the_same_body(tmp_path):
    curation = Curation.load(ROOT / "dataset" / "curated")
    header = (
        "Title: Xi and Putin pledge deeper energy ties at Beijing summit\n\nURL Source: https://news.example/world/xi-putin\n\n"
        "Published Time: 2024-05-16T09:00:00+00:00\n\nMarkdown Content:\n"
    )
    reader = tmp_path / "reader.md"
    reader.write_text(header + PAGE.read_text(encoding="utf-8"), encoding="utf-8")

    record, cleaned = prepare_article(reader, curation)

    assert record["headline"] == "Xi and Putin pledge deeper energy ties at Beijing summit"
    assert record["body"] == prepare_article(PAGE, curation)[0]["body"]
    assert [(line.number, line.text) for line in cleaned.removed][:3] == [
        (1, "Xi and Putin pledge deeper energy ties at Beijing summit"),
        (3, "URL Source: https://news.example/world/xi-putin"),
        (5, "Published Time: 2024-05-16T09:00:00+00:00"),
    ]


ARCHIVE_BAR = (
    "The Wayback Machine is an initiative of the Internet Archive, a non-profit building a digital library of "
    "Internet sites and other cultural artifacts in digital form, and this page was captured on May 16, 2024."
)


def test_the_only_level_one_heading_is_the_headline_and_starts_the_article(tmp_path):
    """A whole page converted to Markdown (Firecrawl, Jina Reader) keeps its `<h1>` as `# …`: the
    page's own statement of its title, as in HTML. Here an archive's toolbar, a sentence long
    enough to read as the article's first paragraph, sits above it."""
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    page = tmp_path / "archived.md"
    page.write_text("\n".join([ARCHIVE_BAR, "", *lines[7:]]), encoding="utf-8")

    record, cleaned = prepare_article(page, Curation.load(ROOT / "dataset" / "curated"))

    assert (record["headline"], record["headline_evidence"]) == (
        "Xi and Putin pledge deeper energy ties at Beijing summit",
        "markdown: line 3, the file's only level-1 heading",
    )
    assert record["body"].startswith("Chinese President Xi Jinping and Russian President Vladimir Putin agreed")
    assert [(line.number, line.reason) for line in cleaned.removed][:3] == [
        (1, "outside-article"),
        (3, "headline"),
        (5, "byline"),
    ]
    # Without the heading's mark the same text starts on the toolbar, and no line is the title.
    as_text = tmp_path / "archived.txt"
    as_text.write_text(raw.load_raw(page).text, encoding="utf-8")
    record, _ = prepare_article(as_text, Curation.load(ROOT / "dataset" / "curated"))
    assert (record["headline"], record["body"].split("\n\n")[0]) == (None, ARCHIVE_BAR)


def test_a_heading_every_page_prints_or_one_of_several_is_no_title():
    from sino_russian_news.pipeline.clean import clean
    from sino_russian_news.pipeline.cleaner_features import recurrence_key
    from sino_russian_news.pipeline.markdown import render

    site = "# Ars Technica: The Art of Technology\n\n" + "\n".join(PAGE.read_text(encoding="utf-8").split("\n")[9:])
    rendered = render(site)
    text, title_line = rendered.text, rendered.title_line
    assert title_line == 1
    assert clean(text, title_line=title_line).headline_evidence == "markdown: line 1, the file's only level-1 heading"
    # the site's name as every page's heading: other pages of the batch print it (recurrence.py)
    printed_elsewhere = frozenset({recurrence_key("Ars Technica: The Art of Technology")})
    assert not clean(text, recurring=printed_elsewhere, title_line=title_line).headline_evidence.startswith("markdown")
    assert render("# One\n\ntext\n\n# Two\n").title_line is None
    assert render("Underlined title\n===\n\ntext\n").title_line == 1


TRAFILATURA_FRONT_MATTER = """---
title: Xi and Putin pledge deeper energy ties at Beijing summit | World
author: Anna Petrova; Li Wei
url: https://news.example/world/xi-putin
hostname: news.example
sitename: News Example
date: "2024-05-16"
fingerprint: "771078c53832796a"
---
"""


def test_front_matter_is_the_scrapers_record_of_the_page(tmp_path):
    """`trafilatura --markdown --with-metadata` writes the page's metadata as YAML front matter
    above the article, which has no byline or date line of its own: before, the block was read
    as one line of text and the writers and the date were lost."""
    article = "\n".join(PAGE.read_text(encoding="utf-8").split("\n")[13:27])  # the four paragraphs
    page = tmp_path / "trafilatura.md"
    page.write_text(TRAFILATURA_FRONT_MATTER + "\n" + article + "\n", encoding="utf-8")

    record, cleaned = prepare_article(page, Curation.load(ROOT / "dataset" / "curated"))

    assert (record["headline"], record["byline"], record["published_date"], record["date_source"]) == (
        "Xi and Putin pledge deeper energy ties at Beijing summit | World",
        "Anna Petrova; Li Wei",
        "2024-05-16",
        "export",
    )
    assert (record["byline_evidence"], record["date_evidence"]) == (
        "markdown front matter: author 'Anna Petrova; Li Wei'",
        "markdown front matter: date '2024-05-16'",
    )
    assert record["body"].startswith("Chinese President Xi Jinping") and len(record["body"].split("\n\n")) == 4
    assert [(line.number, line.reason) for line in cleaned.removed] == [(1, "headline")]  # the block's lines are no text


def test_only_a_closed_yaml_mapping_at_the_top_is_front_matter():
    from sino_russian_news.pipeline.markdown import front_matter, render

    assert front_matter("---\ntitle: A\nauthors: [Jane Doe, Li Wei]\ndate: 2024-05-16\n---\ntext") == (
        {"title": "A", "author": "Jane Doe; Li Wei", "date": "2024-05-16"},
        5,
    )
    assert front_matter("---\n\nA thematic break, then text.\n") == ({}, 0)  # never closed
    assert front_matter("---\n- a list\n---\n") == ({}, 0)  # not a mapping
    assert front_matter("---\nNote: the talks resume on Monday.\n---\n") == ({}, 0)  # the page's text between rules
    assert front_matter("Text\n---\ntitle: A\n---\n") == ({}, 0)  # not at the top
    assert dict(render(PAGE.read_text(encoding="utf-8")).front_matter) == {}


def test_the_title_a_scraper_recorded_names_a_page_without_one_heading():
    """A front matter block is the scraper's record of the page's title: with no single
    level-1 heading to name the page, it is the headline whatever its shape (before, the line
    was judged like a printed one, and a title with full stops was read as the first
    paragraph). Jina Reader's 'Title:' line is the page's <title> as printed, often with the
    site's name: the ranker weighs it as before."""
    from sino_russian_news.pipeline.clean import clean
    from sino_russian_news.pipeline.markdown import render

    story = "\n".join(PAGE.read_text(encoding="utf-8").split("\n")[13:27])  # the four paragraphs
    title = "Xi stays in Beijing. Putin flies home."
    rendered = render(f"---\ntitle: {title}\n---\n\n{story}\n")
    assert (rendered.title_line, rendered.title_is_recorded) == (1, True)
    cleaned = clean(rendered.text, title_line=rendered.title_line, title_recorded=rendered.title_is_recorded)
    assert cleaned.removed_text("headline") == [title]
    assert cleaned.headline_evidence == "scraper: line 1, the title the scraper recorded with the page"
    assert cleaned.paragraphs[0].text.startswith("Chinese President Xi Jinping")
    reader = render(f"Title: {title} | World\n\nMarkdown Content:\n{story}\n")
    assert (reader.title_line, reader.title_is_recorded) == (None, False)
    # a page's only level-1 heading still names it, and a block without a title names nothing
    assert (render(f"---\ntitle: {title}\n---\n\n# Printed title\n\n{story}\n").title_line, render(story).title_is_recorded) == (
        5,
        False,
    )
    assert render(f"---\nauthor: Jane Doe\n---\n\n{story}\n").title_line is None


def test_a_text_file_may_open_with_front_matter_too(tmp_path):
    """`sino-russian-news add` writes an export's title as front matter above the text, and a
    researcher may write one by hand: read as in a Markdown file, its title names the page
    and its author and date are kept where the text states none."""
    article = "\n".join(PAGE.read_text(encoding="utf-8").split("\n")[13:27])
    page = tmp_path / "export.txt"
    page.write_text(f"---\ntitle: Energy talks\nauthor: Anna Petrova\ndate: 2024-05-16\n---\n\n{article}\n", encoding="utf-8")

    record, cleaned = prepare_article(page, Curation.load(ROOT / "dataset" / "curated"))

    assert (record["raw_format"], record["headline"], record["byline"], record["published_date"]) == (
        "text",
        "Energy talks",
        "Anna Petrova",
        "2024-05-16",
    )
    assert (record["byline_evidence"], record["date_evidence"]) == (
        "front matter: author 'Anna Petrova'",
        "front matter: date '2024-05-16'",
    )
    assert [(line.number, line.reason) for line in cleaned.removed] == [(1, "headline")]
    assert raw.cleaner_text(page.read_text(encoding="utf-8"), ".txt").split("\n")[:5] == ["Energy talks", "", "", "", ""]
