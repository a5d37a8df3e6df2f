# Yardstick: the single entry point. `make run` serves the demo council;
# `make test` runs every check. Both set up everything on a fresh machine.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
UV := $(CURDIR)/var/uv/bin/uv
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy
POSTGRES_URL ?= postgres://postgres:postgres@127.0.0.1:5432/yardstick

.PHONY: run test setup install system lint migrations-check deploy-check test-core test-sqlite test-postgres test-production postgres lock assets benchmark benchmark-goals clean

# The demo: DEBUG on (it is off unless set), the development server and one background
# worker beside it (bin/demo-server stops the worker when the server stops).
run: export DEBUG := true
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py demo_logins
	bin/demo-server $(or $(DEMO_ADDRESS),127.0.0.1:8000)

test: setup postgres lint migrations-check deploy-check test-core test-sqlite test-postgres test-production

setup: system $(VENV)/.installed

# A council's server (docs/deploy.md): the runtime packages from the lock, no test tools,
# no Chromium.
install: $(UV)
	rm -f $(VENV)/.installed
	$(UV) sync --frozen --no-dev --python $(PYTHON)

# Debian packages the app and the tests need: Pango for WeasyPrint's PDFs, Chromium for
# the end-to-end tests, poppler for reading PDFs back. Installed only when missing.
system:
	@bin/ensure-system-packages

$(UV):
	$(PYTHON) -m venv $(CURDIR)/var/uv
	$(CURDIR)/var/uv/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

postgres:
	@bin/ensure-postgres

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

migrations-check: setup
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# Django's deployment checklist with the settings of docs/deploy.md (DEBUG off, HTTPS on)
# and a throwaway secret: any warning fails.
deploy-check: setup
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		bin/with-env docs/deploy/yardstick.env $(PY) manage.py check --deploy --fail-level WARNING

# Both cores: pytest-xdist gives each worker its own test database; --dist loadscope keeps a
# module's tests (and its module-wide fixtures, such as the loaded demo) on one worker.
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider -n $(or $(TEST_WORKERS),auto) --dist loadscope

# The core (yardstick/core) keeps full branch coverage from its own tests, measured on them
# alone: tracing every line of the whole suite made it half as slow again.
test-core: setup
	$(PYTEST) --cov=yardstick/core --cov-report= yardstick/core
	@echo "The core must keep full branch coverage:"
	$(VENV)/bin/coverage report --include='yardstick/core/*' --omit='*/tests/*' \
		--skip-covered --fail-under=100

# Every test but the browser tests on SQLite, then every test on PostgreSQL, the production
# database: the browser tests drive pages in Chromium, whose queries the rest of the suite
# already runs on both, so they run once, on PostgreSQL. The SQLite run also restores a
# backup into a new PostgreSQL database (the portability proof), so it is told where the
# server is.
test-sqlite: setup
	POSTGRES_URL=$(POSTGRES_URL) $(PYTEST) -m "not production and not e2e"

test-postgres: setup postgres
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST)

# The production way: the demo on a PostgreSQL database of its own, collectstatic, gunicorn
# (bin/serve) with DEBUG off and a worker, crawled as every demo role (tests/production/).
test-production: setup postgres
	POSTGRES_URL=$(POSTGRES_URL) $(VENV)/bin/pytest -p no:cacheprovider -m production tests/production

lock: $(UV)
	$(UV) lock --python $(PYTHON)

# Compiled front-end assets are committed, so a clone runs without building anything; this
# rebuilds them. static/bands.css is written from the one palette (yardstick/core/palette.py);
# a test fails when the committed file and the palette differ.
assets: setup
	$(PY) -m yardstick.core.palette > static/bands.css

benchmark: setup
	$(PY) benchmarks/run.py

# Every speed goal (benchmarks/README.md, "The goals, in one run"), measured in one run:
# each benchmark script in turn, about 30 minutes on 2 CPUs.
benchmark-goals: setup postgres
	POSTGRES_URL=$(POSTGRES_URL) $(PY) benchmarks/goals.py

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache .ruff_cache .coverage
