"""HTML pages: body extraction, the audit of what was left out, and the page's metadata."""

from pathlib import Path

import pytest

from sino_russian_news.pipeline import html, raw
from sino_russian_news.pipeline.clean import Line, RemovedLine

ARTICLE = (
    "<p>Chinese President Xi Jinping and Russian President Vladimir Putin agreed on Tuesday to expand gas supplies through a new pipeline, officials in Moscow said.</p>"
    "<p>“Our energy partnership is a pillar of our relations,” Putin told reporters after the talks, according to the Kremlin.</p>"
    "<p>Western governments have warned Beijing against helping Moscow evade sanctions over the war in Ukraine.</p>"
)


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f"<!DOCTYPE html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


def test_body_paragraphs_and_every_other_visible_line_audited():
    extraction = html.extract(
        page(
            "<title>Xi and Putin pledge closer energy ties | Example News</title><meta name='author' content='Jane Doe'>",
            "<nav><a href='/'>Home</a><br><a href='/world'>World</a></nav>"
            "<article><h1>Xi and Putin pledge closer energy ties</h1><p class='byline'>By Jane Doe</p>" + ARTICLE + "</article>"
            "<footer>Copyright © 2024 Example News. Subscribe to our newsletter.</footer>",
        )
    )
    assert extraction.text.split("\n") == [
        "Home",
        "World",
        "Xi and Putin pledge closer energy ties",
        "By Jane Doe",
        "Chinese President Xi Jinping and Russian President Vladimir Putin agreed on Tuesday to expand gas supplies through a new pipeline, officials in Moscow said.",
        "“Our energy partnership is a pillar of our relations,” Putin told reporters after the talks, according to the Kremlin.",
        "Western governments have warned Beijing against helping Moscow evade sanctions over the war in Ukraine.",
        "Copyright © 2024 Example News. Subscribe to our newsletter.",
    ]
    assert [line.number for line in extraction.cleaned.paragraphs] == [5, 6, 7]
    assert extraction.cleaned.paragraphs[0].text.startswith("Chinese President Xi Jinping")
    assert extraction.cleaned.removed == (
        RemovedLine(1, "Home", "html-boilerplate"),
        RemovedLine(2, "World", "html-boilerplate"),
        RemovedLine(3, "Xi and Putin pledge closer energy ties", "headline"),
        RemovedLine(4, "By Jane Doe", "byline"),
        RemovedLine(8, "Copyright © 2024 Example News. Subscribe to our newsletter.", "html-boilerplate"),
    )
    assert extraction.extractor == "trafilatura"


def test_a_short_word_is_not_taken_as_body_because_the_body_contains_it():
    lines = ["Moscow", "Talks ended in Moscow on Monday.", "Moscow"]
    cleaned = html.audit(lines, ["Talks ended in Moscow on Monday."], html.PageMetadata())
    assert cleaned.paragraphs == (Line(2, "Talks ended in Moscow on Monday."),)
    assert cleaned.removed == (RemovedLine(1, "Moscow", "html-boilerplate"), RemovedLine(3, "Moscow", "html-boilerplate"))


def test_chinese_page_keeps_its_text():
    body = (
        "<article><h1>中俄两国签署新的天然气供应协议</h1>"
        "<p>中国国家主席习近平和俄罗斯总统普京星期二同意通过一条新的管道扩大天然气供应，莫斯科官员表示。双方还讨论了贸易和能源合作的其他问题。</p>"
        "<p>普京在会谈后对记者说，能源伙伴关系是两国关系的支柱。西方国家政府警告北京不要帮助莫斯科规避制裁。</p></article>"
    )
    extraction = html.extract(page("<title>中俄两国签署新的天然气供应协议_国际_新闻网</title>", body, lang="zh-CN"))
    assert [p.text[:6] for p in extraction.cleaned.paragraphs] == ["中国国家主席", "普京在会谈后"]
    assert (extraction.metadata.headline, extraction.metadata.headline_source) == ("中俄两国签署新的天然气供应协议", "h1")
    assert extraction.metadata.html_lang == "zh"


