"""Lines other pages of the batch print too: a site's furniture is not a headline."""

import json
import sqlite3
from hashlib import sha256

from sino_russian_news.pipeline import build as build_module
from sino_russian_news.pipeline import clean
from sino_russian_news.pipeline.cleaner_features import recurrence_key
from sino_russian_news.pipeline.recurrence import PageLines, Store, changed_pages, recurring_lines

from .conftest import copy_project
from .test_incremental import assert_same_release, counting_prepare, set_raw_file

TAGLINE = "Insight and analysis from our team in Brussels"
SWAPS = (
    "The European Commission president said on Tuesday that he supports a ban on speculative trading in credit "
    "default swaps, the insurance contracts blamed for deepening the debt crisis.\n"
    "Officials in Brussels said the proposal would be presented to finance ministers next month, and several "
    "governments have already signalled their support for the measure.\n"
)
BUDGET = (
    "The Belgian government agreed on Friday to cut spending by two billion euros next year, the prime minister "
    "told reporters after a cabinet meeting that lasted through the night.\n"
    "Unions said they would hold a national strike against the cuts before the end of the month, the third this year.\n"
)
SWAPS_PAGE = f"Home\nWorld\nBusiness\n{TAGLINE}\nBarroso backs ban on naked swaps\n{SWAPS}"
BUDGET_PAGE = f"Home\nWorld\nBusiness\n{TAGLINE}\nBelgium agrees spending cuts\n{BUDGET}"


def test_a_line_is_recurring_when_a_page_with_another_story_prints_it():
    swaps, budget = PageLines.of(SWAPS_PAGE), PageLines.of(BUDGET_PAGE)
    copy = PageLines.of(SWAPS_PAGE.replace("Home\n", "Partner site\n"))  # syndicated: the same story
    tagline = recurrence_key(TAGLINE)

    assert recurring_lines({"a": swaps, "b": budget}) == {"a": frozenset({tagline}), "b": frozenset({tagline})}
    # "Home", "World" and "Business" are too short to be titles and never counted; a copy of
    # the same story shares its headline and tagline without making either furniture.
    assert recurring_lines({"a": swaps, "c": copy}) == {"a": frozenset(), "c": frozenset()}
    assert recurring_lines({"c": copy, "b": budget, "a": swaps}) == {
        "a": frozenset({tagline}),
        "b": frozenset({tagline}),
        "c": frozenset({tagline}),
    }
    # Below its story a page lists other stories of the site: a link to a story, not furniture.
    most_read = PageLines.of(f"{SWAPS}Most read\nBelgium agrees spending cuts\n")
    assert recurring_lines({"b": budget, "m": most_read}) == {"b": frozenset(), "m": frozenset()}
    assert PageLines.of(SWAPS_PAGE).lines == tuple(
        sorted(recurrence_key(t) for t in (TAGLINE, "Barroso backs ban on naked swaps"))
    )
    assert changed_pages({"a": frozenset()}, {"a": frozenset({tagline}), "b": frozenset({tagline})}, ["a", "b"]) == ["a", "b"]


def test_pages_that_share_half_their_paragraphs_tell_one_story():
    tagline, headline = recurrence_key(TAGLINE), recurrence_key("Barroso backs ban on naked swaps")
    # The same page scraped again after an update (a clause added to its longest paragraph)
    # and saved by another tool (spaces before punctuation): one of its two paragraphs is
    # printed by the first scrape, half, so neither its headline nor its tagline is furniture.
    rescraped = SWAPS_PAGE.replace("on Tuesday that", "on Tuesday , at a news conference in Strasbourg , that")
    first, again = PageLines.of(SWAPS_PAGE), PageLines.of(rescraped)
    assert first.longest != again.longest
    assert recurring_lines({"a": first, "r": again}) == {"a": frozenset(), "r": frozenset()}
    # A blog's "about" paragraph on every page does not make two stories one (one of three
    # paragraphs shared): the tagline recurs, the headlines do not.
    about = "This blog is written by the Brussels bureau, which covers the European Union and its institutions.\n"
    swaps, budget = PageLines.of(SWAPS_PAGE + about), PageLines.of(BUDGET_PAGE + about)
    assert recurring_lines({"a": swaps, "b": budget}) == {"a": frozenset({tagline}), "b": frozenset({tagline})}
    assert headline in swaps.lines


