"""Load the human-curated files under `dataset/curated/` into plain data.

Every curated value must carry its evidence; a value without one is refused, so nothing
enters the data on a person's say-so alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml


class CurationError(Exception):
    pass


@dataclass(frozen=True)
class CuratedFact:
    value: object
    evidence: str


def _load(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise CurationError(f"{path.name}: invalid YAML ({e.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise CurationError(f"{path.name}: expected a mapping at the top level")
    return data


def article_facts(path: Path) -> dict[str, dict[str, CuratedFact]]:
    facts: dict[str, dict[str, CuratedFact]] = {}
    for article_id, entries in _load(path).items():
        facts[str(article_id)] = {}
        for key, entry in (entries or {}).items():
            if not isinstance(entry, dict) or not str(entry.get("evidence") or "").strip():
                raise CurationError(f"{path.name}: {article_id}.{key} has no evidence line")
            value = entry.get("value")
            if isinstance(value, dt.date):
                value = value.isoformat()
            facts[str(article_id)][key] = CuratedFact(value, " ".join(str(entry["evidence"]).split()))
    return facts


def sites(path: Path) -> list[dict]:
    return list(_load(path).get("sites") or [])


def entities(path: Path) -> list[dict]:
    return list(_load(path).get("entities") or [])


def frames(path: Path) -> dict:
    return _load(path)


def events(path: Path) -> list[dict]:
    items = []
    for event in _load(path).get("events") or []:
        if not str(event.get("evidence") or "").strip():
            raise CurationError(f"{path.name}: event {event.get('event_id')} has no evidence line")
        items.append({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in event.items()})
    return items
