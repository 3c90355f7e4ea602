"""Render the report to _site/: with Quarto when it is installed, otherwise with nbconvert.

    python analysis/render_report.py                      # render _site/
    python analysis/render_report.py --update-notebooks   # re-execute notebooks in place

quarto-cli on PyPI downloads its binary while installing, which fails without general
internet, so the nbconvert path is the one this machine uses. It executes the same
notebooks and writes one HTML page per notebook plus an index built from index.qmd.
"""

from __future__ import annotations

import argparse
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


def execute(path: Path):
    notebook = nbformat.read(path, as_version=4)
    # The kernel is this interpreter's: it imports sino_russian_news.analysis as installed.
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return notebook


def title_of(notebook) -> str:
    first = notebook.cells[0].source if notebook.cells else ""
    match = re.search(r'title:\s*"?([^"\n]+)"?', first)
    return match.group(1) if match else "Untitled"


def strip_front_matter(notebook):
    """Turn the Quarto front matter of the first cell into a heading for nbconvert."""
    if notebook.cells and (m := _FRONT_MATTER.match(notebook.cells[0].source)):
        notebook.cells[0].source = f"# {title_of(notebook)}\n" + notebook.cells[0].source[m.end():]
    return notebook


def navigation(pages: list[tuple[str, str]]) -> str:
    links = " · ".join(f'<a href="{href}">{title}</a>' for href, title in [("index.html", "Home"), *pages])
    return f'<nav style="font-family:sans-serif;padding:0.6em 1em;background:#f4f6f8;border-bottom:1px solid #dde">{links}</nav>'


def render_with_nbconvert() -> None:
    from markdown_it import MarkdownIt
    from nbconvert import HTMLExporter

    SITE.mkdir(exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    rendered = []
    for path in NOTEBOOKS:
        notebook = strip_front_matter(execute(path))
        for cell in notebook.cells:  # hide the set-up cells marked `#| echo: false`
            if cell.cell_type == "code" and "#| echo: false" in cell.source:
                cell.metadata.setdefault("transient", {})["remove_source"] = True
        body, _ = exporter.from_notebook_node(notebook)
        rendered.append((path.with_suffix(".html").name, title_of(nbformat.read(path, as_version=4)), body))
    pages = [(name, title) for name, title, _ in rendered]
    for name, _, body in rendered:
        (SITE / name).write_text(body.replace("<body", navigation(pages) + "<body", 1) if "<body" not in body else re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + navigation(pages), body, count=1), encoding="utf-8")
    index = (ROOT / "index.qmd").read_text(encoding="utf-8")
    title = re.search(r'title:\s*"([^"]+)"', index).group(1)
    text = _FRONT_MATTER.sub("", index)
    text = re.sub(r"\]\(notebooks/([\w-]+)\.ipynb\)", r"](\1.html)", text)
    html = MarkdownIt().render(f"# {title}\n\n{text}")
    (SITE / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        '<style>body{margin:0}main{max-width:46em;margin:2em auto;font-family:sans-serif;line-height:1.5}</style></head>'
        f"<body>{navigation(pages)}<main>{html}</main></body></html>",
        encoding="utf-8",
    )


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