@pytest.mark.parametrize(
    "title, sites, expected",
    [
        ("Gas deal signed | Example News", ["Example News"], "Gas deal signed"),
        ("Example News - Xi and Putin sign a gas deal", ["Example News"], "Xi and Putin sign a gas deal"),
        ("Xi and Putin sign a gas deal -- Daily Intel -- New York Magazine", [], "Xi and Putin sign a gas deal"),
        ("Forbes.com: The Ford Revolution", [], "The Ford Revolution"),
        ("CNN.com - Rita batters Louisiana, Texas coasts - Sep 24, 2005", [], "Rita batters Louisiana, Texas coasts"),
        ("宇航员在太空中喝酒会怎么样_探索者_光明网", [], "宇航员在太空中喝酒会怎么样"),
        ("Putin: talks with Xi were useful", [], "Putin: talks with Xi were useful"),
        ("Moscow-Beijing ties deepen", [], "Moscow-Beijing ties deepen"),
    ],
)
def test_site_parts_stripped_from_titles(title, sites, expected):
    assert html.strip_site(title, sites) == expected


def test_h1_that_agrees_with_the_title_is_the_headline_over_a_shorter_og_title():
    metadata = html.extract(
        page(
            "<title>BBC News - Japan's Nikkei tops 13,000 for first time since 2008</title>"
            "<meta property='og:title' content='Nikkei hits highest level since 2008'>",
            "<h1>Japan's Nikkei tops 13,000 for first time since 2008</h1>" + ARTICLE,
        )
    ).metadata
    assert (metadata.headline, metadata.headline_source) == ("Japan's Nikkei tops 13,000 for first time since 2008", "h1")


def test_h1_naming_the_site_is_not_the_headline():
    metadata = html.extract(
        page(
            "<title>How the Financial Crisis Is Good for New York -- Daily Intel -- New York Magazine</title>",
            "<h1>New York Magazine</h1>" + ARTICLE,
        )
    ).metadata
    assert (metadata.headline, metadata.headline_source) == ("How the Financial Crisis Is Good for New York", "title")


def test_og_title_without_site_suffix_when_there_is_no_h1():
    metadata = html.extract(
        page(
            "<title>Something else entirely</title><meta property='og:title' content='Putin wants closer military ties with China — Example News'>"
            "<meta property='og:site_name' content='Example News'>",
            ARTICLE,
        )
    ).metadata
    assert (metadata.headline, metadata.headline_source, metadata.site_name) == (
        "Putin wants closer military ties with China",
        "og:title",
        "Example News",
    )


def test_published_time_markup_wins_over_modified_time_and_url():
    metadata = html.extract(
        page(
            "<title>Gas deal</title><link rel='canonical' href='https://example.com/2024/05/30/gas-deal.html'>"
            "<meta property='article:modified_time' content='2024-06-02T08:00:00Z'>"
            "<meta property='article:published_time' content='2024-05-16T10:30:00+03:00'>",
            ARTICLE,
        )
    ).metadata
    assert (metadata.published_date, metadata.date_evidence) == (
        "2024-05-16",
        "markup: meta article:published_time '2024-05-16T10:30:00+03:00'",
    )


def test_json_ld_date_published():
    metadata = html.extract(
        page(
            "<title>Gas deal</title><script type='application/ld+json'>"
            '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "datePublished": "2023-03-20T09:00:00Z", "dateModified": "2023-03-21T09:00:00Z"}]}'
            "</script>",
            ARTICLE,
        )
    ).metadata
    assert (metadata.published_date, metadata.date_evidence) == (
        "2023-03-20",
        "markup: JSON-LD datePublished '2023-03-20T09:00:00Z'",
    )


def test_htmldate_finds_a_date_stated_in_the_page_without_markup():
    metadata = html.extract(page("<title>Gas deal</title>", "<p class='date'>Posted on March 3, 2013</p>" + ARTICLE)).metadata
    assert metadata.published_date == "2013-03-03"
    assert metadata.date_evidence.startswith("htmldate: original date")


def test_no_date_is_left_empty_and_says_why():
    metadata = html.extract(page("<title>Gas deal</title>", ARTICLE)).metadata
    assert (metadata.published_date, metadata.date_evidence) == (
        None,
        "no date in the page's markup or text (htmldate found none)",
    )


def test_a_future_markup_date_is_not_a_publication_date():
    from sino_russian_news.pipeline.article_metadata import date_of

    assert date_of("2013/03/03 17:05:55") == "2013-03-03"
    assert date_of("March 3, 2013") == "2013-03-03"
    assert date_of("2013-02-30") is None
    metadata = html.extract(
        page("<title>Gas deal</title><meta property='article:published_time' content='2999-01-01'>", ARTICLE)
    ).metadata
    assert metadata.published_date is None


