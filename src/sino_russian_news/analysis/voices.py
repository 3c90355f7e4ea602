"""Entities and voices: who is mentioned, who is quoted, how much, and who appears together."""

from __future__ import annotations

import pandas as pd

from ..schema import Side

# A quote whose speaker is not a linked entity has no side; it is shown as this label.
UNNAMED = "unnamed"
SIDES = [*Side.values(), UNNAMED]


def _load(view: str) -> pd.DataFrame:
    import sino_russian_news as srn

    return srn.load(view)


def mention_counts(top: int = 15) -> pd.DataFrame:
    """The most mentioned entities (the `entity_mentions` view, which leaves out one-word
    model-found 'people' such as a capitalised 'Crucially')."""
    return _load("entity_mentions").drop(columns=["entity_id", "source"]).head(top)


def attributed_quotes() -> pd.DataFrame:
    """Quotes with a speaker, the speaker's name and side: the `quotes_attributed` view."""
    return _load("quotes_attributed")


def quotes_by_side() -> pd.DataFrame:
    """Quotes, words, speakers and share of words per side (the `quotes_per_side` view), in SIDES order."""
    table = _load("quotes_per_side").set_index("side")
    return table.reindex([s for s in SIDES if s in table.index])


def quotes_by_speaker() -> pd.DataFrame:
    """Speakers by words quoted (the `quotes_by_side` view) with the median quote length."""
    medians = attributed_quotes().groupby(["side", "speaker"])["word_count"].median().rename("median_words").reset_index()
    table = _load("quotes_by_side").merge(medians, on=["side", "speaker"])
    return table.sort_values(["words_quoted", "quotes", "speaker"], ascending=[False, False, True]).reset_index(drop=True)


def cooccurrence(min_paragraphs: int = 1) -> pd.DataFrame:
    """Pairs of gazetteer people mentioned in the same paragraph: the `person_cooccurrence` view."""
    edges = _load("person_cooccurrence")
    return edges[edges["paragraphs"] >= min_paragraphs].reset_index(drop=True)
