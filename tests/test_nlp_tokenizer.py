"""The tokenizer splits quotation marks and brackets off the words news text glues them to."""

import pytest

from sino_russian_news.pipeline import nlp


@pytest.fixture(scope="module")
def tokens():
    pipeline = nlp.load_pipeline([])
    return lambda text: [t.text for t in pipeline.tokenizer(text)]


def test_a_quotation_mark_glued_after_punctuation_is_a_token_of_its_own(tokens):
    assert tokens("Kuleba said,“Look, we are ready.”") == [
        "Kuleba",
        "said",
        ",",
        "“",
        "Look",
        ",",
        "we",
        "are",
        "ready",
        ".",
        "”",
    ]
    assert tokens('EXHIBITION—"Paintings from Kyiv') == ["EXHIBITION", "—", '"', "Paintings", "from", "Kyiv"]
    assert tokens("“Never,”Kuleba said.") == ["“", "Never", ",", "”", "Kuleba", "said", "."]
    assert tokens("we are ready!”After the talks") == ["we", "are", "ready", "!", "”", "After", "the", "talks"]


def test_a_bracket_before_a_colon_is_not_an_emoticon(tokens):
    assert tokens('Sen. Mary Jones (R-S.C.):"I') == ["Sen.", "Mary", "Jones", "(", "R", "-", "S.C.", ")", ":", '"', "I"]


def test_markup_attribute_values_keep_their_tokens(tokens):
    assert tokens('<tweet id="12" author="x">') == ["<", "tweet", 'id="12', '"', 'author="x', '"', ">"]


def test_rule_glued_quotes_get_their_speakers(attribute):
    text = (
        "Asked about the talks, Kuleba said,“We are ready to meet at any time and in any place.”\n\n"
        'Sen. Mary Jones (R-S.C.):"I have not heard anyone cite that figure before today."'
    )
    assert [(speaker, cue) for _, _, speaker, cue, _ in attribute(text)] == [
        ("Kuleba", "said"),
        ("Sen. Mary Jones (R-S.C.)", ":"),
    ]
