"""Framing: which frames each article carries, and the words that triggered them."""

from __future__ import annotations

import pandas as pd


def frame_shares(articles: pd.DataFrame, frames: pd.DataFrame) -> pd.DataFrame:
    """Share of each article's paragraphs that carry each frame (rows: articles by date), laid
    out from the `frames_per_article` view; articles and frames without codes count 0."""
    import sino_russian_news as srn

    shares = srn.load("frames_per_article").pivot_table(
        index="article_id", columns="frame", values="share_of_paragraphs", fill_value=0.0
    )
    ordered = articles.sort_values(["published_date", "article_id"])["article_id"]
    return shares.reindex(index=ordered, columns=frames["label"].tolist(), fill_value=0.0).rename_axis(
        index="article_id", columns="label"
    )


def frames_over_time(articles: pd.DataFrame, frames: pd.DataFrame) -> pd.DataFrame:
    shares = frame_shares(articles, frames)
    dates = articles.set_index("article_id")["published_date"]
    shares.index = [f"{dates[a]:%Y-%m-%d}\n{a[:3]}" for a in shares.index]
    return shares


def evidence_phrases(paragraph_frames: pd.DataFrame, frames: pd.DataFrame, per_frame: int = 5) -> pd.DataFrame:
    """The most frequent evidence phrases per frame, case-folded."""
    phrases = paragraph_frames.assign(phrase=paragraph_frames["evidence"].str.casefold()).merge(
        frames[["frame_id", "label"]], on="frame_id"
    )
    counted = phrases.groupby(["label", "phrase"]).size().rename("paragraphs").reset_index()
    counted = counted.sort_values(["label", "paragraphs", "phrase"], ascending=[True, False, True])
    return counted.groupby("label").head(per_frame).reset_index(drop=True)
