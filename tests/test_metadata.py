from pathlib import Path

import pytest

from sino_russian_news.pipeline.article_metadata import (
    _COPYRIGHT_SITE,
    _SYNDICATION_DOMAIN,
    StatedDate,
    copyright_holder,
    dates_in,
    headline_overlap,
    text_date,
)
from sino_russian_news.pipeline.clean import Cleaned, Line, RemovedLine


def test_headlines(articles):
    assert articles["000_21496d7d6b8b8c59"]["headline"] == "Live news: Ukraine war reveals ‘issues’ with Russian army, says Putin"
    assert articles["001_72bc7103f3c47a61"]["headline"] == "Putin wants to strengthen military cooperation with China"
    assert articles["001_72bc7103f3c47a61"]["subheadline"] == "Xi says road to peace talks on Ukraine war will not be smooth"
    assert articles["002_8c84d02b1110ab5b"]["headline"] is None
    assert articles["003_4156b6fe17ca2892"]["headline"] == "China’s Xi to meet Putin in Moscow next week"
    assert (
        articles["004_6f773ce998831c97"]["headline"]
        == "Russia’s Putin and China’s No. 2 official praise deepening ties as Ukraine war grinds on"
    )


def test_byline_dateline_and_timestamp(articles):
    bbc = articles["003_4156b6fe17ca2892"]
    assert bbc["byline"] == "Steve Rosenberg; Stephen McDonell; James Landale"
    assert bbc["byline_evidence"] == "text: line 5, a byline line: 'By Steve Rosenberg, Stephen McDonell and James Landale'"
    assert (
        articles["000_21496d7d6b8b8c59"]["byline_evidence"]
        == "text: no line near the top credits a writer ('By …', 'Posted by …')"
    )
    assert bbc["dateline"] == "in Moscow, Beijing and Kyiv"
    assert articles["001_72bc7103f3c47a61"]["updated_at"] == "December 31, 2022 20:40:53"


@pytest.mark.parametrize(
    "article_id, site, publisher, publisher_source, photo_credit",
    [
        ("000_21496d7d6b8b8c59", "Louisiana Digital News", "Financial Times", "curated", None),
        ("001_72bc7103f3c47a61", None, "Reuters", "curated", "Reuters"),
        ("002_8c84d02b1110ab5b", None, None, None, None),
        ("003_4156b6fe17ca2892", "Index Of News", "BBC News", "curated", "Reuters"),
        ("004_6f773ce998831c97", "InvestmentIntellectHub.com", "CNN", "text:syndication-note", None),
    ],
)
def test_site_and_publisher(articles, article_id, site, publisher, publisher_source, photo_credit):
    a = articles[article_id]
    assert (a["site"], a["original_publisher"], a["publisher_source"], a["photo_credit"]) == (
        site,
        publisher,
        publisher_source,
        photo_credit,
    )


@pytest.mark.parametrize(
    "article_id, date, source",
    [
        ("000_21496d7d6b8b8c59", "2022-12-21", "curated"),
        ("001_72bc7103f3c47a61", "2022-12-31", "text"),
        ("002_8c84d02b1110ab5b", "2023-03-22", "curated"),
        ("003_4156b6fe17ca2892", "2023-03-17", "curated"),
        ("004_6f773ce998831c97", "2024-08-21", "curated"),
    ],
)
def test_publication_dates_with_their_source_and_evidence(articles, article_id, date, source):
    a = articles[article_id]
    assert (a["published_date"], a["date_source"]) == (date, source)
    assert len(a["date_evidence"]) > 30


def test_headline_that_belongs_to_another_story_is_flagged(articles):
    assert {a: row["headline_matches_body"] for a, row in articles.items()} == {
        "000_21496d7d6b8b8c59": 0,
        "001_72bc7103f3c47a61": 1,
        "002_8c84d02b1110ab5b": None,
        "003_4156b6fe17ca2892": 1,
        "004_6f773ce998831c97": 1,
    }
    assert articles["000_21496d7d6b8b8c59"]["headline_check"] == "curated"


