# sino-russian-news: `make build` sets up .venv and builds dataset + report; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := dataset/sino_russian_news.db
SOURCES := $(shell find src -name '*.py') $(wildcard dataset/raw/*) $(wildcard dataset/curated/*.yml) dataset/datasette_site.yml

.PHONY: build setup dataset report notebooks test serve bench eval clean

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

test: $(DB)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg -p no:cacheprovider

serve: $(DB)
	$(BIN)/datasette serve -i $(DB) --metadata dataset/metadata.yml --host 127.0.0.1 --port 8001

# Scores against the development sets in ../shared/eval/ (not in the repository; skipped when absent).
eval: $(VENV)/.installed
	$(BIN)/python -m sino_russian_news.evaluation.extraction --project .

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(DB) _site .cache build dist
