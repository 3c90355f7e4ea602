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
