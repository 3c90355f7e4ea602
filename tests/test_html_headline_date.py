"""HTML headline and date: which of the page's headings and titles is the headline, which date is the publication."""

from sino_russian_news.pipeline import html

ARTICLE = (
    "<p>Chinese President Xi Jinping and Russian President Vladimir Putin agreed on Tuesday to expand gas supplies through a new pipeline, officials in Moscow said.</p>"
    "<p>“Our energy partnership is a pillar of our relations,” Putin told reporters after the talks, according to the Kremlin.</p>"
    "<p>Western governments have warned Beijing against helping Moscow evade sanctions over the war in Ukraine.</p>"
)
MENU = "<ul>" + "".join(f"<li><a href='/{n}'>Section {n}</a></li>" for n in range(1, 13)) + "</ul>"


def page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def headline_of(head: str, body: str) -> tuple[str | None, str | None]:
    """(headline, the element it came from) of a page with this <head> and <body>."""
    metadata = html.extract(page(head, body)).metadata
    return metadata.headline, metadata.headline_source


def test_a_site_name_that_is_really_the_title_is_not_used():
    assert html.plausible_site_name("FOXNews.com - Looting Follows Wilma in Mexico") is None
    assert html.plausible_site_name("Animal rights vs. rodeo DMCA takedown fight settled") is None
    assert html.plausible_site_name("© 2008 New York Magazine Holdings LLC. All Rights Reserved.") is None
    assert html.plausible_site_name("Los Angeles Times") == "Los Angeles Times"


def test_title_headline_survives_when_trafilatura_takes_it_for_the_site_name():
    # without og:site_name trafilatura names the site after the title's first part; the old
    # code then stripped that part and kept the section "U.S. & World" as the headline
    assert headline_of(
        "<title>Example.com - Gas Pipeline Deal Signed in Moscow - U.S. &amp; World</title>",
        "<h1>U.S. &amp; World</h1>" + MENU + "<h1>Gas Pipeline Deal Signed in Moscow</h1>" + ARTICLE,
    ) == ("Gas Pipeline Deal Signed in Moscow", "h1")


def test_heading_above_the_body_that_is_the_titles_first_part():
    # "headline - standfirst" title, the h1 is the site's logo, the headline is an h2
    assert headline_of(
        "<title>Identity Crisis - New State Laws Aimed at Quack Therapists</title>",
        "<h1>New York Magazine</h1>"
        + MENU
        + "<h2>Identity Crisis</h2><p>New rules for therapists.</p><p>By Sean Kennedy</p>"
        + ARTICLE,
    ) == ("Identity Crisis", "h2")


def test_only_h1_just_above_the_body_wins_over_a_differing_og_title():
    assert headline_of(
        "<title>Is the gas deal good for Europe? - Example.com</title>"
        "<meta property='og:title' content='Pipeline politics: the new deal'>",
        MENU + "<h1>Xi and Putin agree to expand gas supplies</h1><p>By Jane Doe</p>" + ARTICLE,
    ) == ("Xi and Putin agree to expand gas supplies", "h1")


def test_only_h1_far_above_the_body_gives_way_to_og_title():
    # more than HEADING_WINDOW lines of menu between them: the h1 is page chrome
    assert headline_of(
        "<meta property='og:title' content='Pipeline politics: the new deal'>",
        "<h1>Energy Health Center</h1>" + MENU + ARTICLE,
    ) == ("Pipeline politics: the new deal", "og:title")


def test_only_h1_that_is_a_title_part_is_not_the_headline():
    assert headline_of(
        "<title>How the Financial Crisis Is Good for New York -- Daily Intel -- New York Magazine</title>",
        "<h1>Daily Intel</h1>" + ARTICLE,
    ) == ("How the Financial Crisis Is Good for New York", "title")


def test_a_heading_wrapped_over_source_lines_is_one_line():
    assert headline_of(
        "<title>Xi and Putin agree to expand\n  gas supplies</title>",
        "<h1>Xi and Putin agree\n        to expand gas supplies</h1>" + ARTICLE,
    ) == ("Xi and Putin agree to expand gas supplies", "h1")


