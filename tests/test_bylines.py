"""Bylines: credit lines of text dumps, and trafilatura's author from an HTML page's markup."""

import pytest

from sino_russian_news.pipeline.article_metadata import StatedByline, text_byline
from sino_russian_news.pipeline.bylines import (
    credit_before,
    credit_byline,
    credit_with_apposition,
    parse_byline,
    plausible_byline,
    without_outlets,
)
from sino_russian_news.pipeline.clean import Cleaned, Line, RemovedLine

PROSE = "Chinese and Russian officials met in Beijing to discuss the route of a new gas pipeline, the ministry said on Monday."


def test_parse_byline():
    assert (
        parse_byline("By Steve Rosenberg, Stephen McDonell and James Landale")
        == "Steve Rosenberg; Stephen McDonell; James Landale"
    )
    assert parse_byline("by Jane Doe & John Roe") == "Jane Doe; John Roe"
    assert parse_byline("BYLINE: Amber Phillips.") == "Amber Phillips"
    assert parse_byline("By: Jane Doe and Li Wei") == "Jane Doe; Li Wei"
    assert parse_byline(None) is None
    assert parse_byline("By") is None  # the 'By' line of a split byline names nobody
    assert parse_byline("Jane Doe, @janedoe") == "Jane Doe"
    assert parse_byline("By Jane Doe | Reuters") == "Jane Doe"
    assert parse_byline("by Lucas Nolan 22 Dec 2016 651") == "Lucas Nolan"  # a date and a comment count follow
    assert parse_byline("By Ursula von der Leyen") == "Ursula von der Leyen"
    assert parse_byline("By Arion McNicoll for CNN") == "Arion McNicoll"  # not 'Arion McNicoll for CNN'
    assert parse_byline("* by: Laurie Oakes") == "Laurie Oakes"  # a list item's bullet


def test_a_title_after_the_comma_is_no_second_writer():
    assert parse_byline("By Karen Kaplan, Times Staff Writer") == "Karen Kaplan"
    assert parse_byline("By Shannon Williams, Journalist") == "Shannon Williams"
    assert parse_byline("By Nicole Gaouette and Edwin Chen, Times Staff Writers") == "Nicole Gaouette; Edwin Chen"


@pytest.mark.parametrize(
    "line, names",
    [
        ("By Erin Cunningham March 18 at 3:57 PM Follow @erinmcunningham", "Erin Cunningham"),
        ("By JEFFREY GETTLEMAN JAN. 13, 2017", "JEFFREY GETTLEMAN"),
        ("By STEVEN DAVIDOFF SOLOMON JULY 29, 2016", "STEVEN DAVIDOFF SOLOMON"),
        ("by Steven Musil January 18, 2017 11:00 PM PST", "Steven Musil"),
        ("By Alissa Wilkinson@alissamarie Updated Jul 24, 2018, 2:15pm EDT", "Alissa Wilkinson"),
        ("By Jayesh Shinde | Updated on 19-Dec-2025", "Jayesh Shinde"),
        ("By Sarah Schwartz — November 18, 2025 6 min read", "Sarah Schwartz"),
        ("by Eleanor Ainge Roy (reporting) and Adrian Malloch (photography)", "Eleanor Ainge Roy"),
        ("By Alex Heath, a deputy editor and author of the Command Line newsletter.", "Alex Heath"),
        ("By Stella Kim and Jennifer Jett", "Stella Kim; Jennifer Jett"),
        ("ByNina Pineda", "Nina Pineda"),  # a text dump joins 'By' and the linked name
        ("Written by Maya Perez", "Maya Perez"),
        ("Posted by BeauHD on Friday December 19, 2025 @08:00PM", "BeauHD"),
        ("Posted on December 20, 2025 by Jean-Luc Aufranc (CNXSoft) - 5 Comments", "Jean-Luc Aufranc"),
        ("Posted on March 3, 2013 by admin", None),  # an account, not a name
        ("By Theresa May", "Theresa May"),  # a month name that no number follows is a name
        ("Byron Smith wins the race", None),
        ("By @janedoe", None),  # nothing before the account: no name
        ("By | Updated March 3, 2024", None),
        ("By the time he arrived, the talks had ended", None),
        ("Standing by Beijing, Moscow signs the deal", None),
        # other languages' credits, read when the names fill the credit
        ("Par Sébastien Farcis", "Sébastien Farcis"),
        ("Par Alexandre Hervaud et Jérémy Piette — 24 novembre 2017 à 18:42", "Alexandre Hervaud; Jérémy Piette"),
        ("Por María López y Juan Pérez", "María López; Juan Pérez"),
        ("Von Anna Schmidt, Berlin", "Anna Schmidt"),
        ("Von Moskau nach Peking reiste der Präsident", None),  # 'von' opening a sentence
        ("Par ailleurs, le président a promis", None),
        ("Por Qué China Compra Gas Ruso", None),  # a headline in title case: 'Qué' is no name
        # a credit as one field of a line printing the outlet and the dates too
        (
            "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin Untersinger (avec Damien Leloup)",
            "Martin Untersinger",
        ),
        ("Reuters | By Jane Doe", "Jane Doe"),
        # the names end at a lowercase word that is no particle of a name
        ("By Arion McNicoll for CNN", "Arion McNicoll"),
        ("By Jane de Souza and Li Wei", "Jane de Souza; Li Wei"),
        ("* by Steven Musil January 18, 2017 11:00 PM PST", "Steven Musil"),  # a list item
    ],
)
def test_the_names_of_a_credit_line(line, names):
    assert credit_byline(line) == names


