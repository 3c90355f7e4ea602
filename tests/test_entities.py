import pytest

MAIN_ACTORS = {
    "000_21496d7d6b8b8c59": {"Q15031", "Q7747", "Q23530"},
    "001_72bc7103f3c47a61": {"Q15031", "Q7747", "dmitry-peskov"},
    "002_8c84d02b1110ab5b": {"Q15031", "Q7747"},
    "003_4156b6fe17ca2892": {"Q15031", "Q7747", "Q3874799", "dmytro-kuleba", "rishi-sunak"},
    "004_6f773ce998831c97": {"Q15031", "Q7747", "li-qiang", "mikhail-mishustin", "roman-golovchenko"},
}


@pytest.mark.parametrize("article_id", sorted(MAIN_ACTORS))
def test_main_actors_found_and_linked(db, article_id):
    people = {r["entity_id"] for r in db.query("select distinct m.entity_id from mentions m join entities e using (entity_id) where e.type = 'PERSON' and m.article_id = ?", [article_id])}
    assert MAIN_ACTORS[article_id] <= people


def test_canonical_entities_carry_wikidata_ids(db):
    entities = {r["entity_id"]: r for r in db["entities"].rows}
    assert entities["Q15031"]["name"] == "Xi Jinping" and entities["Q15031"]["wikidata_id"] == "Q15031"
    assert entities["Q7747"]["name"] == "Vladimir Putin" and entities["Q7747"]["side"] == "russia"
    assert entities["li-qiang"]["wikidata_id"] is None


@pytest.mark.parametrize(
    "article_id, written, entity_id, method",
    [
        ("003_4156b6fe17ca2892", "Mr Xi", "Q15031", "gazetteer"),
        ("003_4156b6fe17ca2892", "The Kremlin", "russian-presidency", "gazetteer"),
        ("000_21496d7d6b8b8c59", "Xi", "Q15031", "gazetteer"),
        ("004_6f773ce998831c97", "Li", "li-qiang", "coreference"),
        ("004_6f773ce998831c97", "the Chinese premier", "li-qiang", "coreference"),
        ("000_21496d7d6b8b8c59", "the Russian president", "Q7747", "coreference"),
        ("004_6f773ce998831c97", "Mishustin", "mikhail-mishustin", "gazetteer"),
    ],
)
def test_short_forms_and_titles_link_to_the_full_name(db, article_id, written, entity_id, method):
    rows = list(db.query("select entity_id, method from mentions where article_id = ? and text = ?", [article_id, written]))
    assert rows and {(r["entity_id"], r["method"]) for r in rows} == {(entity_id, method)}


def test_contextual_form_before_the_full_name_is_not_linked(tmp_path):
    from sino_russian_news.pipeline import curation, nlp
    from sino_russian_news.pipeline.entities import find_mentions

    from .conftest import ROOT

    gazetteer = curation.entities(ROOT / "dataset" / "curated" / "entities.yml")
    doc = nlp.load_pipeline(gazetteer)("Li spoke first. Later, Chinese Premier Li Qiang met officials, and Li said the talks went well.")
    linked = [(m.text, m.start_char) for m in find_mentions(doc, {e["id"]: e for e in gazetteer}) if m.entity_id == "li-qiang"]
    assert linked == [("Chinese Premier Li Qiang", 23), ("Li", 67)]


def test_model_entities_are_kept_with_slugs_and_deduplicated(db):
    model = {r["entity_id"]: r for r in db.query("select * from entities where source = 'model'")}
    assert "gpe-uzbekistan" in model and model["gpe-uzbekistan"]["name"] == "Uzbekistan"
    assert "org-national-wealth-fund" in model
    assert len({(r["type"], r["name"].casefold()) for r in model.values()}) == len(model)
    methods = {r["method"] for r in db.query("select distinct method from mentions")}
    assert methods == {"gazetteer", "coreference", "model"}


def test_nothing_from_removed_lines_becomes_an_entity(db):
    names = {r["name"] for r in db["entities"].rows} | {r["text"] for r in db["mentions"].rows}
    for boilerplate_name in ("Gavin Newsom", "Shannon Alexandra Wade", "Antilles Gold", "Fayetteville", "Dianne Feinstein",
                             "Laphonza Butler", "Steve Rosenberg", "Louisiana Digital News", "Ford", "Atlanta", "Auschwitz-Birkenau"):
        assert boilerplate_name not in names
