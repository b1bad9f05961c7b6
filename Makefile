# pingxuan: one entry point. `make run` starts the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CAMPAIGN ?= campaigns/zhengzhou-2024.toml
export DJANGO_SETTINGS_MODULE := pingxuan.web.settings

.PHONY: install system run serve test test-sqlite test-postgres test-ops lint bench load clean

install: system $(STAMP)

# Debian packages outside Python (Chromium, CJK fonts, Pango, poppler): installed when root,
# otherwise one line says the command to run.
system:
	@bash tools/debian-packages.sh

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: install
	$(BIN)/python -m pingxuan.web.manage migrate --noinput
	$(BIN)/python -m pingxuan.web.manage load_campaign $(CAMPAIGN)
	$(BIN)/python -m pingxuan.web.manage seed_demo
	$(BIN)/python -m pingxuan.web.manage seed_demo_campaign --quiet-units
	@echo "评选系统已启动：http://127.0.0.1:8000/  （按 Ctrl+C 停止）"
	$(BIN)/python -m pingxuan.web.serve dev

# Production: gunicorn and the background worker, stopped together (README, 正式部署). Needs
# PINGXUAN_DEBUG=false, SECRET_KEY and DATABASE_URL in the environment; the site is migrated and
# its static files collected first.
serve: install
	$(BIN)/python -m pingxuan.web.manage migrate --noinput
	$(BIN)/python -m pingxuan.web.manage collectstatic --noinput --verbosity 0
	$(BIN)/python -m pingxuan.web.serve production --bind $${PINGXUAN_BIND:-127.0.0.1:8000}

# The suite runs twice: on the embedded SQLite and on PostgreSQL (DATABASE_URL, default the local `test`).
test: install lint test-sqlite test-postgres

test-sqlite:
	env -u DATABASE_URL $(BIN)/python -m pytest -n 2 -q

test-postgres:
	DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test} \
		$(BIN)/python -m pytest -n 2 -q tests/web

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.select
	$(BIN)/python -m bench.documents

# Two gunicorn processes on one PostgreSQL database of its own (tests/ops, also part of the suite).
test-ops: install
	$(BIN)/python -m pytest -q -p no:xdist -m ops tests/ops

# The load test: 50 users for 30 s against gunicorn on PostgreSQL, 127.0.0.1 only (docs/performance.md).
load: install
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static
