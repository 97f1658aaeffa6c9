# plankg — the two set-up commands are `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8000
SIZE   ?= 10

.PHONY: install serve build test bench clean

$(STAMP): pyproject.toml
	@command -v java >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq default-jre-headless; } \
	  || { echo "plankg: a Java runtime is needed by the HermiT reasoner (apt-get install default-jre-headless)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Build the graph from the bundled plans into the embedded store (idempotent:
# unchanged files are skipped by hash), validate it, then serve it.
build: $(STAMP)
	PLANKG_STORE=embedded:$(STORE) $(VENV)/bin/plankg load data/plans
	PLANKG_STORE=embedded:$(STORE) $(VENV)/bin/plankg validate

serve: build
	PLANKG_STORE=embedded:$(STORE) $(VENV)/bin/plankg serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m bench.run --size $(SIZE)

clean:
	rm -rf $(VENV) var
