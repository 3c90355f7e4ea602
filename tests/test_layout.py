"""The layout's promises: nothing happens on import, the cache key follows the code."""

import subprocess
import sys

from sino_russian_news.pipeline import enrich


def test_enrichment_cache_key_covers_every_module_annotation_imports():
    package = enrich.code_files()[0].parents[1]
    assert [str(p.relative_to(package)) for p in enrich.code_files()] == [
        "pipeline/body.py",
        "pipeline/dates.py",
        "pipeline/enrich.py",
        "pipeline/entities.py",
        "pipeline/nlp.py",
        "pipeline/quotation.py",
        "pipeline/quotes.py",
        "schema.py",  # the vocabularies annotations are written in (quote kinds, mention methods)
    ]


def test_importing_the_package_and_its_analysis_changes_nothing():
    script = (
        "import os, matplotlib; before = (dict(matplotlib.rcParams), dict(os.environ));"
        "import sino_russian_news, sino_russian_news.analysis.plots, sino_russian_news.analysis.voices;"
        "after = (dict(matplotlib.rcParams), dict(os.environ));"
        "print(before == after, 'spacy' in __import__('sys').modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["True", "False"]
