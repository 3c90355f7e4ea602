"""Curated files: every kind of mistake stops the build with one line `file:line: what is wrong`.

Each test writes a small curated directory (the valid files below, one of them replaced by a
broken version) and checks the exact message, line number included.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from sino_russian_news.cli import cli
from sino_russian_news.pipeline import curation
from sino_russian_news.pipeline.curation import CurationError

from .conftest import ROOT

ARTICLE_IDS = {"000_aaaa", "001_bbbb"}

VALID = {
    "articles.yml": """\
# curated article facts
000_aaaa:
  published_date:
    value: 2022-12-21
    evidence: Xi met Medvedev 'on Wednesday', 21 December 2022.
  headline_matches_body:
    value: false
    evidence: The headline is another live-blog entry.
""",
    "entities.yml": """\
entities:
  - id: Q7747
    name: Vladimir Putin
    type: PERSON
    side: russia
    aliases: [Vladimir Putin, Putin]
    evidence: Wikidata Q7747 'Vladimir Putin'.
  - id: li-qiang
    name: Li Qiang
    type: PERSON
    side: china
    aliases: [Li Qiang]
    contextual: [Li]
    wikidata_id: null
    evidence: Named 'Chinese Premier Li Qiang' in the text.
""",
    "events.yml": """\
events:
  - event_id: li-putin-2024-08
    name: Li Qiang meets Vladimir Putin
    start_date: 2024-08-21
    end_date: 2024-08-21
    place: Moscow
    participants: [li-qiang, Q7747]
    evidence: "'In his meeting Wednesday', two weeks after 6 August 2024."
    articles: [001_bbbb]
""",
    "frames.yml": """\
version: 1
frames:
  - frame_id: peace-talks
    label: Peace talks
    description: Negotiations or a ceasefire.
    cues:
      - peace (talks|plan)
      - ceasefire
""",
    "sites.yml": """\
sites:
  - name: CNN
    domain: cnn.com
    kind: publisher
    evidence: "cnn.com is CNN's domain."
