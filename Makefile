# Every target bootstraps .venv itself: a fresh clone needs only Python 3.10+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The pinned versions for this Python, where a lock file for it is checked in.
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
LOCK := requirements/dev-py$(PYVER).txt
PIN := $(if $(wildcard $(LOCK)),-c $(LOCK))
# The Node.js tools the tests run (ajv for the schema tests, pyright for the typing tests,
# json-schema-to-typescript and TypeScript for the code generators' tests), pinned exactly
# (package.json + package-lock.json) and installed here, so the tests themselves never reach
# a registry. Regenerate the lock in tests/ajv/ with `npm install --package-lock-only` after
# changing a version.
AJV := $(VENV)/ajv
AJV_MANIFEST := tests/ajv/package.json tests/ajv/package-lock.json
# The IATI 2.03 XSDs, fetched at set-up for the IATI tests (tests/iati_xsd.py finds them).
IATI_XSD := $(VENV)/iati-xsd/2-03

# What `make demo` needs and nothing more: ngomodel and its core dependencies.
DEMO_STAMP := $(VENV)/.installed-demo
# A downstream project (examples/network-digest) in its own environment, with ngomodel
# installed from the wheel built here: tests/test_example_project.py runs its tests there.
EXAMPLE := examples/network-digest
EXAMPLE_VENV := $(VENV)/example
EXAMPLE_STAMP := $(EXAMPLE_VENV)/.installed
WHEEL_INPUTS := pyproject.toml LICENSE README.md \
  $(shell find src schemas $(EXAMPLE) -type f ! -path '*/__pycache__/*' ! -path '*_cache/*' 2>/dev/null)

.PHONY: demo test test-thorough fuzz lint typecheck schemas docs bench lock clean

$(STAMP): pyproject.toml $(wildcard $(LOCK)) $(AJV_MANIFEST)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(PIN)
	@# The IATI 2.03 XSDs for the IATI tests, from the pyIATI source distribution (without its
	@# old pinned dependencies); they are not copied into the repository.
	rm -rf $(IATI_XSD) $(VENV)/iati-xsd/examples $(VENV)/pyiati && mkdir -p $(IATI_XSD) && \
	  $(BIN)/python -m pip download --quiet --no-deps --no-binary :all: pyIATI==0.4.1 -d $(VENV)/pyiati && \
	  tar xzf $(VENV)/pyiati/pyIATI-0.4.1.tar.gz -C $(IATI_XSD) --strip-components=6 \
	    --wildcards 'pyIATI-0.4.1/iati/resources/standard/2-03/schemas/*.xsd' && \
	  mkdir -p $(VENV)/iati-xsd/examples && \
	  tar xzf $(VENV)/pyiati/pyIATI-0.4.1.tar.gz -C $(VENV)/iati-xsd/examples --strip-components=5 \
	    --wildcards 'pyIATI-0.4.1/iati/resources/test_data/2-03/ssot-activity-xml-pass/*' \
	    'pyIATI-0.4.1/iati/resources/test_data/2-03/ssot-org-xml-pass/*' && \
	  rm -rf $(VENV)/pyiati
	@# Without npm the ajv tests skip, saying so; under CI=true they fail instead.
	if command -v npm >/dev/null 2>&1; then \
	  rm -rf $(AJV) && mkdir -p $(AJV) && cp $(AJV_MANIFEST) $(AJV)/ && \
	  cd $(AJV) && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else \
	  echo "npm not found: ajv is not installed, so the ajv tests will skip (fail under CI=true)"; \
	fi
	touch $(STAMP)

$(DEMO_STAMP): pyproject.toml $(wildcard $(LOCK))
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . $(PIN)
	touch $(DEMO_STAMP)

$(EXAMPLE_STAMP): $(STAMP) $(WHEEL_INPUTS)
	rm -rf $(VENV)/dist $(EXAMPLE_VENV)
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir $(VENV)/dist . ./$(EXAMPLE)
	$(PYTHON) -m venv $(EXAMPLE_VENV)
	$(EXAMPLE_VENV)/bin/python -m pip install --quiet --upgrade pip
	cd $(VENV)/dist && ../example/bin/python -m pip install --quiet $(if $(wildcard $(LOCK)),-c ../../$(LOCK)) \
	  "$$(ls ngomodel-*.whl)[testing]" "$$(ls network_digest-*.whl)[test]"
	touch $(EXAMPLE_STAMP)

demo: $(DEMO_STAMP)  ## Install ngomodel alone in .venv; load, validate and summarise the reference dataset
	$(BIN)/ngomodel demo
	@echo
	@echo "ngomodel is installed in $(VENV). Try it on a file of your own, or on the reference dataset:"
	@echo "  $(BIN)/ngomodel demo --write dataset.json"
	@echo "  $(BIN)/ngomodel validate dataset.json"
	@echo "  $(BIN)/ngomodel --help"
	@echo "or run '. $(BIN)/activate' first, then plain 'ngomodel ...'."

test: $(STAMP) $(EXAMPLE_STAMP)  ## The whole suite, one worker per core: pytest with coverage, mypy --strict, ruff
	$(BIN)/python -m pytest -n auto --cov=ngomodel --cov-report=term-missing
	$(BIN)/mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-thorough: $(STAMP)  ## pytest with the thorough hypothesis profile (1,000 examples a property)
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -n auto -q -p no:cacheprovider

fuzz: $(STAMP)  ## The fuzz targets of tests/fuzz.py, long: FUZZ_EXAMPLES a target (20000 by default)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider --hypothesis-show-statistics tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

lock: $(STAMP)  ## Pin what .venv holds now as the lock file for this Python
	mkdir -p requirements
	{ echo "# Pinned versions of everything 'make' installs into .venv on CPython $(PYVER) (pip constraints)."; \
	  echo "# Regenerate with: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^ngomodel'; } > $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage build dist

schemas: $(STAMP)  ## Regenerate schemas/<current version>/ from the model classes (released versions stay), the TypeScript declarations, and the bundle in docs/examples/openapi.json
	$(BIN)/python -m ngomodel.schema --write schemas/$$($(BIN)/python -c 'import ngomodel; print(ngomodel.SCHEMA_VERSION)')
	$(BIN)/python -m ngomodel.typescript --write schemas
	$(BIN)/python scripts/build_openapi_example.py

docs: $(STAMP)  ## Build the HTML documentation into docs/_build/html (warnings and unresolved references are errors)
	$(BIN)/sphinx-build -W -n --keep-going -q -b html docs docs/_build/html

bench: $(STAMP)  ## Side-by-side benchmarks against pydantic, msgspec and the JSON Schema validators
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/xml_stream.py
	$(BIN)/python scripts/dask_200k.py --records 20000
	$(BIN)/python benchmarks/parquet_io.py
	$(BIN)/python benchmarks/tables_bench.py
