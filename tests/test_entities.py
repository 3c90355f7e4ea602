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
    people = {
        r["entity_id"]
        for r in db.query(
            "select distinct m.entity_id from mentions m join entities e using (entity_id) where e.type = 'PERSON' and m.article_id = ?",
            [article_id],
        )
    }
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
    doc = nlp.load_pipeline(gazetteer)(
        "Li spoke first. Later, Chinese Premier Li Qiang met officials, and Li said the talks went well."
    )
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
    for boilerplate_name in (
        "Gavin Newsom",
        "Shannon Alexandra Wade",
        "Antilles Gold",
        "Fayetteville",
        "Dianne Feinstein",
        "Laphonza Butler",
        "Steve Rosenberg",
        "Louisiana Digital News",
        "Ford",
        "Atlanta",
        "Auschwitz-Birkenau",
    ):
        assert boilerplate_name not in names


# Person resolution (entities.py): names, non-persons, one entity per person.
def test_person_names_lose_titles_possessives_and_debris():
    from sino_russian_news.pipeline.entities import model_entity_id, person_name

    assert person_name("President Trump") == "Trump"
    assert person_name("Sen. Ted Cruz") == "Ted Cruz"
    assert person_name("Ted Cruz—35") == "Ted Cruz"
    assert person_name("Obama’s") == "Obama"
    assert person_name("a Donald Trump") == "Donald Trump"
    assert model_entity_id("PERSON", "Donald J. Trump") == model_entity_id("PERSON", "Donald Trump") == "person-donald-trump"
    assert model_entity_id("PERSON", "George H.W. Bush") == "person-george-h-w-bush"


@pytest.fixture(scope="module")
def mentions_of():
    from sino_russian_news.pipeline import curation, nlp
    from sino_russian_news.pipeline.entities import find_mentions

    from .conftest import ROOT

    gazetteer = curation.entities(ROOT / "dataset" / "curated" / "entities.yml")
    pipeline = nlp.load_pipeline(gazetteer)
    return lambda text: find_mentions(pipeline(text), {e["id"]: e for e in gazetteer})


def test_variants_of_one_person_in_an_article_are_one_entity(mentions_of):
    found = mentions_of(
        "Republican front-runner Donald J. Trump spoke in Ohio on Monday. Later, President Trump told reporters that Donald was tired."
    )
    people = [(m.text, m.entity_id, m.method) for m in found if m.type == "PERSON"]
    assert people == [
        ("Donald J. Trump", "person-donald-trump", "model"),
        ("Trump", "person-donald-trump", "coreference"),
        ("Donald", "person-donald-trump", "coreference"),
    ]


def test_non_persons_are_retyped_with_a_reason(mentions_of):
    found = mentions_of("He wrote on Twitter that the vote was RIGGED, and he posted https://t.co/abc at once.")
    retyped = {m.text: (m.type, m.reason) for m in found if m.reason}
    assert retyped == {"RIGGED": ("MISC", "written in capitals (a shouted word or an acronym)")}
    assert [(m.text, m.entity_id, m.type) for m in found if m.text == "Twitter"] == [
        ("Twitter", "Q918", "ORG")
    ]  # gazetteer platform


def test_a_tagged_clitic_or_punctuation_names_no_entity():
    """spaCy's NER sometimes tags the clitic of "let’s" as NORP; its canonical surface is empty,
    and an entity with an empty name made the whole release invalid."""
    from spacy.tokens import Span

    from sino_russian_news.pipeline import curation, nlp
    from sino_russian_news.pipeline.entities import find_mentions

    from .conftest import ROOT

    gazetteer = curation.entities(ROOT / "dataset" / "curated" / "entities.yml")
    doc = nlp.load_pipeline(gazetteer)("Before we begin, let’s revisit what Moscow said.")
    assert [t.text for t in doc[4:6]] == ["let", "’s"]
    doc.ents = [Span(doc, 5, 6, label="NORP"), *(e for e in doc.ents if e.start > 6)]
    assert [(m.text, m.entity_id) for m in find_mentions(doc, {e["id"]: e for e in gazetteer})] == [("Moscow", "Q649")]