def test_a_title_the_page_never_prints_gives_way_to_the_line_over_the_byline():
    # the site's title on every story, the headline in a <span>: the stack headline, byline, body
    story = (
        "<p><span class='headline'>Xi and Putin Agree to Expand Gas Supplies</span></p>"
        "<p><span class='byline'>By JANE DOE</span><br><span>Associated Press Writer</span></p>"
    )
    site_title = "<title>Example Post Online Edition: Breaking News</title>"
    assert headline_of(site_title, MENU + story + ARTICLE) == ("Xi and Putin Agree to Expand Gas Supplies", "printed")
    # a title the page prints stays the headline
    printed = headline_of("<title>Gas Supplies Deal - Example Post</title>", MENU + "<p>Gas Supplies Deal</p>" + story + ARTICLE)
    assert printed == ("Gas Supplies Deal", "title")
    # so does the title over a standfirst, or over a standfirst broken into lines
    for line in ("The two leaders met in Moscow on Tuesday.", "expand gas supplies, officials say"):
        over_byline = story.replace("Xi and Putin Agree to Expand Gas Supplies", line)
        assert headline_of(site_title, MENU + over_byline + ARTICLE) == ("Example Post Online Edition: Breaking News", "title")


def test_the_pages_only_time_element_beats_an_older_date_in_a_tracking_attribute():
    metadata = html.extract(
        page(
            "<title>Gas deal</title><meta name='tracking' content='build dt: 2016-11-09T14:47:17Z'>",
            "<h1>Gas deal</h1><p>By Alex Perry <time datetime='2016-11-15T07:00:00.000Z'>1 day ago</time></p>" + ARTICLE,
        )
    ).metadata
    assert (metadata.published_date, metadata.date_evidence) == (
        "2016-11-15",
        "markup: the page's only <time> date '2016-11-15T07:00:00.000Z'",
    )


def test_time_elements_of_different_days_are_left_to_htmldate():
    tree = html.parse(
        page(
            "<title>Gas deal</title>",
            "<time datetime='2016-11-15'>Nov 15</time>" + ARTICLE + "<time datetime='2016-11-20'>Nov 20</time>",
        )
    )
    assert html.single_time_element(tree) is None
    same_day = html.parse(page("", "<time datetime='2016-11-15T07:00Z'>a</time><time datetime='2016-11-15'>b</time>"))
    assert html.single_time_element(same_day) == ("2016-11-15", "markup: the page's only <time> date '2016-11-15T07:00Z'")


def test_an_author_written_by_a_script_is_no_byline():
    page = """<html><head><title>Trade talks extended</title></head><body>
<h1>Trade talks extended</h1>
<span class="author"><script>var byline = 'Jane Doe,'; if (byline != null) { document.write(byline); }</script>
<noscript>Jane Doe,</noscript></span>
<p>Officials in Moscow and Beijing said on Monday that talks on trade would continue, and that both
sides expected further agreements on energy.</p></body></html>"""
    assert html.page_metadata(html.parse(page)).byline is None
    assert html.page_metadata(html.parse(page.replace("<script>", "<!--").replace("</script>", "-->"))).byline == "Jane Doe"


def test_an_archived_capture_is_the_original_pages_site_and_address():
    capture = "https://web.archive.org/web/20090301020158/http:/arstechnica.com/tech-policy/news/2009/02/kindles.ars"
    head = f"<title>Kindles and copyright</title><link rel='canonical' href='{capture}'/>"
    metadata = html.page_metadata(html.parse(page(head, "<h1>Kindles and copyright</h1>" + ARTICLE)))
    assert metadata.url == "http://arstechnica.com/tech-policy/news/2009/02/kindles.ars"
    assert metadata.site_name == "arstechnica.com"
    assert html.original_url("https://example.com/web/2009/a") == "https://example.com/web/2009/a"


def test_a_markup_date_with_dots_is_day_first_and_a_month_name_is_read_in_its_language():
    metadata = html.extract(
        page("<title>Gasabkommen</title><meta name='date' content='04.05.2015'>", "<h1>Gasabkommen</h1>" + ARTICLE)
    ).metadata
    assert metadata.published_date == "2015-05-04"
    from sino_russian_news.pipeline.article_metadata import date_of

    assert [date_of(v) for v in ("3. März 2013", "24.02.2022 13:36", "Dec 19th 2025", "2013/03/03 17:05:55")] == [
        "2013-03-03",
        "2022-02-24",
        "2025-12-19",
        "2013-03-03",
    ]
