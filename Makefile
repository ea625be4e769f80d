# Colab Wallonie. `make run` and `make test` work from a fresh clone (Python 3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# extra pytest arguments, e.g. make test PYTEST_ARGS="-x tests/test_cli.py"
PYTEST_ARGS ?=
# test processes (pytest-xdist; each builds its own template database): TEST_JOBS=0 runs in this process
TEST_JOBS ?= 2

.PHONY: run test test-postgres migrate seed schema lint bench bench-million bench-queue clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[postgres,dev]"
	touch $(STAMP)

## run: set up, migrate, load the demo and serve the lab on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/colab migrate
	$(BIN)/colab seed-demo
	@echo "Colab Wallonie : http://127.0.0.1:8000  (GraphQL : http://127.0.0.1:8000/graphql)"
	$(BIN)/colab serve --host 127.0.0.1 --port 8000

## test: set up and run the whole suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)
test: $(STAMP)
	@if command -v chromium >/dev/null 2>&1; then \
		echo "Tests navigateur : Chromium trouvé ($$(command -v chromium))."; \
	else \
		echo "Tests navigateur : Chromium absent, ignorés (apt-get install chromium)."; \
	fi
	@$(BIN)/python -m pytest -n $(TEST_JOBS) $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest n'a trouvé aucun test : échec." >&2; exit 1; fi; \
	exit $$status

## test-postgres: the suite against the local PostgreSQL (database `test`)
test-postgres: $(STAMP)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) --no-print-directory test

migrate: $(STAMP)
	$(BIN)/colab migrate

seed: $(STAMP)
	$(BIN)/colab seed-demo

## schema: rewrite graphql/schema.graphql from the code
schema: $(STAMP)
	$(BIN)/colab export-schema

## lint: ruff on everything, mypy on the application code
lint: $(STAMP)
	$(BIN)/ruff check colab moderation web tests bench
	$(BIN)/mypy colab moderation web

## bench: every public read against its one-statement floor, uncached and cached (needs wrk); see bench/RESULTS.md
bench: $(STAMP)
	$(BIN)/python bench/reads.py

## bench-million: the lists, filters, search and review queue at 10,000 and 1,000,000 rows (local PostgreSQL)
bench-million: $(STAMP)
	$(BIN)/python bench/seed_million.py --database-url postgres://postgres@127.0.0.1:5432/colab_million_10k --rows 10000
	$(BIN)/python bench/seed_million.py --database-url postgres://postgres@127.0.0.1:5432/colab_million_1m
	$(BIN)/python bench/million.py

## bench-queue: the review queue at 100,000 pending items (needs the local PostgreSQL; pgbench optional)
bench-queue: $(STAMP)
	$(BIN)/python bench/review_queue.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