def test_byline_from_author_markup():
    metadata = html.extract(page("<title>Gas deal</title><meta name='author' content='Steve Rosenberg'>", ARTICLE)).metadata
    assert metadata.byline == "Steve Rosenberg"


def test_readability_fallback_when_trafilatura_finds_little():
    body = (
        "<div><div>"
        + "".join(
            f"<div>Sentence number {i} of a long report on the pipeline talks between Moscow and Beijing, as told by officials.<br></div>"
            for i in range(3)
        )
        + "</div></div>"
    )
    tree = html.parse(page("<title>Talks</title>", body))
    text = html.readability_text(tree)
    assert (
        text.split("\n")[0]
        == "Sentence number 0 of a long report on the pipeline talks between Moscow and Beijing, as told by officials."
    )
    assert (
        html.baseline_text("<html><body><p>Only a paragraph of text about the talks.</p></body></html>")
        == "Only a paragraph of text about the talks."
    )


def test_load_raw_carries_the_audit_and_metadata(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(
        page(
            "<title>Xi and Putin pledge closer energy ties - Example News</title><meta property='og:site_name' content='Example News'>",
            ARTICLE,
            lang="en-US",
        ),
        encoding="utf-8",
    )
    loaded = raw.load_raw(path)
    assert (loaded.format, loaded.encoding, loaded.page_metadata.headline, loaded.page_metadata.html_lang) == (
        "html",
        "utf-8",
        "Xi and Putin pledge closer energy ties",
        "en",
    )
    assert len(loaded.cleaned.paragraphs) == 3
    assert loaded.text.split("\n")[0].startswith("Chinese President Xi Jinping")


def test_page_without_article_text_is_refused():
    with pytest.raises(raw.RawFileError, match="HTML with no extractable article text"):
        raw.load_raw(Path("empty.html"), b"<html><head><title>Nothing</title></head><body></body></html>")


MENU = [
    "Business News - Business Information",
    "Retail News - Commerce News - Retail Industry News Energy News - Utility News - Energy Industry News",
    "Bonds Commodities Currencies Economy Emerging Markets Equities",
    "Estate Planning Funds Philanthropy Retirement Strategies Taxes",
]
STORY = [
    "Gazprom and CNPC signed a thirty-year supply contract in Shanghai on Wednesday, the companies said.",
    "The pipeline will carry 38 billion cubic metres of gas a year to north-east China from 2019.",
]


def test_prose_share_counts_sentence_paragraphs_latin_and_cjk():
    assert html.prose_share(MENU) == 0.0
    assert html.prose_share(STORY) == 1.0
    # a CJK paragraph has no spaces and ends on a full-width stop; its characters weigh three each
    assert html.prose_share(["中俄两国元首在莫斯科举行会谈，双方同意扩大能源合作。", "首页 新闻 财经"]) == pytest.approx(74 / 94)
    assert html.prose_share([]) == 0.0


def test_a_menu_body_gives_way_to_a_prose_body_but_a_prose_body_stays():
    assert html.is_more_prose(STORY, MENU) is True
    assert html.is_more_prose(MENU, STORY) is False
    # slightly more sentence-like is not enough, nor is a much smaller candidate
    assert html.is_more_prose(STORY, STORY + ["Related: Gas"]) is False
    assert html.is_more_prose(STORY[:1], MENU[:1] + STORY * 3) is False


def test_trim_edges_drops_short_chrome_at_the_edges_only():
    article = [
        "Accessibility Help",
        "Home > Business > Energy",
        *STORY,
        "Officials in Beijing said the price formula would stay confidential for years to come.",
        "Home",
        "To top",
    ]
    assert html.trim_edges(article) == STORY + [article[4]]
    # a short line between paragraphs stays: only the edges are trimmed
    middle = [STORY[0], "Home", STORY[1]]
    assert html.trim_edges(middle) == middle
    # a short closing sentence and a long non-sentence paragraph are never trimmed
    closing = STORY + ["Both sides welcomed the deal."]
    assert html.trim_edges(closing) == closing
    assert html.trim_edges(["Only one line"]) == ["Only one line"]


def test_a_date_or_credit_line_at_the_edge_is_trimmed_also_under_the_headline():
    # metadata lines are short but can look like text to the line model: their rules decide
    assert html.trim_edges(["Friday, September 18, 2009", *STORY]) == STORY
    assert html.trim_edges(["- 28 March 2017", "By Laura Smith-Spark, CNN", *STORY]) == STORY
    # the extractor kept the headline, and the date under it: both go
    body = "<p>Gas Pipeline Deal Signed in Moscow</p><p>Friday, September 18, 2009</p>" + ARTICLE
    extraction = html.extract(page("<title>Gas Pipeline Deal Signed in Moscow</title>", body))
    assert extraction.cleaned.paragraphs[0].text.startswith("Chinese President Xi Jinping")


def test_extraction_audits_trimmed_edge_lines():
    body = "<p>Home &gt; World &gt; Asia</p>" + ARTICLE + "<p>Purchase this story for reprint</p>"
    extraction = html.extract(page("<title>Gas deal</title>", body))
    assert [line.text for line in extraction.cleaned.paragraphs][0].startswith("Chinese President Xi Jinping")
    assert extraction.cleaned.paragraphs[-1].text.startswith("Western governments")
    assert ("Home > World > Asia", "html-boilerplate") in [(r.text, r.reason) for r in extraction.cleaned.removed]


def test_short_all_link_paragraphs_are_dropped_and_audited():
    extraction = html.extract(
        page(
            "<title>Gas deal</title>",
            "<article><p>Chinese President Xi Jinping and Russian President Vladimir Putin agreed on Tuesday to expand gas supplies through a new pipeline, officials in Moscow said.</p>"
            "<p><a href='/other'>Related: Gazprom posts record profit</a></p>"
            "<p>“Our energy partnership is a pillar of our relations,” <a href='/putin'>Putin</a> told reporters after the talks, according to the Kremlin.</p>"
            "<p>Western governments have warned Beijing against helping Moscow evade sanctions over the war in Ukraine.</p></article>",
        )
    )
    assert [line.text[:30] for line in extraction.cleaned.paragraphs] == [
        "Chinese President Xi Jinping a",
        "“Our energy partnership is a p",
        "Western governments have warne",
    ]
    assert RemovedLine(2, "Related: Gazprom posts record profit", "html-boilerplate") in extraction.cleaned.removed


def test_drop_link_paragraphs_keeps_long_links_and_an_all_link_body():
    tree = html.parse(
        page("", "<p><a href='/a'>Moscow and Beijing sign a deal</a></p><p><a href='/b'>" + "x " * 100 + "</a></p>")
    )
    long_link = html.normalise("x " * 100)
    assert html.drop_link_paragraphs(["Moscow and Beijing sign a deal", long_link, "Some text"], tree) == [long_link, "Some text"]
    assert html.drop_link_paragraphs(["Moscow and Beijing sign a deal"], tree) == ["Moscow and Beijing sign a deal"]


TEASERS = [
    "updated 4:58 PM EST, Fri January 4, 2013",
    "AC Milan midfielder Kevin-Prince Boateng insists he will walk off if he is subjected to racist abuse.",
    "updated 6:33 PM EST, Thu January 3, 2013",
    "Al Jazeera has bought Current TV, gaining access to millions more U.S. viewers.",
    "updated 1:41 PM EST, Fri January 4, 2013",
    "Several questions loom as Venezuela's inauguration day nears.",
]


def test_a_tail_of_dated_teasers_is_cut_but_a_timeline_inside_the_article_stays():
    article = STORY * 3
    assert html.before_dated_teasers(article + TEASERS) == article
    # a timeline followed by more of the article: the dates stop before the body ends
    timeline = ["- 19 Dec 2012: 13 die in Wagholi", "- 24 Sept 2012: 6 die in Pune", "- 13 Aug 2008: 20 die in Mumbai"]
    assert html.before_dated_teasers(STORY + timeline + STORY * 2) == STORY + timeline + STORY * 2
    # a live blog's dated entries are most of its text: they stay
    assert html.before_dated_teasers(STORY[:1] + TEASERS) == STORY[:1] + TEASERS


def test_a_copyright_notice_opens_the_footer_but_a_photo_credit_ends_nothing():
    article = STORY * 3
    footer = ["© 2005 Forbes.com Inc. All Rights Reserved", "Privacy Statement", "A Basketball Miracle: the season's best story."]
    assert html.before_copyright(article + footer) == article
    # a photo credit is no notice, and a notice with most of the article after it is not the footer
    assert html.before_copyright(STORY + ["© Reuters"] + article) == STORY + ["© Reuters"] + article
    assert (
        html.before_copyright(STORY[:1] + ["Copyright 2024 Example News"] + article)
        == STORY[:1] + ["Copyright 2024 Example News"] + article
    )
