"""The extraction metric, on texts small enough to count by hand."""

import datetime as dt
import gzip

from sino_russian_news.evaluation.extraction import (
    Page,
    Result,
    error_listing,
    gold_byline,
    gold_headline,
    page_site,
    parse_markup_date,
    summarise,
    token_f1,
)
from sino_russian_news.evaluation.shingles import score_page, score_set, shingles


def test_shingles_are_four_token_runs_with_counts():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("one two") == {("one", "two"): 1}
    assert shingles("... !") == {}


def test_page_score_counts_shared_shingles():
    score = score_page("a b c d e x", "a b c d e f")  # shares 'a b c d' and 'b c d e' of 3 each
    assert (round(score.precision, 3), round(score.recall, 3)) == (0.667, 0.667)
    assert score.exact is False
    assert score_page("A, b. c d", "A b c d").exact is True


def test_empty_prediction_has_no_precision_and_zero_recall():
    score = score_page("", "a b c d e")
    assert (score.precision, score.recall) == (None, 0.0)


def test_set_precision_skips_empty_predictions_recall_does_not():
    result = score_set([score_page("a b c d", "a b c d"), score_page("", "e f g h")], resamples=10)
    assert (result.precision, result.recall, round(result.f1, 3)) == (1.0, 0.5, 0.667)


def test_headline_from_gold_first_line_only_when_it_is_the_title():
    row = {"gold_title": "", "title": "Site: Markets fall", "og_title": "", "h1": ""}
    assert gold_headline(row, "Markets fall\nBody text here.") == "Markets fall"
    assert gold_headline(row, "Shares slid on Monday\nBody.") is None
    assert gold_headline({**row, "gold_title": "Reviewed"}, "x") == "Reviewed"


def test_token_f1_and_markup_dates():
    assert token_f1("Markets fall | BBC", "Markets fall") == 0.8
    assert str(parse_markup_date("2013/03/03 17:05:55")) == "2013-03-03"
    assert str(parse_markup_date("2016-02-20T10:00:00-05:00")) == "2016-02-20"
    assert parse_markup_date("") is None


def test_error_listing_names_wrong_headlines_bylines_and_far_dates_only():
    page = Page("p1", "big9", "en", "Markets fall\nBody", "Markets fall", dt.date(2013, 3, 3), "cnn.com", "Jane Doe")
    score = score_page("Body", page.gold)
    results = [
        Result(page, "inscriptis", "Body", "Subscribe now", "2013-03-10", score, byline="Jane Doe Trending Editor"),
        Result(page, "chromium", "Body", "Markets fall", "2013-03-04", score, byline="JANE DOE"),  # right, and a day off is right
    ]
    assert error_listing(results) == [
        "  headline inscriptis: p1 got 'Subscribe now', gold 'Markets fall'",
        "  byline inscriptis: p1 got 'Jane Doe Trending Editor', gold 'Jane Doe'",
        "  date inscriptis: p1 got 2013-03-10, gold 2013-03-03",
    ]
    assert summarise(results)["byline_right"] == 0.5


def test_the_gold_byline_drops_the_credit_word():
    assert gold_byline({"gold_author": "By  Erin\nCunningham"}) == "Erin Cunningham"
    assert gold_byline({"gold_author": ""}) is None


def test_a_page_site_is_its_registrable_domain_or_for_an_archived_page_the_one_it_links_to_most(tmp_path):
    assert page_site(tmp_path, {"id": "p1", "url": "http://news.bbc.co.uk/2/hi/asia/1.stm"}) == "bbc.co.uk"
    (tmp_path / "html").mkdir()
    links = [
        "http://web.archive.org/web/20050901/http://www.cnn.com/WORLD/",
        "/web/20050901/http://money.cnn.com/",
        "http://web.archive.org/web/20050901/http://www.cnn.com/US/",
        "http://www.latimes.com/",
        "http://www.latimes.com/news",
        "http://web.archive.org/",
    ]
    html = "".join(f'<a href="{link}">x</a>' for link in links)
    (tmp_path / "html" / "p2.html.gz").write_bytes(gzip.compress(html.encode()))
    assert page_site(tmp_path, {"id": "p2", "url": ""}) == "cnn.com"
    assert page_site(tmp_path, {"id": "p3", "url": ""}) == "p3"  # no HTML: a site of its own


def test_with_the_dumps_in_one_batch_a_page_and_its_other_copy_are_one_story(tmp_path):
    from sino_russian_news.evaluation.extraction import recurring_across, recurring_in
    from sino_russian_news.pipeline.cleaner_features import recurrence_key

    from .test_recurrence import BUDGET_PAGE, SWAPS_PAGE, TAGLINE

    # The browser's copy spaces a comma differently, so its longest line is not the same text.
    dumps = {"inscriptis": (SWAPS_PAGE, BUDGET_PAGE), "chromium": (SWAPS_PAGE.replace("swaps,", "swaps ,"), BUDGET_PAGE)}
    for mode, texts in dumps.items():
        (tmp_path / "text" / mode).mkdir(parents=True)
        for page_id, text in zip("ab", texts, strict=True):
            (tmp_path / "text" / mode / f"{page_id}.txt").write_text(text, encoding="utf-8")
    pages = [Page(page_id, "test", "en", "", None, None) for page_id in "ab"]
    tagline = frozenset({recurrence_key(TAGLINE)})
    each = {"a": tagline, "b": tagline}  # the headlines are not furniture; the tagline, on both stories, is
    assert recurring_across(tmp_path, pages, ("inscriptis", "chromium", "html")) == {"inscriptis": each, "chromium": each}
    assert recurring_in(tmp_path, pages, "chromium") == each
