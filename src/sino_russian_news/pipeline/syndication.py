"""Syndication: group reposts of one story with MinHash LSH over word shingles.

LSH proposes candidate pairs cheaply at any corpus size; each candidate is then scored by
the exact Jaccard similarity of the two shingle sets, and kept at or above THRESHOLD.
Reposts of a wire story share most 5-word sequences even after an aggregator trims or
re-captions them; two stories on the same event written separately share almost none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
THRESHOLD = 0.5
SEED = 1
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=SEED)
    return template.permutations, template.scheme


def signature(body: str) -> MinHash:
    """The MinHash of a body's shingles: small and fixed-size, kept for every article."""
    from datasketch import MinHash

    # The seeded permutations are the same for every article: draw them once.
    permutations, scheme = _permutations()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=permutations, scheme=scheme)
    minhash.update_batch([s.encode() for s in sorted(shingles(body))])
    return minhash


def pairs_from_signatures(
    signatures: dict[str, MinHash], body_of: Callable[[str], str], threshold: float = THRESHOLD
) -> list[dict[str, Any]]:
    """Candidate pairs from LSH, confirmed by exact Jaccard on the two bodies (body_of(id))."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    candidates: set[tuple[str, str]] = set()
    for article_id in sorted(signatures):
        for other in lsh.query(signatures[article_id]):
            candidates.add((min(article_id, other), max(article_id, other)))
        lsh.insert(article_id, signatures[article_id])
    pairs: list[dict[str, Any]] = []
    for a, b in sorted(candidates):
        score = jaccard(shingles(body_of(a)), shingles(body_of(b)))
        if score >= threshold:
            pairs.append({"article_id": a, "other_article_id": b, "jaccard": round(score, 4)})
    groups = story_groups(pairs)
    for pair in pairs:
        pair["group_id"] = groups[pair["article_id"]]
    return pairs


def near_duplicate_pairs(bodies: dict[str, str], threshold: float = THRESHOLD) -> list[dict[str, Any]]:
    """Pairs of article ids with Jaccard >= threshold, each with its story group id."""
    return pairs_from_signatures({a: signature(b) for a, b in bodies.items()}, bodies.__getitem__, threshold)


def story_groups(pairs: list[dict[str, Any]]) -> dict[str, str]:
    """Connected components of the pair graph, named by their lowest article id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for pair in pairs:
        a, b = find(pair["article_id"]), find(pair["other_article_id"])
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {x: find(x) for x in list(parent)}
