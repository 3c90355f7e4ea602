"""The headline ranker's training objective (`cleaner_train.fit_choice`)."""

import numpy as np

from sino_russian_news.pipeline.cleaner_features import probabilities
from sino_russian_news.pipeline.cleaner_train import fit_choice


def test_a_title_printed_twice_is_right_in_either_copy():
    # One feature, "looks like a title". On the first kind of page the title is printed twice
    # above the body, once title-shaped (1) and once flattened into a breadcrumb (0), beside a
    # menu item (0); both copies are right. On the second kind only the title-shaped line is.
    # Were only the copy nearest the body counted right, the breadcrumb copy would teach the
    # ranker that "looks like a title" does not matter.
    printed_twice = (np.array([[1.0], [0.0], [0.0]]), [0, 1])
    printed_once = (np.array([[1.0], [0.0]]), [0])
    model = fit_choice([printed_twice] * 3 + [printed_once], features=("title_shaped",))

    scores = probabilities([[1.0], [0.0], [0.0]], model)

    assert [max(range(3), key=lambda k: scores[k])] == [0]
    assert model["weights"][0] > 0


def test_a_page_without_its_headline_teaches_the_no_headline_option():
    # Every candidate of these pages is wrong: the ranker should learn to say "none".
    nothing_right = (np.array([[0.0], [1.0]]), [])
    one_right = (np.array([[1.0], [0.0]]), [0])
    model = fit_choice([nothing_right] * 4 + [one_right], features=("title_shaped",))

    assert [p > 0.5 for p in probabilities([[0.0], [1.0]], model)] == [False, False]


def test_inscriptis_nested_list_markers_are_bullets():
    from sino_russian_news.pipeline.cleaner_features import line_measures

    # inscriptis marks list items "* ", nested ones "+ " and "o ": show names, editions, menus
    marked = ["* World", "+ Hardball with Chris Matthews", "o WSJ India", "• Markets"]
    unmarked = ["O presidente chega a Pequim", "Oil prices rise", "+7% in a week"]
    assert [line_measures(t, False)["bullet"] for t in marked + unmarked] == [1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]


def test_each_dump_is_one_batch_and_pages_can_be_scored_alone():
    from sino_russian_news.evaluation.extraction import Page
    from sino_russian_news.pipeline.cleaner_features import load_model
    from sino_russian_news.pipeline.cleaner_train import DumpTexts, evaluate

    from .test_recurrence import BUDGET_PAGE, SWAPS_PAGE, TAGLINE

    texts = {("a", "inscriptis"): SWAPS_PAGE, ("b", "inscriptis"): BUDGET_PAGE}
    texts |= {("a", "chromium"): SWAPS_PAGE, ("b", "chromium"): SWAPS_PAGE.replace(TAGLINE, "Brussels")}
    page = Page("a", "test", "en", SWAPS_PAGE.split("\n", 5)[5], "Barroso backs ban on naked swaps", None)

    batch = DumpTexts(texts)
    # the tagline recurs in the inscriptis dump (another story prints it), not in the Chromium one
    assert [len(batch.recurring["a", mode]) for mode in ("inscriptis", "chromium")] == [1, 0]
    assert {mode: headlines for mode, (_, headlines) in evaluate([page], batch, load_model()).items()} == {
        "inscriptis": [True],
        "chromium": [False],
    }
    alone = evaluate([page], DumpTexts(texts, scored_alone=True), load_model())
    assert {mode: headlines for mode, (_, headlines) in alone.items()} == {"inscriptis": [False], "chromium": [False]}
