"""Syndication: group reposts of one story with MinHash LSH over word shingles.

LSH proposes candidate pairs cheaply at any corpus size; each candidate is then scored by
the Jaccard similarity of the two shingle sets, and kept at or above THRESHOLD.
Reposts of a wire story share most 5-word sequences even after an aggregator trims or
re-captions them; two stories on the same event written separately share almost none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
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


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two shingle sets given as sorted unique hashes (shingle_hashes)."""
    import numpy as np

    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


def shingle_hashes(text: str) -> np.ndarray:
    """A body's shingles as sorted unique 64-bit hashes.

    Eight bytes a shingle instead of a Python string of about 170 (60 KB for a 350-shingle
    body), so every body still waiting for its comparisons can be held at once. Two
    different shingles of one compared pair share a hash with probability about 1e-14, so
    the scores are those of the strings."""
    import numpy as np

    digests = b"".join(blake2b(shingle.encode(), digest_size=8).digest() for shingle in shingles(text))
    return np.unique(np.frombuffer(digests, dtype="<u8"))


def scored_pairs(
    candidates: Iterable[tuple[str, str]], body_of: Callable[[str], str], threshold: float = THRESHOLD
) -> list[dict[str, Any]]:
    """The candidate pairs (first id < second) whose Jaccard is at least threshold, in order.

    An article is a candidate with several others (about 15 each in the stand-in corpus),
    so each body is shingled once, and its shingles are dropped after its last pair: memory
    follows the articles with comparisons still to come, not the corpus."""
    ordered = sorted(candidates)
    remaining = Counter(article_id for pair in ordered for article_id in pair)
    held: dict[str, np.ndarray] = {}

    def shingled(article_id: str) -> np.ndarray:
        if article_id not in held:
            held[article_id] = shingle_hashes(body_of(article_id))
        return held[article_id]

    pairs: list[dict[str, Any]] = []
    for a, b in ordered:
        score = jaccard(shingled(a), shingled(b))
        if score >= threshold:
            pairs.append({"article_id": a, "other_article_id": b, "jaccard": round(score, 4)})
        for article_id in (a, b):
            remaining[article_id] -= 1
            if not remaining[article_id]:
                del held[article_id]
    return pairs


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


def band_ranges(threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    """The (start, end) ranges of hash values MinHashLSH bands a signature into for threshold."""
    from datasketch import MinHashLSH

    ranges: list[tuple[int, int]] = MinHashLSH(threshold=threshold, num_perm=NUM_PERM).hashranges
    return ranges


def candidate_pairs(ids: list[str], matrix: np.ndarray, first_new: int = 0, threshold: float = THRESHOLD) -> set[tuple[str, str]]:
    """Pairs (first id < second) of rows of `matrix` (one signature's hash values per row) that
    share every hash value of at least one band, with at least one row at `first_new` or later.

    These are exactly the candidates a MinHashLSH index returns, found with one sort per band
    over a 64-bit key of the band's values (a multiply-add, wrapping) instead of an index
    holding every band of every signature as bytes (76 MB at 10,000 articles, growing with
    the corpus). Rows with equal keys are compared on the band's values, so a key collision
    adds no candidate. With `first_new` set, only pairs involving the rows from there on (an
    incremental build's new articles) are returned."""
    import numpy as np

    candidates: set[tuple[str, str]] = set()
    rows = len(ids)
    for start, end in band_ranges(threshold):
        keys = np.zeros(rows, dtype=np.uint64)
        for column in range(start, end):
            keys = keys * np.uint64(1_000_003) + matrix[:, column]
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        run_starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        run_ends = np.append(run_starts[1:], rows)
        for run_start, run_end in zip(run_starts, run_ends, strict=True):
            if run_end - run_start < 2:
                continue
            same_band: dict[bytes, list[int]] = {}
            for row in sorted(order[run_start:run_end].tolist()):
                same_band.setdefault(matrix[row, start:end].tobytes(), []).append(row)
            for members in same_band.values():
                for i, first in enumerate(members):
                    for second in members[i + 1 :]:
                        if second >= first_new:
                            a, b = sorted((ids[first], ids[second]))
                            candidates.add((a, b))
    return candidates


def pairs_from_signatures(
    signatures: dict[str, MinHash], body_of: Callable[[str], str], threshold: float = THRESHOLD
) -> list[dict[str, Any]]:
    """Candidate pairs from the signatures' LSH bands, confirmed by the Jaccard of the two
    bodies' shingles (body_of(id))."""
    import numpy as np

    ids = sorted(signatures)
    matrix = np.array([signatures[a].hashvalues for a in ids], dtype=np.uint64).reshape(len(ids), NUM_PERM)
    return with_story_groups(scored_pairs(candidate_pairs(ids, matrix, threshold=threshold), body_of, threshold))


def near_duplicate_pairs(bodies: dict[str, str], threshold: float = THRESHOLD) -> list[dict[str, Any]]:
    """Pairs of article ids with Jaccard >= threshold, each with its story group id."""
    return pairs_from_signatures({a: signature(b) for a, b in bodies.items()}, bodies.__getitem__, threshold)


def with_story_groups(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pairs, each given the story group (`group_id`) its first article belongs to."""
    groups = story_groups(pairs)
    for pair in pairs:
        pair["group_id"] = groups[pair["article_id"]]
    return pairs


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
