"""The corpus: what was collected and how much of each page was not the article.

Aggregates that are research questions live once, as SQL views (views.py); this module
reads them and only shapes them for display.
"""

from __future__ import annotations

import pandas as pd


def corpus_overview(articles: pd.DataFrame) -> pd.DataFrame:
    columns = ["article_id", "published_date", "site", "original_publisher", "headline", "word_count", "paragraph_count"]
    return articles[columns].sort_values("published_date").reset_index(drop=True)


def cleaning_audit(articles: pd.DataFrame, removed_lines: pd.DataFrame) -> pd.DataFrame:
    """Characters per article kept as body and removed per reason, with the removed share."""
    removed = removed_lines.assign(characters=removed_lines["text"].str.len())
    by_reason = removed.pivot_table(index="article_id", columns="reason", values="characters", aggfunc="sum", fill_value=0)
    body = articles.set_index("article_id")["body"].str.len().rename("body")
    audit = by_reason.reindex(body.index, fill_value=0)
    audit.insert(0, "body", body)
    total = audit.sum(axis=1)
    audit["removed_share"] = ((total - audit["body"]) / total).round(3)
    return audit


def removed_by_reason() -> pd.DataFrame:
    """Lines and characters removed per reason: the `removed_by_reason` view."""
    import sino_russian_news as srn

    return srn.load("removed_by_reason").set_index("reason")
