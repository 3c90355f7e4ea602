"""Render the report to _site/: with Quarto when it is installed, otherwise with nbconvert.

    python analysis/render_report.py                      # render _site/
    python analysis/render_report.py --update-notebooks   # re-execute notebooks in place

quarto-cli on PyPI downloads its binary while installing, which fails without general
internet, so the nbconvert path is the one this machine uses. Both render the outputs
stored in the notebooks (the ones nbval has just checked), and the fallback honours the
same Quarto cell options a Quarto render would:

- `#| label` / `#| fig-cap` / `#| tbl-cap`: numbered captions, "Figure 2: …" under the
  figure and "Table 1: …" above the table, anchored at the label; `@fig-x` / `@tbl-x` in
  the text become links reading "Figure 2" / "Table 1";
- `#| echo: false`: the code is hidden, its output shown;
- option lines are never shown; each page opens with a table of contents (`toc: true`).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
SITE = ROOT / "_site"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_OPTION = re.compile(r"^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_CROSS_REFERENCE = re.compile(r"@((?:fig|tbl)-[\w-]+)")
KIND_NAMES = {"fig": "Figure", "tbl": "Table"}

PAGE_STYLE = """
<style>
body { margin: 0; }
main.report { max-width: 62em; margin: 0 auto; padding: 0 1.5em 3em; }
nav.site { font-family: sans-serif; padding: 0.6em 1.5em; background: #f4f6f8; border-bottom: 1px solid #dde; }
nav.site a { margin-right: 0.3em; }
nav.toc { font-family: sans-serif; background: #fafbfc; border: 1px solid #e3e6ea; padding: 0.4em 1.2em; margin: 1em 0; }
nav.toc ul { margin: 0.2em 0; padding-left: 1.2em; }
p.caption { font-family: sans-serif; font-size: 0.92em; color: #333; margin: 0.3em 0 1.4em; }
p.caption.table-caption { margin: 1.2em 0 0.3em; }
table.readable { border-collapse: collapse; font-size: 0.88em; }
table.readable th, table.readable td { border-bottom: 1px solid #e5e5e5; padding: 0.25em 0.6em; }
</style>
"""


def cell_options(source: str) -> tuple[dict[str, str], str]:
    """The Quarto options at the top of a code cell, and the code without them."""
    options: dict[str, str] = {}
    lines = source.splitlines()
    index = 0
    while index < len(lines) and (match := _OPTION.match(lines[index])):
        options[match.group(1)] = match.group(2).strip().strip('"').strip("'")
        index += 1
    return options, "\n".join(lines[index:])


def execute(path: Path):
    notebook = nbformat.read(path, as_version=4)
    # The kernel is this interpreter's: it imports sino_russian_news.analysis as installed.
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    return notebook


def title_of(notebook) -> str:
    first = notebook.cells[0].source if notebook.cells else ""
    match = re.search(r'title:\s*"?([^"\n]+)"?', first)
    return match.group(1) if match else "Untitled"


def strip_front_matter(notebook):
    """Turn the Quarto front matter of the first cell into a heading for nbconvert."""
    if notebook.cells and (m := _FRONT_MATTER.match(notebook.cells[0].source)):
        notebook.cells[0].source = f"# {title_of(notebook)}\n" + notebook.cells[0].source[m.end() :]
    return notebook


def _caption_output(kind: str, number: int, label: str, caption: str):
    css = "caption table-caption" if kind == "tbl" else "caption figure-caption"
    text = f"{KIND_NAMES[kind]} {number}: {caption}"
    return nbformat.v4.new_output(
        "display_data",
        data={
            "text/html": f'<p class="{css}" id="{html.escape(label)}"><strong>{KIND_NAMES[kind]} {number}:</strong> {html.escape(caption)}</p>',
            "text/plain": text,
        },
    )


def _anchor(heading: str) -> str:
    """The id nbconvert's lab template gives a markdown heading."""
    return heading.strip().replace(" ", "-")


def prepare_for_reading(notebook):
    """Apply the Quarto cell options and add captions, cross-references and a table of contents.

    Works on an executed notebook (its stored outputs) and returns it changed in place.
    """
    strip_front_matter(notebook)
    numbers: dict[str, str] = {}
    counters = {"fig": 0, "tbl": 0}
    entries: list[tuple[int, str, str]] = []  # (level, text, anchor) for the table of contents
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for match in re.finditer(r"^(#{2,3})\s+(.+)$", cell.source, re.MULTILINE):
                entries.append((len(match.group(1)), match.group(2).strip(), _anchor(match.group(2))))
            continue
        if cell.cell_type != "code":
            continue
        options, code = cell_options(cell.source)
        cell.source = code
        if options.get("echo", "true").lower() == "false":
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        label = options.get("label", "")
        kind = label.split("-", 1)[0] if "-" in label else ""
        caption = options.get(f"{kind}-cap") if kind in KIND_NAMES else None
        if caption:
            counters[kind] += 1
            numbers[label] = f"{KIND_NAMES[kind]} {counters[kind]}"
            output = _caption_output(kind, counters[kind], label, caption)
            # Tables are captioned above (as Quarto does), figures below
            if kind == "tbl":
                cell.outputs.insert(0, output)
            else:
                cell.outputs.append(output)
            entries.append((3, f"{numbers[label]}: {caption}", label))
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = _CROSS_REFERENCE.sub(
                lambda m: f"[{numbers[m.group(1)]}](#{m.group(1)})" if m.group(1) in numbers else m.group(0), cell.source
            )
    if entries and notebook.cells:
        items = "\n".join(f"{'  ' if level == 3 else ''}- [{text}](#{anchor})" for level, text, anchor in entries)
        toc = nbformat.v4.new_markdown_cell(f'<nav class="toc">\n\n**On this page**\n\n{items}\n\n</nav>')
        notebook.cells.insert(1, toc)
    return notebook


def navigation(pages: list[tuple[str, str]], current: str = "") -> str:
    links = " · ".join(
        f'<a href="{href}"{" aria-current=page" if href == current else ""}>{"<strong>" + title + "</strong>" if href == current else title}</a>'
        for href, title in [("index.html", "Home"), *pages]
    )
    return f'<nav class="site">{links}</nav>'


def render_with_nbconvert(site: Path = SITE, notebooks: list[Path] = NOTEBOOKS, execute_notebooks: bool = False) -> list[Path]:
    """Render the notebooks' stored outputs (or fresh ones) and the index to `site`."""
    from markdown_it import MarkdownIt
    from nbconvert import HTMLExporter

    site.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    rendered = []
    for path in notebooks:
        notebook = execute(path) if execute_notebooks else nbformat.read(path, as_version=4)
        title = title_of(notebook)
        body, _ = exporter.from_notebook_node(prepare_for_reading(notebook))
        rendered.append((path.with_suffix(".html").name, title, body))
    pages = [(name, title) for name, title, _ in rendered]
    written = []
    for name, _, body in rendered:
        body = body.replace("</head>", PAGE_STYLE + "</head>", 1)
        body = re.sub(
            r"(<body[^>]*>)", lambda m, name=name: m.group(1) + navigation(pages, name) + '<main class="report">', body, count=1
        )
        body = body.replace("</body>", "</main></body>", 1)
        (site / name).write_text(body, encoding="utf-8")
        written.append(site / name)
    index = (ROOT / "index.qmd").read_text(encoding="utf-8")
    title = re.search(r'title:\s*"([^"]+)"', index).group(1)
    text = _FRONT_MATTER.sub("", index)
    text = re.sub(r"\]\(notebooks/([\w-]+)\.ipynb\)", r"](\1.html)", text)
    page = MarkdownIt().render(f"# {title}\n\n{text}")
    (site / "index.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{PAGE_STYLE}'
        "<style>main.report{max-width:46em;font-family:sans-serif;line-height:1.5}</style></head>"
        f'<body>{navigation(pages, "index.html")}<main class="report">{page}</main></body></html>',
        encoding="utf-8",
    )
    return [site / "index.html", *written]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-notebooks", action="store_true", help="re-execute the notebooks and store their outputs")
    args = parser.parse_args()
    if args.update_notebooks:
        for path in NOTEBOOKS:
            nbformat.write(execute(path), path)
            print(f"executed {path.relative_to(ROOT)}")
        return
    if shutil.which("quarto"):
        print("rendering the report with Quarto (quarto render)")
        subprocess.run(["quarto", "render"], cwd=ROOT, check=True)
    else:
        print("rendering the report with nbconvert (no quarto executable found)")
        render_with_nbconvert()
    print(f"report written to {SITE.relative_to(ROOT)}/: {', '.join(sorted(p.name for p in SITE.glob('*.html')))}")


if __name__ == "__main__":
    sys.exit(main())
