"""JSON Schemas for the curated files under `dataset/curated/`, one per file, as data.

Each schema says what a file may hold: the keys, their types, which are required, the
closed vocabularies (taken from `schema.py`, so the curated files and the published columns
share one list) and the shape of ids and dates. `curation.py` checks a file against its
schema with `jsonschema` and adds what a schema cannot say: ids that must be unique or must
exist elsewhere (in `dataset/raw/`, in `entities.yml`), and cue patterns that must compile.

Two keywords beyond JSON Schema are read by `curation.py` for its messages: `x-expected`
says in words what a `pattern` wants, and `x-name` names a list's items ("entity").
"""

from __future__ import annotations

from typing import Any

from ..schema import EntityType, Side, SiteKind

JsonSchema = dict[str, Any]

TEXT: JsonSchema = {"type": "string", "pattern": r"\S", "x-expected": "must not be blank"}
TEXT_LIST: JsonSchema = {"type": "array", "items": TEXT}
EVIDENCE: JsonSchema = {**TEXT, "x-expected": "must say how the value follows from the text, not be blank"}
ISO_DATE: JsonSchema = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "format": "date",
    "x-expected": "is not a date (YYYY-MM-DD)",
}
SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
ARTICLE_ID: JsonSchema = {
    "type": "string",
    "pattern": r"^[\w.-]+$",
    "x-expected": "is not an article id (a raw file's name without extension)",
}
ENTITY_ID: JsonSchema = {
    "type": "string",
    "pattern": rf"^(Q[1-9]\d*|{SLUG})$",
    "x-expected": "is not an entity id (a Wikidata QID such as Q7747, or a lower-case slug such as li-qiang)",
}


def _curated_fact(value: JsonSchema) -> JsonSchema:
    return {
        "type": "object",
        "properties": {"value": value, "evidence": EVIDENCE},
        "required": ["value", "evidence"],
        "additionalProperties": False,
    }


# The article fields a person may set; `article_metadata.apply_curation` records which were curated.
CURATED_ARTICLE_FIELDS: dict[str, JsonSchema] = {
    "published_date": _curated_fact(ISO_DATE),
    "original_publisher": _curated_fact(TEXT),
    "site": _curated_fact(TEXT),
    "headline": _curated_fact(TEXT),  # where the page states none the cleaner can find (`headline_evidence` says curated)
    "headline_matches_body": _curated_fact({"type": "boolean"}),
}

ARTICLES: JsonSchema = {
    "type": "object",
    "x-name": "article",
    "additionalProperties": {
        "type": "object",
        "properties": CURATED_ARTICLE_FIELDS,
        "additionalProperties": False,
        "minProperties": 1,
    },
}

ENTITIES: JsonSchema = {
    "type": "object",
    "properties": {
        "entities": {
            "type": "array",
            "x-name": "entity",
            "items": {
                "type": "object",
                "properties": {
                    "id": ENTITY_ID,
                    "name": TEXT,
                    "type": {"enum": EntityType.values()},
                    "side": {"enum": Side.values()},
                    "description": TEXT,
                    "aliases": {**TEXT_LIST, "minItems": 1},
                    "contextual": TEXT_LIST,
                    "wikidata_id": {
                        "type": ["string", "null"],
                        "pattern": r"^Q[1-9]\d*$",
                        "x-expected": "is not a Wikidata QID (Q followed by digits)",
                    },
                    "wikipedia": TEXT,  # English Wikipedia title: interim identifier until a QID is checked
                    "evidence": EVIDENCE,
                },
                "required": ["id", "name", "type", "aliases", "evidence"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["entities"],
    "additionalProperties": False,
}

EVENTS: JsonSchema = {
    "type": "object",
    "properties": {
        "events": {
            "type": "array",
            "x-name": "event",
            "items": {
                "type": "object",
                "properties": {
                    "event_id": {
                        "type": "string",
                        "pattern": rf"^{SLUG}$",
                        "x-expected": "is not a lower-case slug (letters, digits, hyphens)",
                    },
                    "name": TEXT,
                    "start_date": ISO_DATE,
                    "end_date": ISO_DATE,
                    "place": TEXT,
                    "participants": {"type": "array", "items": ENTITY_ID},
                    "articles": {"type": "array", "items": ARTICLE_ID},
                    "evidence": EVIDENCE,
                },
                "required": ["event_id", "name", "start_date", "end_date", "evidence"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["events"],
    "additionalProperties": False,
}

FRAMES: JsonSchema = {
    "type": "object",
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "frames": {
            "type": "array",
            "x-name": "frame",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "frame_id": {
                        "type": "string",
                        "pattern": rf"^{SLUG}$",
                        "x-expected": "is not a lower-case slug (letters, digits, hyphens)",
                    },
                    "label": TEXT,
                    "description": TEXT,
                    "cues": {**TEXT_LIST, "minItems": 1},
                },
                "required": ["frame_id", "label", "description", "cues"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["version", "frames"],
    "additionalProperties": False,
}

SITES: JsonSchema = {
    "type": "object",
    "properties": {
        "sites": {
            "type": "array",
            "x-name": "site",
            "items": {
                "type": "object",
                "properties": {
                    "name": TEXT,
                    "domain": {
                        "type": "string",
                        "pattern": r"^[a-z0-9-]+(\.[a-z0-9-]+)+$",
                        "x-expected": "is not a lower-case domain name (example.com)",
                    },
                    "aliases": TEXT_LIST,
                    "kind": {"enum": SiteKind.values()},
                    "evidence": EVIDENCE,
                },
                "required": ["name", "kind", "evidence"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["sites"],
    "additionalProperties": False,
}

SCHEMAS: dict[str, JsonSchema] = {
    "articles.yml": ARTICLES,
    "entities.yml": ENTITIES,
    "events.yml": EVENTS,
    "frames.yml": FRAMES,
    "sites.yml": SITES,
}
