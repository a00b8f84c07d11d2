# hrmatch: `make run` serves the demo on 127.0.0.1:8000; `make test` runs every test this machine can run.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PIP_QUIET := --quiet --disable-pip-version-check --no-warn-script-location

.PHONY: run test setup demo bench bench-seed bench-city bench-training bench-web lint api-check messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip 2>/dev/null || true
	$(BIN)/python -m pip install $(PIP_QUIET) -e '.[dev]' 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import django, rest_framework, celery, numpy, sklearn" 
	touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore '.venv' -v0; \
	 else echo "NOTE: GNU gettext (msgfmt) is not installed: pages show English strings where the zh-hans catalogue is not compiled."; fi

demo: setup
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_reference
	$(MANAGE) seed_demo
	@# With REDIS_URL set no worker runs yet: the first matching runs in-process, later ones on the worker.
	@if [ -n "$$REDIS_URL" ]; then echo "REDIS_URL is set: the first matching runs in-process (eager); later runs go to the Celery worker that make run starts."; fi
	CELERY_TASK_ALWAYS_EAGER=true $(MANAGE) run_matching --all --wait
	$(MANAGE) rollup_statistics --days 60

# The demo is served as a visitor would meet it: DEBUG off (our own 403/404/500 pages, never Django's
# debug pages), static files collected and served by WhiteNoise, and a secret key kept in var/. Only the
# HTTPS-only settings are relaxed, because the demo is served over plain HTTP on 127.0.0.1.
DEMO_SERVE := DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SESSION_COOKIE_SECURE=0 \
	DJANGO_CSRF_COOKIE_SECURE=0 DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_SECURE_HSTS_PRELOAD=0 \
	DJANGO_SECRET_KEY="$$(cat var/demo_secret_key)"

var/demo_secret_key:
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: demo var/demo_secret_key
	@$(MANAGE) demo_logins
	@$(DEMO_SERVE) $(MANAGE) collectstatic --noinput -v0
	$(DEMO_SERVE) PYTHON=$(BIN)/python scripts/serve

test: setup
	$(BIN)/python -m pytest -m "not api_contract"

# Schemathesis over the live OpenAPI schema, as every role: no server error, no schema violation.
api-check: setup
	$(BIN)/python -m pytest -q -m api_contract tests/api/test_schemathesis.py

# Style, migrations, the layering of the apps (import-linter) and types (mypy), both set in pyproject.toml.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.titles_accuracy

# The benchmark city needs PostgreSQL: DATABASE_URL=postgres://… make bench-seed bench-city
bench-seed: setup
	@test -n "$$DATABASE_URL" || { echo "bench-seed needs DATABASE_URL pointing at PostgreSQL"; exit 2; }
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_reference
	$(MANAGE) seed_benchmark_city --city 330200 --workers 1000000 --vacancies 100000 --seed 7 --replace

bench-city: setup
	@test -n "$$DATABASE_URL" || { echo "bench-city needs DATABASE_URL pointing at PostgreSQL"; exit 2; }
	MATCHING_ENGINE_JOBS=$$(nproc) $(BIN)/python -m bench.city --city 330200

# Issue 14: planning a drive (50 vacancies over 20,000 workers, no database), then what training would change
# for a programme of 500 trainees in the benchmark city (PostgreSQL with a published run; nothing is kept).
bench-training: setup
	$(BIN)/python -m bench.training drive --workers 20000 --vacancies 50
	@test -n "$$DATABASE_URL" || { echo "bench-training needs DATABASE_URL pointing at the seeded benchmark city"; exit 2; }
	$(BIN)/python -m bench.training effect-city --city 330200 --trainees 500 --park

# gunicorn + PostgreSQL + Redis on the benchmark city, locust on the same machine (bounded: 50 users, 90 s a run).
bench-web: setup
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "bench-web needs DATABASE_URL (PostgreSQL) and REDIS_URL"; exit 2; }
	$(BIN)/python -m bench.web --city 330200 --users 50 --seconds 90

messages: setup
	$(MANAGE) makemessages -l zh_Hans --ignore '.venv' --ignore 'var' --no-obsolete

clean:
	rm -rf $(VENV) var .pytest_cache