def test_punctuation_at_the_edges_of_a_tagged_span_is_not_part_of_the_name():
    """The model takes in opening quotation marks, bullets and a trailing '&'; the mention and the
    entity's name start and end on the name itself."""
    from spacy.tokens import Span

    from sino_russian_news.pipeline import curation, nlp
    from sino_russian_news.pipeline.entities import entity_rows, find_mentions

    from .conftest import ROOT

    gazetteer = {e["id"]: e for e in curation.entities(ROOT / "dataset" / "curated" / "entities.yml")}
    doc = nlp.load_pipeline(list(gazetteer.values()))("The “Arab Spring” came up, said @edhenry & others.")
    assert [t.text for t in doc[1:5]] == ["“", "Arab", "Spring", "”"]
    doc.ents = [Span(doc, 1, 5, label="EVENT"), Span(doc, 9, 11, label="ORG")]
    mentions = find_mentions(doc, gazetteer)
    assert [(m.text, m.start_char, m.end_char, m.entity_id) for m in mentions] == [
        ("Arab Spring", 5, 16, "event-arab-spring"),
        ("@edhenry", 32, 40, "org-edhenry"),
    ]
    assert [r["name"] for r in entity_rows(mentions, gazetteer).values()] == ["Arab Spring", "@edhenry"]


def test_names_ending_in_an_organisational_designator_are_organisations(mentions_of):
    from sino_russian_news.pipeline.entities import organisation_designator

    assert organisation_designator("Hillary Clinton Foundation") == "Foundation"
    assert organisation_designator("Sarah Lawrence College") == "College"
    assert organisation_designator("Sarah Lawrence") is None
    assert organisation_designator("Foundation") is None  # one word: no name before it
    found = mentions_of("Donald Trump spoke on Monday. The Donald J. Trump Foundation paid for the portrait.")
    assert [(m.text, m.entity_id, m.type, m.reason) for m in found if "Trump" in m.text] == [
        ("Donald Trump", "person-donald-trump", "PERSON", None),
        (
            "Donald J. Trump Foundation",
            "org-donald-j-trump-foundation",
            "ORG",
            "its last word, 'Foundation', names an organisation",
        ),
    ]


def test_a_particle_belongs_to_the_surname_whatever_its_case(mentions_of):
    from sino_russian_news.pipeline.entities import name_words

    assert name_words("Bill de Blasio") == ["Bill", "de Blasio"]
    assert name_words("De Blasio") == ["de Blasio"]
    assert name_words("Juan de la Cruz") == ["Juan", "de la Cruz"]
    assert name_words("Van Jones") == ["Van", "Jones"]  # 'Van' and 'Al' are also first names
    assert name_words("Al Gore") == ["Al", "Gore"]
    found = mentions_of("Mayor Bill de Blasio met the unions on Friday. De Blasio said the talks went well.")
    assert [(m.text, m.entity_id, m.method) for m in found if m.type == "PERSON"] == [
        ("Bill de Blasio", "person-bill-de-blasio", "model"),
        ("De Blasio", "person-bill-de-blasio", "coreference"),
    ]


def test_names_that_cannot_be_people():
    from sino_russian_news.pipeline.entities import not_a_name

    assert not_a_name("@NolteNC") == "an @handle or hashtag"
    assert not_a_name("https://twitter.com/JeffHorwitz") == "a web address"
    assert not_a_name("lol") == "no capital letter"
    assert not_a_name("RIGGED") == "written in capitals (a shouted word or an acronym)"
    assert not_a_name("Trump2016") == "contains digits (a product, code or hashtag: 'PS4 Pro', 'Trump2016')"
    assert not_a_name("Hummer H2") == "contains digits (a product, code or hashtag: 'PS4 Pro', 'Trump2016')"
    assert not_a_name("JFK") is None and not_a_name("Donald J. Trump") is None and not_a_name("Louis XIV") is None


def test_corpus_aliases_merge_split_persons():
    from sino_russian_news.pipeline.entities import corpus_person_aliases

    def row(name, source="model"):
        return {"name": name, "type": "PERSON", "source": source}

    rows = {
        "person-hillary-clinton": row("Hillary Clinton"),
        "person-hillary-rodham-clinton": row("Hillary Rodham Clinton"),
        "person-bill-clinton": row("Bill Clinton"),
        "person-clinton": row("Clinton"),
        "person-trump": row("Trump"),
        "person-donald-trump": row("Donald Trump"),
        "person-jeb": row("Jeb"),
        "person-jeb-bush": row("Jeb Bush"),
        "Q7747": row("Vladimir Putin", "gazetteer"),
        "person-putin": row("Putin"),
    }
    counts = {
        "person-hillary-clinton": 50,
        "person-hillary-rodham-clinton": 2,
        "person-bill-clinton": 30,
        "person-clinton": 40,
        "person-trump": 90,
        "person-donald-trump": 60,
        "person-jeb": 5,
        "person-jeb-bush": 20,
        "Q7747": 1,
        "person-putin": 3,
    }
    merged = {variant: canonical for variant, (canonical, _) in corpus_person_aliases(rows, counts).items()}
    assert merged == {
        "person-hillary-rodham-clinton": "person-hillary-clinton",
        "person-trump": "person-donald-trump",
        "person-jeb": "person-jeb-bush",
        "person-putin": "Q7747",
    }  # 'Clinton' is left: Hillary 52 of 82 < 2/3


