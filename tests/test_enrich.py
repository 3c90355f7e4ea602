"""Enrichment plumbing: long bodies parsed in pieces, and the cache keyed on what matters."""

from sino_russian_news.pipeline import curation, enrich

from .conftest import ROOT


def test_split_for_nlp_keeps_paragraphs_whole_and_concatenates_to_the_body():
    body = "\n\n".join(["a" * 40, "b" * 30, "c" * 50, "d" * 10])
    assert enrich.split_for_nlp(body, max_chars=80) == ["a" * 40 + "\n\n" + "b" * 30 + "\n\n", "c" * 50 + "\n\n" + "d" * 10]
    assert enrich.split_for_nlp("x" * 120 + "\n\ny", max_chars=80) == [
        "x" * 120 + "\n\n",
        "y",
    ]  # one paragraph may exceed the limit
    assert enrich.split_for_nlp(body, max_chars=len(body)) == [body]


def test_long_body_is_parsed_in_pieces_with_exact_offsets(articles, db):
    body = "\n\n".join(a["body"] for a in articles.values())
    pieces = enrich.split_for_nlp(body, max_chars=3000)
    assert "".join(pieces) == body
    assert [len(p) <= 3000 and p.endswith("\n\n") for p in pieces[:-1]] == [True] * (len(pieces) - 1)
    # Greedy packing: no two neighbouring pieces would have fitted in one.
    assert [len(a) + len(b) > 3000 for a, b in zip(pieces, pieces[1:], strict=False)] == [True] * (len(pieces) - 1)
    gazetteer = curation.entities(ROOT / "dataset" / "curated" / "entities.yml")
    result = enrich.enrich_bodies({"long": body}, gazetteer, max_chunk_chars=3000)["long"]
    for row in result["mentions"] + result["quotes"] + result["dates"]:
        assert body[row["start_char"] : row["end_char"]] == row["text"]
    assert {"Q7747", "Q15031", "li-qiang"} <= {m["entity_id"] for m in result["mentions"]}
    # Kuleba is quoted in one article only: the pieces give exactly that article's quotes, shifted.
    offset = body.index(articles["003_4156b6fe17ca2892"]["body"])
    kuleba = [(q["text"], q["start_char"] - offset) for q in result["quotes"] if q["speaker_entity_id"] == "dmytro-kuleba"]
    assert kuleba == [
        (r["text"], r["start_char"])
        for r in db.query("select text, start_char from quotes where speaker_entity_id = 'dmytro-kuleba' order by start_char")
    ]
    assert kuleba[0][0].startswith("I don’t think China has reached the moment now when it wants to")


def test_cache_key_changes_with_body_gazetteer_and_model():
    key = enrich.cache_key("body", "gazetteer", "3.8.0")
    assert key == enrich.cache_key("body", "gazetteer", "3.8.0")
    assert (
        len(
            {
                key,
                enrich.cache_key("body!", "gazetteer", "3.8.0"),
                enrich.cache_key("body", "other", "3.8.0"),
                enrich.cache_key("body", "gazetteer", "3.8.1"),
            }
        )
        == 4
    )


def test_a_date_span_ending_on_a_paragraph_break_is_cut_to_the_date():
    import spacy

    body = "Talks ended on February 19, 2013\n\nThe next round opens in May."
    doc = spacy.blank("en")(body)
    span = doc.char_span(body.index("February"), body.index("The"), label="DATE")
    assert span is not None and span.text == "February 19, 2013\n\n"
    date = enrich.without_space_at_edges(span)
    assert (date.text, body[date.start_char : date.end_char]) == ("February 19, 2013", "February 19, 2013")
    assert enrich.without_space_at_edges(doc.char_span(body.index("\n"), body.index("The"))) is None