def test_a_byline_line_with_fields_or_in_another_language():
    assert parse_byline("Le Monde | 04.05.2015 à 13h36 | Par Martin Untersinger") == "Martin Untersinger"
    assert parse_byline("Par Alexandre Hervaud et Jérémy Piette") == "Alexandre Hervaud; Jérémy Piette"
    # the name line of a split byline ('By' above it) keeps its name before the outlet
    assert parse_byline("Sergio Martínez-Beltrán | The Texas Newsroom") == "Sergio Martínez-Beltrán"


def cleaned_page(header: list[tuple[str, str]], paragraphs: list[str]) -> Cleaned:
    removed = tuple(RemovedLine(n, text, reason) for n, (text, reason) in enumerate(header, start=1))
    body = tuple(Line(len(header) + n, text) for n, text in enumerate(paragraphs, start=1))
    return Cleaned(body, removed)


def test_a_text_byline_is_the_byline_line_else_the_credit_line_nearest_the_body():
    teaser = ("By Anna Smith March 2, 2024", "site-chrome")  # a teaser's credit, high up the page
    credit = ("By Li Wei March 18 at 3:57 PM Follow @liwei", "timestamp")
    page = cleaned_page([("Home", "site-chrome"), teaser, ("Gas deal signed", "headline"), credit], [PROSE])
    assert text_byline(page) == StatedByline(
        "Li Wei", "text: line 4, a credit line: 'By Li Wei March 18 at 3:57 PM Follow @liwei'"
    )
    labelled = ("By Jane Doe", "byline")
    assert text_byline(cleaned_page([labelled, credit], [PROSE])) == StatedByline(
        "Jane Doe", "text: line 1, a byline line: 'By Jane Doe'"
    )


def test_a_timestamp_under_the_headline_that_opens_with_a_name_names_the_writer():
    from sino_russian_news.pipeline.article_metadata import named_timestamp

    assert named_timestamp("Dan Goodin - Apr 16, 2015 8:02 pm UTC") == "Dan Goodin"
    assert named_timestamp("Alex Perry 1 day ago") == "Alex Perry"
    assert named_timestamp("James Akinaka • 8h") == "James Akinaka"
    assert named_timestamp("Rahul Tyagi") is None  # a name alone: a caption, a bio, a menu
    assert named_timestamp("Friday 3 March 2017") is None  # one word before the date
    assert named_timestamp("Last Updated 3 hours ago") is None
    teasers = "The Ford Revolution Bye-Bye, American Car Faces In The News: May 20, 2002 Rumble In The Luxury Jungle"
    assert named_timestamp(teasers) is None
    stamp = "Dan Goodin - Apr 16, 2015 8:02 pm UTC"
    header = [("Home", "site-chrome"), ("Gas deal signed", "headline"), (stamp, "timestamp")]
    assert text_byline(cleaned_page(header, [PROSE])) == StatedByline(
        "Dan Goodin", f"text: line 3, a timestamp opening with the writer's name: '{stamp}'"
    )
    # above the headline it is another story's
    above = [(stamp, "site-chrome"), ("Gas deal signed", "headline")]
    assert text_byline(cleaned_page(above, [PROSE])).byline is None


