"""Entities and voices: who is mentioned, who is quoted, how much, and who appears together."""

from __future__ import annotations

import itertools

import pandas as pd

from ..schema import EntitySource, Side

# A quote whose speaker is not a linked entity has no side; it is shown as this label.
UNNAMED = "unnamed"
SIDES = [*Side.values(), UNNAMED]


def mention_counts(mentions: pd.DataFrame, entities: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    linked = mentions.merge(entities[["entity_id", "name", "type", "side"]], on="entity_id")
    counts = linked.groupby(["name", "type", "side"], dropna=False).agg(mentions=("mention_id", "size"), articles=("article_id", "nunique"))
    return counts.sort_values(["mentions", "articles"], ascending=False).head(top).reset_index()


def attributed_quotes(quotes: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Quotes with a speaker, labelled with the speaker's name and side ('unnamed' if no entity)."""
    speaking = quotes[quotes["speaker_text"].notna()].merge(
        entities[["entity_id", "name", "side"]], left_on="speaker_entity_id", right_on="entity_id", how="left"
    )
    speaking["speaker"] = speaking["name"].fillna(speaking["speaker_text"])
    speaking["side"] = speaking["side"].fillna(UNNAMED)
    return speaking


def quotes_by_side(quotes: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    speaking = attributed_quotes(quotes, entities)
    table = speaking.groupby("side").agg(quotes=("quote_id", "size"), words=("word_count", "sum"), speakers=("speaker", "nunique"))
    table = table.reindex([s for s in SIDES if s in table.index])
    table["share_of_words"] = (table["words"] / table["words"].sum()).round(3)
    return table


def quotes_by_speaker(quotes: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    speaking = attributed_quotes(quotes, entities)
    table = speaking.groupby(["speaker", "side"]).agg(
        quotes=("quote_id", "size"), words=("word_count", "sum"), median_words=("word_count", "median"), articles=("article_id", "nunique")
    )
    return table.sort_values(["words", "quotes"], ascending=False).reset_index()


def cooccurrence(mentions: pd.DataFrame, entities: pd.DataFrame, types=("PERSON",), min_paragraphs: int = 1) -> pd.DataFrame:
    """Pairs of linked entities mentioned in the same paragraph, weighted by paragraphs shared."""
    chosen = entities[(entities["source"] == EntitySource.GAZETTEER) & entities["type"].isin(types)]
    linked = mentions.merge(chosen[["entity_id", "name"]], on="entity_id")
    pairs: dict[tuple[str, str], int] = {}
    for _, group in linked.groupby(["article_id", "paragraph_index"]):
        for a, b in itertools.combinations(sorted(set(group["name"])), 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    rows = [{"source": a, "target": b, "paragraphs": n} for (a, b), n in pairs.items() if n >= min_paragraphs]
    return pd.DataFrame(rows, columns=["source", "target", "paragraphs"]).sort_values(["paragraphs", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)
