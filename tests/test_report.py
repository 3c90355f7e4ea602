"""The report's nbconvert fallback honours the Quarto cell options, as `quarto render` would."""

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def render_report():
    spec = importlib.util.spec_from_file_location("render_report", ROOT / "analysis" / "render_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cell_options_are_read_and_removed(render_report):
    options, code = render_report.cell_options(
        '#| label: fig-x\n#| fig-cap: "A caption: with colon"\n#| echo: false\nfig = 1\n#| not an option after code'
    )
    assert options == {"label": "fig-x", "fig-cap": "A caption: with colon", "echo": "false"}
    assert code == "fig = 1\n#| not an option after code"


def test_captions_numbering_cross_references_and_toc(render_report):
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell('---\ntitle: "Demo"\n---\n\nAs @fig-second shows, and @tbl-first lists.'),
            nbformat.v4.new_code_cell("#| echo: false\nimport x"),
            nbformat.v4.new_markdown_cell("## First section"),
            nbformat.v4.new_code_cell("#| label: tbl-first\n#| tbl-cap: The first table\nframe"),
            nbformat.v4.new_code_cell("#| label: fig-first\n#| fig-cap: One figure\nfig = a()"),
            nbformat.v4.new_code_cell("#| label: fig-second\n#| fig-cap: Another figure\nfig = b()"),
        ]
    )
    prepared = render_report.prepare_for_reading(notebook)
    assert prepared.cells[0].source.startswith("# Demo\n")
    assert "[Figure 2](#fig-second) shows, and [Table 1](#tbl-first) lists." in prepared.cells[0].source
    toc = prepared.cells[1].source
    assert "- [First section](#First-section)" in toc and "  - [Figure 2: Another figure](#fig-second)" in toc
    assert prepared.cells[2].metadata["transient"] == {"remove_source": True}
    table_cell, first_figure, second_figure = prepared.cells[4:7]
    assert table_cell.source == "frame" and table_cell.outputs[0]["data"]["text/plain"] == "Table 1: The first table"
    assert first_figure.outputs[-1]["data"]["text/plain"] == "Figure 1: One figure"
    assert second_figure.outputs[-1]["data"]["text/html"] == (
        '<p class="caption figure-caption" id="fig-second"><strong>Figure 2:</strong> Another figure</p>'
    )


def visible_text(page: str) -> str:
    """What a reader sees: the page without style, script and tags."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", page)


def test_voices_page_renders_readably(render_report, tmp_path):
    written = render_report.render_with_nbconvert(site=tmp_path, notebooks=[ROOT / "notebooks" / "03-voices.ipynb"])
    assert [p.name for p in written] == ["index.html", "03-voices.html"]
    page = (tmp_path / "03-voices.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert "#|" not in text
    assert "Figure 1:</strong> Attributed quotes and quoted words by the speaker" in page
    assert "Figure 3:</strong> Co-occurrence of people within paragraphs" in page
    assert "Table 1:</strong> The most mentioned entities" in page
    assert page.count('class="caption figure-caption"') == page.count("<img") == 3
    assert not re.search(r">\s*(NaN|None|nan|&lt;NA&gt;)\s*<", page)
    assert '<nav class="toc">' in page and 'href="#fig-network"' in page
    assert "Crucially" not in text


def test_methods_page_states_the_side_rule_and_quality(render_report, tmp_path):
    render_report.render_with_nbconvert(site=tmp_path, notebooks=[ROOT / "notebooks" / "05-methods.ipynb"])
    text = visible_text((tmp_path / "05-methods.html").read_text(encoding="utf-8"))
    assert "Who speaks for whom" in text and "a spokesperson for" in text
    quality = ROOT / "dataset" / "quality.json"
    recorded = json.loads(quality.read_text()) if quality.exists() else {}
    for evaluation in ("extraction", "quotes"):
        if evaluation in recorded:
            assert f"Measured on commit {recorded[evaluation]['measured_on_commit']}" in text
        else:
            assert f"No {evaluation} measurement recorded" in text
