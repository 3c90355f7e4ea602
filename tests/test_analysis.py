"""The functions the report's notebooks call, on the published data."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import sino_russian_news as srn  # noqa: E402
from sino_russian_news.analysis import corpus, coverage, dictionary, framing, plots, voices  # noqa: E402


@pytest.fixture(scope="module")
def t():
    return {name: srn.load(name) for name in srn.tables()}


def test_cleaning_audit_accounts_for_every_removed_character(t):
    audit = corpus.cleaning_audit(t["articles"], t["removed_lines"])
    assert list(audit.index) == sorted(t["articles"]["article_id"])
    removed = audit.drop(columns=["body", "removed_share"]).sum().sum()
    assert removed == t["removed_lines"]["text"].str.len().sum()
    assert audit.loc["003_4156b6fe17ca2892", "removed_share"] > 0.4  # the page with four teasers
    assert audit.loc["002_8c84d02b1110ab5b", "removed_share"] < 0.01


def test_removed_by_reason_counts_lines(t):
    summary = corpus.removed_by_reason()
    assert summary["lines"].sum() == len(t["removed_lines"])
    assert summary.loc["related-posts"].to_dict() == {"lines": 25, "characters": 3395, "articles": 2}
    assert summary.index[0] == "related-posts"


def test_timeline_lags(t):
    timeline = coverage.timeline()
    assert list(timeline["published_date"]) == sorted(timeline["published_date"])
    assert dict(zip(timeline["article_id"], timeline["days_after_event_start"], strict=True)) == {
        "000_21496d7d6b8b8c59": 0,
        "001_72bc7103f3c47a61": 1,
        "003_4156b6fe17ca2892": -3,
        "002_8c84d02b1110ab5b": 2,
        "004_6f773ce998831c97": 0,
    }


def test_mismatched_headlines(t):
    assert list(coverage.mismatched_headlines(t["articles"])["article_id"]) == ["000_21496d7d6b8b8c59"]


def test_outlets(t):
    table = coverage.outlets(t["articles"])
    assert table["articles"].sum() == 5
    assert "(unknown)" in set(table["original_publisher"])


def test_quotes_by_side_shares_sum_to_one(t):
    by_side = voices.quotes_by_side()
    assert list(by_side.index) == ["russia", "china", "ukraine", "west", "unnamed"]
    assert by_side["share_of_words"].sum() == pytest.approx(1, abs=0.01)
    assert by_side["quotes"].sum() == t["quotes"]["speaker_text"].notna().sum()


def test_a_spokesperson_counts_for_the_country_named_in_the_attribution(t):
    quotes = voices.attributed_quotes()
    spokesperson = quotes[quotes["speaker_text"] == "a spokesperson for China’s Foreign Ministry"]
    # the pipeline links the role to the body it speaks for (china-foreign-ministry), so the side comes from the speaker entity
    assert set(zip(spokesperson["side"], spokesperson["side_basis"], strict=True)) == {("china", "speaker")}
    # Unlinked attributions that name no organisation stay unnamed rather than guessed
    unnamed = quotes[quotes["speaker_text"] == "A foreign ministry spokeswoman"]
    assert set(unnamed["side"]) == {"unnamed"}
    # A name inside a longer word is not a mention of it ("Xi" in "Xinhua")
    assert set(quotes.loc[quotes["speaker_text"] == "Xinhua news agency", "side_basis"]) == {"speaker"}


def test_quotes_by_speaker_and_mentions(t):
    speakers = voices.quotes_by_speaker()
    assert speakers.iloc[0][["speaker", "side", "quotes", "words_quoted"]].to_dict() == {
        "speaker": "Xi Jinping",
        "side": "china",
        "quotes": 8,
        "words_quoted": 118,
    }
    top = voices.mention_counts(top=4)
    assert list(top["name"]) == ["Russia", "China", "Xi Jinping", "Vladimir Putin"]


def test_people_lists_leave_out_one_word_model_names(t):
    names = set(voices.mention_counts(top=1000)["name"])
    assert "Crucially" in set(t["entities"]["name"])  # the tagger's mistake is still in the raw table
    assert "Crucially" not in names
    assert "Xi Jinping" in names


def test_cooccurrence_is_symmetric_free_and_counts_paragraphs(t):
    edges = voices.cooccurrence()
    assert (edges["source"] < edges["target"]).all()
    top = edges.iloc[0]
    assert {top["source"], top["target"]} == {"Vladimir Putin", "Xi Jinping"}


def test_frame_shares_are_shares(t):
    shares = framing.frame_shares(t["articles"], t["frames"])
    assert shares.shape == (5, 8)
    assert shares.loc["002_8c84d02b1110ab5b", "Anti-hegemony / multipolar world"] == pytest.approx(0.667)
    assert ((shares >= 0) & (shares <= 1)).all().all()
    phrases = framing.evidence_phrases(t["paragraph_frames"], t["frames"], per_frame=3)
    assert phrases.groupby("label").size().max() <= 3


def test_data_dictionary_covers_every_field(t):
    descriptor = srn.datapackage()
    table = dictionary.data_dictionary(descriptor)
    assert len(table) == sum(len(r["schema"]["fields"]) for r in descriptor["resources"])
    assert (table["description"].str.len() > 0).all()


def test_figures_have_titles_and_axis_labels(t):
    audit = corpus.cleaning_audit(t["articles"], t["removed_lines"])
    timeline = coverage.timeline()
    figures = [
        plots.removed_share_bar(audit),
        plots.timeline_chart(timeline),
        plots.side_bars(voices.quotes_by_side()),
        plots.quote_length_by_speaker(voices.attributed_quotes()),
        plots.frame_heatmap(framing.frame_shares(t["articles"], t["frames"])),
    ]
    for fig in figures:
        for ax in fig.axes[:1]:
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    network = plots.cooccurrence_network(
        voices.cooccurrence(), dict(zip(t["entities"]["name"], t["entities"]["side"], strict=True))
    )
    assert network.axes[0].get_title()
