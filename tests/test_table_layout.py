"""Text dumps of table layouts: an old site's navigation and teasers beside the article's
paragraphs, one table row per line, the cells apart by runs of spaces (inscriptis pads the
columns) or tabs (a browser's innerText)."""

from sino_russian_news.pipeline.clean import Line, clean, prose_is_over, split_lines

PARAGRAPHS = [
    "French President Nicolas Sarkozy has announced his country is to return to Nato's military command, reversing a policy that has stood for more than four decades.",
    "Mr Sarkozy confirmed the decision in a speech to defence experts at the Ecole Militaire staff college in Paris on Wednesday evening.",
    "Critics say France will now be no more than a clone of Great Britain, and several former ministers have spoken out against the move this week.",
    "Correspondents say France's independence from Nato is dearly treasured by many French, and the move has provoked a furore among those who worry.",
    "The opposition leader said nothing today justified returning to Nato military command, and called for a parliamentary debate before the summit.",
    "Defence Minister Herve Morin rejected claims France would now be forced to go along with the United States on issues such as the war in Iraq.",
]
NAV = ["Africa", "Americas", "Asia-Pacific", "Europe", "Middle East", "South Asia"]
MORE_NAV = ["UK", "Business", "Health", "Science", "Technology", "Entertainment"]
DATES = [
    "11 Mar 09 | Europe",
    "19 Aug 08 | South Asia",
    "03 Apr 08 | Europe",
    "11 Oct 07 | Europe",
    "25 Sep 08 | Profiles",
    "03 Mar 09 | Profiles",
]
TEASERS = [
    "Aid workers held in Sudan 'free'",
    "Arrests over school gun threats",
    "Obama launches US health review",
    "Web founder looks to big changes",
    "Hezbollah chief defiant",
    "Dhaka mega-mall opens",
]


def table_page() -> str:
    rows = []
    for nav, paragraph, teaser, more, date in zip(NAV, PARAGRAPHS, TEASERS, MORE_NAV, DATES, strict=True):
        rows += [
            f"            {nav:<20}     {paragraph}     * {teaser}",
            f"            {more:<20}     {date}",
            f"{' ' * 38}{teaser.upper()}",
        ]
    header = [
        "Skip to content",
        "News Front Page",
        "France ends four-decade Nato rift",
        "Page last updated at 00:36 GMT, Thursday, 12 March 2009",
        "",
    ]
    footer = [
        "",
        "Bookmark with:",
        "* Delicious",
        "* Digg",
        "E-mail this to a friend Printable version",
        "Most Popular Now",
        "© MMIX BBC",
    ]
    return "\n".join(header + rows + footer)


def test_a_table_row_keeps_its_whole_text_and_knows_its_longest_cell():
    # Three spaces or more part two cells; a tab or two spaces do not (both stand inside prose).
    assert split_lines("   Europe        Correspondents say so.   * Teaser\nChina\tand Russia\nTwo  spaces apart") == [
        Line(1, "Europe Correspondents say so. * Teaser", "Correspondents say so."),
        Line(2, "China and Russia"),
        Line(3, "Two spaces apart"),
    ]


def test_the_article_s_rows_are_read_by_their_paragraph_not_as_navigation():
    cleaned = clean(table_page())
    # Measured as whole lines, the rows mixing a menu item, a paragraph and a teaser looked like
    # navigation and only the first was kept; measured by their longest cell they are the
    # article's paragraphs (the last one, below two rows of teasers, is lost to the footer).
    assert [line.number for line in cleaned.paragraphs] == [6, 9, 12, 15, 18]
    # The body holds the paragraph; the cells beside it are audited under the same raw line.
    assert [line.text for line in cleaned.paragraphs] == PARAGRAPHS[:5]
    beside = [(r.number, r.text) for r in cleaned.removed if r.reason == "table-cells"]
    assert beside[:2] == [(6, f"Africa * {TEASERS[0]}"), (9, f"Americas * {TEASERS[1]}")]
    assert [n for n, _ in beside] == [6, 9, 12, 15, 18]
    assert cleaned.removed_text("headline") == ["France ends four-decade Nato rift"]


def test_excerpts_cut_off_after_an_end_marker_are_teasers_not_the_article():
    article = [Line(i, PARAGRAPHS[i]) for i in range(4)]
    teasers = [Line(10 + i, PARAGRAPHS[i][:90] + suffix) for i, suffix in enumerate(("…", "...", "…”"))]
    lines = [*article, Line(5, "Related Posts"), *teasers]
    likely = [0.9] * len(lines)
    assert prose_is_over(lines, likely, 4, 0, len(lines))
    # the same lines ending as sentences are the article going on past a stray marker
    whole = [*article, Line(5, "Related Posts"), *(Line(line.number, line.text.rstrip(".…”") + ".") for line in teasers)]
    assert not prose_is_over(whole, likely, 4, 0, len(whole))