def test_a_name_alone_next_to_the_date_line_names_the_writer():
    # an author block printed as name, then date; or the name under the timestamp
    name_first = [("Gas deal signed", "headline"), ("Rahul Tyagi", "outside-article"), ("12 March 2025", "outside-article")]
    assert text_byline(cleaned_page(name_first, [PROSE])) == StatedByline(
        "Rahul Tyagi", "text: line 2, the writer's name next to the date line: 'Rahul Tyagi'"
    )
    stamp = ("Updated Dec. 23, 2024, 1:24 PM EST / Source: TODAY", "timestamp")
    name_below = [
        ("Gas deal signed", "headline"),
        stamp,
        ("Nicoletta Richardson", "outside-article"),
        ("Trending Editor", "outside-article"),
    ]
    assert text_byline(cleaned_page(name_below, [PROSE])).byline == "Nicoletta Richardson"
    # no date beside it: a caption's subject, a bio, a menu; a button in capitals; a caption's sentence
    for header in (
        [("Gas deal signed", "headline"), ("Rahul Tyagi", "outside-article"), ("Industry Insights", "outside-article")],
        [("Gas deal signed", "headline"), ("E-MAIL STORY", "outside-article"), ("12 March 2025", "outside-article")],
        [("Gas deal signed", "headline"), ("The Apple Vision Pro.", "photo-caption"), ("12 March 2025", "outside-article")],
        # the date two lines away, another line between
        [
            ("Gas deal signed", "headline"),
            ("Rahul Tyagi", "outside-article"),
            ("Share", "share-widget"),
            ("12 March 2025", "timestamp"),
        ],
    ):
        assert text_byline(cleaned_page(header, [PROSE])).byline is None, header


def test_a_credit_line_the_cleaner_kept_is_read_but_a_sentence_starting_with_by_is_not():
    kept = text_byline(cleaned_page([("Home", "site-chrome")], ["By Li Wei March 18 at 3:57 PM", PROSE]))
    assert kept == StatedByline("Li Wei", "text: line 2, a credit line: 'By Li Wei March 18 at 3:57 PM'")
    sentence = "By Tuesday, officials from both countries had agreed on the route of the pipeline and its financing."
    assert text_byline(cleaned_page([("Home", "site-chrome")], [sentence, PROSE])) == StatedByline(
        None, "text: no line near the top credits a writer ('By …', 'Posted by …')"
    )


def test_a_list_items_name_next_to_a_list_items_date_names_the_writer():
    header = [
        ("Gas deal signed", "headline"),
        ("* Hazel Sheffield", "outside-article"),
        ("* Friday 25 December 2015", "outside-article"),
    ]
    assert text_byline(cleaned_page(header, [PROSE])) == StatedByline(
        "Hazel Sheffield", "text: line 2, the writer's name next to the date line: '* Hazel Sheffield'"
    )


def test_an_opening_paragraph_that_holds_the_credit_names_the_writer():
    described = "By Alex Heath , a deputy editor and author of the Command Line newsletter. He has covered the tech industry for over a decade."
    assert text_byline(cleaned_page([("Home", "site-chrome")], [described, PROSE])) == StatedByline(
        "Alex Heath", f"text: line 2, an opening paragraph holding the credit: '{described[:120]}'"
    )
    standfirst = "The bakery chain is positioning for growth beyond the U.S. and Canada. By Lisa Jennings on Dec. 19, 2025"
    assert text_byline(cleaned_page([("Home", "site-chrome")], [standfirst, PROSE])).byline == "Lisa Jennings"
    # the same credit ending a header line
    assert text_byline(cleaned_page([("Home", "site-chrome"), (standfirst, "subheadline")], [PROSE])) == StatedByline(
        "Lisa Jennings", f"text: line 2, a credit line: '{standfirst[:120]}'"
    )
    # a sentence that opens with 'By' and a time is no credit
    sentence = "By Tuesday, a deal on the route of the pipeline had been reached by officials from both countries."
    assert text_byline(cleaned_page([("Home", "site-chrome")], [sentence, PROSE])).byline is None


