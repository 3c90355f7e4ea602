"""Load the human-curated files under `dataset/curated/` into plain data.

Every curated value must carry its evidence; a value without one is refused, so nothing
enters the data on a person's say-so alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ProjectError


class CurationError(ProjectError):
    """A curated file that cannot be used: `<file>: <reason>`."""

    def shown_path(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class CuratedFact:
    value: object
    evidence: str


def _load(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise CurationError(path, f"invalid YAML ({e.__class__.__name__})") from None
    except UnicodeDecodeError:
        raise CurationError(path, "not UTF-8 text") from None
    except OSError as e:
        raise CurationError(path, f"cannot be read ({e.strerror})") from None
    if not isinstance(data, dict):
        raise CurationError(path, "expected a mapping at the top level")
    return data


def _entries(path: Path, key: str, required: tuple[str, ...]) -> list[dict]:
    """The list under `key`: each entry a mapping with the fields the pipeline relies on."""
    items = _load(path).get(key) or []
    if not isinstance(items, list):
        raise CurationError(path, f"`{key}` must be a list")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise CurationError(path, f"{key} entry {number} is not a mapping")
        if missing := [field for field in required if not item.get(field)]:
            raise CurationError(path, f"{key} entry {number} has no {', '.join(missing)}")
    return items


def article_facts(path: Path) -> dict[str, dict[str, CuratedFact]]:
    facts: dict[str, dict[str, CuratedFact]] = {}
    for article_id, entries in _load(path).items():
        facts[str(article_id)] = {}
        if not isinstance(entries or {}, dict):
            raise CurationError(path, f"{article_id} must map field names to values")
        for key, entry in (entries or {}).items():
            if not isinstance(entry, dict) or not str(entry.get("evidence") or "").strip():
                raise CurationError(path, f"{article_id}.{key} has no evidence line")
            value = entry.get("value")
            if isinstance(value, dt.date):
                value = value.isoformat()
            facts[str(article_id)][key] = CuratedFact(value, " ".join(str(entry["evidence"]).split()))
    return facts


def sites(path: Path) -> list[dict]:
    return _entries(path, "sites", ("name",))


def entities(path: Path) -> list[dict]:
    return _entries(path, "entities", ("id", "name"))


def frames(path: Path) -> dict:
    return _load(path)


def events(path: Path) -> list[dict]:
    items = []
    for event in _entries(path, "events", ("event_id",)):
        if not str(event.get("evidence") or "").strip():
            raise CurationError(path, f"event {event.get('event_id')} has no evidence line")
        items.append({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in event.items()})
    return items
