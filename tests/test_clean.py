"""Cleaning on the five seeds and on pages written here to prove the rules are general."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sino_russian_news.pipeline.article_metadata import body_of
from sino_russian_news.pipeline.clean import clean, split_lines
from sino_russian_news.pipeline.cleaner_features import recurrence_key

from .conftest import RAW

SITES = frozenset({"louisiana digital news", "index of news"})

FIRST_AND_LAST = {
    "000_21496d7d6b8b8c59.txt": (
        "Chinese president Xi Jinping has reiterated a call for peace talks",
        "while skipping major summits such as the G20 meeting in Indonesia in November.",
    ),
    "001_72bc7103f3c47a61.txt": (
        "Russian President Vladimir Putin said on Friday he was expecting",
        "Kremlin spokesman Dmitry Peskov said no date had yet been set for Xi's visit.",
    ),
    "002_8c84d02b1110ab5b.txt": (
        "On his state visit to Moscow that began earlier this week",
        "In addition the pair agreed to increase oil exports to China to $85bn over a five-year period.",
    ),
    "003_4156b6fe17ca2892.txt": (
        "China’s President Xi Jinping will travel to Moscow next week",
        "who in turn said the two had discussed the “significance of the principle of territorial integrity”.",
    ),
    "004_6f773ce998831c97.txt": (
        "Russian President Vladimir Putin on Wednesday hailed “flourishing” trade ties",
        "for an “in-depth exchange of views on bilateral relations and cooperation in various fields,” China’s Foreign Ministry said Monday.",
    ),
}

PARAGRAPH_COUNTS = {
    "000_21496d7d6b8b8c59.txt": 10,
    "001_72bc7103f3c47a61.txt": 21,
    "002_8c84d02b1110ab5b.txt": 3,
    "003_4156b6fe17ca2892.txt": 24,
    "004_6f773ce998831c97.txt": 23,
}


def cleaned(name):
    return clean((RAW / name).read_text(encoding="utf-8"), SITES)


@pytest.mark.parametrize("name", sorted(FIRST_AND_LAST))
def test_first_and_last_real_paragraph_kept_whole(name):
    result = cleaned(name)
    first, last = FIRST_AND_LAST[name]
    assert result.paragraphs[0].text.startswith(first)
    assert result.paragraphs[-1].text.endswith(last)
    assert len(result.paragraphs) == PARAGRAPH_COUNTS[name]


@pytest.mark.parametrize("name", sorted(FIRST_AND_LAST))
def test_every_non_blank_raw_line_is_body_or_removed(name):
    result = cleaned(name)
    numbers = sorted([p.number for p in result.paragraphs] + [r.number for r in result.removed])
    assert numbers == [line.number for line in split_lines((RAW / name).read_text(encoding="utf-8"))]


@pytest.mark.parametrize(
    "name, text, reason",
    [
        ("000_21496d7d6b8b8c59.txt", "Louisiana Digital News", "site-name"),
        ("000_21496d7d6b8b8c59.txt", "0", "comment-count"),
        ("000_21496d7d6b8b8c59.txt", "Source link", "source-link"),
        ("000_21496d7d6b8b8c59.txt", "Leave A Reply", "comments"),
        ("000_21496d7d6b8b8c59.txt", "Your email address will not be published.", "comments"),
        ("001_72bc7103f3c47a61.txt", "| Updated: December 31, 2022 20:40:53", "timestamp"),
        ("001_72bc7103f3c47a61.txt", "Share if you like", "share-widget"),
        ("001_72bc7103f3c47a61.txt", "Filter By Topic", "site-chrome"),
        ("002_8c84d02b1110ab5b.txt", "Source link", "source-link"),
        ("003_4156b6fe17ca2892.txt", "By Steve Rosenberg, Stephen McDonell and James Landale", "byline"),
        ("003_4156b6fe17ca2892.txt", "in Moscow, Beijing and Kyiv", "dateline"),
        ("003_4156b6fe17ca2892.txt", "Media caption,", "video-stub"),
        ("003_4156b6fe17ca2892.txt", "Watch: One year of war in Ukraine in 87 seconds", "video-stub"),
        ("003_4156b6fe17ca2892.txt", "Related Topics", "site-chrome"),
        ("003_4156b6fe17ca2892.txt", "Related Posts", "related-posts"),
        ("003_4156b6fe17ca2892.txt", "Read More", "related-posts"),
        ("003_4156b6fe17ca2892.txt", "memory oriented", "related-posts"),
        ("003_4156b6fe17ca2892.txt", "Donate Now", "newsletter"),
        ("003_4156b6fe17ca2892.txt", "Subscription Form", "newsletter"),
        ("004_6f773ce998831c97.txt", "Connect with us", "site-chrome"),
        ("004_6f773ce998831c97.txt", "Hi, what are you looking for?", "site-chrome"),
        ("004_6f773ce998831c97.txt", "This post appeared first on cnn.com", "syndication-note"),
        ("004_6f773ce998831c97.txt", "You May Also Like", "related-posts"),
        ("004_6f773ce998831c97.txt", "Editor's Pick", "related-posts"),
        ("004_6f773ce998831c97.txt", "Copyright © 2024 InvestmentIntellectHub.com", "copyright"),
    ],
)
def test_chrome_line_removed_with_reason(name, text, reason):
    result = cleaned(name)
    assert (text, reason) in [(r.text, r.reason) for r in result.removed]
    assert text not in [p.text for p in result.paragraphs]


@pytest.mark.parametrize(
    "name, start, reason",
    [
        ("001_72bc7103f3c47a61.txt", "Russia's President Vladimir Putin holding talks", "photo-caption"),
        (
            "003_4156b6fe17ca2892.txt",
            "Russian President Vladimir Putin speaks with Chinese President Xi Jinping",
            "photo-caption",
        ),
        ("003_4156b6fe17ca2892.txt", "Note: This article have been indexed to our site.", "disclaimer"),
        ("003_4156b6fe17ca2892.txt", "Zlatý oříšek je soutěž", "related-posts"),
        ("003_4156b6fe17ca2892.txt", "“Dos medias verdades no hacen una verdad”", "related-posts"),
        ("003_4156b6fe17ca2892.txt", "ปชป. ยกทัพใหญ่", "related-posts"),
        ("003_4156b6fe17ca2892.txt", "Consider making some contribution", "newsletter"),
        ("004_6f773ce998831c97.txt", "Become a VIP member by signing up for our newsletter.", "newsletter"),
        ("004_6f773ce998831c97.txt", "By opting in you agree to receive emails", "newsletter"),
        ("004_6f773ce998831c97.txt", "Union members at Ford, Stellantis", "related-posts"),
        ("004_6f773ce998831c97.txt", "Disclaimer: investmentintellecthub.com", "disclaimer"),
    ],
)
def test_long_chrome_line_removed_with_reason(name, start, reason):
    result = cleaned(name)
    assert [r.reason for r in result.removed if r.text.startswith(start)] == [reason]
    assert not [p for p in result.paragraphs if p.text.startswith(start)]


def test_mid_article_crosshead_is_kept():
    assert "Record trade" in [p.text for p in cleaned("004_6f773ce998831c97.txt").paragraphs]


def test_curly_quotes_and_apostrophes_survive():
    body = body_of(cleaned("003_4156b6fe17ca2892.txt"))
    assert "“I really want to believe that China will not supply weapons to Russia,” he said." in body
    assert "Mr Putin and Mr Xi share" in body


def test_the_same_rules_clean_a_page_from_another_site():
    page = "\n".join(
        [
            "Skip to content",
            "Menu",
            "Kremlin hails Beijing talks as trade grows",
            "By Jane Doe and John Roe",
            "Posted on: March 3, 2023",
            "Moscow and Beijing signed new agreements on energy and trade on Thursday, officials said.",
            "Tweet",
            "The deals cover gas pipelines, grain exports and payments in yuan, the ministry added.",
            "Watch: Xi arrives in Moscow",
            "The talks will continue next month in Beijing, according to state media.",
            "This article originally appeared on example-news.com",
            "More stories",
            "Celebrity chef opens new restaurant thumbnail",
            "Celebrity chef opens new restaurant",
            "Copyright © 2023 Example Aggregator",
        ]
    )
    result = clean(page)
    assert [p.text[:20] for p in result.paragraphs] == ["Moscow and Beijing s", "The deals cover gas ", "The talks will conti"]
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Kremlin hails Beijing talks as trade grows"] == "headline"
    assert reasons["By Jane Doe and John Roe"] == "byline"
    assert reasons["Posted on: March 3, 2023"] == "timestamp"
    assert reasons["Tweet"] == "share-widget"
    assert reasons["Watch: Xi arrives in Moscow"] == "video-stub"
    assert reasons["This article originally appeared on example-news.com"] == "syndication-note"
    assert reasons["Celebrity chef opens new restaurant"] == "related-posts"
    assert reasons["Copyright © 2023 Example Aggregator"] == "copyright"


def test_mid_article_promo_removes_its_line_only():
    page = "\n".join(
        [
            "Xi and Putin sign energy deals in Moscow",
            "China and Russia signed new energy agreements in Moscow on Tuesday, officials said.",
            "Sign up for our newsletter to get the day's top stories.",
            "The agreements cover gas supplies through a new pipeline across Mongolia, the ministry added.",
            "This story has been updated with additional reporting.",
            "Analysts said the deals deepen Russia's reliance on Chinese buyers for its energy exports.",
        ]
    )
    result = clean(page)
    assert [p.text[:12] for p in result.paragraphs] == ["China and Ru", "The agreemen", "Analysts sai"]
    assert [r.reason for r in result.removed] == ["headline", "newsletter", "update-note"]


def test_whitespace_is_normalised_inside_lines():
    result = clean("Headline here\n\n  China\u00a0and  Russia\tsigned a long agreement on trade and energy today.  \r\n")
    assert result.paragraphs[0].text == "China and Russia signed a long agreement on trade and energy today."


lines = st.lists(
    st.one_of(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
            max_size=80,
        ),
        st.sampled_from(["Source link", "Read More", "0", "By A and B", "Related Posts", "", "   ", "“A quote,” he said."]),
        st.builds(  # a table row: a menu item, a paragraph and a teaser side by side
            lambda w: f"   Europe        {' '.join(w)}.      * Aid workers freed",
            st.lists(st.sampled_from(["China", "Russia", "said", "the", "war", "talks"]), min_size=8, max_size=30),
        ),
        st.builds(
            lambda w: " ".join(w) + ".",
            st.lists(st.sampled_from(["China", "Russia", "said", "the", "war", "talks"]), min_size=8, max_size=30),
        ),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_cleaner_never_loses_a_line(raw_lines):
    text = "\n".join(raw_lines)
    result = clean(text)
    # A kept table row is two entries: its longest cell in the body, the cells beside it removed
    # as "table-cells"; every other line is one entry, its text whole.
    beside = {r.number: r.text for r in result.removed if r.reason == "table-cells"}
    accounted = sorted([p.number for p in result.paragraphs] + [r.number for r in result.removed if r.number not in beside])
    assert accounted == [line.number for line in split_lines(text)]
    texts = {line.number: line.text for line in split_lines(text)}
    for p in result.paragraphs:
        assert sorted(f"{p.text} {beside.get(p.number, '')}".split()) == sorted(texts[p.number].split())
    assert all(texts[r.number] == r.text for r in result.removed if r.number not in beside)


def prose(n: int, topic: str = "trade") -> list[str]:
    """n distinct paragraphs of ordinary news prose."""
    return [
        f"Officials in Moscow and Beijing said on day {i} that talks on {topic} would continue, "
        f"and that both sides expected further agreements on energy, payments and transport before the summit."
        for i in range(1, n + 1)
    ]


MENU = ["Home", "World", "Business", "Opinion", "Sport", "Subscribe", "Log in"]


def test_a_single_marker_word_early_in_the_page_does_not_end_the_article():
    page = "\n".join(
        [
            *MENU,
            "Comments",
            "Related",
            "Trade talks continue in Moscow",
            *prose(8),
            "Related Posts",
            "Celebrity chef opens new restaurant",
        ]
    )
    result = clean(page)
    assert len(result.paragraphs) == 8
    assert result.paragraphs[0].text.startswith("Officials in Moscow and Beijing said on day 1 ")
    assert result.paragraphs[-1].text.startswith("Officials in Moscow and Beijing said on day 8 ")
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Celebrity chef opens new restaurant"] == "related-posts"


def test_marker_mid_article_removes_its_line_when_much_article_follows():
    page = "\n".join([*MENU, *prose(3), "Read More", *prose(6, "energy"), "Copyright © 2024 Example"])
    result = clean(page)
    assert len(result.paragraphs) == 9
    assert ("Read More", "related-posts") in [(r.text, r.reason) for r in result.removed]


def test_chinese_article_is_kept_and_menus_are_not():
    paragraph = "中国和俄罗斯官员周三在莫斯科举行会谈，双方同意继续扩大能源、贸易和交通领域的合作，并表示将在年底前签署新的协议。"
    page = "\n".join(
        [
            "首页",
            "新闻",
            "财经",
            "体育",
            "中俄举行经贸会谈",
            *[paragraph.replace("周三", day) for day in ("周一", "周二", "周三", "周四", "周五")],
            "相关新闻",
            "版权所有",
        ]
    )
    result = clean(page)
    assert [p.text[:12] for p in result.paragraphs] == [
        paragraph.replace("周三", d)[:12] for d in ("周一", "周二", "周三", "周四", "周五")
    ]
    assert {r.text for r in result.removed} >= {"首页", "新闻", "财经", "体育"}


def test_headline_is_the_title_above_the_body_not_a_menu_item():
    page = "\n".join(
        [
            *MENU,
            "Kremlin and Beijing extend trade talks",
            "By Jane Doe",
            "March 3, 2023",
            *prose(6),
            "More stories",
            "Celebrity chef opens new restaurant",
        ]
    )
    result = clean(page)
    assert result.removed_text("headline") == ["Kremlin and Beijing extend trade talks"]
    assert result.removed_text("byline") == ["By Jane Doe"]
    assert all(r.reason in ("site-chrome", "newsletter", "outside-article") for r in result.removed if r.text in MENU)


def test_no_headline_when_no_line_is_title_shaped():
    result = clean("\n".join([*MENU, *prose(5)]))
    assert result.removed_text("headline") == []


def test_every_removal_reason_is_declared():
    from sino_russian_news.schema import RemovalReason

    declared = set(RemovalReason.values())
    for name in FIRST_AND_LAST:
        assert {r.reason for r in cleaned(name).removed} <= declared
    assert {"outside-article", "low-content", "headline"} <= declared


def test_cleaning_is_deterministic():
    text = (RAW / "003_4156b6fe17ca2892.txt").read_text(encoding="utf-8")
    assert clean(text, SITES) == clean(text, SITES)


def test_cjk_characters_count_as_more_than_one_latin_character():
    from sino_russian_news.pipeline.cleaner_features import latin_length

    assert latin_length("Moscow") == 6
    assert latin_length("莫斯科") == 9
    assert latin_length("東京 Tokyo") == 12


def test_short_closing_sentence_after_the_long_paragraphs_is_kept():
    page = "\n".join(
        [
            "Kremlin welcomes Beijing's peace plan",
            *prose(4),
            "“We are open to dialogue,” Putin said in Moscow.",
            "Home",
            "Contact us",
        ]
    )
    assert clean(page).paragraphs[-1].text == "“We are open to dialogue,” Putin said in Moscow."


def test_date_only_line_above_the_body_is_a_date_line_and_a_headline_is_not():
    page = "\n".join(
        [*MENU, "Putin plans 2025 visit to Beijing, says Kremlin", "By Jane Doe", "Saturday, September 19, 2009", *prose(5)]
    )
    reasons = {r.text: r.reason for r in clean(page).removed}
    assert reasons["Saturday, September 19, 2009"] == "date-line"
    assert reasons["Putin plans 2025 visit to Beijing, says Kremlin"] == "headline"


def test_headline_is_the_title_not_the_story_highlights_under_it():
    # Highlights and standfirsts restate the lede more fully than the title does; the title is the
    # short line that opens the story block, the highlights are a list below it.
    page = "\n".join(
        [
            *MENU,
            "Kremlin and Beijing extend trade talks",
            "* Officials in Moscow and Beijing said talks on trade would continue",
            "* Both sides expected further agreements on energy, payments and transport",
            "* The agreements are expected before the summit",
            "By Jane Doe",
            *prose(6),
        ]
    )
    assert clean(page).removed_text("headline") == ["Kremlin and Beijing extend trade talks"]


def test_headline_is_the_short_title_not_the_unbulleted_summary_line_under_it():
    # Browser dumps print a story's summary line without a list marker or blank line: the title is
    # told from it by being the shorter line that opens the block (both restate the lede).
    summary = "Officials in Moscow and Beijing said talks on trade would continue to the summit"
    page = "\n".join([*MENU, "Kremlin and Beijing extend trade talks", summary, "By Jane Doe", *prose(6)])
    result = clean(page)
    assert result.removed_text("headline") == ["Kremlin and Beijing extend trade talks"]
    assert result.removed_text("subheadline") == [summary]


def test_headline_is_the_title_not_the_longer_standfirst_below_it():
    page = "\n".join(
        [
            *MENU,
            "Kremlin and Beijing extend trade talks",
            "",
            "Officials in Moscow and Beijing said talks on trade would continue, with agreements on energy expected",
            "",
            "By Jane Doe",
            *prose(6),
        ]
    )
    result = clean(page)
    assert result.removed_text("headline") == ["Kremlin and Beijing extend trade talks"]
    assert result.removed_text("subheadline") == [
        "Officials in Moscow and Beijing said talks on trade would continue, with agreements on energy expected"
    ]


STANDFIRST = "Officials in Moscow and Beijing said talks on trade would continue"


def test_headline_is_the_title_above_a_standfirst_the_model_scores_higher():
    # The standfirst is closer to the body and restates more of it, so the line model alone picks
    # it; the title right above it, sharing its words, opens the story block.
    page = "\n".join([*MENU, "Trade talks extended", STANDFIRST, "By Jane Doe", "March 3, 2023", *prose(6)])
    result = clean(page)
    assert result.removed_text("headline") == ["Trade talks extended"]
    assert result.removed_text("subheadline") == [STANDFIRST]


def test_the_title_above_a_standfirst_may_share_only_a_word_stem_with_it():
    standfirst = "Officials in Moscow and Beijing said negotiators would meet again in the spring"
    page = "\n".join([*MENU, "Summit negotiations extended", standfirst, "By Jane Doe", "March 3, 2023", *prose(6)])
    assert clean(page).removed_text("headline") == ["Summit negotiations extended"]


def test_a_title_ending_on_an_abbreviation_is_not_a_sentence():
    page = "\n".join([*MENU, "Trade talks extended with U.S.", STANDFIRST, "By Jane Doe", "March 3, 2023", *prose(6)])
    assert clean(page).removed_text("headline") == ["Trade talks extended with U.S."]


def test_headline_is_the_title_above_a_story_highlights_label():
    highlights = [STANDFIRST, "Both sides expect agreements on energy and payments before the summit"]
    page = "\n".join([*MENU, "Trade talks extended", "By Jane Doe", "Story highlights", *highlights, *prose(6)])
    assert clean(page).removed_text("headline") == ["Trade talks extended"]


def test_a_breadcrumb_a_caption_or_a_column_name_above_the_title_is_not_the_headline():
    for above in ("World / Trade / Trade talks extended", "Talks on trade in Moscow.", "Moscow Trade Brief"):
        page = "\n".join([*MENU, above, "Trade talks extended", STANDFIRST, "By Jane Doe", "March 3, 2023", *prose(6)])
        assert clean(page).removed_text("headline") == ["Trade talks extended"], above


def test_headline_is_the_title_above_the_byline_not_the_authors_role_below_it():
    # The role line restates the lede right above it, so the model alone scores it highest.
    role = "Moscow and Beijing trade correspondent"
    page = "\n".join([*MENU, "Trade talks extended", "By Jane Doe", role, *prose(6)])
    result = clean(page)
    assert result.removed_text("headline") == ["Trade talks extended"]
    assert result.removed_text("byline") == ["By Jane Doe"]


def test_by_alone_on_a_line_and_the_name_below_it_are_the_byline():
    # Text dumps put a linked author name on a line of its own.
    page = "\n".join([*MENU, "Trade talks extended", "By", "Jane Doe", *prose(6)])
    result = clean(page)
    assert result.removed_text("byline") == ["By", "Jane Doe"]
    assert result.removed_text("headline") == ["Trade talks extended"]
    page = "\n".join([*MENU, "Trade talks extended", "By", "Jane Doe | Reuters", *prose(6)])
    assert clean(page).removed_text("byline") == ["By", "Jane Doe | Reuters"]


def test_an_author_credit_with_an_account_handle_is_a_byline_not_the_headline():
    page = "\n".join([*MENU, "Trade talks extended", "Jane Doe, @janedoe", "March 3, 2023", *prose(6)])
    result = clean(page)
    assert result.removed_text("headline") == ["Trade talks extended"]
    assert result.removed_text("byline") == ["Jane Doe, @janedoe"]


def test_a_menu_line_of_bar_separated_parts_is_never_the_headline():
    # restating the lede, the menu line outscores the title below it
    menu = "World | Trade talks in Moscow and Beijing | Energy"
    page = "\n".join([*MENU, menu, "Trade talks extended", "By Jane Doe", *prose(6)])
    assert clean(page).removed_text("headline") == ["Trade talks extended"]


def test_a_breadcrumb_trail_is_never_the_headline():
    for crumb in ("You are here: Home > World > Moscow and Beijing trade talks", "Home › Business › Energy and payments talks"):
        assert clean("\n".join([*MENU, crumb, "Trade talks extended", *prose(6)])).removed_text("headline") == [
            "Trade talks extended"
        ]
        assert clean("\n".join([*MENU, crumb, *prose(6)])).removed_text("headline") == []


def test_a_video_link_with_its_running_time_is_never_the_headline():
    # the clip restates the lede closer to the body than the title does (and outscored it)
    clips = ["Moscow and Beijing expect agreements on energy (1:15)", "Watch the summit (0:58)"]
    result = clean("\n".join([*MENU, "Trade talks extended", *clips, *prose(6)]))
    assert result.removed_text("headline") == ["Trade talks extended"]
    assert result.paragraphs[0].text.startswith("Officials in Moscow and Beijing said on day 1")


def test_a_list_item_is_never_the_headline():
    # story highlights (inscriptis prints list items "* …") restate the lede closer to the body
    # than the title does; without the rule the first highlight outscores the title
    highlights = ["* Story Highlights", "* Moscow and Beijing expect agreements on energy and trade at the summit"]
    result = clean("\n".join([*MENU, "Trade talks extended", *highlights, *prose(6)]))
    assert result.removed_text("headline") == ["Trade talks extended"]
    assert result.paragraphs[0].text.startswith("Officials in Moscow and Beijing said on day 1")


def test_a_date_run_into_its_time_is_a_date_line_not_the_subheadline():
    page = "\n".join([*MENU, "Trade talks extended", "October 17, 20236:01 PM ET", *prose(6)])
    result = clean(page)
    assert result.removed_text("date-line") == ["October 17, 20236:01 PM ET"]
    assert result.removed_text("subheadline") == []


def test_a_furniture_phrase_inside_a_long_paragraph_does_not_make_it_furniture():
    promo = "The Daily Report covers one topic: energy. Sign up for our newsletter to have stories delivered to you."
    paragraph = (
        "Gazprom said exports to China rose by a fifth this year, and analysts who subscribe to our "
        "survey of pipeline flows expect the Power of Siberia line to run at full capacity by the end of "
        "next year, as both governments described their partnership as stronger than at any time before."
    )
    result = clean("\n".join([*MENU, "Trade talks extended", *prose(3), paragraph, promo, *prose(2)]))
    assert result.removed_text("newsletter") == [promo]  # a promo is furniture wherever the phrase stands
    assert paragraph in [line.text for line in result.paragraphs]


def test_a_page_flattened_onto_one_line_keeps_its_text():
    # a scraper that collapsed the page's whitespace: the phrase somewhere in it is not the line
    flat = " ".join(["Home World Business Subscribe to our newsletter", "Trade talks extended", *prose(6)])
    result = clean(flat)
    assert [line.text for line in result.paragraphs] == [flat]


def test_a_line_other_pages_print_under_their_titles_is_not_the_subheadline():
    # a site's slogan under every title ("Find out what's happening in the world as it unfolds")
    slogan = "Find out what is happening in Moscow and Beijing as it unfolds"
    page = "\n".join([*MENU, "Trade talks extended", slogan, *prose(6)])
    assert clean(page).removed_text("subheadline") == [slogan]  # one page alone: no evidence
    result = clean(page, recurring=frozenset({recurrence_key(slogan)}))
    assert result.removed_text("headline") == ["Trade talks extended"]
    assert (result.removed_text("subheadline"), result.removed_text("outside-article")[-1]) == ([], slogan)


def test_a_list_item_under_the_headline_is_not_the_subheadline():
    result = clean("\n".join([*MENU, "Trade talks extended", "* Moscow and Beijing sign a gas deal", *prose(6)]))
    assert result.removed_text("headline") == ["Trade talks extended"]
    assert result.removed_text("subheadline") == []


def test_a_line_under_the_headline_sharing_no_word_with_the_story_is_not_the_subheadline():
    for line in ("Email Print Facebook Pinterest X", "1/30/09 at 5:50 PM", "Alex Lasker, AOL.com"):
        result = clean("\n".join([*MENU, "Trade talks extended", line, *prose(6)]))
        assert (result.removed_text("headline"), result.removed_text("subheadline")) == (["Trade talks extended"], [])
    # a standfirst restates the story: one word in common with the headline or the opening will do
    result = clean(
        "\n".join([*MENU, "Trade talks extended", "Negotiators expect agreements on trade and energy by spring", *prose(6)])
    )
    assert result.removed_text("subheadline") == ["Negotiators expect agreements on trade and energy by spring"]


def test_a_credit_line_under_the_headline_is_the_byline_not_the_subheadline():
    # the wire's credit with its time ran under the headline as if it were a standfirst
    for credit in ("By JENNIFER LOVEN, Associated Press Writer Fri Sep 2, 5:13 PM ET", "By Anna Petrova | Published 16 May 2024"):
        result = clean("\n".join([*MENU, "Trade talks extended", credit, *prose(6)]))
        assert (result.removed_text("byline"), result.removed_text("subheadline")) == ([credit], [])


def test_timestamp_and_question_title_opening_the_region_are_not_the_first_paragraph():
    posted = (
        "Posted on December 20, 2025 by Jane Doe - 5 Comments on Will Moscow and Beijing sign the energy deal "
        "before the summit this winter?"
    )
    question = "Will Moscow and Beijing sign the energy deal before the summit?"
    result = clean("\n".join([*MENU, posted, question, *prose(6)]))
    assert result.paragraphs[0].text.startswith("Officials in Moscow and Beijing said on day 1")
    assert result.removed_text("timestamp") == [posted]
    assert result.removed_text("headline") == [question]


def test_a_file_that_starts_on_its_title_has_that_headline_even_with_a_full_stop():
    # Corpus and export texts start straight on the title, some with a full stop after it.
    title = "Understated envoy raises profile in Beijing talks."
    result = clean("\n\n".join([title, *prose(4)]))
    assert result.removed_text("headline") == [title]
    assert result.paragraphs[0].text.startswith("Officials in Moscow and Beijing said on day 1")


def test_a_menu_line_opening_the_page_is_not_taken_for_its_title():
    # An old newspaper page starts on its section menu, the article far below; the first line is
    # title-shaped and shorter than the next, but the page does not start on the article.
    page = "\n".join(
        [
            "Outdoors HOME | HELP",
            "NEWS ENTERTAINMENT OTHER SECTIONS CLASSIFIEDS JOBS CARS HOMES RENTALS SHOPPING",
            *MENU,
            "E-mail story Print Most E-mailed Change text size",
            *prose(6),
        ]
    )
    result = clean(page)
    assert result.removed_text("headline") == []
    assert result.paragraphs[0].text.startswith("Officials in Moscow and Beijing said on day 1")
    assert result.headline_evidence.startswith("text: no line scores as the title")


def test_a_short_first_paragraph_of_two_sentences_is_not_a_title():
    lede = "MOSCOW -- The talks began. Officials said little."
    result = clean("\n\n".join([lede, *prose(4)]))
    assert result.removed_text("headline") == []
    assert result.paragraphs[0].text == lede


@pytest.mark.parametrize("line", ["By: Jane Doe", "BYLINE: Jane Doe.", "BY JANE DOE"])
def test_labelled_and_capitalised_bylines_are_bylines(line):
    title = "Envoy raises profile in Beijing talks"
    result = clean("\n\n".join([title, line, *prose(4)]))
    assert result.removed_text("byline") == [line]
    assert result.removed_text("headline") == [title]


def test_a_one_sentence_lede_longer_than_a_headline_is_not_a_title():
    lede = "Beijing and Moscow signed new trade agreements on Tuesday during the Chinese president's visit."
    result = clean("\n\n".join([lede, *prose(4)]))
    assert result.removed_text("headline") == []
    assert result.paragraphs[0].text == lede


def test_a_timestamp_with_only_a_clock_time_is_a_timestamp_not_the_headline():
    # Tabloid layouts print the time on one line and the date on the next.
    title = "Moscow and Beijing extend energy talks"
    page = "\n".join([*MENU, title, "By Jane Doe", "Last updated: 2:54 am", "January 11, 2009", *prose(6)])
    result = clean(page)
    assert result.removed_text("timestamp") == ["Last updated: 2:54 am"]
    assert result.removed_text("date-line") == ["January 11, 2009"]
    assert result.removed_text("headline") == [title]


def test_a_date_line_under_a_byline_inside_the_article_block_is_a_date_line():
    # A layout that prints the caption, headline and standfirst inside the article block, then
    # the byline and its date: the line model scores the date line, among the story's lines, as text.
    caption = "Schoolchildren await the two presidents outside the Kremlin in Moscow."
    page = "\n".join(
        [
            *MENU,
            "Photo agency / Getty Images",
            caption,
            "Xi pledges help in Moscow's energy talks, with an exception",
            "Photo agency / Getty Images",
            caption,
            "Xi promises to step up purchases of Russian gas, but says a new pipeline deal is not in the offing.",
            "By Peter Nicholas and Tracy Wilkinson",
            "April 17, 2009",
            *prose(6),
        ]
    )
    result = clean(page)
    assert result.removed_text("byline") == ["By Peter Nicholas and Tracy Wilkinson"]
    assert result.removed_text("date-line") == ["April 17, 2009"]
    assert "April 17, 2009" not in [paragraph.text for paragraph in result.paragraphs]


def test_a_paragraph_printed_twice_in_a_row_is_a_caption_not_article_text():
    # Text dumps print a video player's caption and its hidden copy one under the other.
    caption = "California is bracing itself for the new administration as the drought eases in the Sierras."
    page = "\n".join([*MENU, "Moscow and Beijing extend energy talks", *prose(3), caption, caption, *prose(6)[3:]])
    result = clean(page)
    assert caption not in [p.text for p in result.paragraphs]
    assert len(result.paragraphs) == 6
    assert result.removed_text("repeated") == [caption, caption]


def test_a_paragraph_repeated_further_down_is_kept_twice():
    # A paragraph an agency story prints twice, lines apart, is the article as published.
    repeated = prose(1, topic="gas")[0]
    page = "\n".join([*MENU, "Moscow and Beijing extend energy talks", repeated, *prose(3), repeated, *prose(6)[3:]])
    result = clean(page)
    assert [p.text for p in result.paragraphs].count(repeated) == 2
    assert result.removed_text("repeated") == []


def test_a_text_that_is_only_a_paragraph_printed_twice_keeps_it_once():
    # With no other article text the paragraph is the article, printed twice, not a caption.
    paragraph = prose(1)[0]
    result = clean("\n\n".join(["Moscow and Beijing extend energy talks", paragraph, paragraph]))
    assert [p.text for p in result.paragraphs] == [paragraph]
    assert result.removed_text("repeated") == [paragraph]


def test_a_copyright_notice_ends_the_article_but_a_photo_credit_does_not():
    teaser = "Meanwhile, officials in Paris and Berlin said on Monday that talks on the budget would resume next week."
    page = "\n".join([*MENU, "Moscow and Beijing extend energy talks", *prose(3), "© Reuters", *prose(6)[3:]])
    page += "\n" + "\n".join(["© 2005 Example News Inc. All Rights Reserved", "Privacy Statement", teaser])
    result = clean(page)
    assert [p.text for p in result.paragraphs] == prose(6)
    assert result.removed_text("copyright") == ["© Reuters", "© 2005 Example News Inc. All Rights Reserved"]
    assert teaser in result.removed_text("site-chrome")


def test_short_paragraphs_of_quoted_speech_inside_the_article_are_kept():
    exchange = ['"Beijing is very helpful," Lavrov wrote.', '"So far so good," Wang replied.']
    chants = ['"Nooooo!"', "“Or do we get to work?”", '"Yesssss!"']
    page = "\n".join(
        [
            *MENU,
            "Kremlin welcomes Beijing's peace plan",
            *prose(3),
            *exchange,
            "Praise for the envoy.",
            *prose(2, topic="gas"),
            *chants,
            *prose(2),
            "In “News”",
            "Home",
        ]
    )
    result = clean(page)
    assert [p.text for p in result.paragraphs if "“" in p.text or '"' in p.text] == [*exchange, *chants]
    # a label quoting a category is no sentence
    assert [r.reason for r in result.removed if r.text == "In “News”"] == ["outside-article"]


def test_short_paragraphs_quoted_in_single_marks_are_kept_on_a_page_that_quotes_with_them():
    exchange = ["‘Beijing is very helpful,’ Lavrov wrote.", "‘So far so good,’ Wang replied."]
    page = "\n".join(
        [*MENU, "Kremlin welcomes Beijing's peace plan", *prose(3), *exchange, "Praise for the envoy.", *prose(2, topic="gas")]
    )
    assert [p.text for p in clean(page).paragraphs if "‘" in p.text] == exchange


def test_under_a_recorded_title_the_lede_opens_the_body_and_a_standfirst_stays_one():
    """The text under a title the scraper recorded (an export's) is the article as extracted:
    a one-line lede the line model doubts opens the body (it was the subheadline, or outside
    the article, before), a line opening on its dateline is never a standfirst, and a real
    standfirst under the title is still read as one."""
    lede = "TRENTON, N.J. (AP) — Was that really Chris Christie, the brusque governor of New Jersey?"
    story = [
        "Christie's seemingly shell-shocked gaze as he stood behind Donald Trump on Super Tuesday is generating "
        "befuddlement and mockery in his home state and beyond, where his allies said little on Wednesday.",
        *prose(3),
    ]
    title = "Christie's shell-shocked look stirs mockery"
    exported = clean("\n\n".join([title, lede, *story]), title_line=1, title_recorded=True)
    assert (exported.removed_text("subheadline"), exported.paragraphs[0].text) == ([], lede)

    # Where the line model starts the article below the second line (as it did for 25 of 839
    # exported political stories), that line joins the body when it is a lede, and stays above
    # it, as the subheadline, when it is a standfirst.
    from sino_russian_news.pipeline.clean import label_headline, load_model, locate_article

    standfirst = "Governor's gaze behind Trump stirs mockery at home, and beyond it."
    for second, start, subheadline in ((lede, 1, None), (standfirst, 2, "subheadline")):
        layout = locate_article(split_lines("\n".join([title, second, *story])), frozenset(), load_model()["lines"])
        layout.start = 2  # the model's region opens on the story's first long paragraph
        label_headline(layout, load_model()["headline"], title_line=1, title_recorded=True)
        assert (layout.start, layout.reasons[:2]) == (start, ["headline", subheadline])
