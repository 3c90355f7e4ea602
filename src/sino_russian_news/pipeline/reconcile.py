"""Propose Wikidata QIDs for entities the build could not link, for a person to review.

The build stays offline; this is a separate step a researcher with internet access runs:

    sino-russian-news reconcile --project . --min-mentions 3

It reads the built database, takes the PERSON/ORG/GPE/NORP/LOC entities without a
`wikidata_id` (most mentioned first), asks Wikidata's public search API
(`action=wbsearchentities`, https://www.wikidata.org/w/api.php?action=help&modules=wbsearchentities)
for each name, and writes the candidates with their labels and descriptions into a
review file (YAML). Nothing is accepted automatically: a person copies an accepted QID into
dataset/curated/entities.yml with its evidence ("Wikidata Q… '<label>'"), as for every
curated value. Requests are spaced (`pause` seconds) and carry a descriptive User-Agent,
as Wikimedia's API etiquette asks.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = "sino-russian-news-reconcile/1.0 (research dataset; https://github.com/sino-russian-news)"
LINKABLE_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC")

# A review entry is an UnlinkedEntity plus its candidates, `accept` and perhaps `error`,
# written to YAML as is.
ReviewEntry = dict[str, Any]


class UnlinkedEntity(TypedDict):
    entity_id: str
    name: str
    type: str
    mentions: int


@dataclass(frozen=True)
class Candidate:
    qid: str
    label: str
    description: str

    @property
    def url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.qid}"


def unlinked_entities(
    db_path: Path, min_mentions: int = 1, types: Sequence[str] = LINKABLE_TYPES, limit: int | None = None
) -> list[UnlinkedEntity]:
    """Entities without a QID, with their mention counts, most mentioned first."""
    conn = sqlite3.connect(db_path)
    try:
        marks = ",".join("?" for _ in types)
        rows = conn.execute(
            f"""select e.entity_id, e.name, e.type, count(m.mention_id) as mentions
                from entities e left join mentions m on m.entity_id = e.entity_id
                where (e.wikidata_id is null or e.wikidata_id = '') and e.type in ({marks})
                group by e.entity_id having mentions >= ?
                order by mentions desc, e.entity_id""",
            (*types, min_mentions),
        ).fetchall()
    finally:
        conn.close()
    entities = [UnlinkedEntity(entity_id=r[0], name=r[1], type=r[2], mentions=r[3]) for r in rows]
    return entities[:limit] if limit else entities


def parse_search(payload: dict[str, Any]) -> list[Candidate]:
    """Candidates from a wbsearchentities JSON response."""
    return [
        Candidate(
            item["id"],
            item.get("label") or item.get("display", {}).get("label", {}).get("value", ""),
            item.get("description") or item.get("display", {}).get("description", {}).get("value", ""),
        )
        for item in payload.get("search") or []
        if str(item.get("id", "")).startswith("Q")
    ]


def search_wikidata(name: str, session: Any = None, limit: int = 5) -> list[Candidate]:
    import requests

    http = session or requests
    response = http.get(
        WIKIDATA_API,
        params={
            "action": "wbsearchentities",
            "search": name,
            "language": "en",
            "uselang": "en",
            "type": "item",
            "limit": limit,
            "format": "json",
        },
        headers={"User-Agent": USER_AGENT},
        timeout=30,
    )
    response.raise_for_status()
    return parse_search(response.json())


def review_entries(
    entities: Sequence[UnlinkedEntity], search: Callable[[str], list[Candidate]], pause: float = 0.0
) -> list[ReviewEntry]:
    """One review entry per entity: its candidates, and `accept: null` for a person to fill."""
    entries: list[ReviewEntry] = []
    for i, entity in enumerate(entities):
        if i and pause:
            time.sleep(pause)
        try:
            candidates = search(entity["name"])
            error = None
        except Exception as exc:  # one failed lookup must not lose the others
            candidates, error = [], f"{type(exc).__name__}: {exc}"
        entry: ReviewEntry = {
            **entity,
            "candidates": [{"qid": c.qid, "label": c.label, "description": c.description, "url": c.url} for c in candidates],
            "accept": None,
        }
        if error:
            entry["error"] = error
        entries.append(entry)
    return entries


def write_review(entries: list[ReviewEntry], path: Path) -> None:
    import yaml

    header = (
        "# Wikidata candidates for unlinked entities (sino-russian-news reconcile).\n"
        "# Review each: set `accept` to the right QID (or leave null), then copy accepted QIDs into\n"
        "# dataset/curated/entities.yml with evidence \"Wikidata Q… '<label>'\". Nothing here is used by the build.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        header + yaml.safe_dump({"entities": entries}, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8"
    )


def reconcile(
    db_path: Path, output: Path, min_mentions: int = 3, limit: int | None = None, pause: float = 1.0, session: Any = None
) -> list[ReviewEntry]:
    entities = unlinked_entities(db_path, min_mentions=min_mentions, limit=limit)
    entries = review_entries(entities, lambda name: search_wikidata(name, session=session), pause=pause)
    write_review(entries, output)
    return entries
