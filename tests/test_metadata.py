import pytest

from sino_russian_news.pipeline.article_metadata import headline_overlap, parse_byline


def test_headlines(articles):
    assert articles["000_21496d7d6b8b8c59"]["headline"] == "Live news: Ukraine war reveals ‘issues’ with Russian army, says Putin"
    assert articles["001_72bc7103f3c47a61"]["headline"] == "Putin wants to strengthen military cooperation with China"
    assert articles["001_72bc7103f3c47a61"]["subheadline"] == "Xi says road to peace talks on Ukraine war will not be smooth"
    assert articles["002_8c84d02b1110ab5b"]["headline"] is None
    assert articles["003_4156b6fe17ca2892"]["headline"] == "China’s Xi to meet Putin in Moscow next week"
    assert articles["004_6f773ce998831c97"]["headline"] == "Russia’s Putin and China’s No. 2 official praise deepening ties as Ukraine war grinds on"


def test_byline_dateline_and_timestamp(articles):
    bbc = articles["003_4156b6fe17ca2892"]
    assert bbc["byline"] == "Steve Rosenberg; Stephen McDonell; James Landale"
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
    assert (a["site"], a["original_publisher"], a["publisher_source"], a["photo_credit"]) == (site, publisher, publisher_source, photo_credit)


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


def test_overlap_check_alone_also_flags_the_mismatched_headline(articles):
    a = articles["000_21496d7d6b8b8c59"]
    assert headline_overlap(a["headline"], a["body"]) < 0.5
    b = articles["004_6f773ce998831c97"]
    assert headline_overlap(b["headline"], b["body"]) >= 0.5


def test_language_and_counts(articles):
    assert {a["language"] for a in articles.values()} == {"en"}
    assert [a["word_count"] for a in articles.values()] == [349, 672, 356, 715, 818]
    for a in articles.values():
        assert a["paragraph_count"] == len(a["body"].split("\n\n"))


def test_parse_byline():
    assert parse_byline("By Steve Rosenberg, Stephen McDonell and James Landale") == "Steve Rosenberg; Stephen McDonell; James Landale"
    assert parse_byline("by Jane Doe & John Roe") == "Jane Doe; John Roe"
    assert parse_byline(None) is None