""",
}


def curated_dir(tmp_path: Path, **replaced: str) -> Path:
    directory = tmp_path / "curated"
    directory.mkdir()
    for name, text in VALID.items():
        (directory / name).write_text(replaced.get(name.removesuffix(".yml"), text), encoding="utf-8")
    return directory


def problem(tmp_path: Path, **replaced: str) -> str:
    directory = curated_dir(tmp_path, **replaced)
    with pytest.raises(CurationError) as caught:
        curation.load_all(directory, ARTICLE_IDS)
    message = str(caught.value)
    assert "\n" not in message
    return message.removeprefix(f"{directory}/")


def test_valid_files_load_with_dates_as_iso_text(tmp_path):
    data = curation.load_all(curated_dir(tmp_path), ARTICLE_IDS)
    assert data.article_facts["000_aaaa"]["published_date"] == curation.CuratedFact(
        "2022-12-21", "Xi met Medvedev 'on Wednesday', 21 December 2022."
    )
    assert data.article_facts["000_aaaa"]["headline_matches_body"].value is False
    assert [e["id"] for e in data.gazetteer] == ["Q7747", "li-qiang"]
    assert data.events[0]["start_date"] == "2024-08-21"
    assert [f["frame_id"] for f in data.codebook["frames"]] == ["peace-talks"]
    assert data.sites == [{"name": "CNN", "domain": "cnn.com", "kind": "publisher", "evidence": "cnn.com is CNN's domain."}]


def test_the_repository_curation_is_valid():
    raw_ids = {p.stem for p in (ROOT / "dataset" / "raw").iterdir() if p.suffix in (".txt", ".html")}
    data = curation.load_all(ROOT / "dataset" / "curated", raw_ids)
    assert (len(data.article_facts), len(data.gazetteer), len(data.events), len(data.codebook["frames"]), len(data.sites)) == (
        5,
        51,
        4,
        8,
        7,
    )


def test_invalid_yaml(tmp_path):
    broken = VALID["events.yml"].replace("participants: [li-qiang, Q7747]", "participants: [li-qiang, Q7747")
    assert (
        problem(tmp_path, events=broken)
        == "events.yml:7: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got ':' on line 8"
    )


def test_tab_indentation_is_invalid_yaml(tmp_path):
    broken = VALID["sites.yml"].replace("    kind: publisher", "\tkind: publisher")
    assert problem(tmp_path, sites=broken) == "sites.yml:4: invalid YAML: found character '\\t' that cannot start any token"


def test_missing_required_key(tmp_path):
    broken = VALID["entities.yml"].replace("    type: PERSON\n    side: china\n", "    side: china\n")
    assert problem(tmp_path, entities=broken) == "entities.yml:8: entity li-qiang: missing required key 'type'"


def test_missing_top_level_list(tmp_path):
    assert problem(tmp_path, sites="# no sites yet\n") == "sites.yml:1: missing required key 'sites'"


def test_wrong_type(tmp_path):
    broken = VALID["entities.yml"].replace("aliases: [Li Qiang]", "aliases: Li Qiang")
    assert problem(tmp_path, entities=broken) == "entities.yml:12: entity li-qiang: aliases: expected a list, got text 'Li Qiang'"


def test_wrong_type_of_curated_value(tmp_path):
    broken = VALID["articles.yml"].replace("value: false", "value: no idea")
    assert (
        problem(tmp_path, articles=broken)
        == "articles.yml:7: article 000_aaaa: headline_matches_body.value: expected true or false, got text 'no idea'"
    )


def test_unknown_key(tmp_path):
    broken = VALID["events.yml"].replace("participants:", "partcipants:")
    assert problem(tmp_path, events=broken) == (
        "events.yml:7: event li-putin-2024-08: unknown key 'partcipants' "
        "(allowed: articles, end_date, event_id, evidence, name, participants, place, start_date)"
    )


def test_unknown_article_field(tmp_path):
    broken = VALID["articles.yml"].replace("  headline_matches_body:", "  headline_ok:")
    assert problem(tmp_path, articles=broken) == (
        "articles.yml:6: article 000_aaaa: unknown key 'headline_ok' "
        "(allowed: headline, headline_matches_body, original_publisher, published_date, site)"
    )


def test_value_outside_its_vocabulary(tmp_path):
    broken = VALID["entities.yml"].replace("side: russia", "side: rusia")
    assert (
        problem(tmp_path, entities=broken)
        == "entities.yml:5: entity Q7747: side: 'rusia' is not one of: russia, china, ukraine, west, other"
    )


def test_impossible_date(tmp_path):
    broken = VALID["events.yml"].replace("end_date: 2024-08-21", "end_date: 2024-02-30")
    assert (
        problem(tmp_path, events=broken)
        == "events.yml:5: event li-putin-2024-08: end_date: '2024-02-30' is not a date (YYYY-MM-DD)"
    )


def test_event_ending_before_it_starts(tmp_path):
    broken = VALID["events.yml"].replace("end_date: 2024-08-21", "end_date: 2024-08-20")
    assert (
        problem(tmp_path, events=broken)
        == "events.yml:5: event li-putin-2024-08: end_date: ends (2024-08-20) before it starts (2024-08-21)"
    )


def test_article_not_in_raw(tmp_path):
    broken = VALID["articles.yml"].replace("000_aaaa:", "000_zzzz:")
    assert (
        problem(tmp_path, articles=broken)
        == "articles.yml:2: '000_zzzz' is not an article in dataset/raw/ (no raw file has that name)"
    )


def test_event_naming_an_unknown_entity(tmp_path):
    broken = VALID["events.yml"].replace("[li-qiang, Q7747]", "[li-qiang, Q15031]")
    assert (
        problem(tmp_path, events=broken)
        == "events.yml:7: event li-putin-2024-08: participants[1]: 'Q15031' is not an entity id in entities.yml"
    )


def test_event_naming_an_unknown_article(tmp_path):
    broken = VALID["events.yml"].replace("articles: [001_bbbb]", "articles: [001_bbbb, 002_cccc]")
    assert problem(tmp_path, events=broken) == (
        "events.yml:9: event li-putin-2024-08: articles[1]: '002_cccc' is not an article in dataset/raw/ (no raw file has that name)"
    )


def test_duplicate_entity_id(tmp_path):
    broken = VALID["entities.yml"].replace("id: li-qiang", "id: Q7747")
    assert (
        problem(tmp_path, entities=broken) == "entities.yml:8: entity Q7747: id: entity id 'Q7747' given twice (first on line 2)"
    )


def test_duplicate_frame_id(tmp_path):
    broken = VALID["frames.yml"] + "  - frame_id: peace-talks\n    label: Again\n    description: A copy.\n    cues: [truce]\n"
    assert (
        problem(tmp_path, frames=broken)
        == "frames.yml:9: frame peace-talks: frame_id: frame id 'peace-talks' given twice (first on line 3)"
    )


def test_article_given_twice(tmp_path):
    broken = VALID["articles.yml"] + "000_aaaa:\n  site:\n    value: CNN\n    evidence: The page's masthead.\n"
    assert problem(tmp_path, articles=broken) == "articles.yml:9: key '000_aaaa' given twice (first on line 2)"


def test_alias_naming_two_entities(tmp_path):
    broken = VALID["entities.yml"].replace("aliases: [Li Qiang]", "aliases: [Li Qiang, Putin]")
    assert (
        problem(tmp_path, entities=broken)
        == "entities.yml:12: entity li-qiang: aliases[1]: alias 'Putin' already names Q7747 (line 2)"
    )


def test_curated_value_without_evidence(tmp_path):
    broken = VALID["articles.yml"].replace("    evidence: The headline is another live-blog entry.\n", "")
    assert problem(tmp_path, articles=broken) == (
        "articles.yml:7: article 000_aaaa: headline_matches_body: no evidence: "
        "every curated value needs an `evidence` line saying how it follows from the text"
    )


def test_blank_evidence(tmp_path):
    broken = VALID["sites.yml"].replace('evidence: "cnn.com is CNN\'s domain."', 'evidence: "  "')
    assert (
        problem(tmp_path, sites=broken)
        == "sites.yml:5: site CNN: evidence: '  ' must say how the value follows from the text, not be blank"
    )


def test_cue_that_is_not_a_regular_expression(tmp_path):
    broken = VALID["frames.yml"].replace("- ceasefire", "- cease(fire")
    assert (
        problem(tmp_path, frames=broken)
        == "frames.yml:8: frame peace-talks: cues[1]: cue 'cease(fire' is not a valid regular expression (missing ), unterminated subpattern)"
    )


def test_build_stops_with_the_one_line(project):
    articles = project / "dataset" / "curated" / "articles.yml"
    articles.write_text(
        articles.read_text(encoding="utf-8").replace("001_72bc7103f3c47a61:", "001_72bc7103f3c47a6X:"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", "--project", str(project)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {project}/dataset/curated/articles.yml:26: "
        "'001_72bc7103f3c47a6X' is not an article in dataset/raw/ (no raw file has that name)\n"
    )


def test_a_headline_can_be_curated(tmp_path):
    curated = VALID["articles.yml"].replace(
        "  headline_matches_body:",
        "  headline:\n    value: Xi meets Medvedev\n    evidence: The print edition's title, page 3.\n  headline_matches_body:",
    )
    data = curation.load_all(curated_dir(tmp_path, articles=curated), ARTICLE_IDS)
    assert data.article_facts["000_aaaa"]["headline"] == curation.CuratedFact(
        "Xi meets Medvedev", "The print edition's title, page 3."
    )
