"""Coverage: when the articles appeared, against the events they report, and from whom."""

from __future__ import annotations

import pandas as pd


def timeline() -> pd.DataFrame:
    """Articles that report an event, against it: the `articles_timeline` view."""
    import sino_russian_news as srn

    linked = srn.load("articles_timeline").dropna(subset=["event_id"])
    columns = [
        "article_id",
        "published_date",
        "date_source",
        "original_publisher",
        "event",
        "start_date",
        "end_date",
        "days_after_event_start",
    ]
    frame = linked[columns].reset_index(drop=True)
    frame["days_after_event_start"] = frame["days_after_event_start"].astype(int)
    return frame


def outlets(articles: pd.DataFrame) -> pd.DataFrame:
    frame = articles.fillna({"site": "(not named)", "original_publisher": "(unknown)"})
    return (
        frame.groupby(["original_publisher", "site"])
        .agg(articles=("article_id", "size"), words=("word_count", "sum"))
        .reset_index()
    )


def mismatched_headlines(articles: pd.DataFrame) -> pd.DataFrame:
    flagged = articles[articles["headline_matches_body"] == False]  # noqa: E712 (nullable boolean)
    first_paragraph = flagged["body"].str.split("\n\n").str[0]
    return pd.DataFrame(
        {
            "article_id": flagged["article_id"],
            "headline": flagged["headline"],
            "check": flagged["headline_check"],
            "first_paragraph": first_paragraph,
        }
    ).reset_index(drop=True)
