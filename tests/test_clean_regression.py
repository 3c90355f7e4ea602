"""The text cleaner on a regression slice of real pages with gold bodies (tests/data/extraction/).

Sixteen pages of the extraction development set's `readability` (Apache-2.0) and `wcxb`
(CC-BY-4.0) subsets, both text dumps of each and its HTML (read here as a scraper's Markdown of
the page, the evaluation's `--mode markdown`), with their gold bodies and titles; see the
README there. The pages are in the set the shipped model was trained on, so these figures are
not an estimate of quality on new pages (the page-grouped cross-validation of `make
train-cleaner` is); they catch a change that makes the cleaner worse. The floors are the
figures measured on the slice (last on 9bba922), minus 0.02.
"""

import csv
import gzip
from pathlib import Path

import pytest

from sino_russian_news.evaluation.extraction import HEADLINE_MATCH, markdown_of, token_f1
from sino_russian_news.evaluation.shingles import score_page, score_set
from sino_russian_news.pipeline.article_metadata import body_of
from sino_russian_news.pipeline.clean import clean
from sino_russian_news.pipeline.markdown import render

SLICE = Path(__file__).parent / "data" / "extraction"
PAGES = list(csv.DictReader((SLICE / "pages.csv").open(encoding="utf-8", newline="")))

# (precision, recall, F1, headlines right) measured on the slice, per dump.
MEASURED = {
    "inscriptis": (0.956, 0.924, 0.940, 11),
    "chromium": (0.954, 0.925, 0.939, 12),
    "markdown": (0.952, 0.927, 0.939, 13),  # measured with the page title of its level-1 heading
}
MARGIN = 0.02


def cleaned(dump: str, page: dict):
    if dump == "markdown":
        html = gzip.decompress((SLICE / "html" / f"{page['id']}.html.gz").read_bytes()).decode("utf-8")
        rendered = render(markdown_of(html))  # as the build reads a Markdown file: its text and its title line
        return clean(rendered.text, title_line=rendered.title_line)
    return clean((SLICE / dump / f"{page['id']}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("dump", sorted(MEASURED))
def test_slice_f1_does_not_drop(dump):
    scores = [
        score_page(body_of(cleaned(dump, p)), (SLICE / "gold" / f"{p['id']}.txt").read_text(encoding="utf-8")) for p in PAGES
    ]
    s = score_set(scores)
    precision, recall, f1, _ = MEASURED[dump]
    print(f"{dump}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}")
    assert s.precision >= precision - MARGIN
    assert s.recall >= recall - MARGIN
    assert s.f1 >= f1 - MARGIN


@pytest.mark.parametrize("dump", sorted(MEASURED))
def test_slice_headlines_do_not_drop(dump):
    right = 0
    for page in PAGES:
        headline = cleaned(dump, page).removed_text("headline")
        right += bool(headline) and token_f1(headline[0], page["gold_title"]) >= HEADLINE_MATCH
    print(f"{dump}: {right} of {len(PAGES)} headlines right")
    assert right >= MEASURED[dump][3] - 1


@pytest.mark.parametrize("dump", sorted(MEASURED))
def test_every_page_keeps_article_text_whatever_its_language(dump):
    """Chinese, Czech, German, French and Portuguese pages keep most of their gold body."""
    for page in PAGES:
        if page["language"] != "en":
            gold = (SLICE / "gold" / f"{page['id']}.txt").read_text(encoding="utf-8")
            assert score_page(body_of(cleaned(dump, page)), gold).recall >= 0.5, page["id"]