@pytest.mark.parametrize(
    "paragraph, names",
    [
        ("By Alex Heath , a deputy editor and author of the Command Line newsletter.", "Alex Heath"),
        ("By Jane Doe and Li Wei, the paper's correspondents in Beijing and Moscow.", "Jane Doe; Li Wei"),
        ("By Tuesday, a deal had been reached.", None),
        ("By Monday afternoon, the talks had stalled.", None),
        ("By the time, a deal was signed.", None),
    ],
)
def test_a_credit_followed_by_the_writers_description(paragraph, names):
    assert credit_with_apposition(paragraph) == names


def test_an_html_author_names_each_writer_once_without_the_month_of_the_date_after_it():
    assert plausible_byline("Jeffrey Gettleman; JEFFREY GETTLEMAN") == "Jeffrey Gettleman"
    assert plausible_byline("Joshua Sokol May", ["By Joshua Sokol", "May 16, 2017"]) == "Joshua Sokol"
    assert plausible_byline("Jane Doe December", ["By Jane Doe December 3, 2025"]) == "Jane Doe"
    assert plausible_byline("Theresa May", ["By Theresa May", "June 3, 2017"]) == "Theresa May"
    assert plausible_byline("Var Byline = 'Jane Doe; If; Jane Doe") is None
    assert plausible_byline("David Chartier; Last updated") == "David Chartier"


def test_an_html_author_is_the_printed_credit_when_trafilatura_split_off_a_title_as_a_name():
    page = ["Home", "By Richard A. Serrano, Times Staff Writer", "WASHINGTON — The talks ended."]
    assert plausible_byline("Richard A Serrano; Times Staff Writer", page) == "Richard A. Serrano"
    # a printed credit naming someone trafilatura did not is no evidence about its names
    assert plausible_byline("Jane Doe; Li Wei", ["By Jane Doe and John Roe"]) == "Jane Doe; Li Wei"


def test_an_html_author_that_is_no_name_is_cut_to_the_name_the_page_prints_or_left_out():
    # trafilatura joins the name's element and the role's under it
    page = ["Home", "Sameer Hashmi", "Mumbai business reporter", PROSE]
    assert plausible_byline("Sameer Hashmi Mumbai business reporter", page) == "Sameer Hashmi"
    assert plausible_byline("Mark Kinver Environment reporter", ["By Mark Kinver", "Environment reporter"]) == "Mark Kinver"
    # a menu's text, or a domain read as a second name, names nobody
    assert plausible_byline("Account You're logged", ["Account", "You're logged in as"]) is None
    assert plausible_byline("Alex Lasker; AOL com") == "Alex Lasker"
    # a role in capitals too, where the page prints the name alone and not the whole
    page = ["Nicoletta Richardson", "Nicoletta Richardson is Trending Editor for TODAY.com."]
    assert plausible_byline("Nicoletta Richardson Trending Editor", page) == "Nicoletta Richardson"
    assert plausible_byline("Steven Davidoff Solomon", ["By Steven Davidoff Solomon", "Steven Davidoff"]) == (
        "Steven Davidoff Solomon"
    )
    # the writers' names printed alone, where trafilatura adds the outlet as a third name
    page = ["Manoj Jain and Jagpreet Chhatwal", PROSE]
    assert plausible_byline("Manoj Jain; Jagpreet Chhatwal; The Commercial Appeal", page) == "Manoj Jain; Jagpreet Chhatwal"
    # one word beside a full name is a place or a label split off; alone, it may be an account
    assert plausible_byline("Mariko Oi; Singapore") == "Mariko Oi"
    assert plausible_byline("Name; Maya Perez") == "Maya Perez"
    assert plausible_byline("BeauHD") == "BeauHD"
    # particles and accounts are names
    assert plausible_byline("Ursula von der Leyen; Luiz Inácio da Silva") == "Ursula von der Leyen; Luiz Inácio da Silva"
    assert plausible_byline("janedoe") == "janedoe"


