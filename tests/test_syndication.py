from sino_russian_news.pipeline.syndication import jaccard, near_duplicate_pairs, scored_pairs, shingle_hashes, shingles


def test_seeds_are_five_distinct_stories(db):
    assert db["syndication_pairs"].count == 0


def test_reposts_are_grouped_and_distinct_stories_are_not(articles):
    cnn = articles["004_6f773ce998831c97"]["body"]
    bbc = articles["003_4156b6fe17ca2892"]["body"]
    trimmed = cnn.rsplit("\n\n", 3)[0]  # an aggregator that dropped the last paragraphs
    recaptioned = "Updated with Kremlin comment.\n\n" + cnn
    pairs = near_duplicate_pairs({"a-cnn": cnn, "b-bbc": bbc, "c-trimmed": trimmed, "d-recaptioned": recaptioned})
    assert [(p["article_id"], p["other_article_id"]) for p in pairs] == [
        ("a-cnn", "c-trimmed"),
        ("a-cnn", "d-recaptioned"),
        ("c-trimmed", "d-recaptioned"),
    ]
    assert {p["group_id"] for p in pairs} == {"a-cnn"}
    assert [p["jaccard"] for p in pairs] == [0.8607, 0.9952, 0.8566]


def test_shingles_and_jaccard():
    assert shingles("One two three four five six") == {"one two three four five", "two three four five six"}
    six, seven = shingle_hashes("One two three four five six"), shingle_hashes("one two three four five six seven")
    assert (len(six), len(seven)) == (2, 3)
    assert jaccard(six, seven) == 2 / 3
    assert jaccard(shingle_hashes(""), shingle_hashes("")) == 0.0


def test_each_body_is_shingled_once_and_every_candidate_scored():
    bodies = {"a": "one two three four five six", "b": "one two three four five six seven", "c": "eight nine ten eleven twelve"}
    read = []

    def body_of(article_id):
        read.append(article_id)
        return bodies[article_id]

    pairs = scored_pairs([("b", "c"), ("a", "b"), ("a", "c")], body_of, threshold=0.5)

    assert pairs == [{"article_id": "a", "other_article_id": "b", "jaccard": 0.6667}]
    assert sorted(read) == ["a", "b", "c"]


def test_band_candidates_are_the_candidates_of_a_minhash_lsh_index():
    import numpy as np
    from datasketch import MinHashLSH

    from sino_russian_news.pipeline.syndication import NUM_PERM, THRESHOLD, band_ranges, candidate_pairs, signature

    words = [f"w{i}" for i in range(400)]
    rng = np.random.default_rng(7)
    bodies = {}
    for n in range(60):  # stories, some reposted with a few words changed
        story = " ".join(rng.choice(words, 80))
        bodies[f"{n:03d}"] = story
        if n % 3 == 0:
            copy = story.split()
            copy[rng.integers(80)] = "changed"
            bodies[f"{n:03d}-repost"] = " ".join(copy)
    ids = sorted(bodies)
    signatures = {a: signature(bodies[a]) for a in ids}
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for a in ids:
        lsh.insert(a, signatures[a])
    from_index = {tuple(sorted((a, b))) for a in ids for b in lsh.query(signatures[a]) if a != b}
    matrix = np.array([signatures[a].hashvalues for a in ids], dtype=np.uint64)

    assert band_ranges()[:2] == [(0, 5), (5, 10)] and len(band_ranges()) == 25
    assert len(from_index) == 20
    assert candidate_pairs(ids, matrix) == from_index
    # Only pairs involving the rows from first_new on (an incremental build's new articles):
    assert candidate_pairs(ids, matrix, first_new=ids.index("040")) == {p for p in from_index if p[1] >= "040"}