def test_overlap_check_compares_the_headline_with_the_whole_body(articles):
    """The check counts the headline's content words found anywhere in the body: a right headline
    whose words the lede does not repeat is not flagged; another story's headline is. The seeds'
    mismatched live-blog headline shares the topic (Putin, the war, the army: 0.71) and is
    flagged by curation, which overrides the check."""
    body = "Officials met on Monday.\n\nThey talked for hours.\n\nTrade came up.\n\nRussia and China then signed the Mongolia pipeline deal."
    headline = "Russia and China sign Mongolia pipeline deal"
    assert headline_overlap(headline, body) == 5 / 6  # all but 'sign'; none in the first three paragraphs
    assert headline_overlap("Floods close schools across Bavaria", body) == 0.0
    assert [round(headline_overlap(a["headline"], a["body"]), 2) for a in articles.values() if a["headline"]] == [
        0.71,
        0.83,
        1.0,
        0.9,
    ]
    assert articles["000_21496d7d6b8b8c59"]["headline_matches_body"] == 0
    assert articles["000_21496d7d6b8b8c59"]["headline_check"] == "curated"


def test_the_overlap_check_reads_any_script_and_cjk_as_character_pairs():
    """Russian headlines were not checked at all, and a Chinese one naming 'DeepMind' was
    compared as one 'word' running from the Latin letters into the Chinese."""
    body = "Президент России Владимир Путин и председатель КНР Си Цзиньпин подписали в Москве соглашение о поставках газа."
    assert headline_overlap("Путин и Си Цзиньпин подписали соглашение о газе", body) == 5 / 6  # all but 'газе'
    assert headline_overlap("Библиотеки получат больше денег", body) == 0.0
    chinese = "谷歌收购的人工智能公司DeepMind开发出一款能够用自己的记忆学习新知识的计算机。"
    # 'deepmind' and the nine pairs 新电 电脑 脑可 可利 利用 用记 记忆 忆自 自学: 'deepmind' and 记忆 are in the body
    assert headline_overlap("DeepMind新电脑可利用记忆自学", chinese) == 2 / 10
    assert headline_overlap("图书馆获得更多资金", chinese) == 0.0


def test_language_and_counts(articles):
    assert {a["language"] for a in articles.values()} == {"en"}
    assert [a["word_count"] for a in articles.values()] == [349, 672, 356, 715, 818]
    for a in articles.values():
        assert a["paragraph_count"] == len(a["body"].split("\n\n"))


@pytest.mark.parametrize(
    "line, holder",
    [
        ("© 2013 Cable News Network. Turner Broadcasting System, Inc. All Rights Reserved", "Cable News Network"),
        ("© BBC 2013. The BBC is not responsible for the content of external sites.", "BBC"),
        ("Copyright 2009, New York Media LLC. All Rights Reserved", "New York Media LLC"),
        ("© 2017 Los Angeles Times | Privacy Policy | Terms of Service", "Los Angeles Times"),
        ("© 2009 Forbes.com All Rights Reserved Terms, Conditions and Notices", "Forbes.com"),
        ("© 2024 Reuters", "Reuters"),
        ("© MMIX New York Media LLC", "New York Media LLC"),
        ("© Copyright Gannett 2025", "Gannett"),  # the word after the mark
        ("© 2025 by Government Media Executive Group LLC. All rights reserved.", "Government Media Executive Group LLC"),
        ("© Copyright 2025. All Rights Reserved - Ogden Publications, Inc.", None),  # not 'Copyright'
        ("© MMIX", None),
        ("© 2015 Everything on this website, unless otherwise noted, may be freely shared with credit", None),
    ],
)
def test_the_site_in_a_copyright_line_is_the_holder_name_only(line, holder):
    assert copyright_holder(_COPYRIGHT_SITE.match(line).group(1)) == holder


