# Orientation assistant — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

RASA_PY  := .venv/bin/python
RASA     := .venv/bin/python -m rasa
WEB_PY   := .venv-web/bin/python
PIP_VERSION := 24.3.1
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# No PYTHONPATH: every command runs from this folder as `python -m …` (bench scripts put the repository
# first on sys.path themselves), so this checkout's packages are the ones imported; `make setup` also
# installs the project in editable mode for commands typed elsewhere (docs/architecture.md, "Running").

.PHONY: help setup browser redis run train evaluate chat test test-validate test-units test-web \
        test-nlu test-stories test-integration test-scale lint gazetteer directory bench bench-load lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-18s %s\n", $$1, $$2}'

.venv/.installed: requirements/rasa.lock pyproject.toml
	@py=$$(scripts/find_python.sh 3.10) && { [ -x .venv/bin/python ] || $$py -m venv .venv; }
	.venv/bin/pip install -q pip==$(PIP_VERSION)
	.venv/bin/pip install -q --require-hashes -r requirements/rasa.lock
	.venv/bin/pip install -q --no-deps -e .
	touch $@

.venv-web/.installed: requirements/web.lock pyproject.toml
	@py=$$(scripts/find_python.sh 3.11) && { [ -x .venv-web/bin/python ] || $$py -m venv .venv-web; }
	.venv-web/bin/pip install -q pip==$(PIP_VERSION)
	.venv-web/bin/pip install -q --require-hashes -r requirements/web.lock
	.venv-web/bin/pip install -q --no-deps -e .
	touch $@

browser: ## install Debian's chromium for the browser tests (needs root)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "chromium missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

redis: ## install Debian's redis-server for the scale tests (needs root)
	@command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server; \
	  else echo "redis-server missing: run 'sudo apt-get install redis-server'" >&2; exit 1; fi; }

setup: .venv/.installed .venv-web/.installed ## create both virtual environments (pinned)

train: setup ## train the model if its inputs changed (cached by hash)
	$(RASA_PY) -m bot train

run: setup ## set up, train if needed, start everything on http://127.0.0.1:8080 (see README, Scaling)
	$(RASA_PY) -m bot up

chat: setup ## talk to the assistant in the terminal
	$(RASA_PY) -m bot chat

evaluate: train ## NLU evaluation: held-out files, 5-fold CV, report in results/evaluation/ (fails below target or >1 pt under bench/evaluation_baseline.json)
	$(RASA_PY) -m bot evaluate

gazetteer: setup ## rebuild knowledge/data/gazetteer.json.gz from pinned archives
	$(RASA_PY) -m knowledge.build.gazetteer

directory: setup ## rebuild knowledge/data/local_access_points.json.gz from the pinned open directories
	$(RASA_PY) -m knowledge.build.directory $(if $(DIRECTORY_SRC),--src "$(DIRECTORY_SRC)")

test-validate: setup
	$(RASA) data validate --config config.yml --domain domain.yml --data data

lint: setup ## ruff (lint and format) on the whole tree, mypy --strict on knowledge/ (pyproject.toml)
	$(WEB_PY) -m ruff check .
	$(WEB_PY) -m ruff format --check .
	$(WEB_PY) -m mypy

test-units: setup redis
	$(RASA_PY) -m pytest -q tests/knowledge tests/actions tests/bot

test-web: setup browser redis
	$(WEB_PY) -m pytest -q tests/web

test-nlu: train
	$(RASA_PY) -m bot evaluate

test-stories: train
	$(RASA) test core --model "$$($(RASA_PY) -m bot train | tail -1)" --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/stories

test-integration: train
	$(WEB_PY) -m pytest -q tests/integration

test-scale: train redis ## real redis-server, 2 Rasa instances, through the web front (a few minutes)
	$(WEB_PY) -m pytest -q tests/scale

test: setup lint test-validate test-units test-web test-nlu test-stories test-integration test-scale ## the whole test suite

bench: train ## benchmarks (figures quoted in the README)
	$(RASA_PY) bench/gazetteer_coverage.py
	$(RASA_PY) bench/access_distance.py
	$(RASA_PY) bench/place_typing.py
	$(RASA_PY) bench/nlu_wikit.py
	$(WEB_PY) bench/privacy_filter.py

bench-load: train redis ## locust load bench, closed loop: concurrency 1 and 16, 1 and 2 Rasa instances, front and Rasa alone, CPU ms per turn (about 15 min)
	$(WEB_PY) bench/load/run.py --users 1 16 --think 0 0 --duration 60 --instances 1 2

# pip-tools runs from its own venvs (.cache/lock-3.10, .cache/lock-3.11), one per interpreter, so the
# project's venvs hold only their locks; pip-compile keeps the pins already in a lock unless an extra's
# pin changed (add --upgrade-package NAME to move one). Editable installs cannot be hashed: setup adds
# the project itself with `pip install --no-deps -e .`.
PIP_TOOLS := pip-tools==7.4.1
LOCK_FLAGS := --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
              --annotation-style=line --quiet
lock: ## re-resolve and pin the dependencies with their hashes (maintainers)
	@for v in 3.10 3.11; do [ -x .cache/lock-$$v/bin/pip-compile ] || { \
	  py=$$(scripts/find_python.sh $$v) && $$py -m venv .cache/lock-$$v && \
	  .cache/lock-$$v/bin/pip install -q pip==$(PIP_VERSION) $(PIP_TOOLS); }; done
	.cache/lock-3.10/bin/pip-compile $(LOCK_FLAGS) --extra rasa --extra test -o requirements/rasa.lock pyproject.toml
	.cache/lock-3.11/bin/pip-compile $(LOCK_FLAGS) --extra web --extra test --extra web-dev -o requirements/web.lock pyproject.toml

clean: ## remove models and results (not the environments)
	rm -rf models results .pytest_cache