def test_the_outlet_after_a_writers_name_or_beside_the_writers_is_no_writer():
    outlets = ["BBC News", "bbc", "CNN"]
    assert without_outlets("Rayhan Demytrie BBC News", outlets) == "Rayhan Demytrie"
    assert without_outlets("Maryam Maruf BBC World Service", outlets) == "Maryam Maruf"
    assert without_outlets("Paul Adepoju; Kieron Monks; CNN", outlets) == "Paul Adepoju; Kieron Monks"
    assert without_outlets("CNN", outlets) == "CNN"  # the outlet as the credit
    assert without_outlets("Bob Cnn", outlets) == "Bob Cnn"  # a first and a last name come before an outlet
    assert without_outlets(None, outlets) is None


def test_an_html_pages_printed_credit_line_wins_over_its_author_markup(tmp_path):
    from pathlib import Path

    from sino_russian_news.pipeline.build import Curation, prepare_article

    page = tmp_path / "180_page.html"
    page.write_text(
        "<html lang='en'><head><title>Gas deal signed</title><meta name='author' content='Username'></head><body>"
        "<h1>Gas deal signed</h1><p class='byline'>By Li Wei March 18 at 3:57 PM</p>"
        f"<article><p>{PROSE}</p><p>{PROSE.replace('Monday', 'Tuesday')}</p></article></body></html>",
        encoding="utf-8",
    )
    record, _ = prepare_article(page, Curation.load(Path(__file__).parents[1] / "dataset" / "curated"))
    assert (record["byline"], record["byline_evidence"]) == (
        "Li Wei",
        "page: the credit line printed above the body: 'By Li Wei March 18 at 3:57 PM'",
    )


def test_related_articles_credits_above_an_html_body_leave_the_author_markup(tmp_path):
    from pathlib import Path

    from sino_russian_news.pipeline.build import Curation, prepare_article

    page = tmp_path / "181_page.html"
    page.write_text(
        "<html lang='en'><head><title>Gas deal signed</title><meta name='author' content='Anna Smith'></head><body>"
        "<h1>Gas deal signed</h1><aside><h2>Related</h2><ul>"
        "<li><a href='/a'>Pipeline talks stall</a><p>By Li Wei</p></li>"
        "<li><a href='/b'>Rouble falls again</a><p>By John Roe</p></li></ul></aside>"
        f"<article><p>{PROSE}</p><p>{PROSE.replace('Monday', 'Tuesday')}</p></article></body></html>",
        encoding="utf-8",
    )
    record, _ = prepare_article(page, Curation.load(Path(__file__).parents[1] / "dataset" / "curated"))
    assert record["byline"] == "Anna Smith"


OPENING_LEDE = (
    "New York's aging below-street infrastructure is tough to maintain, and the corrosive rock salt "
    "spread on icy streets makes it worse every winter, engineers say."
)
OPENING_CAPTION = (
    "A Con Edison worker repairing underground cables this month in Flushing, Queens. "
    "The likely source of the fire was a short circuit."
)
OPENING_MORE = (
    "Manhole fires and explosions happen hundreds of times a year in the city, according to the utility, "
    "which says most cause no injuries but frighten residents."
)
OPENING_LAST = (
    "The utility said it had spent more than a billion dollars over the past decade replacing cables "
    "and installing vented manhole covers across the five boroughs."
)


def test_a_byline_among_the_first_paragraphs_of_the_region_is_the_articles():
    from sino_russian_news.pipeline import clean
    from sino_russian_news.pipeline.article_metadata import text_byline

    lede, caption, more, last = OPENING_LEDE, OPENING_CAPTION, OPENING_MORE, OPENING_LAST
    text = "\n".join(["Home", "Manhole Fires and Burst Pipes", lede, "Image", caption, more, "By Corey Kilgannon", last])
    cleaned = clean.clean(text)
    assert [(r.number, r.reason) for r in cleaned.removed if r.number > 2] == [(4, "low-content"), (7, "byline")]
    assert text_byline(cleaned).byline == "Corey Kilgannon"
    # Further down, past the region's first five paragraphs, "By …" is not the article's byline
    # (five paragraphs of prose above it, whatever the line model makes of the caption).
    paragraphs = [f"{p} ({n})" for n, p in enumerate([lede, caption, more, last, lede, more])]
    late = "\n".join(["Home", "Manhole Fires and Burst Pipes", *paragraphs, "By Corey Kilgannon", last])
    assert [r.reason for r in clean.clean(late).removed if r.number == 9] == ["low-content"]