@pytest.mark.parametrize(
    "line, outlet",
    [
        ("This story originally appeared on NeoGAF forum before revising and reworking it for Kotaku.", "NeoGAF"),
        ("The post Talks resume appeared first on Voice of America.", "Voice of America."),
        ("This post originally appeared at chinadigitaltimes.net today.", "chinadigitaltimes.net"),
    ],
)
def test_the_outlet_in_a_syndication_note_stops_at_the_sentence(line, outlet):
    assert _SYNDICATION_DOMAIN.search(line).group(1) == outlet


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Published March 3, 2013 at 5pm", ["2013-03-03"]),
        ("Sept. 22, 2005", ["2005-09-22"]),
        ("3 March 2013", ["2013-03-03"]),
        ("2013-03-03T10:00:00Z", ["2013-03-03"]),
        ("Posted at 10:00 AM ET, 11/29/2011", ["2011-11-29"]),
        ("29.11.2011", ["2011-11-29"]),
        ("03/04/2011", []),  # with slashes, day and month could be either way round
        ("08.04.2015 12:46", ["2015-04-08"]),  # with dots the day comes first
        ("24.02.2022", ["2022-02-24"]),
        ("21.dez.2018 às 12h55", ["2018-12-21"]),
        ("By Jayesh Shinde | Updated on 19-Dec-2025", ["2025-12-19"]),  # a month's name: any separator
        ("19/Dec/2025", ["2025-12-19"]),
        ("19-12-2025", ["2025-12-19"]),  # with hyphens as with slashes: only where the order is certain
        ("03-04-2011", []),
        ("19-Dec.2025", []),  # separators that differ are not one date's
        ("Liz Moyer, 03.12.09, 06:00 PM EDT", []),  # a two-digit year is no complete date
        ("Mis à jour le 3 mars 2013", ["2013-03-03"]),
        ("3. März 2013", ["2013-03-03"]),
        ("el 3 de marzo de 2013", ["2013-03-03"]),
        ("2013年3月3日 10:00", ["2013-03-03"]),
        ("입력 2022년 2월 24일 10:00", ["2022-02-24"]),
        ("in May 2013", []),  # no day
        ("February 30, 2013", []),
        ("October 17, 20236:01 PM ET", ["2023-10-17"]),  # date and time joined by a text dump
        ("August 25, 2025August 29, 2025", ["2025-08-25"]),  # published, then updated, joined by a text dump
        ("March 3, 20231 people", []),
    ],
)
def test_dates_in_a_line(line, expected):
    assert [day for _, _, day in dates_in(line)] == expected


def cleaned_page(header: list[str], paragraphs: list[str]) -> Cleaned:
    removed = tuple(RemovedLine(n, text, "site-chrome") for n, text in enumerate(header, start=1))
    body = tuple(Line(len(header) + n, text) for n, text in enumerate(paragraphs, start=1))
    return Cleaned(body, removed)


PROSE = "Chinese and Russian officials met in Beijing to discuss the route of a new gas pipeline, the ministry said on Monday."


def test_published_date_preferred_over_updated_date():
    stated = text_date(cleaned_page(["Home", "Updated: June 2, 2024", "Published: May 16, 2024 10:30"], [PROSE]))
    assert stated == StatedDate("2024-05-16", "text: a 'published' line: 'Published: May 16, 2024 10:30'")


def test_an_updated_date_alone_is_taken_for_the_publication_day_and_says_so():
    stated = text_date(cleaned_page(["Home", "Updated 3:49 PM EST, Fri January 4, 2013"], [PROSE]))
    assert stated == StatedDate(
        "2013-01-04", "text: an 'updated' line, the only date near the top: 'Updated 3:49 PM EST, Fri January 4, 2013'"
    )


