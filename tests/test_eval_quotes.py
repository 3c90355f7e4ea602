"""The quote-evaluation scoring rules (evaluation/quotes.py) on literal examples."""

from sino_russian_news.evaluation.quotes import (
    Span,
    false_person_reason,
    lay_out,
    match,
    score_article,
    speaker_correct,
    speaker_head,
    split_identities,
    trim_span,
)


def test_speaker_head_strips_possessive_and_punctuation():
    assert speaker_head("Mr. Donald J. Trump") == "trump"
    assert speaker_head("Clinton's") == "clinton"
    assert speaker_head("a source close to the campaign,") == "campaign"
    assert speaker_head("Putin’s") == "putin"


def test_matching_needs_half_the_gold_and_is_one_to_one():
    gold = [Span(10, 30), Span(40, 44)]
    predicted = [Span(0, 19), Span(12, 30), Span(41, 43)]
    # prediction 0 shares 9 of 20 (< half), prediction 1 shares 18, prediction 2 shares 2 of 4 (= half)
    assert match(predicted, gold) == [(1, 0), (2, 1)]
    # the larger overlap wins a gold quote two predictions could take
    assert match([Span(10, 25), Span(10, 30)], [Span(10, 30)]) == [(1, 0)]


def test_speaker_strict_and_lenient():
    gold = Span(0, 5, "he", "Donald Trump")
    assert speaker_correct(Span(0, 5, "He"), gold)
    assert not speaker_correct(Span(0, 5, "Trump"), gold)
    assert speaker_correct(Span(0, 5, "Trump"), gold, lenient=True)
    assert speaker_correct(Span(0, 5, "he", "Donald Trump"), Span(0, 5, "he"), lenient=True)
    assert not speaker_correct(Span(0, 5, None), gold, lenient=True)
    assert speaker_correct(Span(0, 5, "the campaign's"), Span(0, 5, "a source close to the campaign"))


def test_score_article_counts_quotes_speakers_and_joint():
    gold = [Span(0, 10, "Clinton"), Span(20, 30, None), Span(40, 50, "she", "Hillary Clinton"), Span(60, 70, "Obama")]
    predicted = [Span(0, 10, "Hillary Clinton"), Span(20, 30, None), Span(40, 50, "Clinton"), Span(80, 90, "X")]
    s = score_article(predicted, gold)
    assert (s.predicted, s.gold, s.matched, s.with_gold_speaker) == (4, 4, 3, 2)
    assert (s.speaker_strict, s.speaker_lenient, s.joint_strict, s.joint_lenient) == (1, 2, 2, 3)
    assert s.quote_prf == (0.75, 0.75, 0.75)
    assert s.speaker_accuracy == (0.5, 1.0)
    assert s.predicted_without_speaker == 1


def test_trim_span_removes_marks_and_spaces():
    text = 'He said " hello there,” and left'
    assert text[slice(*trim_span(text, 8, 23))] == "hello there,"


def test_lay_out_maps_body_offsets_back_to_the_article():
    text = "Title line\n\n  First para.  \nSecond para.\n"
    layout = lay_out(text)
    assert layout.body == "Title line\n\nFirst para.\n\nSecond para."
    assert layout.to_source(layout.body.index("para.")) == text.index("para.")
    assert layout.to_source(layout.body.index("Second")) == text.index("Second")


def test_false_person_reasons():
    assert false_person_reason("Twitter") == "platform"
    assert false_person_reason("Twitter @NolteNC") == "handle"
    assert false_person_reason("https://twitter.com/x") == "url"
    assert false_person_reason("RIGGED") == "all caps"
    assert false_person_reason("lol") == "lowercase word"
    assert false_person_reason("Anderson Cooper 360") == "digits"
    assert false_person_reason("Donald Trump") is None
    assert false_person_reason("JD Vance") is None
    assert false_person_reason("JFK") is None


def test_split_identities_counts_variants_among_frequent_persons():
    names = {"a": "Trump", "b": "Donald Trump", "c": "Donald J. Trump", "d": "Obama", "e": "Barack Obama", "f": "Ted Cruz"}
    counts = {"a": 5, "b": 4, "c": 3, "d": 9, "e": 2, "f": 7}
    splits, frequent = split_identities(counts, names)
    assert frequent == 5  # e is mentioned only twice
    assert splits == [("a", "b"), ("c", "b")]
