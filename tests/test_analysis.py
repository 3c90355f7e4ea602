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
    summary = corpus.removed_by_reason(t["removed_lines"])
    assert summary["lines"].sum() == len(t["removed_lines"])
    assert summary.index[0] == "related-posts"


def test_timeline_lags(t):
    timeline = coverage.timeline(t["articles"], t["events"], t["article_events"])
    assert list(timeline["published_date"]) == sorted(timeline["published_date"])
    assert dict(zip(timeline["article_id"], timeline["days_after_event_start"])) == {
        "000_21496d7d6b8b8c59": 0, "001_72bc7103f3c47a61": 1, "003_4156b6fe17ca2892": -3, "002_8c84d02b1110ab5b": 2, "004_6f773ce998831c97": 0,
    }


def test_mismatched_headlines(t):
    assert list(coverage.mismatched_headlines(t["articles"])["article_id"]) == ["000_21496d7d6b8b8c59"]


def test_outlets(t):
    table = coverage.outlets(t["articles"])
    assert table["articles"].sum() == 5
    assert "(unknown)" in set(table["original_publisher"])


def test_quotes_by_side_shares_sum_to_one(t):
    by_side = voices.quotes_by_side(t["quotes"], t["entities"])
    assert {"russia", "china", "ukraine", "unnamed"} <= set(by_side.index)
    assert by_side["share_of_words"].sum() == pytest.approx(1, abs=0.01)
    assert by_side["quotes"].sum() == t["quotes"]["speaker_text"].notna().sum()


def test_quotes_by_speaker_and_mentions(t):
    speakers = voices.quotes_by_speaker(t["quotes"], t["entities"])
    assert speakers.iloc[0]["speaker"] in {"Xi Jinping", "Dmytro Kuleba", "Vladimir Putin"}
    top = voices.mention_counts(t["mentions"], t["entities"], top=5)
    assert {"Xi Jinping", "Vladimir Putin"} & set(top["name"])


def test_cooccurrence_is_symmetric_free_and_counts_paragraphs(t):
    edges = voices.cooccurrence(t["mentions"], t["entities"])
    assert (edges["source"] < edges["target"]).all()
    top = edges.iloc[0]
    assert {top["source"], top["target"]} == {"Vladimir Putin", "Xi Jinping"}


def test_frame_shares_are_shares(t):
    shares = framing.frame_shares(t["articles"], t["paragraph_frames"], t["frames"])
    assert shares.shape == (5, 8)
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
    timeline = coverage.timeline(t["articles"], t["events"], t["article_events"])
    figures = [
        plots.removed_share_bar(audit),
        plots.timeline_chart(timeline),
        plots.side_bars(voices.quotes_by_side(t["quotes"], t["entities"])),
        plots.quote_length_by_speaker(voices.attributed_quotes(t["quotes"], t["entities"])),
        plots.frame_heatmap(framing.frame_shares(t["articles"], t["paragraph_frames"], t["frames"])),
    ]
    for fig in figures:
        for ax in fig.axes[:1]:
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    network = plots.cooccurrence_network(voices.cooccurrence(t["mentions"], t["entities"]), dict(zip(t["entities"]["name"], t["entities"]["side"])))
    assert network.axes[0].get_title()
