# Two commands for a new user:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# test files run in this many processes (pytest-xdist, one file per process at a time; docs/testing.md)
TEST_WORKERS ?= 2

export STO_HOME ?= $(CURDIR)/warehouse
export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: demo test setup lint bench dagster-dev clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "sto-monitor needs Python 3.11 (found %s); run: make PYTHON=python3.11 ..." % sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev,spark]'
	@touch $(STAMP)

setup: $(STAMP)

## demo: install, write demo landing data, refresh the whole warehouse, release it, print the release and its report path
## (dbt parses the project, once per version of its files, while the demo data is written: two cores, one each)
demo: $(STAMP)
	$(BIN)/python -c 'from orchestration.dbt import prepare_manifest; prepare_manifest()' & \
		$(BIN)/sto-monitor demo && wait $$!
	$(BIN)/sto-monitor refresh
	$(BIN)/sto-monitor release --latest

## test: run the test suite (unit, contract and end-to-end tests), TEST_WORKERS files at a time
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=25

## bench: time full, incremental and no-change refreshes and a release at scale 1, 5 and 25 (docs/benchmarks.md);
## the plan and its expected duration are printed first; e.g. make bench BENCH_ARGS="--scales 1 --repeat 1"
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ingest orchestration tests bench tools
	$(BIN)/ruff format --check ingest orchestration tests bench tools
	$(BIN)/python tools/sql_portability.py

## dagster-dev: the Dagster UI on http://127.0.0.1:3000 over the same Definitions the CLI runs
dagster-dev: $(STAMP)
	DAGSTER_HOME=$${DAGSTER_HOME:-$(STO_HOME)/dagster_home} ; mkdir -p $$DAGSTER_HOME ; \
	DAGSTER_HOME=$$DAGSTER_HOME $(BIN)/dagster dev -m orchestration.definitions

clean:
	rm -rf $(STO_HOME)/landing $(STO_HOME)/sto_monitor.duckdb* $(STO_HOME)/dagster_home dbt_project/target \
		$(STO_HOME)/raw_parquet $(STO_HOME)/spark-warehouse