def test_entity_aliases_table(db):
    aliases = {(r["entity_id"], r["alias"]): r for r in db["entity_aliases"].rows}
    assert aliases[("Q15031", "Mr Xi")]["reason"] == "gazetteer alias"
    assert aliases[("li-qiang", "the Chinese premier")]["reason"].startswith("gazetteer contextual form")
    entities = {r["entity_id"] for r in db["entities"].rows}
    assert {entity_id for entity_id, _ in aliases} <= entities


def test_persons_in_the_seeds_are_people(db):
    names = sorted(r["name"] for r in db.query("select name from entities where type = 'PERSON'"))
    assert names == [
        "Dmitry Medvedev",
        "Dmitry Peskov",
        "Dmytro Kuleba",
        "Li Qiang",
        "Mikhail Mishustin",
        "Rishi Sunak",
        "Roman Golovchenko",
        "Vladimir Putin",
        "Volodymyr Zelensky",
        "Xi Jinping",
    ]


def test_a_generational_suffix_is_not_a_surname(mentions_of):
    from sino_russian_news.pipeline.entities import corpus_person_aliases, name_words

    assert name_words("Samuel Alito Jr.") == ["Samuel", "Alito"]
    assert name_words("Jr.") == ["Jr."]
    found = mentions_of("Justice Samuel Alito Jr. wrote the opinion. Alito said the law was clear.")
    assert [(m.text, m.entity_id, m.method) for m in found if m.type == "PERSON"] == [
        ("Samuel Alito Jr.", "person-samuel-alito-jr", "model"),
        ("Alito", "person-samuel-alito-jr", "coreference"),
    ]
    rows = {
        "person-joseph-biden-jr": {"name": "Joseph Biden Jr.", "type": "PERSON", "source": "model"},
        "person-joseph-biden": {"name": "Joseph Biden", "type": "PERSON", "source": "model"},
    }
    merged = corpus_person_aliases(rows, {"person-joseph-biden-jr": 3, "person-joseph-biden": 9})
    assert {variant: canonical for variant, (canonical, _) in merged.items()} == {"person-joseph-biden-jr": "person-joseph-biden"}


def test_platforms_are_organisations_from_the_gazetteer(mentions_of):
    found = mentions_of("She posted the video on TikTok and Snapchat, and shared it on WeChat and VKontakte.")
    assert [(m.text, m.entity_id, m.type, m.method) for m in found] == [
        ("TikTok", "tiktok", "ORG", "gazetteer"),
        ("Snapchat", "snapchat", "ORG", "gazetteer"),
        ("WeChat", "wechat", "ORG", "gazetteer"),
        ("VKontakte", "vkontakte", "ORG", "gazetteer"),
    ]


def test_a_surname_the_model_types_as_an_organisation_is_the_person_named_earlier():
    from spacy.tokens import Span

    from sino_russian_news.pipeline import curation, nlp
    from sino_russian_news.pipeline.entities import find_mentions

    from .conftest import ROOT

    gazetteer = {e["id"]: e for e in curation.entities(ROOT / "dataset" / "curated" / "entities.yml")}
    pipeline = nlp.load_pipeline(list(gazetteer.values()))
    doc = pipeline("Elizabeth Huffaker studies tutoring. Huffaker said it works.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 6, label="ORG")]
    assert [(m.text, m.entity_id, m.type, m.method) for m in find_mentions(doc, gazetteer)] == [
        ("Elizabeth Huffaker", "person-elizabeth-huffaker", "PERSON", "model"),
        ("Huffaker", "person-elizabeth-huffaker", "PERSON", "coreference"),
    ]
    # two people of that surname so far: the model's type stands
    doc = pipeline("Hori Parata and Te Kaurinui Parata spoke. Parata said more.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 6, label="PERSON"), Span(doc, 8, 9, label="ORG")]
    assert [(m.text, m.entity_id) for m in find_mentions(doc, gazetteer)][-1] == ("Parata", "org-parata")