def test_the_published_date_before_an_update_on_one_line_is_the_publication_date():
    line = "Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin Untersinger"
    assert text_date(cleaned_page(["Home", line], [PROSE])) == StatedDate(
        "2015-05-04", f"text: a date line near the top: '{line[:120]}'"
    )


def test_a_date_line_wins_over_an_updated_line():
    stated = text_date(cleaned_page(["Updated: June 2, 2024", "May 16, 2024"], [PROSE]))
    assert stated == StatedDate("2024-05-16", "text: a date line near the top: 'May 16, 2024'")


def test_the_date_line_nearest_the_body_wins_over_the_sites_header_date():
    header = [
        "Today's paper: Wednesday, March 27, 2013",
        "Home",
        "World",
        "Gas deal signed",
        "By Anna Smith",
        "24 novembre 2017 à 18:42",
    ]
    stated = text_date(cleaned_page(header, [PROSE]))
    assert stated.date == "2017-11-24"
    assert stated.evidence == "text: a date line near the top: '24 novembre 2017 à 18:42'"


def test_dateline_in_the_first_paragraph():
    stated = text_date(cleaned_page(["Home"], ["MOSCOW, March 21, 2023 (Reuters) - " + PROSE]))
    assert stated.date == "2023-03-21"


def test_a_french_dateline_keeps_its_particle():
    stated = text_date(cleaned_page(["Home"], ["PÉKIN, le 21 mars 2023 (AFP) - " + PROSE]))
    assert stated.date == "2023-03-21"


def test_a_date_early_in_a_sentence_is_not_a_dateline():
    # the opening words of a story and of a caption (unseen political news, and a dev page's caption)
    for opening in (
        "Then came Dec. 14, 2012, and the senator's quiet first term ended in an awful instant, before he was sworn in.",
        "IRS official Lois Lerner is sworn in May 22, 2013, before the House Oversight Committee hearing on the agency.",
    ):
        assert text_date(cleaned_page(["Home"], [opening, PROSE])) == StatedDate(
            None, "no date stated near the top (header lines and opening paragraphs)"
        )


def test_date_inside_a_caption_sentence_is_not_the_publication_date():
    caption = "(File photo) Animal rights activist Brigitte Bardot pictured here on February 28, 2001 in Romania."
    assert text_date(cleaned_page(["Home", caption], [PROSE])) == StatedDate(
        None, "no date stated near the top (header lines and opening paragraphs)"
    )


def test_no_date_from_far_down_the_page():
    teaser = "Related: Putin visits Beijing, published March 3, 2013"
    stated = text_date(cleaned_page(["Home"], [PROSE, PROSE, teaser]))
    assert stated == StatedDate(None, "no date stated near the top (header lines and opening paragraphs)")


