# The two commands: `make run` serves the demo, `make test` runs every test.
VENV  := .venv
PY    := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST  ?= 127.0.0.1
PORT  ?= 5000

.PHONY: install run test bench migrate seed clean schema

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# axe-core, for the accessibility checks in the browser journeys (skipped where npm is missing).
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund && touch $@; fi

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed

run: seed
	$(FLASK) serve --host $(HOST) --port $(PORT)

test: install node_modules/.installed
	$(PY) -m pytest -q

bench: install
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m tests.bench

clean:
	rm -rf $(VENV) instance bench.json

# While nothing is deployed, the first migration is regenerated from the models.
schema: install
	rm -f models/migrations/versions/0001_initial_schema.py /tmp/rollemodel-schema.db
	$(PY) -c "from models import migrate; migrate.revision('sqlite:////tmp/rollemodel-schema.db', 'initial schema', rev_id='0001')"
	rm -f /tmp/rollemodel-schema.db
