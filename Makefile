# sino-russian-news: `make build` sets up .venv and builds dataset + report; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := dataset/sino_russian_news.db
SOURCES := $(shell find src -name '*.py') $(wildcard dataset/raw/*) $(wildcard dataset/curated/*.yml) dataset/datasette_site.yml

.PHONY: build setup dataset report notebooks test lint serve bench eval train-cleaner clean browser

PORT ?= 8001
# Where `make eval` finds the development sets (absent: the evaluation says so and skips).
EVAL_DIR ?= ../shared/eval/extraction
QUOTES_EVAL_DIR ?= ../shared/eval/quotes

build: dataset report

setup: $(VENV)/.installed

# Pinned: requirements/lock.txt constrains every package, the project's own and transitive.
$(VENV)/.installed: pyproject.toml requirements/lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -c requirements/lock.txt -e ".[pipeline,scale,explore,report,dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name sino-russian-news --display-name "sino-russian-news (.venv)" > /dev/null
	touch $@

dataset: $(DB)

$(DB): $(VENV)/.installed $(SOURCES)
	$(BIN)/sino-russian-news build

report: $(DB)
	$(BIN)/python analysis/render_report.py

# After a data change: re-execute the notebooks and store their outputs (nbval compares them).
notebooks: $(DB)
	$(BIN)/python analysis/render_report.py --update-notebooks

# The browser tests drive Debian's chromium; install it when missing and we may (root), else
# tests/test_browser.py skips with the reason.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

test: $(DB) browser lint
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg -p no:cacheprovider

# Lint, formatting and types (mypy is strict on the pipeline package; see pyproject.toml).
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Datasette set up for reading (settings, plugins, templates: pipeline/datasette_site.py); `make serve PORT=8002`.
serve: $(DB)
	$(BIN)/python -m sino_russian_news.pipeline.datasette_site serve --project . --port $(PORT)

# Scores against the development sets in ../shared/eval/ (not in the repository; skipped when absent).
# Records the figures with the commit in dataset/quality.json, which the report's methods page shows.
eval: $(VENV)/.installed
	@mkdir -p .cache && rm -f .cache/extraction-figures.json
	$(BIN)/python -m sino_russian_news.evaluation.extraction --project . --eval-dir $(EVAL_DIR) --json .cache/extraction-figures.json \
		--mode inscriptis --mode chromium --mode html --mode markdown
	$(BIN)/python -m sino_russian_news.analysis.quality record extraction .cache/extraction-figures.json --output dataset/quality.json
	@rm -f .cache/cleaner-cv-figures.json
	$(BIN)/python -m sino_russian_news.pipeline.cleaner_train --eval-dir $(EVAL_DIR) --cv-only --json .cache/cleaner-cv-figures.json
	$(BIN)/python -m sino_russian_news.analysis.quality record cleaner_cv .cache/cleaner-cv-figures.json --output dataset/quality.json
	@rm -f .cache/quote-figures.json
	$(BIN)/python -m sino_russian_news.evaluation.quotes --eval-dir $(QUOTES_EVAL_DIR) --json .cache/quote-figures.json
	$(BIN)/python -m sino_russian_news.analysis.quality record quotes .cache/quote-figures.json --output dataset/quality.json

# Refit the text cleaner's line model on the development set (prints its page-grouped cross-validated F1).
train-cleaner: $(VENV)/.installed
	$(BIN)/python -m sino_russian_news.pipeline.cleaner_train

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

# Removes the built releases; the contract's links (dataset/sino_russian_news.db…) are committed and stay.
clean:
	rm -rf dataset/releases dataset/current dataset/.cache _site .cache build dist
