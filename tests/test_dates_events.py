import pytest

from sino_russian_news.pipeline.dates import resolve


@pytest.mark.parametrize(
    "text, published, tense, expected",
    [
        ("Wednesday", "2024-08-21", "past", ("2024-08-21", "day", "relative")),
        ("on Friday", "2022-12-31", "past", ("2022-12-30", "day", "relative")),
        ("Monday", "2023-03-17", "future", ("2023-03-20", "day", "relative")),
        ("Monday", "2024-08-21", "past", ("2024-08-19", "day", "relative")),
        ("two weeks ago", "2024-08-21", None, ("2024-08-07", "day", "relative")),
        ("next week", "2023-03-17", None, ("2023-W12", "week", "relative")),
        ("last month", "2024-08-21", None, ("2024-07", "month", "relative")),
        ("December 31, 2022", None, None, ("2022-12-31", "day", "absolute")),
        ("1996", "2024-08-21", None, ("1996", "year", "absolute")),
        ("early next year", "2022-12-31", None, (None, None, "unresolved")),
        ("the 20th anniversary", "2023-03-17", None, (None, None, "unresolved")),
        ("Friday", None, "past", (None, None, "unresolved")),
    ],
)
def test_resolve(text, published, tense, expected):
    assert resolve(text, published, tense) == expected


def test_seed_dates_reconcile_with_publication_dates(db):
    def resolved(article_id, text):
        return [
            r["resolved_period"]
            for r in db.query(
                "select resolved_period from date_mentions where article_id = ? and text = ? order by start_char",
                [article_id, text],
            )
        ]

    assert set(resolved("001_72bc7103f3c47a61", "Friday")) == {"2022-12-30"}
    assert resolved("003_4156b6fe17ca2892", "Monday") == ["2023-03-20", "2023-03-20"]
    assert resolved("003_4156b6fe17ca2892", "Thursday") == ["2023-03-16"]
    assert resolved("004_6f773ce998831c97", "two weeks ago") == ["2024-08-07"]
    # No day-precision date reported in an article lies more than a week after its publication.
    late = list(
        db.query("""select d.* from date_mentions d join articles a using (article_id)
        where d.resolved_date > date(a.published_date, '+7 days')""")
    )
    assert late == []


def test_events_link_articles_to_what_they_report(db):
    links = {(r["article_id"], r["event_id"]): r["days_after_event_start"] for r in db["article_events"].rows}
    assert links[("003_4156b6fe17ca2892", "xi-state-visit-moscow-2023-03")] == -3
    assert links[("001_72bc7103f3c47a61", "putin-xi-video-call-2022-12")] == 1
    assert len({a for a, _ in links}) == 5
    participants = {r["event_id"]: r["participants"] for r in db["events"].rows}
    assert participants == {
        "li-mishustin-moscow-2024-08": "li-qiang; mikhail-mishustin; Q7747",
        "putin-xi-video-call-2022-12": "Q7747; Q15031",
        "xi-medvedev-beijing-2022-12": "Q15031; Q23530",
        "xi-state-visit-moscow-2023-03": "Q15031; Q7747",
    }
