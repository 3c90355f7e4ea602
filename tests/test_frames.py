import pytest

from sino_russian_news.pipeline import curation
from sino_russian_news.pipeline.frames import code_paragraph, compile_codebook

from .conftest import ROOT

REQUIRED = {
    "peace-talks",
    "strategic-partnership",
    "trade-energy",
    "military-arms",
    "sanctions-west",
    "anti-hegemony",
    "asymmetry",
    "neutrality-questioned",
}


@pytest.fixture(scope="module")
def codebook():
    return compile_codebook(curation.frames(ROOT / "dataset" / "curated" / "frames.yml"))


def test_codebook_has_the_required_frames_with_definitions(db):
    frames = {r["frame_id"]: r for r in db["frames"].rows}
    assert set(frames) == REQUIRED
    assert (
        frames["asymmetry"]["description"]
        == "An unequal relationship, Russia's dependence on China or China's leverage over Russia."
    )
    assert frames["peace-talks"]["label"] == "Peace talks & mediation"
    text = (ROOT / "dataset" / "curated" / "frames.yml").read_text()
    assert "How to check a code" in text


def test_every_code_is_backed_by_evidence_inside_its_paragraph(db, codebook):
    patterns = {f.frame_id: f.patterns for f in codebook}
    rows = list(
        db.query(
            "select pf.*, p.text as paragraph, p.start_char as p_start, p.end_char as p_end from paragraph_frames pf join paragraphs p using (article_id, paragraph_index)"
        )
    )
    assert len(rows) == db["paragraph_frames"].count
    for r in rows:
        assert r["p_start"] <= r["start_char"] < r["end_char"] <= r["p_end"]
        assert r["evidence"] in r["paragraph"]
        assert any(p.fullmatch(r["evidence"]) or p.search(r["evidence"]) for p in patterns[r["frame_id"]])


def test_every_article_is_coded_and_each_frame_is_used(db):
    coded = {r["article_id"] for r in db.query("select distinct article_id from paragraph_frames")}
    assert len(coded) == 5
    used = {r["frame_id"] for r in db.query("select distinct frame_id from paragraph_frames")}
    assert used == REQUIRED


@pytest.mark.parametrize(
    "paragraph, frame_id, evidence",
    [
        (
            "Russia – with an economy a 10th the size of China’s – finds itself increasingly in the role of junior partner.",
            "asymmetry",
            "a 10th the size",
        ),
        ("However some argue that its stated neutrality is a sham.", "neutrality-questioned", "stated neutrality"),
        ("Both oppose hegemonism and power politics.", "anti-hegemony", "hegemonism"),
        ("The two sides agreed a ceasefire framework.", "peace-talks", "ceasefire"),
        ("Exports of crude rose again.", "trade-energy", "Exports"),
    ],
)
def test_cues_on_written_paragraphs(codebook, paragraph, frame_id, evidence):
    coded = {f: paragraph[s:e] for f, s, e, _ in code_paragraph(paragraph, codebook)}
    assert coded[frame_id] == evidence


def test_a_paragraph_with_no_cue_gets_no_code(codebook):
    assert code_paragraph("The weather in the capital was mild on the day of the visit.", codebook) == []
