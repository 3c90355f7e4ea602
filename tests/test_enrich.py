"""Enrichment plumbing: long bodies parsed in pieces, and the cache keyed on what matters."""

from sino_russian_news.pipeline import curation, enrich

from .conftest import ROOT


def test_long_body_is_parsed_in_pieces_with_exact_offsets(articles):
    body = "\n\n".join(a["body"] for a in articles.values())
    pieces = enrich.split_for_nlp(body, max_chars=3000)
    assert len(pieces) > 5 and "".join(pieces) == body
    gazetteer = curation.entities(ROOT / "dataset" / "curated" / "entities.yml")
    result = enrich.enrich_bodies({"long": body}, gazetteer, enrich.EnrichmentCache(None), max_chunk_chars=3000)["long"]
    for row in result["mentions"] + result["quotes"] + result["dates"]:
        assert body[row["start_char"] : row["end_char"]] == row["text"]
    assert {"Q7747", "Q15031", "li-qiang"} <= {m["entity_id"] for m in result["mentions"]}
    assert any(q["speaker_entity_id"] == "dmytro-kuleba" for q in result["quotes"])


def test_cache_key_changes_with_body_gazetteer_and_model():
    key = enrich.cache_key("body", "gazetteer", "3.8.0")
    assert key == enrich.cache_key("body", "gazetteer", "3.8.0")
    assert len({key, enrich.cache_key("body!", "gazetteer", "3.8.0"), enrich.cache_key("body", "other", "3.8.0"), enrich.cache_key("body", "gazetteer", "3.8.1")}) == 4