def test_a_story_syndicated_many_times_keeps_its_headline_and_still_sees_the_furniture():
    # Fifty copies of one story (the run of pages with its longest paragraph is skipped, not
    # compared page by page), an updated copy and another story, in a scrambled order.
    rescraped = SWAPS_PAGE.replace("on Tuesday that", "on Tuesday, at a news conference in Strasbourg, that")
    pages = {f"copy{i:02d}": PageLines.of(SWAPS_PAGE.replace("Home", f"Site {i}")) for i in range(50)}
    pages |= {"budget": PageLines.of(BUDGET_PAGE), "again": PageLines.of(rescraped)}
    scrambled = dict(sorted(pages.items(), key=lambda item: sha256(item[0].encode()).hexdigest()))
    tagline = frozenset({recurrence_key(TAGLINE)})
    assert recurring_lines(scrambled) == dict.fromkeys(pages, tagline)


def test_a_recurring_tagline_loses_the_headline_to_the_title_below_it():
    assert clean.clean(SWAPS_PAGE).removed_text("headline") == [TAGLINE]
    cleaned = clean.clean(SWAPS_PAGE, recurring=frozenset({recurrence_key(TAGLINE)}))
    assert cleaned.removed_text("headline") == ["Barroso backs ban on naked swaps"]
    assert cleaned.headline_evidence == (
        "text: line 5, chosen among 2 title-shaped lines above the body, 1 of them printed on other pages too (score 0.76)"
    )
    tagline_only = clean.clean(f"Home\n{TAGLINE}\n{SWAPS}", recurring=frozenset({recurrence_key(TAGLINE)}))
    assert (tagline_only.removed_text("headline"), tagline_only.headline_evidence) == (
        [],
        "text: no line scores as the title (the only title-shaped line above the body, printed on other pages too: "
        "line 2 'Insight and analysis from our team in Brussels', 0.43 < 0.5)",
    )


def test_a_damaged_store_or_one_other_code_wrote_is_read_as_empty(tmp_path):
    path = tmp_path / "page-lines.json"
    path.write_text('{"code": 7, "pages": [1, 2]}', encoding="utf-8")
    store = Store(path, 7)
    assert (store.pages, store.built_for, store.built) == ({}, None, {})
    store.page_lines("a", lambda: SWAPS_PAGE)
    store.page_lines("b", lambda: BUDGET_PAGE)
    store.save({"a"}, built_for="abc", built={"x.txt": frozenset({5}), "y.txt": frozenset()})
    again = Store(path, 7)
    assert (again.pages, again.built_for, again.built) == ({"a": PageLines.of(SWAPS_PAGE)}, "abc", {"x.txt": frozenset({5})})
    assert again.page_lines("a", lambda: 1 / 0) == PageLines.of(SWAPS_PAGE)  # known: not read again
    assert Store(path, 8).built_for is None  # other code's record is not trusted


def headlines(project):
    conn = sqlite3.connect(project / "dataset" / "sino_russian_news.db")
    return dict(conn.execute("select article_id, headline from articles where article_id like '01_%'"))


def test_an_added_page_that_shares_a_line_cleans_the_old_page_again_and_equals_a_scratch_build(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "incremental")
    set_raw_file(project, "010_swaps.txt", SWAPS_PAGE)
    build_module.build(project, log=lambda m: None)
    assert headlines(project) == {"010_swaps": TAGLINE}  # one page alone: nothing says the tagline is furniture

    set_raw_file(project, "011_budget.txt", BUDGET_PAGE)
    cleaned = counting_prepare(monkeypatch)
    build_module.build(project, log=lambda m: None)

    assert cleaned == ["010_swaps.txt", "011_budget.txt"]  # the seeds come from the release
    assert headlines(project) == {"010_swaps": "Barroso backs ban on naked swaps", "011_budget": "Belgium agrees spending cuts"}
    scratch = copy_project(tmp_path / "scratch")
    set_raw_file(scratch, "010_swaps.txt", SWAPS_PAGE)
    set_raw_file(scratch, "011_budget.txt", BUDGET_PAGE)
    monkeypatch.undo()
    build_module.build(scratch, use_cache=False, log=lambda m: None)
    assert_same_release(project, scratch)

    # Removing the other page makes the tagline the old page's own line again.
    set_raw_file(project, "011_budget.txt", None)
    cleaned = counting_prepare(monkeypatch)
    build_module.build(project, log=lambda m: None)
    assert (cleaned, headlines(project)) == (["010_swaps.txt"], {"010_swaps": TAGLINE})
    # the removed page's lines leave the store with it
    stored = json.loads((project / "dataset" / ".cache" / "page-lines.json").read_text(encoding="utf-8"))
    assert sha256(BUDGET_PAGE.encode()).hexdigest() not in stored["pages"]
    assert sha256(SWAPS_PAGE.encode()).hexdigest() in stored["pages"]