def test_html_page_metadata_fills_the_record(tmp_path):
    from sino_russian_news.pipeline.build import Curation, prepare_article

    page = tmp_path / "170_page.html"
    page.write_text(
        "<html lang='fr'><head><title>Gaz : accord entre Moscou et Pékin - Exemple Info</title>"
        "<meta property='article:published_time' content='2024-05-16T10:30:00+02:00'><meta name='author' content='Jeanne Dupont'></head><body>"
        "<h1>Gaz : accord entre Moscou et Pékin</h1>"
        "<p>La Chine et la Russie ont signé mardi un accord pour étendre les livraisons de gaz par un nouveau gazoduc, ont indiqué des responsables à Moscou.</p>"
        "<p>Les gouvernements occidentaux ont mis en garde Pékin contre toute aide à Moscou pour contourner les sanctions liées à la guerre en Ukraine.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    record, cleaned = prepare_article(page, Curation.load(Path(__file__).parents[1] / "dataset" / "curated"))
    assert {
        k: record[k]
        for k in (
            "headline",
            "byline",
            "published_date",
            "date_source",
            "date_evidence",
            "language",
            "raw_format",
            "raw_encoding",
            "paragraph_count",
            "headline_evidence",
            "byline_evidence",
        )
    } == {
        "headline_evidence": "markup: the page's <h1>",
        "byline_evidence": "markup: the page's author markup",
        "headline": "Gaz : accord entre Moscou et Pékin",
        "byline": "Jeanne Dupont",
        "published_date": "2024-05-16",
        "date_source": "html",
        "date_evidence": "markup: meta article:published_time '2024-05-16T10:30:00+02:00'",
        "language": "fr",
        "raw_format": "html",
        "raw_encoding": "utf-8",
        "paragraph_count": 2,
    }
    assert [r.reason for r in cleaned.removed] == ["headline"]


def test_a_split_byline_gives_the_name_on_the_line_below_by(tmp_path):
    from sino_russian_news.pipeline.build import Curation, prepare_article

    page = tmp_path / "171_page.txt"
    page.write_text("\n".join(["Home", "World", "Gas deal extended", "By", "Jeanne Dupont", PROSE, PROSE]), encoding="utf-8")
    record, _ = prepare_article(page, Curation.load(Path(__file__).parents[1] / "dataset" / "curated"))
    assert (record["headline"], record["byline"]) == ("Gas deal extended", "Jeanne Dupont")


def test_a_timestamp_that_prints_only_a_time_gives_no_date(tmp_path):
    from sino_russian_news.pipeline.build import Curation, prepare_article

    page = tmp_path / "172_page.txt"
    page.write_text("\n".join(["Home", "World", "Gas deal extended", "Posted: 2:09 am", PROSE, PROSE]), encoding="utf-8")
    record, _ = prepare_article(page, Curation.load(Path(__file__).parents[1] / "dataset" / "curated"))
    # dateutil would read '2:09 am' as that time on the day of the build
    assert (record["updated_at"], record["published_date"], record["date_source"]) == ("2:09 am", None, None)


def test_a_zone_name_dateutil_does_not_know_gives_the_day_without_a_warning():
    import warnings

    from sino_russian_news.pipeline.article_metadata import date_of

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's UnknownTimezoneWarning, once per page, flooded a build's output
        assert date_of("Updated 10:31 AM EDT, Thu March 12, 2009") == "2009-03-12"
        assert date_of("Updated 10:31 AM EDT 3-12-2009") == "2009-03-12"  # read by dateutil


def test_a_timestamp_with_dots_is_day_first_as_the_texts_other_dates():
    from sino_russian_news.pipeline.article_metadata import date_of

    assert date_of("Aktualisiert: 04.05.2015 13:36 Uhr") == "2015-05-04"


def test_a_timestamp_or_markup_value_without_a_day_names_no_date():
    """dateutil fills what a value does not state from a default (the build's own day, unless
    told otherwise): 'Updated March 2013' would have been dated the day the build ran."""
    from sino_russian_news.pipeline.article_metadata import date_of

    assert [date_of(v) for v in ("Updated March 2013", "Last updated: 2:54 am", "Posted Tuesday", "2013")] == [
        None,
        None,
        None,
        None,
    ]
    assert date_of("Updated Tue, 12 Mar 2013 10:31") == "2013-03-12"


def test_word_count_counts_chinese_and_japanese_characters_as_words():
    from sino_russian_news.pipeline.body import word_count

    assert word_count("Xi met Putin — in U.S. talks, a 12-point plan.") == 9  # the dash holds no letter
    assert word_count("DeepMind新电脑 人工智能") == 8  # DeepMind + 3 + 4 characters
    assert word_count("トレンドマイクロ、公衆無線LAN") == 13  # 8 + 4 characters + LAN; the comma is no word
    assert word_count("한국어 문장입니다") == 2  # Korean separates words with spaces


def test_a_date_line_between_the_opening_paragraphs_counts_as_the_top_of_the_article():
    """A body that starts on a lead photo's caption has the byline and date line below it."""
    lines = [
        Line(1, "Home"),
        Line(2, "Officials walk past a pipeline section near the border on Tuesday, in a photo from the ministry."),
        Line(3, "By Anna Smith"),
        Line(4, "June 25, 2009"),
        Line(5, PROSE),
        Line(6, PROSE),
        Line(7, "Related: Gas talks stall, March 3, 2009"),
    ]
    kept = {2, 5, 6}
    cleaned = Cleaned(
        tuple(line for line in lines if line.number in kept),
        tuple(RemovedLine(line.number, line.text, "site-chrome") for line in lines if line.number not in kept),
    )
    assert text_date(cleaned) == StatedDate("2009-06-25", "text: a date line near the top: 'June 25, 2009'")


def opening_with_credit_lines(reason: str) -> Cleaned:
    """A body that opens on a caption, the headline and the standfirst, with the credit lines under them."""
    lines = [
        Line(1, "Home"),
        Line(2, "Officials walk past a pipeline section near the border on Tuesday, in a photo from the ministry."),
        Line(3, "Xi pledges help in Moscow's energy talks, with an exception"),
        Line(4, "Xi promises to step up purchases of Russian gas, but says a new pipeline deal is not in the offing."),
        Line(5, "By Anna Smith"),
        Line(6, "April 17, 2009"),
        Line(7, PROSE),
        Line(8, PROSE),
        Line(9, PROSE),
        Line(10, PROSE),
    ]
    removed = {1: "site-chrome", 5: reason, 6: reason}
    return Cleaned(
        tuple(line for line in lines if line.number not in removed),
        tuple(RemovedLine(line.number, line.text, removed[line.number]) for line in lines if line.number in removed),
    )


def test_the_credit_lines_below_the_opening_paragraphs_state_the_date():
    assert text_date(opening_with_credit_lines("date-line")) == StatedDate(
        "2009-04-17", "text: a date line near the top: 'April 17, 2009'"
    )
    # the same lines removed as anything but the credit's are no part of the top of the article
    assert text_date(opening_with_credit_lines("site-chrome")).date is None


def test_the_date_a_credit_goes_on_with_at_the_end_of_a_long_header_line():
    standfirst = "The bakery chain's North America division is positioning for growth beyond the U.S. and Canada."
    line = f"{standfirst} By Lisa Jennings on Dec. 19, 2025"
    assert text_date(cleaned_page(["Home", line], [PROSE])) == StatedDate(
        "2025-12-19",
        "text: a date line near the top: '… chain's North America division is positioning for growth beyond the U.S. and Canada. By Lisa Jennings on Dec. 19, 2025'",
    )
    # or the first paragraph: a text dump that kept the standfirst and its credit as body text
    assert text_date(cleaned_page(["Home"], [line, PROSE])).date == "2025-12-19"
    # a date inside a sentence that names who did something is the story's, not a credit's
    sentence = "The agreement on gas deliveries through the new route was signed by John Kerry on March 3, 2013 in Geneva."
    assert text_date(cleaned_page(["Home", sentence], [PROSE])).date is None


def test_a_copyright_link_without_a_mark_names_no_site():
    from sino_russian_news.pipeline.article_metadata import SiteRegistry, site_from

    cleaned = Cleaned(
        (Line(3, "Officials in Moscow said talks would go on."),),
        (
            RemovedLine(9, "Copyright Policy", "copyright"),
            RemovedLine(10, "Copyright ©2013 Dow Jones & Company, Inc. All Rights Reserved.", "copyright"),
        ),
    )
    assert site_from(cleaned, SiteRegistry.from_entries([])) == "Dow Jones & Company"  # the holder, its legal form dropped


@pytest.mark.parametrize(
    "name, outlet",
    [
        ("Ars Technica, LLC", "Ars Technica"),
        ("Forbes.com Inc", "Forbes.com"),
        ("The Washington Post Company", "The Washington Post"),
        ("Bloomberg L.P.", "Bloomberg"),
        ("Heise Medien GmbH & Co. KG", "Heise Medien"),
        ("Yahoo! Inc.", "Yahoo!"),  # the name's own words: cleanco drops the '!' too
        ("Los Angeles Times", "Los Angeles Times"),  # no legal form: as printed
        ("Company", "Company"),  # only a form: as printed, not emptied
        ("ООО Коммерсантъ", "ООО Коммерсантъ"),
    ],
)
def test_a_legal_form_is_not_part_of_a_sites_name(name, outlet):
    from sino_russian_news.pipeline.article_metadata import without_legal_form

    assert without_legal_form(name) == outlet


def test_a_holder_curated_as_printed_keeps_its_curated_name():
    from sino_russian_news.pipeline.article_metadata import SiteRegistry

    sites = SiteRegistry.from_entries(
        [
            {"name": "CNN", "aliases": ["Cable News Network LP, LLLP"]},
            {"name": "Vox", "aliases": ["Vox Media"]},
        ]
    )
    assert sites.outlet("Cable News Network LP, LLLP") == "CNN"
    assert sites.outlet("Vox Media, LLC") == "Vox"  # the alias without the form
    assert sites.outlet("Salon Media Group, Inc.") == "Salon Media Group"  # not curated


def test_the_copyright_holder_is_the_site_over_a_known_sites_name_printed_alone():
    from sino_russian_news.pipeline.article_metadata import SiteRegistry, site_from

    sites = SiteRegistry.from_entries([{"name": "Reuters", "domain": "reuters.com"}])
    teaser_source = RemovedLine(125, "Reuters", "site-name")
    notice = RemovedLine(300, "Copyright © 2017 Breitbart", "copyright")
    story = (Line(30, "Officials in Moscow said talks would go on."),)
    assert site_from(Cleaned(story, (teaser_source, notice)), sites) == "Breitbart"
    assert site_from(Cleaned(story, (teaser_source,)), sites) == "Reuters"  # the name alone is evidence still


def test_the_headline_evidence_names_the_line_chosen_or_why_there_is_none(articles, tmp_path):
    from sino_russian_news.pipeline.build import Curation, prepare_article

    assert (
        articles["000_21496d7d6b8b8c59"]["headline_evidence"]
        == "text: line 3, the only title-shaped line above the body (score 0.94)"
    )
    assert articles["002_8c84d02b1110ab5b"]["headline_evidence"] == "text: no title-shaped line in the 80 lines above the body"
    page = tmp_path / "173_page.txt"
    page.write_text("\n".join(["Home", "Home > World > Asia", PROSE, PROSE]), encoding="utf-8")  # a breadcrumb is never the title
    record, _ = prepare_article(page, Curation.load(Path(__file__).parents[1] / "dataset" / "curated"))
    assert record["headline"] is None
    assert record["headline_evidence"] == (
        "text: no line scores as the title (the only title-shaped line above the body: line 2 'Home > World > Asia', 0.00 < 0.5)"
    )


def test_a_curated_headline_carries_the_curations_evidence():
    from sino_russian_news.pipeline.article_metadata import apply_curation
    from sino_russian_news.pipeline.curation import CuratedFact

    record = {
        "article_id": "a",
        "headline": None,
        "headline_evidence": "text: no title-shaped line in the 80 lines above the body",
    }
    curated = apply_curation(record, {"headline": CuratedFact("Gas deal extended", "the title in the print edition, p. 3")})
    assert (curated["headline"], curated["headline_evidence"]) == (
        "Gas deal extended",
        "curated: the title in the print edition, p. 3",
    )


def recorded(
    headline: str,
    site: str | None,
    url: str | None,
    evidence: str = "scraper: line 1, the title the scraper recorded with the page",
):
    """An article record whose headline is a title the scraper recorded."""
    body = "Chinese President Xi Jinping visits Moscow this week and signs a pact with Vladimir Putin."
    return {"headline": headline, "headline_evidence": evidence, "site": site, "url": url, "body": body}


@pytest.mark.parametrize(
    "headline, site, url, expected",
    [
        # the site's name after the title, as feeds and search engines print it
        (
            "Xi visits Moscow, signs a pact - Reuters",
            "Reuters",
            "https://www.reuters.com/world/1",
            "Xi visits Moscow, signs a pact",
        ),
        # the URL's host names it when the record names no site; 'The' or not
        ("Xi visits Moscow | The Moscow Times", None, "https://www.themoscowtimes.com/2023/1", "Xi visits Moscow"),
        ("Guardian - Xi visits Moscow", "The Guardian", None, "Xi visits Moscow"),
        # an alias sites.yml gives the site, and the registered name of a host under a two-part suffix
        ("BBC - Xi visits Moscow", "BBC News", None, "Xi visits Moscow"),
        ("Xi visits Moscow - bbc", None, "https://news.bbc.co.uk/2/hi/1.stm", "Xi visits Moscow"),
        # a dash that is the title's own, and a last part that names another outlet, stay
        ("Putin - Xi talks end in Moscow", "Reuters", "https://www.reuters.com/world/2", "Putin - Xi talks end in Moscow"),
        ("Xi visits Moscow - TASS", "Reuters", "https://www.reuters.com/world/3", "Xi visits Moscow - TASS"),
        # a title that is only the site's name is no title without it: left as recorded
        ("Reuters", "Reuters", "https://www.reuters.com/world/4", "Reuters"),
    ],
)
def test_a_recorded_title_loses_the_part_naming_its_site(headline, site, url, expected):
    from sino_russian_news.pipeline.article_metadata import SiteRegistry, headline_without_site

    sites = SiteRegistry.from_entries([{"name": "BBC News", "domain": "bbc.co.uk", "aliases": ["BBC"]}])
    record = recorded(headline, site, url)
    headline_without_site(record, sites)
    assert record["headline"] == expected
    if expected != headline:
        part = headline.replace(expected, "").strip(" -|")
        assert (
            record["headline_evidence"]
            == f"scraper: line 1, the title the scraper recorded with the page; without '{part}', the site's name"
        )
        # checked against the body again: the site's name was a word the body lacks
        assert (record["headline_matches_body"], record["headline_check"]) == (True, "overlap=1.00")


def test_a_headline_the_page_prints_keeps_its_site_part():
    # a line of the page chosen as its headline is as printed: only a scraper's record is mended
    from sino_russian_news.pipeline.article_metadata import SiteRegistry, headline_without_site

    record = recorded(
        "Xi visits Moscow - Reuters",
        "Reuters",
        None,
        evidence="text: line 4, chosen among 3 title-shaped lines above the body (score 0.91)",
    )
    headline_without_site(record, SiteRegistry.from_entries([]))
    assert record["headline"] == "Xi visits Moscow - Reuters"


@pytest.mark.parametrize(
    "name, url, site",
    [
        ("South China Morning Post", "https://www.scmp.com/1", "South China Morning Post"),  # trafilatura's sitename
        ("www.Reuters.com", None, "Reuters"),  # news-please's source_domain, as sites.yml names its domain
        ("themoscowtimes.com", None, "themoscowtimes.com"),  # Media Cloud's media_name
        (None, "https://www.themoscowtimes.com/2023/1", "themoscowtimes.com"),  # only the address it was read from
        ("  ", "not an address", None),
    ],
)
def test_the_site_a_scraper_records(name, url, site):
    from sino_russian_news.pipeline.article_metadata import SiteRegistry, scraper_site

    assert scraper_site(name, url, SiteRegistry.from_entries([{"name": "Reuters", "domain": "reuters.com"}])) == site
