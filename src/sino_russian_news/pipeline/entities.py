"""Entities: gazetteer-linked and model-found mentions in one article's parsed body.

Three ways to a mention, recorded in `method`:
- `gazetteer`: an alias from dataset/curated/entities.yml, matched by spaCy's EntityRuler;
- `coreference`: a short form or title ("Li", "the Chinese premier", a bare surname the
  model found) that refers back to a name already mentioned earlier in the same article;
- `model`: an entity spaCy's NER found that the gazetteer does not know (slug id).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..schema import EntitySource, MentionMethod

NON_ENTITY_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
HONORIFICS = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "President", "Premier", "Minister"})
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass
class Mention:
    start_char: int
    end_char: int
    text: str
    entity_id: str
    type: str
    method: str
    is_subject: bool = False  # grammatical subject: pronouns refer back to these first


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def canonical_surface(text: str) -> str:
    """Deduplicate model surface forms: 'the Kremlin’s' and 'Kremlin' are one name."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    return _POSSESSIVE.sub("", text).strip()


def model_entity_id(label: str, text: str) -> str:
    return f"{label.lower()}-{slugify(canonical_surface(text))}"


def _is_subject(span) -> bool:
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in span)


def _overlaps(mentions: list[Mention], start: int, end: int) -> bool:
    return any(m.start_char < end and start < m.end_char for m in mentions)


def _surname_key(text: str) -> str:
    words = [w for w in canonical_surface(text).split() if w not in HONORIFICS]
    return words[-1] if words else ""


def find_mentions(doc, gazetteer: dict[str, dict]) -> list[Mention]:
    """All entity mentions in a parsed body, in text order."""
    mentions: list[Mention] = []
    first_seen: dict[str, int] = {}
    full_names: dict[str, str] = {}  # surname -> entity id of a multi-word PERSON seen earlier
    for ent in doc.ents:
        if ent.label_ in NON_ENTITY_LABELS:
            continue
        if ent.label_ in ("PERSON", "ORG", "GPE") and not ent.ent_id_ and not any(t.pos_ == "PROPN" for t in ent):
            continue  # e.g. a sentence adverb ('Crucially') taken for a name
        if ent.ent_id_ and ent.ent_id_ in gazetteer:
            entity_id, method = ent.ent_id_, MentionMethod.GAZETTEER
        elif ent.label_ == "PERSON" and len(ent) <= 2 and _surname_key(ent.text) in full_names:
            entity_id, method = full_names[_surname_key(ent.text)], MentionMethod.COREFERENCE
        else:
            entity_id, method = model_entity_id(ent.label_, ent.text), MentionMethod.MODEL
        mentions.append(Mention(ent.start_char, ent.end_char, ent.text, entity_id, ent.label_, method, _is_subject(ent)))
        first_seen.setdefault(entity_id, ent.start_char)
        if ent.label_ == "PERSON" and len(canonical_surface(ent.text).split()) >= 2:
            full_names.setdefault(_surname_key(ent.text), entity_id)
    contextual = contextual_mentions(doc, gazetteer, first_seen, mentions)
    # A resolved short form beats the model's guess for the same words ('Li' as a GPE).
    mentions = [m for m in mentions if m.method != MentionMethod.MODEL or not _overlaps(contextual, m.start_char, m.end_char)]
    return sorted(mentions + contextual, key=lambda m: (m.start_char, m.end_char))


def contextual_mentions(doc, gazetteer: dict[str, dict], first_seen: dict[str, int], existing: list[Mention]) -> list[Mention]:
    """Short forms and titles of a gazetteer entity, after its first mention in the article."""
    found: list[Mention] = []
    text = doc.text
    for entity_id, entry in gazetteer.items():
        if entity_id not in first_seen:
            continue
        for form in sorted(entry.get("contextual") or [], key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w’']){re.escape(form)}(?![\w])", text):
                fixed = [x for x in existing if x.method != MentionMethod.MODEL] + found
                if m.start() > first_seen[entity_id] and not _overlaps(fixed, m.start(), m.end()):
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    found.append(Mention(m.start(), m.end(), m.group(), entity_id, entry["type"], MentionMethod.COREFERENCE, span is not None and _is_subject(span)))
    return found


def entity_rows(mentions: list[Mention], gazetteer: dict[str, dict]) -> dict[str, dict]:
    """Entity table rows for the mentions of one article (merged across articles later)."""
    rows: dict[str, dict] = {}
    for m in mentions:
        if m.entity_id in gazetteer:
            e = gazetteer[m.entity_id]
            rows[m.entity_id] = {
                "entity_id": m.entity_id,
                "name": e["name"],
                "type": e["type"],
                "wikidata_id": e["id"] if re.fullmatch(r"Q\d+", e["id"]) else e.get("wikidata_id"),
                "description": e.get("description"),
                "side": e.get("side"),
                "source": EntitySource.GAZETTEER,
            }
        elif m.method == MentionMethod.MODEL and m.entity_id not in rows:
            rows[m.entity_id] = {
                "entity_id": m.entity_id,
                "name": canonical_surface(m.text),
                "type": m.type,
                "wikidata_id": None,
                "description": f"Found by spaCy NER ({m.type}); not in the gazetteer.",
                "side": None,
                "source": EntitySource.MODEL,
            }
    return rows
