"""`make eval` records each evaluation's figures with its commit in dataset/quality.json,
and the methods page reads them back as tables."""

import json

import pandas as pd

from sino_russian_news.analysis import quality


def write_figures(path, figures):
    path.write_text(json.dumps({"figures": figures}), encoding="utf-8")
    return path


def test_each_evaluation_keeps_its_own_section_and_commit(tmp_path):
    output = tmp_path / "quality.json"
    extraction = write_figures(tmp_path / "x.json", {"html": {"f1": 0.962, "pages": 293}})
    quotes = write_figures(tmp_path / "q.json", {"quote_f1": 0.951, "speaker_lenient": 0.862})

    assert quality.main(["record", "extraction", str(extraction), "--output", str(output), "--project", str(tmp_path)]) == 0
    assert quality.main(["record", "quotes", str(quotes), "--output", str(output), "--project", str(tmp_path)]) == 0

    recorded = json.loads(output.read_text(encoding="utf-8"))
    assert sorted(recorded) == ["extraction", "quotes"]
    # tmp_path is not a git checkout, so the commit is honestly unknown
    assert recorded["extraction"]["measured_on_commit"] == "unknown"
    assert recorded["extraction"]["figures"] == {"html": {"f1": 0.962, "pages": 293}}
    assert recorded["quotes"]["figures"] == {"quote_f1": 0.951, "speaker_lenient": 0.862}
    assert recorded["quotes"]["evaluation"] == "quote development set (sino_russian_news.evaluation.quotes)"


def test_skipped_evaluation_records_nothing(tmp_path, capsys):
    output = tmp_path / "quality.json"
    assert quality.main(["record", "quotes", str(tmp_path / "absent.json"), "--output", str(output)]) == 0
    assert not output.exists()
    assert "no figures to record" in capsys.readouterr().out


def test_tables_for_the_methods_page():
    recorded = {
        "extraction": {"measured_on_commit": "abc", "evaluation": "e", "figures": {"html": {"f1": 0.962, "pages": 293}}},
        "quotes": {
            "measured_on_commit": "def",
            "evaluation": "q",
            "figures": {"quote_f1": 0.951, "false_persons": 4, "gold_quotes": 6679},
        },
    }
    extraction = quality.quality_table(recorded)
    assert extraction.loc[0, "input"] == "html"
    assert extraction.loc[0, "Body F1"] == 0.962
    assert extraction.loc[0, "Pages scored"] == 293
    assert pd.isna(extraction.loc[0, "Headline right (token F1 ≥ 0.8)"])

    quotes = quality.quote_table(recorded)
    assert quotes.to_dict("records") == [
        {"measure": "Gold quotes", "value": "6,679"},
        {"measure": "Quote found: F1", "value": "0.951"},
        {"measure": "PERSON entities that are not people", "value": "4"},
    ]
    assert quality.measured_on(recorded, "quotes") == "Measured on commit def: q"
    assert quality.measured_on({}, "quotes").startswith("No quotes measurement recorded")
    assert quality.quote_table(None).empty


def test_text_dumps_have_a_table_of_held_out_figures_by_page_and_by_site():
    recorded = {
        "extraction": {"figures": {"html": {"f1": 0.963}, "inscriptis": {"f1": 0.938, "headline_right": 0.85}}},
        "cleaner_cv": {
            "figures": {"inscriptis": {"f1": 0.935, "headline_right": 0.822, "site_f1": 0.931, "site_headline_right": 0.79}}
        },
    }
    assert quality.quality_table(recorded).set_index("input").loc["inscriptis", "Headline right (token F1 ≥ 0.8)"] == 0.85
    held_out = quality.held_out_table(recorded)
    assert held_out.to_dict("records") == [
        {
            "input": "inscriptis",
            "Body F1, held-out pages": 0.935,
            "Headline right, held-out pages": 0.822,
            "Body F1, held-out sites": 0.931,
            "Headline right, held-out sites": 0.79,
        }
    ]
    assert quality.held_out_table(None).empty


def test_commit_is_dirty_for_changed_code_but_not_for_the_quality_file_itself(tmp_path):
    import subprocess

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "dataset").mkdir()
    (tmp_path / "dataset" / "quality.json").write_text("{}\n")
    (tmp_path / "code.py").write_text("x = 1\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start")
    # the extraction figures were just recorded: the quote figures are still measured on a clean commit
    (tmp_path / "dataset" / "quality.json").write_text('{"extraction": {}}\n')
    assert not quality.current_commit(tmp_path).endswith("-dirty")
    (tmp_path / "code.py").write_text("x = 2\n")
    assert quality.current_commit(tmp_path).endswith("-dirty")