@pytest.mark.parametrize(
    "stamp, reason, date",
    [("Published Thursday 27 July 2017", "timestamp", "2017-07-27"), ("* Feb. 21, 2019", "date-line", "2019-02-21")],
)
def test_a_timestamp_or_date_line_among_the_first_paragraphs_of_the_region_dates_the_article(stamp, reason, date):
    from sino_russian_news.pipeline import clean
    from sino_russian_news.pipeline.article_metadata import text_date

    page = [OPENING_LEDE, "Image", OPENING_CAPTION, OPENING_MORE, stamp, OPENING_LAST]
    cleaned = clean.clean("\n".join(["Home", "Manhole Fires and Burst Pipes", *page]))
    assert [(r.number, r.reason) for r in cleaned.removed if r.number > 2] == [
        (4, "low-content"),
        (7, reason),
    ]
    assert text_date(cleaned).date == date


def test_credit_lines_of_a_list_of_teasers_are_no_byline():
    """'Sur le même sujet': each related article's title with its writer's credit, between the
    headline and the body. The nearest credit is a teaser's, not the article's."""
    header = [
        ("Three French dead in Nepal", "headline"),
        ("Sur le même sujet", "site-chrome"),
        ("A Katmandou, exode sous pression", "site-chrome"),
        ("Par Sébastien Farcis", "site-chrome"),
        ("Népal : «Plus les heures passent, moins on est utiles»", "site-chrome"),
        ("Par Laurence Defranoux", "site-chrome"),
    ]
    assert text_byline(cleaned_page(header, [PROSE])) == StatedByline(
        None, "text: line 6, 'Par Laurence Defranoux', is one of a list of teasers' credits"
    )
    # the same writer credited twice (a byline and an author box, in capitals or not) is the article's credit
    shouted = [("Gas deal signed", "headline"), ("By LI WEI", "site-chrome"), ("By Li Wei", "site-chrome")]
    assert text_byline(cleaned_page(shouted, [PROSE])).byline == "Li Wei"
    twice = [
        ("Gas deal signed", "headline"),
        ("By Li Wei ,", "site-chrome"),
        ("Li Wei is a reporter.", "site-chrome"),
        ("By Li Wei", "site-chrome"),
    ]
    assert text_byline(cleaned_page(twice, [PROSE])).byline == "Li Wei"


def test_a_title_case_headline_opening_with_another_languages_credit_word_is_no_credit(tmp_path):
    """'Von', 'Di', 'Par' open names ('Ursula von der Leyen', 'Luigi Di Maio') as well as credits,
    and a headline in title case is all capitalised words, as names are."""
    from pathlib import Path

    from sino_russian_news.pipeline.build import Curation, prepare_article

    assert credit_byline("Von Der Leyen Warns China") == "Der Leyen Warns China"  # the line alone reads as a credit
    page = cleaned_page([("Home", "site-chrome"), ("Von Der Leyen Warns China", "headline")], [PROSE])
    assert text_byline(page).byline is None
    html_page = tmp_path / "182_page.html"
    html_page.write_text(
        "<html lang='en'><head><title>Di Maio Says Italy Will Stay</title><meta name='author' content='Anna Smith'></head>"
        f"<body><h1>Di Maio Says Italy Will Stay</h1><article><p>{PROSE}</p><p>{PROSE.replace('Monday', 'Tuesday')}</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    record, _ = prepare_article(html_page, Curation.load(Path(__file__).parents[1] / "dataset" / "curated"))
    assert (record["headline"], record["byline"]) == ("Di Maio Says Italy Will Stay", "Anna Smith")


@pytest.mark.parametrize(
    "text, names",
    [
        ("The chain is growing beyond the U.S. and Canada. By Lisa Jennings on ", "Lisa Jennings"),
        ("by Jill Barshay ", "Jill Barshay"),
        ("Talks resume. By Jane Doe and Li Wei, ", "Jane Doe; Li Wei"),
        ("Story | By Jane Doe | ", "Jane Doe"),
        ("By Tuesday, ", None),  # one word: a day, not a writer
        ("By AFP ", None),
        ("the treaty signed by John Kerry on ", None),  # 'by' inside a sentence
        ("By the way ", None),
    ],
)
def test_the_credit_a_text_ends_with(text, names):
    assert credit_before(text) == names
